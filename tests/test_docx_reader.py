"""Tests for the .docx reader (rewriter/readers/docx.py) and its preflight checks.

Fixtures are built in memory (tests/fixtures_docx.py); hostile files must be refused
with the right ``reason``, quickly and with bounded memory, and no exception other than
ReadError may ever escape the reader.
"""
from __future__ import annotations

import io
import random
import resource
import time
import tracemalloc
import zipfile

import pytest

try:
    import fixtures_docx as fx
except ImportError:  # tests/ used as a package
    from tests import fixtures_docx as fx

import docx as python_docx
from lxml import etree

from rewriter.errors import ReadError
from rewriter.model import Document
from rewriter.readers import read_bytes, read_path
from rewriter.readers import preflight as pf
from rewriter.readers.docx import DocxLocation, flush_blob_stories, read_docx_bytes

W_T = "{%s}t" % fx.W_NS


def refused(data: bytes, name: str = "lettre.docx") -> ReadError:
    with pytest.raises(ReadError) as ei:
        read_docx_bytes(data, name)
    err = ei.value
    msg = str(err)
    assert msg and "Traceback" not in msg
    assert msg.endswith(".")                     # a sentence, in French
    return err


@pytest.fixture(scope="module")
def full_doc() -> Document:
    return read_docx_bytes(fx.full_fixture_docx(), "lettre.docx")


# --- reading every container ---------------------------------------------------------------
def test_fixture_is_a_real_docx():
    d = python_docx.Document(io.BytesIO(fx.full_fixture_docx()))
    assert d.paragraphs[0].text.startswith("Madame")


def test_every_container_found_once_in_order(full_doc):
    got = [(p.story, p.text) for p in full_doc.paragraphs]
    assert got == fx.EXPECTED
    joined = full_doc.text
    for story, text in fx.EXPECTED:
        if text:
            assert joined.count(text) == 1, text
    assert full_doc.format == "docx"
    assert full_doc.path == "lettre.docx"


def test_deleted_moved_from_field_codes_and_comments_absent(full_doc):
    text = full_doc.text
    for word in fx.DELETED_WORDS:
        assert word not in text


def test_notices(full_doc):
    assert "Les modifications suivies ont été lues comme acceptées." in full_doc.notices
    assert any("1 commentaire" in n for n in full_doc.notices)


def test_source_is_python_docx_document(full_doc):
    assert isinstance(full_doc.source, python_docx.document.Document)


def test_split_runs_phrase(full_doc):
    p = full_doc.paragraphs[2]
    assert p.text == "Veuillez trouver ci-joint le formulaire."
    start = p.text.index("ci-joint")
    end = start + len("ci-joint")
    hits = [(el.text, s, e) for el, s, e in p.source.segments if s < end and start < e]
    assert [h[0] for h in hits] == ["ci-", "jo", "int le formulaire."]


def test_segment_map_slices_back(full_doc):
    for para in full_doc.paragraphs:
        loc = para.source
        assert isinstance(loc, DocxLocation)
        assert loc.p.tag == "{%s}p" % fx.W_NS
        pos = 0
        for el, s, e in loc.segments:          # contiguous, cover every character
            assert s == pos and e > s
            pos = e
            if el is not None:
                assert el.tag == W_T
                assert el.text == para.text[s:e]
            else:
                assert para.text[s:e] in ("\t", "\n", "\u2011") or len(para.text[s:e]) >= 1
        assert pos == len(para.text)
        # concatenating the w:t slices gives the w:t texts, in order
        w_texts = "".join(el.text for el, s, e in loc.segments if el is not None)
        assert w_texts == "".join(para.text[s:e] for el, s, e in loc.segments if el is not None)


def test_tab_and_break_kept_as_non_wt_segments(full_doc):
    p = next(p for p in full_doc.paragraphs if p.text.startswith("Début"))
    nones = [(s, e) for el, s, e in p.source.segments if el is None]
    assert [p.text[s:e] for s, e in nones] == ["\t", "\n"]


