"""Engine behaviour a user notices: what is flagged, the rewrites proposed, the score."""
import pytest

import rewriter
from rewriter.engine import check_text


def rules_of(rep):
    return {f.rule for f in rep.findings}


def test_python_api_and_contract():
    rep = rewriter.check_text("Nous accusons réception de votre demande.", language="fr")
    d = rep.to_dict()
    assert set(d) >= {"path", "language", "score", "readability", "findings", "error"}
    f = d["findings"][0]
    assert f["text"] == "Nous accusons réception de" and f["suggestions"] == ["Nous avons bien reçu"]
    assert rewriter.count_syllables("administration", language="fr") == 5


@pytest.mark.parametrize("text,expected", [
    ("Préalablement au dépôt, appelez-nous.", "Avant le dépôt"),
    ("À compter du 1er mars, tout change.", "À partir du 1er mars"),
    ("Afin d'obtenir l'aide, écrivez-nous.", "Pour obtenir"),
    ("Nous sollicitons votre avis.", "Nous demandons"),
    ("Vous solliciterez la mairie.", "Vous demanderez"),
    ("Lisez le dos du présent courrier.", "Lisez le dos de cette lettre"),
    ("Il vous appartient de signer.", ("Vous devez signer", "C'est à vous de signer")),
])
def test_rewrites_stay_grammatical(text, expected):
    from rewriter.fix import apply_text
    rep = check_text(text, language="fr")
    out = apply_text([p.text for p in rep.document.paragraphs], rep.findings)[0]
    assert out.startswith(expected), out


def test_inflection_not_safe_becomes_advice():
    # "requérir" is not a regular -er verb: no broken conjugation is proposed
    from rewriter.rulepack import RuleSet, compile_rules, Rule
    r = Rule(id="t.x", kind="lexicon", category="jargon", severity="warning", message="m",
             language="fr", params={"match": "requérir"}, replace=["demander"])
    rs = RuleSet("fr", [r]); rs.checkers = compile_rules([r], "fr")
    rep = check_text("Nous requérons votre présence.", language="fr", ruleset=rs)
    f = rep.findings[0]
    assert f.text == "requérons" and not f.fixable and f.suggestions == ["demander"]


def test_placeholders_never_flagged_inside():
    text = "{{ formule_ci_joint }} Veuillez trouver ci-joint {{ piece }}. {# afin de #}"
    rep = check_text(text, language="fr")
    for f in rep.findings:
        assert "{" not in f.text
    assert "fr.formule.ci-joint" in rules_of(rep)
    assert "fr.jargon.afin-de" not in rules_of(rep)


def test_letter_parts_do_not_count_for_readability(samples):
    rep = rewriter.check_file(samples / "relance-eau-jargon.txt")
    roles = [p.role for p in rep.document.paragraphs]
    assert roles[:3] == ["sender"] * 3
    assert "subject" in roles and "date" in roles and "salutation" in roles
    assert "closing" in roles and "signature" in roles
    # the address lines are not counted as sentences
    assert rep.readability["sentences"] <= 9


def test_jargon_letter_scores_clearly_below_plain_version(samples):
    heavy = rewriter.check_file(samples / "relance-eau-jargon.txt")
    plain = rewriter.check_file(samples / "relance-eau-clair.txt")
    assert heavy.score + 30 < plain.score
    for k in ("readability", "sentences", "vocabulary", "constructions"):
        assert heavy.subscores[k]["score"] <= plain.subscores[k]["score"]


def test_english_letter(samples):
    rep = rewriter.check_file(samples / "council-tax-en.txt")
    assert rep.language == "en"
    cats = [f.category for f in rep.findings]
    assert sum(c in ("jargon", "formula") for c in cats) >= 3
    assert "passive" in cats and "long_sentence" in cats
    assert rep.readability["flesch_formula"].startswith("Flesch")


def test_language_detection():
    assert check_text("Please send us the form before Monday.").language == "en"
    assert check_text("Merci de nous envoyer le formulaire avant lundi.").language == "fr"


def test_passive_details():
    rep = check_text("Votre dossier a été examiné par la commission. Il est venu hier. "
                     "La mairie est fermée. Il s'est rendu au guichet.", language="fr")
    passives = [f.text for f in rep.findings if f.category == "passive"]
    assert passives == ["a été examiné"]


def test_acronym_first_use_only():
    rep = check_text("Le CCAS vous aide. Le CCAS est ouvert. La MDPH aussi. "
                     "Le centre national (CNAM) répond.", language="fr")
    acr = [f.text for f in rep.findings if f.category == "acronym"]
    assert acr == ["CCAS", "MDPH"]


def test_thread_safety_of_mixed_languages():
    from concurrent.futures import ThreadPoolExecutor
    fr = "Veuillez trouver ci-joint le formulaire que vous avez demandé hier."
    en = "Please be advised that we will commence the works prior to May."
    want_fr, want_en = check_text(fr, language="fr"), check_text(en, language="en")
    with ThreadPoolExecutor(4) as ex:
        res = list(ex.map(lambda i: check_text(fr if i % 2 else en,
                                               language="fr" if i % 2 else "en"), range(40)))
    for i, r in enumerate(res):
        w = want_fr if i % 2 else want_en
        assert r.readability == w.readability and rules_of(r) == rules_of(w)
