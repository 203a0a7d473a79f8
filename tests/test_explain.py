"""Terms that must stay (legal terms of art) are explained at their first use: the rule field
``explain`` (docs/regles.md). What a user sees: the first « recours contentieux » gets
« (devant le tribunal administratif) » after it on rewrite, the later ones stop being flagged,
a letter that already explains the term raises nothing, and a bad ``explain`` is refused with
the file and line."""
import subprocess
import sys
from pathlib import Path

from rewriter.config import Settings
from rewriter.engine import check_text
from rewriter.errors import RuleFileError
from rewriter.fix import apply_text
from rewriter.rulepack import load_rules

PACK = """language: fr
rules:
  - id: t.recours
    match: [recours contentieux]
    explain: "devant le tribunal administratif"
    replace: [recours devant le juge]
    message: "Terme juridique : expliquez-le à sa première mention."
    tests:
      - fail: "Vous pouvez former un recours contentieux dans les deux mois."
        fix: "Vous pouvez former un recours contentieux (devant le tribunal administratif) dans les deux mois."
      - pass: "Un recours contentieux (devant le juge) est possible."
"""
ST = Settings(grammar="off")


def _pack(tmp_path, text=PACK):
    d = tmp_path / "pack"
    d.mkdir()
    (d / "t.yml").write_text(text, encoding="utf-8")
    return d


def _ours(rep):
    return [f for f in rep.findings if f.rule == "t.recours"]


def test_first_use_explained_later_uses_disappear_after_rewrite(tmp_path):
    pack = _pack(tmp_path)
    text = ("Un recours contentieux est possible.\n\n"
            "Le recours contentieux doit être formé dans les deux mois.")
    rep = check_text(text, language="fr", settings=ST, rules_paths=(str(pack),))
    fs = _ours(rep)
    assert len(fs) == 2
    assert fs[0].fixable and fs[0].suggestions[0] == \
        "recours contentieux (devant le tribunal administratif)"
    assert "recours devant le juge" in fs[0].suggestions   # alternatives kept
    assert not fs[1].fixable                                 # advice until explained
    paras = text.split("\n\n")
    fixed = apply_text(paras, [f for f in rep.findings if f.fixable and f.rule == "t.recours"])
    assert fixed[0] == "Un recours contentieux (devant le tribunal administratif) est possible."
    assert fixed[1] == paras[1]
    again = check_text("\n\n".join(fixed), language="fr", settings=ST, rules_paths=(str(pack),))
    assert _ours(again) == []                                # idempotent


def test_already_explained_is_not_flagged(tmp_path):
    pack = _pack(tmp_path)
    for text in ("Vous pouvez saisir le juge (recours contentieux). Le recours contentieux "
                 "est gratuit.",
                 "Un recours contentieux (devant le juge) est possible.",
                 "Vous pouvez saisir le juge : c'est le « recours contentieux ». Le recours "
                 "contentieux est gratuit."):
        rep = check_text(text, language="fr", settings=ST, rules_paths=(str(pack),))
        assert _ours(rep) == [], text


def test_a_parenthesis_that_explains_nothing_does_not_count(tmp_path):
    pack = _pack(tmp_path)
    for text in ("Un recours contentieux (RC) est possible.",
                 "Un recours contentieux (urgent) est possible."):
        rep = check_text(text, language="fr", settings=ST, rules_paths=(str(pack),))
        assert [f.fixable for f in _ours(rep)] == [True], text


def test_a_one_word_explanation_is_not_added_twice(tmp_path):
    """« reconductions (renouvellement) » is the rewrite's own work: a second pass must not
    add « (renouvellement) » again (one-word explanations do not count as explanations
    written by someone else)."""
    pack = _pack(tmp_path, PACK.replace('"devant le tribunal administratif"', '"juge"'))
    text = "Un recours contentieux est possible."
    rep = check_text(text, language="fr", settings=ST, rules_paths=(str(pack),))
    once = apply_text([text], [f for f in rep.findings if f.rule == "t.recours"])[0]
    assert once == "Un recours contentieux (juge) est possible."
    again = check_text(once, language="fr", settings=ST, rules_paths=(str(pack),))
    assert _ours(again) == []


def test_rules_test_runs_explain_examples(tmp_path):
    pack = _pack(tmp_path)
    out = subprocess.run([sys.executable, "-m", "rewriter", "rules", "test", "--rules", str(pack),
                          "--lang", "fr"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_bad_explain_is_refused_with_file_and_line(tmp_path):
    pack = _pack(tmp_path, PACK.replace('"devant le tribunal administratif"',
                                        '"(devant le tribunal)"'))
    try:
        load_rules("fr", extra=[pack])
    except RuleFileError as e:
        msg = str(e)
    else:
        raise AssertionError("expected a RuleFileError")
    assert "t.yml" in msg and "explain" in msg and "parenthèses" in msg


def test_subject_line_use_is_explained_in_the_body(tmp_path):
    """« Objet : … recours contentieux » is a label: the explanation goes to the first use
    in the body; a term found only in the subject line is explained there."""
    pack = _pack(tmp_path)
    text = ("Mairie de Villeneuve\n\nObjet : votre recours contentieux\n\nMadame,\n\n"
            "Votre recours contentieux est arrivé le 3 mars. Nous y répondrons.\n\n"
            "Cordialement,\n\nLe maire")
    rep = check_text(text, language="fr", settings=ST, rules_paths=(str(pack),))
    fs = _ours(rep)
    assert len(fs) == 1 and fs[0].fixable and fs[0].paragraph == 3
    only_subject = text.replace("Votre recours contentieux est arrivé le 3 mars.",
                                "Vous nous avez écrit le 3 mars.")
    rep = check_text(only_subject, language="fr", settings=ST, rules_paths=(str(pack),))
    fs = _ours(rep)
    assert len(fs) == 1 and fs[0].fixable and fs[0].paragraph == 1
