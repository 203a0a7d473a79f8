"""Template-aware reading (readers/jinja.py): exact source positions in Jinja text
templates, tags protected, HTML markup ignored, syntax errors tolerated; .docx templates
(docxtpl, apilos): no finding inside a tag, even a tag spread over several paragraphs."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from rewriter.engine import analyze
from rewriter.parallel import CheckOptions, check_one
from rewriter.readers import read_bytes
from rewriter.readers.jinja import document_from_template, lex_tags

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("REWRITER_CORPUS") or ROOT.parent / "shared" / "corpus")
JARGON = "Veuillez trouver ci-joint"


def _check(src: str, name: str = "modele.txt.j2"):
    doc = read_bytes(src.encode("utf-8"), name)
    return doc, analyze(doc, "fr")


def _at(src: str, line: int, col: int, n: int) -> str:
    lines = src.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[line - 1][col - 1:col - 1 + n]


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_positions_after_multiline_tags_and_crlf(eol):
    src = eol.join([
        "{# Un commentaire",
        "   sur deux lignes : Veuillez trouver ci-joint #}",
        "Madame,",
        "",
        "{% if dossier.complet and",
        "      dossier.signe %}Nous avons votre dossier. " + JARGON + " le reçu.{% endif %}",
        "{%- if relance -%}",
        "   Il vous appartient de payer {{ montant",
        "   | round(2) }} € avant le {{ date }}.",
        "{% raw %}" + JARGON + " {{ pas_une_balise }}{% endraw %}",
        "",
    ])
    doc, rep = _check(src)
    found = {(f.rule, f.line, f.column) for f in rep.findings}
    ci = [f for f in rep.findings if f.rule == "fr.formule.ci-joint"]
    # not in the comment (line 2); in the text after the multi-line tag (line 6) and raw
    l6 = src.replace("\r\n", "\n").split("\n")[5]
    assert sorted((f.line, f.column) for f in ci) == [(6, l6.index(JARGON) + 1), (10, 10)], found
    for f in rep.findings:
        assert f.line is not None
        first = f.text.split("\n")[0]
        assert _at(src, f.line, f.column, len(first)) == first
        p = doc.paragraphs[f.paragraph]
        assert not any(s < f.start < e or s < f.end < e for s, e in p.protected)
    imp = [f for f in rep.findings if f.text.startswith("Il vous appartient")]
    assert imp and (imp[0].line, imp[0].column) == (8, 4)


def test_variables_are_one_neutral_word_and_tags_invisible():
    doc = document_from_template("Bonjour {{ usager.civilite }} {{ usager.nom }},\n"
                                 "{% for x in liste %}\n- {{ x }}\n{% endfor %}\n")
    texts = [p.text for p in doc.paragraphs]
    assert texts == ["Bonjour {{ usager.civilite }} {{ usager.nom }},", "- {{ x }}"]
    rep = analyze(doc, "fr")
    assert rep.readability["words"] <= 5
    assert all("{" not in f.text for f in rep.findings)


def test_every_branch_is_checked():
    src = ("{% if a %}\nVotre demande est acceptée.\n{% elif b %}\n" + JARGON +
           " la décision.\n{% else %}\nIl vous appartient de répondre.\n{% endif %}\n")
    _doc, rep = _check(src)
    rules = {f.rule for f in rep.findings}
    assert "fr.formule.ci-joint" in rules
    assert any(f.text.startswith("Il vous appartient") for f in rep.findings)


def test_whitespace_control_keeps_offsets():
    src = "A  {%- if x -%}  B {{- y -}} C\n  {%- endif %}\n"
    tags, err = lex_tags(src)
    assert err is None
    assert [src[t.start:t.end] for t in tags] == ["{%- if x -%}", "{{- y -}}", "{%- endif %}"]


def test_html_markup_not_analysed():
    src = ('<!DOCTYPE html>\n<html><head><style>p { color: red }</style></head>\n<body>\n'
           '<p class="intro" title="Veuillez trouver ci-joint">Madame,</p>\n'
           '<p>Nous avons reçu votre demande. <a href="{{ lien }}">' + JARGON +
           '</a> le reçu.</p>\n</body></html>\n')
    doc, rep = _check(src, "lettre.html.j2")
    ci = [f for f in rep.findings if f.rule == "fr.formule.ci-joint"]
    col = src.split("\n")[4].index(JARGON) + 1
    assert len(ci) == 1 and (ci[0].line, ci[0].column) == (5, col)
    for f in rep.findings:
        assert "<" not in f.text and "color" not in f.text


def test_syntax_error_gives_notice_and_still_checks():
    src = "Madame,\n\n{% if x %}\n" + JARGON + " le formulaire, {{ nom.\n"
    doc, rep = _check(src)
    assert any("Erreur de syntaxe Jinja" in n for n in rep.notices)
    assert any(f.rule == "fr.formule.ci-joint" for f in rep.findings)


def test_jinja_extensions_recognised():
    for name in ("a.j2", "a.jinja", "a.jinja2", "a.txt.j2", "a.md.j2", "a.html.j2"):
        doc = read_bytes(b"Bonjour {{ nom }}.", name)
        assert doc.format == "jinja", name


# --- .docx templates (shared corpus) ---------------------------------------------------------
def _corpus_docs(sub: str) -> list[Path]:
    d = CORPUS / "docx-wild" / sub
    if not d.is_dir():
        pytest.skip(f"corpus partagé absent ({d}) : définissez REWRITER_CORPUS")
    return sorted(d.glob("*.docx"))


def _inside(rep, f) -> bool:
    p = rep.document.paragraphs[f.paragraph]
    if any(s < f.start < e or s < f.end < e for s, e in p.protected):
        return True     # a boundary inside a tag
    return f.category != "long_sentence" and p.is_protected(f.start, f.end)


@pytest.mark.slow
@pytest.mark.parametrize("sub", ["docxtpl", "apilos"])
def test_docx_templates_no_finding_inside_a_tag(sub):
    opts = CheckOptions()
    n_checked = 0
    for path in _corpus_docs(sub):
        rep = check_one(str(path), opts, keep_document=True)
        if rep.error:
            continue
        n_checked += 1
        bad = [(f.rule, f.text) for f in rep.findings if _inside(rep, f)]
        assert not bad, (path.name, bad[:3])
        for f in rep.findings:
            if f.category != "long_sentence":
                assert "{{" not in f.text and "{%" not in f.text and "}}" not in f.text
    assert n_checked >= 10


@pytest.mark.slow
def test_docx_tags_over_several_paragraphs_are_protected():
    paths = [p for p in _corpus_docs("apilos") if p.name == "Foyer-template.docx"]
    if not paths:
        pytest.skip("Foyer-template.docx absent du corpus")
    rep = check_one(str(paths[0]), CheckOptions(), keep_document=True)
    paras = rep.document.paragraphs
    split = [i for i, p in enumerate(paras) if p.text.rstrip().endswith("surface_habitable_totale")]
    assert split, "le corpus a changé"
    nxt = paras[split[0] + 1]
    assert nxt.text.startswith("|f }}") and nxt.protected[0] == (0, 5)
    assert paras[split[0]].protected[-1][1] == len(paras[split[0]].text)


@pytest.mark.slow
def test_apilos_french_templates_get_real_findings():
    opts = CheckOptions()
    total = 0
    rules = set()
    for path in _corpus_docs("apilos"):
        rep = check_one(str(path), opts)
        if rep.error or rep.language != "fr":
            continue
        total += len(rep.findings)
        rules |= {f.rule for f in rep.findings}
    assert total > 100
    assert any(r.startswith("fr.") and "phrase" not in r for r in rules), rules