def test_footnote_story_is_blob_backed_and_flushable(full_doc):
    fn = next(p for p in full_doc.paragraphs if p.story == "footnote")
    story = fn.source.story
    assert story.from_blob and story.kind == "footnote"
    el = fn.source.text_segments()[0][0]
    el.text = "Note modifiée."
    flush_blob_stories(full_doc)
    assert b"Note modifi" in story.part.blob
    buf = io.BytesIO()
    full_doc.source.save(buf)
    again = read_docx_bytes(buf.getvalue(), "x.docx")
    assert any(p.story == "footnote" and p.text == "Note modifiée." for p in again.paragraphs)


def test_empty_paragraphs_kept():
    d = read_docx_bytes(fx.minimal_docx("<w:p/>" + fx.p_text("Texte") + "<w:p/>"), "a.docx")
    assert [p.text for p in d.paragraphs] == ["", "Texte", ""]


def test_empty_document_reads_fine():
    d = read_docx_bytes(fx.minimal_docx(""), "vide.docx")
    assert d.paragraphs == [] and d.text == ""


def test_dispatcher_reads_docx(tmp_path):
    path = fx.write(tmp_path, "lettre.docx", fx.full_fixture_docx())
    d = read_path(path)
    assert d.format == "docx" and d.paragraphs[1].text.startswith("Madame")
    assert read_bytes(fx.full_fixture_docx(), "lettre.docx").format == "docx"


# --- packaging variants that must be READ --------------------------------------------------
def test_template_dotx_read():
    d = read_docx_bytes(fx.dotx_bytes(), "modele.dotx")
    assert "{{ nom }}" in d.text


def test_strict_ooxml_read_with_notice():
    d = read_docx_bytes(fx.strict_docx(), "strict.docx")
    assert d.text == "Texte en OOXML strict."
    assert any("strict" in n for n in d.notices)


def test_missing_office_document_relationship():
    d = read_docx_bytes(fx.no_main_rel_docx(), "a.docx")
    assert d.text == "Sans relation principale."


def test_dangling_relationship_ignored():
    extra = {"word/_rels/document.xml.rels": fx.rels([("rId9", "image", "media/absent.png")])}
    d = read_docx_bytes(fx.minimal_docx(fx.p_text("Image absente"), extra=extra), "a.docx")
    assert d.text == "Image absente"


def test_text_box_fallback_used_when_choice_has_no_text():
    xml = fx.para(fx.run("Ancre"), "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\">"
                  "<w:drawing/></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
                  "<w:txbxContent>" + fx.p_text("Seulement ici") + "</w:txbxContent>"
                  "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>")
    d = read_docx_bytes(fx.minimal_docx(xml), "a.docx")
    assert [(p.story, p.text) for p in d.paragraphs] == [("body", "Ancre"),
                                                         ("textbox", "Seulement ici")]


def test_special_characters():
    xml = fx.para('<w:r><w:t>a</w:t><w:noBreakHyphen/><w:t>b</w:t><w:cr/>'
                  '<w:sym w:font="Arial" w:char="00E9"/><w:sym w:font="Wingdings" w:char="F0E0"/>'
                  "<w:softHyphen/><w:t>c</w:t></w:r>")
    d = read_docx_bytes(fx.minimal_docx(xml), "a.docx")
    assert d.paragraphs[0].text == "a\u2011b\néc"


def test_math_text_read_with_notice():
    xml = fx.para(fx.run("Formule "), "<m:oMath><m:r><m:t>x+1</m:t></m:r></m:oMath>")
    d = read_docx_bytes(fx.minimal_docx(xml), "a.docx")
    assert d.paragraphs[0].text == "Formule x+1"
    assert d.paragraphs[0].source.segments[-1][0] is None
    assert any("mathématiques" in n for n in d.notices)


# --- hostile and wrong files: refused, with the right reason --------------------------------
def test_zero_byte():
    assert refused(b"").reason == "empty"


def test_too_big():
    assert refused(b"PK\x03\x04" + b"\x00" * (pf.MAX_FILE_BYTES + 1)).reason == "too_big"


