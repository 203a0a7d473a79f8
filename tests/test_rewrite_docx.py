"""Rewriting .docx letters (rewriter/writers/docx_writer.py, rewriter/rewrite.py).

What a user would notice: the replaced words carry the formatting of the text they
replace; nothing else in the letter moves (tables, headers, footnotes, images, bookmarks,
fields, numbering); with tracked changes, "accept all" gives exactly the clean rewrite and
"reject all" gives back exactly the original; earlier revisions and comments survive;
Word comments hold the advice; LibreOffice opens every file written.

Most tests drive the writer with hand-made edits (so they do not depend on the rule packs,
which change often); a few go end to end through ``rewrite_bytes``.
"""
from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import docx as python_docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from docx.shared import Cm, RGBColor
from lxml import etree

try:
    import fixtures_docx as fx
except ImportError:  # tests/ used as a package
    from tests import fixtures_docx as fx

from rewriter.engine import finding_key
from rewriter.readers.docx import read_docx_bytes
from rewriter.rewrite import rewrite_bytes
from rewriter.writers import Edit, Note
from rewriter.writers.docx_writer import write_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DATE = "2025-03-04T05:06:07Z"
ME = "Assistant test"


def w(tag):
    return f"{{{W}}}{tag}"


STORY_RE = ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml",
            "word/endnotes.xml")
REV_TAGS = (w("ins"), w("del"), w("moveFrom"), w("moveTo"))


# --- helpers: accept / reject revisions on the saved XML ------------------------------------
def _unwrap(el):
    parent = el.getparent()
    idx = parent.index(el)
    for k, c in enumerate(list(el)):
        parent.insert(idx + k, c)
    parent.remove(el)


def _resolve_xml(data: bytes, mode: str, author: str | None) -> bytes:
    root = etree.fromstring(data)

    def mine(el):
        return author is None or el.get(w("author")) == author

    dels = [e for e in root.iter(w("del"), w("moveFrom")) if mine(e)]
    inss = [e for e in root.iter(w("ins"), w("moveTo")) if mine(e)]
    for e in (dels if mode == "accept" else inss):
        if e.getparent() is not None and len(e):
            e.getparent().remove(e)
    for e in (inss if mode == "accept" else dels):
        if e.getparent() is None:
            continue
        if len(e):
            for t in e.iter(w("delText")):
                t.tag = w("t")
            _unwrap(e)
        else:                                   # paragraph-mark / row markers
            e.getparent().remove(e)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def resolve(docx_bytes: bytes, mode: str, author: str | None = None) -> bytes:
    """Accept or reject all revisions (or only ``author``'s) in every story part."""
    zin = zipfile.ZipFile(io.BytesIO(docx_bytes))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith(STORY_RE) and info.filename.endswith(".xml"):
                data = _resolve_xml(data, mode, author)
            zout.writestr(info, data)
    return buf.getvalue()


def texts(docx_bytes: bytes) -> list[str]:
    """Paragraph texts as the reader sees them (tracked insertions read as accepted)."""
    return [p.text for p in read_docx_bytes(docx_bytes, "x.docx").paragraphs]


def styled(docx_bytes: bytes) -> list[list[tuple[str, str]]]:
    """Per paragraph of every story: [(w:rPr as canonical XML, text)], adjacent runs with
    the same formatting merged — what the eye sees, whatever the run boundaries."""
    out = []
    for p in read_docx_bytes(docx_bytes, "x.docx").paragraphs:
        seq: list[tuple[str, str]] = []
        for el, _s, _e in p.source.segments:
            if el is None:
                continue
            r = el.getparent()
            rpr = r.find(w("rPr"))
            key = etree.tostring(rpr, method="c14n").decode() if rpr is not None else ""
            if seq and seq[-1][0] == key:
                seq[-1] = (key, seq[-1][1] + el.text)
            else:
                seq.append((key, el.text or ""))
        out.append(seq)
    return out


def xml_of(docx_bytes: bytes, name: str = "word/document.xml"):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes)).read(name))


def edit(doc, needle: str, new: str, nth: int = 0) -> Edit:
    """An Edit replacing the ``nth`` paragraph-level occurrence of ``needle``."""
    k = 0
    for i, p in enumerate(doc.paragraphs):
        j = p.text.find(needle)
        if j >= 0:
            if k == nth:
                return Edit(i, j, j + len(needle), needle, new)
            k += 1
    raise AssertionError(f"{needle!r} introuvable")


