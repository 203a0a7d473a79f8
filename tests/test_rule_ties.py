"""Two rules whose patterns have the same lemmas but not the same tense (« il vous appartient
de » / « il vous appartiendra de »): the one written like the letter wins, so the future
keeps its future (« Nous devrons », not « Nous devons »). A pattern copied into two rules is
reported by ``rules lint`` with both places."""
import subprocess
import sys

from rewriter.config import Settings
from rewriter.engine import check_text

ST = Settings(grammar="off")
PACK = """language: fr
defaults: {kind: phrase, category: jargon}
rules:
  - id: t.present
    match: ["nous sommes dans l'obligation de"]
    replace: ["nous devons"]
    message: "Dites « nous devons »."
  - id: t.futur
    match: ["nous serons dans l'obligation de"]
    replace: ["nous devrons"]
    message: "Dites « nous devrons »."
  - id: t.copie
    match: ["nous sommes dans l'obligation de"]
    replace: ["il faut"]
    message: "Copie."
"""


def _pack(tmp_path, yaml_text: str, name: str = "pack") -> str:
    """A rule pack folder holding one file, for ``rules_paths``."""
    d = tmp_path / name
    d.mkdir(exist_ok=True)
    (d / "t.yml").write_text(yaml_text, encoding="utf-8")
    return str(d)


def _check(tmp_path, text):
    d = _pack(tmp_path, PACK)
    rep = check_text(text, language="fr", settings=ST, rules_paths=(d,))
    return {f.rule: f.suggestions[0] for f in rep.findings if f.rule.startswith("t.")}, d


def test_the_pattern_written_like_the_text_wins(tmp_path):
    got, _ = _check(tmp_path, "Nous serons dans l'obligation de suspendre le service.")
    assert got == {"t.futur": "Nous devrons"}
    got, _ = _check(tmp_path, "Nous sommes dans l'obligation de suspendre le service.")
    assert got == {"t.present": "Nous devons"}


def test_bundled_future_keeps_its_tense():
    rep = check_text("Je serai en mesure de vous répondre la semaine prochaine.",
                     language="fr", settings=ST)
    sugg = [f.suggestions[0] for f in rep.findings if f.suggestions and f.fixable]
    assert "Je pourrai" in sugg and "Je peux" not in sugg


def test_lint_reports_a_pattern_copied_into_two_rules(tmp_path):
    _, d = _check(tmp_path, "x")
    out = subprocess.run([sys.executable, "-m", "rewriter", "rules", "lint", "--rules", str(d),
                          "--lang", "fr"], capture_output=True, text=True)
    assert out.returncode == 0
    line = next(ln for ln in out.stdout.splitlines() if "t.copie" in ln)
    assert "t.yml" in line and "t.present" in line and "nous sommes dans l'obligation de" in line


def test_negation_replacement_not_put_before_an_adverb(tmp_path):
    """« ne saurait » -> « ne peut pas » is applied before an infinitive, but « ne saurait
    toutefois être » would become « ne peut pas toutefois être »: advice only there."""
    d = _pack(tmp_path, """language: fr
rules:
  - id: t.saurait
    kind: phrase
    category: negation
    match: ne saurait
    replace: [ne peut pas]
    message: "Dites « ne peut pas »."
""", "neg")

    def ours(text):
        rep = check_text(text, language="fr", settings=ST, rules_paths=(d,))
        return [f for f in rep.findings if f.rule == "t.saurait"]

    assert ours("Cette demande ne saurait être acceptée.")[0].fixable
    for text in ("Cette demande ne saurait toutefois être acceptée.",
                 "Cette aide ne saurait par conséquent dépasser 300 euros.",
                 "Cette aide ne saurait valablement dépasser 300 euros."):
        assert not [f for f in ours(text) if f.fixable], text


def test_stock_phrase_with_an_inserted_adverb_is_still_found():
    """« J'attire par ailleurs votre attention sur » is the same formula as « J'attire votre
    attention sur »: found, but only as advice (the replacement would drop the adverb)."""
    for text in ("J'attire par ailleurs votre attention sur le fait que le délai est court.",
                 "Il vous appartient donc de fournir le justificatif avant le 3 mars."):
        rep = check_text(text, language="fr", settings=ST)
        hits = [f for f in rep.findings if f.category in ("formula", "impersonal")]
        assert hits and not any(f.fixable for f in hits), text
    rep = check_text("Il vous appartient de fournir le justificatif avant le 3 mars.",
                     language="fr", settings=ST)
    assert any(f.fixable for f in rep.findings if f.category == "impersonal")


def test_deleting_the_start_of_a_sentence_capitalises_the_next_word(tmp_path):
    d = _pack(tmp_path, """language: en
rules:
  - id: t.advised
    kind: phrase
    category: formula
    match: ["zorb blip that"]
    replace: [""]
    message: "Delete."
""", "del")
    from rewriter.fix import apply_text
    for text, want in (("Zorb blip that the office will close on Friday.",
                        "The office will close on Friday."),
                       ("We are moving. Zorb blip that the office will close.",
                        "We are moving. The office will close.")):
        rep = check_text(text, language="en", settings=ST, rules_paths=(d,))
        assert apply_text([text], [f for f in rep.findings if f.rule == "t.advised"])[0] == want


def test_acronym_after_a_plural_determiner_is_not_expanded_in_the_singular():
    """« dans les ERP » -> « dans les établissement recevant du public (ERP) » is wrong:
    advice there; « un ERP » is expanded automatically."""
    def acr(text):
        rep = check_text(text, language="fr", settings=ST)
        return [f for f in rep.findings if f.category == "acronym" and f.text == "ERP"]
    assert [f.fixable for f in acr("Le contrôle porte sur les ERP de la commune.")] == [False]
    assert [f.fixable for f in acr("Le contrôle porte sur un ERP de la commune.")] == [True]


def test_codes_are_not_taken_for_acronyms():
    """A file number or a bus line in a plain letter is not an unexplained acronym."""
    for text in ("Votre dossier DTM/TS/2025-14 est accepté.",
                 "Prenez la ligne MTZ-14 jusqu'à la mairie."):
        rep = check_text(text, language="fr", settings=ST)
        assert not [f for f in rep.findings if f.category == "acronym"], text
    rep = check_text("Notre référence : CCAS/AF/2025-0211. Le dossier est complet.",
                     language="fr", settings=ST)
    assert not [f for f in rep.findings if f.category == "acronym"]   # known, but a code
    rep = check_text("Joignez votre attestation ASSR2 au dossier.", language="fr", settings=ST)
    assert [f.text for f in rep.findings if f.category == "acronym"] == ["ASSR2"]