def test_truncated_zip():
    data = fx.full_fixture_docx()
    assert refused(data[: len(data) // 2]).reason == "broken_zip"
    assert refused(data[:-30]).reason == "broken_zip"


def test_random_bytes():
    rnd = random.Random(1234)
    data = bytes(rnd.getrandbits(8) for _ in range(5000))
    assert refused(data).reason == "not_zip"


def test_plain_text_renamed():
    err = refused("Madame, veuillez trouver ci-joint le formulaire.\n".encode() * 20)
    assert err.reason == "not_zip" and "texte brut" in str(err)


def test_rtf_renamed():
    assert refused(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Bonjour}").reason == "rtf"


def test_html_renamed():
    data = b"\xef\xbb\xbf<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>Bonjour</body></html>"
    assert refused(data).reason == "html"


def test_ole_encrypted_synthetic():
    err = refused(fx.ole_bytes("EncryptedPackage"))
    assert err.reason == "encrypted" and "mot de passe" in str(err)


def test_ole_legacy_doc_and_other():
    assert refused(fx.ole_bytes("WordDocument")).reason == "legacy_doc"
    assert refused(fx.ole_bytes("Workbook")).reason == "ole_other"
    assert refused(fx.ole_bytes(None)).reason == "ole_other"


def test_docm_refused():
    err = refused(fx.docm_bytes(), "lettre.docm")
    assert err.reason == "macro" and "sans macros" in str(err)
    # content type alone, and vbaProject.bin alone
    assert refused(fx.docm_bytes(with_vba=False)).reason == "macro"
    vba_only = fx.minimal_docx(fx.p_text("x"), extra={"word/vbaProject.bin": b"\0"})
    assert refused(vba_only).reason == "macro"


def test_zip_encryption_flag():
    assert refused(fx.zip_encrypted_flag_docx()).reason == "zip_encrypted"


def test_too_many_entries():
    assert refused(fx.many_entries_docx(pf.MAX_ENTRIES + 1)).reason == "too_many_entries"


def test_not_word_packages():
    assert refused(fx.xlsx_like_bytes()).reason == "not_word"
    no_ct = fx.zip_bytes({"_rels/.rels": fx.PKG_RELS, "word/document.xml": "<x/>"})
    assert refused(no_ct).reason == "not_word"
    odt = fx.zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text",
                        "content.xml": "<x/>"})
    assert "OpenDocument" in str(refused(odt))


def test_bad_crc():
    assert refused(fx.bad_crc_docx()).reason == "broken_zip"


def _measure(fn):
    tracemalloc.start()
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    try:
        fn()
    finally:
        elapsed = time.perf_counter() - t0
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    rss_growth_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0
    return elapsed, peak, rss_growth_kb


@pytest.mark.parametrize("builder, reason", [
    (fx.zip_bomb, "zip_bomb"),             # honest headers: 1 GiB declared
    (fx.zip_bomb_lying, "zip_bomb"),       # headers claim 1000 bytes
])
def test_zip_bomb_refused_fast_and_bounded(builder, reason):
    data = builder()                        # ~1.5 MB file inflating to 1 GiB
    assert len(data) < 3 << 20
    box = {}

    def run():
        with pytest.raises(ReadError) as ei:
            read_docx_bytes(data, "bombe.docx")
        box["err"] = ei.value

    elapsed, peak, rss_growth_kb = _measure(run)
    assert box["err"].reason == reason
    assert elapsed < 2.0
    assert peak < 200 << 20
    assert rss_growth_kb < 200 * 1024


def test_lying_header_inside_limits():
    """Declared 100 kB, actually 20 MB: caught while inflating, bounded memory."""
    data = fx.zip_bomb_lying(total=20 << 20, declared=100_000)
    elapsed, peak, _ = _measure(lambda: pytest.raises(ReadError, read_docx_bytes, data, "x.docx"))
    with pytest.raises(ReadError) as ei:
        read_docx_bytes(data, "x.docx")
    assert ei.value.reason == "zip_bomb"
    assert elapsed < 2.0 and peak < 50 << 20