def note(doc, needle: str, body: str) -> Note:
    e = edit(doc, needle, "")
    return Note(e.paragraph, e.start, e.end, body)


def expected_texts(before: list[str], edits: list[Edit]) -> list[str]:
    out = list(before)
    for e in sorted(edits, key=lambda e: (e.paragraph, -e.start)):
        t = out[e.paragraph]
        out[e.paragraph] = t[:e.start] + e.new + t[e.end:]
    return out


def run_writer(data: bytes, make_edits, notes=None, **kw):
    doc = read_docx_bytes(data, "x.docx")
    edits = make_edits(doc)
    ns = notes(doc) if notes else []
    before = [p.text for p in doc.paragraphs]
    out = write_docx(doc, edits, ns, author=ME, date=DATE, **kw)
    return out, before, edits


def check_written_ts(docx_bytes: bytes) -> None:
    """Every w:t / w:delText with edge whitespace keeps it (xml:space="preserve")."""
    z = zipfile.ZipFile(io.BytesIO(docx_bytes))
    for name in z.namelist():
        if not name.endswith(".xml") or not name.startswith("word/"):
            continue
        root = etree.fromstring(z.read(name))
        for t in root.iter(w("t"), w("delText")):
            s = t.text or ""
            if s != s.strip():
                assert t.get(XML_SPACE) == "preserve", (name, s)


def revision_ids(docx_bytes: bytes) -> list[str]:
    z = zipfile.ZipFile(io.BytesIO(docx_bytes))
    ids = []
    for name in z.namelist():
        if name.startswith(STORY_RE) and name.endswith(".xml"):
            root = etree.fromstring(z.read(name))
            ids += [e.get(w("id")) for e in root.iter(*REV_TAGS, w("rPrChange"))]
    return ids


