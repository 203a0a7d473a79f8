"""Rule packs: every example passes, broken files give clear errors, regexes cannot hang."""
import time

import pytest

from rewriter.errors import RuleFileError
from rewriter.rulepack import load_file, load_rules
from rewriter.ruletest import run_rule_tests


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_bundled_rule_example_passes(lang):
    rs = load_rules(lang)
    assert rs.rules, "pack vide"
    failures = [f for r in rs.rules for f in run_rule_tests(r)]
    assert not failures, "\n".join(failures[:20])


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_rule_kind_is_exercised(lang):
    from rewriter.kinds import KINDS
    kinds = {r.kind for r in load_rules(lang).rules}
    missing = set(KINDS) - kinds - ({"phrase", "impersonal", "pattern"} if lang == "en" else set())
    assert not missing


def write(tmp_path, text, name="org.yml"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_yaml_syntax_error_points_at_line(tmp_path):
    p = write(tmp_path, "language: fr\nrules:\n  - id: x\n    message: \"oups\n    match: a\n")
    rules, problems, _ = load_file(p)
    assert problems and f"{p.name}:" in problems[0] or str(p) in problems[0]
    assert ":4:" in problems[0] or ":5:" in problems[0] or ":6:" in problems[0]


def test_unknown_field_and_kind_and_duplicate(tmp_path):
    p = write(tmp_path, """language: fr
rules:
  - id: a.b
    kind: lexicon
    match: solliciter
    message: m
    remplacer: demander
  - id: a.c
    kind: magique
    message: m
  - id: a.b
    match: requête
    message: m
""")
    with pytest.raises(RuleFileError) as e:
        load_rules("fr", [p])
    text = "\n".join(e.value.problems)
    assert "org.yml:3:" in text and "champ inconnu « remplacer »" in text
    assert "org.yml:8:" in text and "type « magique » inconnu" in text
    assert "déjà utilisé" in text


def test_catastrophic_regex_is_refused_or_linear(tmp_path):
    # look-around is refused with a clear message at load time
    p = write(tmp_path, """language: fr
rules:
  - id: org.lookaround
    kind: pattern
    regex: '(?<=a)b'
    message: m
""")
    with pytest.raises(RuleFileError) as e:
        load_rules("fr", [p])
    assert "org.yml:3:" in e.value.problems[0] and "regards" in e.value.problems[0]
    # a backtracking-prone pattern runs in linear time with RE2
    p2 = write(tmp_path, """language: fr
rules:
  - id: org.slow
    kind: pattern
    regex: '(a|aa)+$'
    message: m
""", "slow.yml")
    from rewriter.engine import check_text
    rs = load_rules("fr", [p2])
    t = time.perf_counter()
    check_text("a" * 5000 + "b", language="fr", ruleset=rs)
    assert time.perf_counter() - t < 5


def test_org_pack_disables_and_overrides(tmp_path):
    p = write(tmp_path, """language: fr
disable: [fr.jargon.afin-de]
override:
  fr.jargon.solliciter: {severity: error}
rules:
  - id: org.jargon.usager
    match: administré
    replace: habitant
    message: "Dites « habitant »."
""")
    rs = load_rules("fr", [p])
    ids = {r.id: r for r in rs.rules}
    assert "fr.jargon.afin-de" not in ids
    assert ids["fr.jargon.solliciter"].severity == "error"
    from rewriter.engine import check_text
    rep = check_text("Les administrés ont sollicité une aide afin de payer.", language="fr",
                     ruleset=rs)
    rules = {f.rule for f in rep.findings}
    assert "org.jargon.usager" in rules and "fr.jargon.afin-de" not in rules
    f = next(f for f in rep.findings if f.rule == "org.jargon.usager")
    assert f.text == "administrés" and f.suggestions == ["habitants"]


def test_csv_lexicon(tmp_path):
    p = write(tmp_path, "terme;remplacement;categorie;note\nadministré;habitant;jargon;\n"
                        "ampliation;copie;jargon;Mot d'archive\n;;;\n", "lexique.csv")
    rs = load_rules("fr", [p])
    from rewriter.engine import check_text
    rep = check_text("Une ampliation est jointe.", language="fr", ruleset=rs)
    f = [f for f in rep.findings if f.rule.startswith("lexique.")]
    assert f and f[0].suggestions == ["copie"]