def test_xxe_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("MOT-DE-PASSE-SECRET-42")
    try:
        d = read_docx_bytes(fx.xxe_docx(secret), "xxe.docx")
    except ReadError as err:                # refusing is acceptable too
        assert "MOT-DE-PASSE" not in str(err)
        return
    assert "MOT-DE-PASSE-SECRET-42" not in d.text
    assert d.paragraphs[0].text.startswith("Avant")


def test_billion_laughs():
    t0 = time.perf_counter()
    try:
        d = read_docx_bytes(fx.billion_laughs_docx(), "lol.docx")
    except ReadError as err:
        assert err.reason in ("xml_limit", "broken_xml")
    else:
        assert len(d.text) < 10_000         # entities never expanded
    assert time.perf_counter() - t0 < 2.0


def test_deep_nested_tables():
    d = read_docx_bytes(fx.deep_tables_docx(30), "deep.docx")
    assert d.paragraphs[0].text == "Cellule la plus profonde"
    assert d.paragraphs[0].story == "table"
    t0 = time.perf_counter()
    err = refused(fx.deep_tables_docx(300))  # beyond libxml2's depth limit (no huge_tree)
    assert err.reason == "xml_limit"
    assert time.perf_counter() - t0 < 2.0


def test_million_character_paragraph():
    data = fx.long_paragraph_docx(1_000_000)
    t0 = time.perf_counter()
    d = read_docx_bytes(data, "long.docx")
    assert time.perf_counter() - t0 < 5.0
    assert len(d.paragraphs) == 1 and len(d.paragraphs[0].text) == 1_000_000


def test_huge_text_node_refused_cleanly():
    """A single 12 MB text node exceeds libxml2's limit without huge_tree."""
    rnd = random.Random(3)
    words = [w for w in "le la les un une des votre demande dossier pièce délai mois "
             "accusons réception formulaire administration".split()]
    text = " ".join(rnd.choice(words) + str(rnd.randrange(1000)) for _ in range(1_300_000))
    data = fx.minimal_docx(fx.p_text(text), check_xml=False)   # not very compressible
    t0 = time.perf_counter()
    err = refused(data)
    assert err.reason == "xml_limit"
    assert time.perf_counter() - t0 < 5.0


def test_malformed_xml():
    bad = fx.minimal_docx("", doc_xml="<w:document><w:body>", check_xml=False)
    assert refused(bad).reason == "broken_xml"


def test_fuzzed_fixture_never_raises_other_exceptions():
    """Byte flips in a valid file: always a Document or a ReadError."""
    base = bytearray(fx.full_fixture_docx())
    rnd = random.Random(7)
    for _ in range(150):
        data = bytearray(base)
        for _ in range(rnd.randint(1, 8)):
            data[rnd.randrange(len(data))] = rnd.randrange(256)
        try:
            read_docx_bytes(bytes(data), "fuzz.docx")
        except ReadError:
            pass


def test_preflight_returns_zipfile():
    z = pf.preflight(fx.full_fixture_docx(), "a.docx")
    assert isinstance(z, zipfile.ZipFile)
    members = pf.verify_members(z)
    assert "word/document.xml" in members
    etree.fromstring(members["word/document.xml"])


def test_walk_speed_40k_words():
    """~40k words spread over 4,000 paragraphs: the walk stays fast."""
    sentence = "Nous accusons réception de votre demande et vous prions de bien vouloir. "
    body = "".join(fx.para(fx.run(sentence[:30], "<w:b/>"), fx.run(sentence[30:]))
                   for _ in range(4000))
    data = fx.minimal_docx(body)
    t0 = time.perf_counter()
    d = read_docx_bytes(data, "long.docx")
    elapsed = time.perf_counter() - t0
    assert len(d.paragraphs) == 4000
    assert elapsed < 1.5                      # open + walk; the walk itself is ~20 ms