# --- a letter made with python-docx: styles, numbering, header, table, picture ----------
def png(width=8, height=8) -> bytes:
    def chunk(kind, payload):
        return (struct.pack(">I", len(payload)) + kind + payload
                + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\x1f\x4e\x79" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _raw_paragraph(d, xml: str):
    p = d.add_paragraph()
    el = parse_xml(f"<w:p {nsdecls('w', 'r')}>{xml}</w:p>")
    p._p.getparent().replace(p._p, el)


def rich_docx() -> bytes:
    d = python_docx.Document()
    d.sections[0].header.paragraphs[0].text = "Mairie de Quimper — dans les meilleurs délais"
    d.sections[0].footer.paragraphs[0].text = "Pied de page : service urbanisme"
    d.add_heading("Objet : votre demande de logement", 1)
    p = d.add_paragraph()
    p.add_run("Veuillez trouver ")
    r = p.add_run("ci-")
    r.bold = True
    r = p.add_run("jo")
    r.italic = True
    r.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    r = p.add_run("int le formulaire.")
    r.underline = True
    d.add_paragraph("Nous accusons réception de votre demande.", style="List Number")
    d.add_paragraph("Afin de compléter votre dossier, envoyez :", style="List Number")
    t = d.add_table(rows=2, cols=2)
    t.style = "Table Grid"
    t.cell(0, 0).text = "Pièces justificatives"
    t.cell(0, 1).text = "Montant"
    t.cell(1, 0).text = "Avis d'imposition"
    t.cell(1, 1).text = "Sans objet"
    d.add_paragraph("Logo : ").add_run().add_picture(io.BytesIO(png()), width=Cm(1))
    _raw_paragraph(d, (
        '<w:r><w:t xml:space="preserve">Page </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        '<w:r><w:t xml:space="preserve"> : réponse </w:t></w:r>'
        '<w:bookmarkStart w:id="0" w:name="delai"/>'
        '<w:r><w:t>à compter de</w:t></w:r><w:bookmarkEnd w:id="0"/>'
        '<w:r><w:t xml:space="preserve"> demain, </w:t></w:r>'
        '<w:fldSimple w:instr=" DATE "><w:r><w:t>01/02/2025</w:t></w:r></w:fldSimple>'))
    p = d.add_paragraph()
    p.add_run("Objet :")
    p.add_run().add_tab()
    p.add_run("demande de logement")
    rid = d.part.relate_to("https://www.service-public.fr", RT.HYPERLINK, is_external=True)
    _raw_paragraph(d, (
        '<w:r><w:t xml:space="preserve">Consultez </w:t></w:r>'
        f'<w:hyperlink r:id="{rid}"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr>'
        '<w:t xml:space="preserve">le site </w:t></w:r><w:r><w:rPr><w:b/></w:rPr>'
        "<w:t>service-public</w:t></w:r></w:hyperlink>"
        '<w:r><w:t xml:space="preserve"> dans les meilleurs délais.</w:t></w:r>'))
    d.add_paragraph("Je vous prie d'agréer, Madame, Monsieur, l'expression de mes "
                    "salutations distinguées.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


RICH_EDITS = [
    ("ci-joint", "avec cette lettre", 0),                      # three runs, three formats
    ("Nous accusons réception de", "Nous avons bien reçu", 0),  # numbered paragraph
    ("Afin de", "Pour", 0),
    ("Pièces justificatives", "Justificatifs", 0),              # table cell
    ("dans les meilleurs délais", "rapidement", 0),             # header
    ("à compter de", "à partir de", 0),                         # between bookmark marks
    ("le site service-public", "le site Service Public", 0),   # in a hyperlink, 2 runs
    (" dans les meilleurs délais", " vite", 1),                # right after the hyperlink
    ("service urbanisme", "service de l'urbanisme", 0),         # footer
]


def rich_edits(doc):
    return [edit(doc, needle, new, nth) for needle, new, nth in RICH_EDITS]


@pytest.fixture(scope="module")
def rich():
    return rich_docx()


# --- clean rewrite ---------------------------------------------------------------------
def test_cross_run_replacement_takes_the_first_runs_formatting(rich):
    out, _b, _e = run_writer(rich, lambda d: [edit(d, "ci-joint", "avec cette lettre")])
    doc = python_docx.Document(io.BytesIO(out.data))
    p = next(p for p in doc.paragraphs if "formulaire" in p.text)
    runs = [(r.text, r.bold, r.italic, r.underline, r.font.color.rgb) for r in p.runs]
    assert p.text == "Veuillez trouver avec cette lettre le formulaire."
    assert runs == [("Veuillez trouver ", None, None, None, None),
                    ("avec cette lettre", True, None, None, None),      # bold like "ci-"
                    (" le formulaire.", None, None, True, None)]       # still underlined
    check_written_ts(out.data)


def test_only_the_replaced_spans_change(rich):
    out, before, edits = run_writer(rich, rich_edits)
    assert len(out.applied) == len(RICH_EDITS) and not out.skipped
    assert texts(out.data) == expected_texts(before, edits)
    check_written_ts(out.data)


def test_structure_survives(rich):
    out, _b, _e = run_writer(rich, rich_edits)
    a, b = xml_of(rich), xml_of(out.data)
    for tag in ("tbl", "tr", "tc", "p", "pPr", "numPr", "pStyle", "sectPr", "drawing",
                "bookmarkStart", "bookmarkEnd", "fldChar", "instrText", "fldSimple",
                "hyperlink", "tab"):
        assert len(a.findall(f".//{w(tag)}")) == len(b.findall(f".//{w(tag)}")), tag
    # paragraph properties (styles, numbering) byte for byte
    ppr = [etree.tostring(x) for x in a.iter(w("pPr"))]
    assert ppr == [etree.tostring(x) for x in b.iter(w("pPr"))]
    assert [x.get(w("name")) for x in b.iter(w("bookmarkStart"))] == ["delai"]
    assert [x.text for x in b.iter(w("instrText"))] == [" PAGE "]
    # the picture: same media bytes, same relationship, still drawn
    za, zb = zipfile.ZipFile(io.BytesIO(rich)), zipfile.ZipFile(io.BytesIO(out.data))
    media = [n for n in za.namelist() if n.startswith("word/media/")]
    assert media and all(za.read(n) == zb.read(n) for n in media)
    doc = python_docx.Document(io.BytesIO(out.data))
    assert len(doc.inline_shapes) == 1
    blip = doc.inline_shapes[0]._inline.graphic.graphicData.pic.blipFill.blip
    assert doc.part.related_parts[blip.embed].blob == png()
    # header, footer, table read back through python-docx
    assert doc.sections[0].header.paragraphs[0].text == "Mairie de Quimper — rapidement"
    assert doc.sections[0].footer.paragraphs[0].text == "Pied de page : service de l'urbanisme"
    assert doc.tables[0].cell(0, 0).text == "Justificatifs"
    assert doc.tables[0].cell(1, 1).text == "Sans objet"
    assert doc.paragraphs[2].style.name == "List Number"
    # the bookmark still surrounds the (new) words
    p = b.xpath("//w:p[.//w:bookmarkStart]", namespaces={"w": W})[0]
    kids = [c for c in p if c.tag in (w("bookmarkStart"), w("bookmarkEnd"), w("r"))]
    k = [c.tag for c in kids].index(w("bookmarkStart"))
    assert "".join(kids[k + 1].itertext()) == "à partir de"
    assert kids[k + 2].tag == w("bookmarkEnd")


def test_hyperlink_keeps_its_link_and_first_run_style(rich):
    out, _b, _e = run_writer(rich, rich_edits)
    link = xml_of(out.data).find(f".//{w('hyperlink')}")
    assert link is not None and link.get(f"{{{fx.RT}}}id")
    assert "".join(link.itertext()) == "le site Service Public"
    runs = link.findall(w("r"))
    # one run, styled like the first replaced run ("le site ", not the bold one)
    assert [r.find(f"{w('rPr')}/{w('rStyle')}").get(w("val")) for r in runs] == ["Hyperlink"]
    assert runs[0].find(f"{w('rPr')}/{w('b')}") is None


def test_field_results_and_tabs_are_skipped_not_broken(rich):
    def make(doc):
        return [edit(doc, "1 : réponse", "un : réponse"),          # starts in a PAGE result
                edit(doc, "01/02/2025", "1er février"),             # w:fldSimple result
                edit(doc, "Objet :\tdemande", "Objet : la demande")]  # crosses a tab
    out, before, _e = run_writer(rich, make)
    assert not out.applied
    assert [s.reason for s in out.skipped] == ["field", "field", "non_text"]
    assert texts(out.data) == before
    python_docx.Document(io.BytesIO(out.data))


# --- tracked changes -------------------------------------------------------------------
@pytest.fixture(scope="module")
def rich_pair(rich):
    clean, before, edits = run_writer(rich, rich_edits)
    tracked, _b, _e = run_writer(rich, rich_edits, track_changes=True)
    return clean.data, tracked.data, before, edits


def test_tracked_accept_all_is_the_clean_rewrite(rich_pair):
    clean, tracked, _before, _edits = rich_pair
    accepted = resolve(tracked, "accept")
    assert texts(accepted) == texts(clean)
    assert styled(accepted) == styled(clean)        # same formatting, character by character


def test_tracked_reject_all_is_the_original(rich, rich_pair):
    _clean, tracked, before, _edits = rich_pair
    rejected = resolve(tracked, "reject")
    assert texts(rejected) == before
    assert styled(rejected) == styled(rich)


def test_tracked_changes_markup(rich_pair):
    _clean, tracked, _before, edits = rich_pair
    check_written_ts(tracked)
    root = xml_of(tracked)
    ins = root.findall(f".//{w('ins')}")
    dels = root.findall(f".//{w('del')}")
    assert ins and dels
    for e in ins + dels:
        assert e.get(w("author")) == ME and e.get(w("date")) == DATE
    ids = revision_ids(tracked)
    assert len(ids) == len(set(ids))
    # the reader (accepted view) already sees the rewrite
    assert texts(tracked) == texts(rich_pair[0])
    # "ci-joint": deleted runs keep their own formatting, the insertion is bold
    p = next(p for p in root.iter(w("p")) if "formulaire" in "".join(p.itertext()))
    deleted = [("".join(r.itertext()), r.find(w("rPr")) is not None)
               for d in p.findall(w("del")) for r in d.findall(w("r"))]
    assert "".join(t for t, _ in deleted) == "ci-joint"
    new_run = p.find(f"{w('ins')}/{w('r')}")
    assert new_run.find(f"{w('rPr')}/{w('b')}") is not None
    assert new_run.find(w("t")).text == "avec cette lettre"


def test_ids_unique_across_parts_with_existing_revisions():
    data = fx.full_fixture_docx()

    def make(doc):
        return [edit(doc, "nous accusons réception de", "nous avons bien reçu"),
                edit(doc, "pièces justificatives", "justificatifs"),
                edit(doc, "conformément à", "selon"),                  # footnote
                edit(doc, "En-tête", "Bandeau"),                       # header
                edit(doc, "dans les meilleurs délais", "vite")]        # text box
    out, before, edits = run_writer(data, make, track_changes=True)
    assert len(out.applied) == 5
    ids = revision_ids(out.data)
    assert len(ids) == len(set(ids)), ids
    assert texts(resolve(out.data, "reject", ME)) == before
    assert texts(resolve(out.data, "accept", ME)) == expected_texts(before, edits)


# --- the fixture with every container: footnotes, text box, sdt, smart tag, revisions --
def full_edits(doc):
    return [
        edit(doc, "Veuillez trouver ci-joint", "Vous trouverez avec cette lettre"),
        edit(doc, "conformément à", "selon"),                   # footnote (blob part)
        edit(doc, "En-tête", "Bandeau"),                        # header
        edit(doc, "Pied de page", "Bas de page"),               # footer
        edit(doc, "dans les meilleurs délais", "vite"),         # text box (mc:Choice)
        edit(doc, "Contrôle de contenu", "Zone"),               # block content control
        edit(doc, "INLINE lien", "en ligne le lien"),           # inline sdt → hyperlink
        edit(doc, "INSÉRÉ", "AJOUTÉ"),                          # inside an earlier w:ins
        edit(doc, "SMART", "malin"),                            # smart tag
        edit(doc, "déplacé ici", "bougé là"),                   # inside a w:moveTo
        edit(doc, "Cellule imbriquée", "Case intérieure"),      # nested table
    ]


@pytest.mark.parametrize("track", [False, True], ids=["clean", "tracked"])
def test_every_container(track):
    data = fx.full_fixture_docx()
    out, before, edits = run_writer(data, full_edits, track_changes=track)
    assert not out.skipped and len(out.applied) == len(edits)
    want = expected_texts(before, edits)
    assert texts(out.data) == want
    if track:
        assert texts(resolve(out.data, "reject", ME)) == before
        assert texts(resolve(out.data, "accept", ME)) == want
    check_written_ts(out.data)
    python_docx.Document(io.BytesIO(out.data))
    z = zipfile.ZipFile(io.BytesIO(out.data))
    root = etree.fromstring(z.read("word/document.xml"))
    # earlier revisions by "A" are all still there
    theirs = sorted((e.tag, e.get(w("id"))) for e in root.iter(*REV_TAGS)
                    if e.get(w("author")) == "A")
    assert (w("del"), "2") in theirs and (w("moveFrom"), "3") in theirs
    assert "SUPPRIMÉ" in "".join(root.find(f".//{w('del')}[@{w('id')}='2']").itertext())
    assert b"COMMENTAIRE-SECRET" in z.read("word/comments.xml")
    # the footnote part was written back, its separators kept
    fn = etree.fromstring(z.read("word/footnotes.xml"))
    assert len(fn.findall(w("footnote"))) == 3
    assert "selon" in "".join(fn.itertext())
    # the text box: mc:Choice rewritten (Word, LibreOffice); mc:Fallback untouched
    choice = next(root.iter(f"{{{MC}}}Choice"))
    fallback = next(root.iter(f"{{{MC}}}Fallback"))
    assert "vite" in "".join(choice.itertext())
    assert "dans les meilleurs délais" in "".join(fallback.itertext())


def test_no_nested_insertions():
    data = fx.full_fixture_docx()
    out, _b, _e = run_writer(data, lambda d: [edit(d, "INSÉRÉ", "AJOUTÉ")],
                             track_changes=True)
    root = xml_of(out.data)
    for ins in root.iter(w("ins")):
        assert not any(a.tag == w("ins") for a in ins.iterancestors())


# --- comments ----------------------------------------------------------------------------
def test_advice_becomes_an_anchored_comment(rich):
    def notes(doc):
        return [note(doc, "Je vous prie d'agréer", "Formule longue.\nSuggestion : Bien à vous"),
                note(doc, "Mairie de Quimper", "Pas de commentaire dans un en-tête")]
    out, _b, _e = run_writer(rich, lambda d: [], notes, track_changes=True)
    assert len(out.commented) == 1
    assert [s.reason for s in out.skipped] == ["no_comment_here"]
    doc = python_docx.Document(io.BytesIO(out.data))
    comments = list(doc.comments)
    assert len(comments) == 1
    c = comments[0]
    assert c.author == ME and c.initials == "AT"
    assert c.text.startswith("Formule longue.") and "Bien à vous" in c.text
    root = xml_of(out.data)
    start = root.find(f".//{w('commentRangeStart')}")
    end = root.find(f".//{w('commentRangeEnd')}")
    assert start.get(w("id")) == end.get(w("id")) == str(c.comment_id)
    # the range covers exactly the advice span
    p = start.getparent()
    inside, on = [], False
    for el in p:
        if el is start:
            on = True
        elif el is end:
            break
        elif on:
            inside.append("".join(el.itertext()))
    assert "".join(inside) == "Je vous prie d'agréer"
    z = zipfile.ZipFile(io.BytesIO(out.data))
    cx = etree.fromstring(z.read("word/comments.xml"))
    assert cx.find(w("comment")).get(w("date")) == DATE


def test_no_comment_in_notes_headers_footers():
    # LibreOffice 7.4 refuses a file with a comment in a footnote; Word has none in headers
    data = fx.full_fixture_docx()
    out, _b, _e = run_writer(data, lambda d: [], lambda d: [
        note(d, "conformément", "x"), note(d, "En-tête", "x"), note(d, "Pied", "x"),
        note(d, "meilleurs délais", "dans une zone de texte : possible")])
    assert [s.reason for s in out.skipped] == ["no_comment_here"] * 3
    assert len(out.commented) == 1


def test_comments_and_edits_on_the_same_words(rich):
    def make(doc):
        return [edit(doc, "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes "
                          "salutations distinguées", "Bien cordialement")]

    def notes(doc):
        return [note(doc, "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes "
                          "salutations distinguées.", "Conseil sur toute la phrase")]
    for track in (False, True):
        out, before, edits = run_writer(rich, make, notes, track_changes=track)
        assert len(out.applied) == 1 and len(out.commented) == 1
        assert texts(out.data) == expected_texts(before, edits)
        doc = python_docx.Document(io.BytesIO(out.data))
        assert len(list(doc.comments)) == 1


def test_existing_comments_are_kept_and_numbered_after():
    data = fx.full_fixture_docx()
    out, _b, _e = run_writer(data, lambda d: [],
                             lambda d: [note(d, "Texte déplacé", "Conseil")])
    doc = python_docx.Document(io.BytesIO(out.data))
    ids = sorted(c.comment_id for c in doc.comments)
    assert ids == [0, 1]
    assert any("COMMENTAIRE-SECRET" in c.text for c in doc.comments)


# --- end to end through rewrite_bytes (real rules) -----------------------------------------
def test_rewrite_bytes_accept_some_refuse_others():
    data = fx.full_fixture_docx()
    _out, full = rewrite_bytes(data, "lettre.docx")
    fixable = [f for f in full.applied]
    assert len(fixable) >= 2, "les règles ne trouvent plus ci-joint / accuser réception"
    keep = {finding_key(fixable[0])}
    out, res = rewrite_bytes(data, "lettre.docx", accept=keep, track_changes=True,
                             author=ME, date=DATE)
    assert [finding_key(f) for f in res.applied] == list(keep)
    refused = {finding_key(s.finding) for s in res.skipped if s.reason == "refused"}
    assert {finding_key(f) for f in fixable[1:]} <= refused
    f0 = fixable[0]
    assert res.after[f0.paragraph] == (res.before[f0.paragraph][:f0.start]
                                       + f0.suggestions[0]
                                       + res.before[f0.paragraph][f0.end:])
    changed = [d.index for d in res.diff()]
    assert changed == [f0.paragraph]
    assert res.score_before is not None and res.score_after is not None
    # advice refused too (not in accept): no comment added
    assert not res.commented
    python_docx.Document(io.BytesIO(out))


def test_rewrite_bytes_comments_default_on_with_tracking():
    data = fx.full_fixture_docx()
    out, res = rewrite_bytes(data, "lettre.docx", track_changes=True, author=ME, date=DATE)
    assert res.comments is True
    doc = python_docx.Document(io.BytesIO(out))
    ours = [c for c in doc.comments if c.author == ME]
    assert len(ours) == len(res.commented)
    assert all(f.category != "x" for f in res.commented)
    out2, res2 = rewrite_bytes(data, "lettre.docx", author=ME, date=DATE)
    assert res2.comments is False and not res2.commented
    # clean and tracked give the same accepted text
    assert texts(out) == texts(out2)


# --- files that already hold revisions (corpus) -------------------------------------------
CORPUS_REVISED = ["docx-wild/pandoc/track_changes_deletion.docx",
                  "docx-wild/pandoc/track_changes_insertion.docx",
                  "docx-wild/pandoc/track_changes_move.docx",
                  "docx-wild/pandoc/track_changes_scrubbed_metadata.docx",
                  "docx-wild/apache-poi/delins.docx"]


def whole_paragraph_edits(doc):
    """Replace the whole text of every paragraph that is only plain text (crossing any
    earlier w:ins / bookmark / comment boundaries)."""
    out = []
    for i, p in enumerate(doc.paragraphs):
        if p.text.strip() and all(el is not None for el, _s, _e in p.source.segments):
            out.append(Edit(i, 0, len(p.text), p.text, f"[{i}] réécrit"))
    return out


@pytest.mark.parametrize("rel", CORPUS_REVISED)
def test_existing_revisions_are_preserved(corpus, rel):
    path = corpus / rel
    if not path.exists():
        pytest.skip(f"{rel} absent du corpus")
    data = path.read_bytes()
    original = xml_of(data)
    theirs = sorted((e.tag, e.get(w("id")), e.get(w("author"))) for e in original.iter(*REV_TAGS))
    assert theirs, "le fichier devrait contenir des révisions"
    clean, before, edits = run_writer(data, whole_paragraph_edits)
    tracked, _b, _e = run_writer(data, whole_paragraph_edits, track_changes=True)
    assert edits and tracked.applied
    # only spans inside field results (HYPERLINK fields in delins.docx) may be left alone
    assert {s.reason for s in tracked.skipped} <= {"field"}
    assert [e.paragraph for e in tracked.applied] == [e.paragraph for e in clean.applied]
    root = xml_of(tracked.data)
    kept = sorted((e.tag, e.get(w("id")), e.get(w("author"))) for e in root.iter(*REV_TAGS)
                  if e.get(w("author")) != ME)
    assert kept == theirs
    ids = revision_ids(tracked.data)
    assert len(ids) == len(set(ids))
    assert texts(resolve(tracked.data, "reject", ME)) == before
    assert texts(resolve(tracked.data, "accept", ME)) == texts(clean.data)
    assert texts(clean.data) == expected_texts(before, clean.applied)
    for blob in (clean.data, tracked.data):
        python_docx.Document(io.BytesIO(blob))
        check_written_ts(blob)


# --- LibreOffice --------------------------------------------------------------------------
def soffice_convert(files: list[Path], outdir: Path, fmt: str = "pdf") -> dict[Path, Path]:
    """Convert all ``files`` in ONE soffice call; returns {input: output} for those made."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.skip("LibreOffice (soffice) absent : conversion non testée")
    profile = outdir / "lo-profile"
    cmd = [exe, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
           "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)]
    subprocess.run(cmd, capture_output=True, timeout=600, check=False,
                   env={**os.environ, "HOME": str(outdir)})
    made = {}
    for f in files:
        o = outdir / (f.stem + "." + fmt)
        if o.exists() and o.stat().st_size > 0:
            made[f] = o
    return made


@pytest.mark.slow
def test_libreoffice_opens_clean_and_tracked_outputs(tmp_path, rich, rich_pair, corpus):
    clean, tracked, _b, _e = rich_pair
    files = {"rich-clean.docx": clean, "rich-tracked.docx": tracked}
    full_t, _b, _e = run_writer(fx.full_fixture_docx(), full_edits, track_changes=True)
    files["full-tracked.docx"] = full_t.data
    out, res = rewrite_bytes(fx.full_fixture_docx(), "x.docx", track_changes=True,
                             author=ME, date=DATE)
    files["full-comments.docx"] = out
    for rel in CORPUS_REVISED:
        if (corpus / rel).exists():
            t, _b, _e = run_writer((corpus / rel).read_bytes(), whole_paragraph_edits,
                                   track_changes=True)
            files[f"corpus-{Path(rel).stem}.docx"] = t.data
    paths = []
    for name, blob in files.items():
        p = tmp_path / name
        p.write_bytes(blob)
        paths.append(p)
    made = soffice_convert(paths, tmp_path)
    assert set(made) == set(paths), f"LibreOffice n'a pas converti : {set(paths) - set(made)}"


@pytest.mark.slow
def test_french_letters_corpus_rewrites_open_everywhere(corpus, tmp_path):
    letters = sorted((corpus / "letters-public" / "fr").rglob("*.docx"))
    if not letters:
        pytest.skip("lettres françaises absentes du corpus")
    written = []
    stats = {"applied": 0, "comments": 0, "skipped": {}}
    for i, f in enumerate(letters):
        out, res = rewrite_bytes(f.read_bytes(), f.name, track_changes=True, author=ME,
                                 date=DATE)
        python_docx.Document(io.BytesIO(out))            # python-docx re-reads it
        assert texts(resolve(out, "reject", ME)) == res.before, f.name
        clean, res_clean = rewrite_bytes(f.read_bytes(), f.name)
        assert texts(resolve(out, "accept", ME)) == texts(clean), f.name
        ids = revision_ids(out)
        assert len(ids) == len(set(ids)), f.name
        stats["applied"] += len(res.applied)
        stats["comments"] += len(res.commented)
        for s in res.skipped:
            stats["skipped"][s.reason] = stats["skipped"].get(s.reason, 0) + 1
        p = tmp_path / f"{i:02d}-{f.stem}.docx"
        p.write_bytes(out)
        written.append(p)
    print(f"\n{len(letters)} lettres : {stats}")
    made = soffice_convert(written, tmp_path)
    assert set(made) == set(written), f"non converties : {set(written) - set(made)}"


# --- parts rewriter never reads are kept byte for byte ----------------------------------------
def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _replace_member(data: bytes, name: str, new: bytes) -> bytes:
    src = _members(data)
    src[name] = new
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in src.items():
            z.writestr(n, b)
    return buf.getvalue()


def test_styles_numbering_settings_written_back_unchanged():
    """Styles, numbering, settings and document properties are not re-serialised: the
    rewritten letter carries exactly the bytes Word wrote (the reader does not even parse
    them)."""
    data = fx.build_docx(["Nous accusons réception de votre courrier.",
                          "Veuillez trouver ci-joint le formulaire."])
    # as another word processor may write it: a top-level comment, single quotes
    styles = _members(data)["word/styles.xml"]
    decl_end = styles.index(b"?>") + 2
    data = _replace_member(data, "word/styles.xml", b"<?xml version='1.0' encoding='UTF-8' "
                           b"standalone='yes'?>\r\n<!-- styles -->" + styles[decl_end:])
    out, res = rewrite_bytes(data, "lettre.docx")
    assert res.applied
    before, after = _members(data), _members(out)
    for name in ("word/styles.xml", "word/numbering.xml", "word/settings.xml",
                 "docProps/core.xml"):
        assert name in before
        assert after[name] == before[name], name
    assert after["word/document.xml"] != before["word/document.xml"]


def test_damaged_styles_part_does_not_lose_the_letter():
    """A letter whose styles.xml is damaged is still read (its text does not depend on
    it) and rewritten; the damaged part is given back as it came, never « repaired » into
    something else."""
    data = fx.build_docx(["Nous accusons réception de votre courrier.",
                          "Veuillez trouver ci-joint le formulaire."])
    broken = b'<?xml version="1.0"?><w:styles xmlns:w="' + W.encode() + b'"><w:style>'
    data = _replace_member(data, "word/styles.xml", broken)
    doc = read_docx_bytes(data, "lettre.docx")
    assert [p.text for p in doc.paragraphs if p.text][:2] == [
        "Nous accusons réception de votre courrier.",
        "Veuillez trouver ci-joint le formulaire."]
    out, res = rewrite_bytes(data, "lettre.docx")
    assert res.applied
    assert _members(out)["word/styles.xml"] == broken
    assert "ci-joint" not in read_docx_bytes(out, "lettre.docx").paragraphs[1].text
