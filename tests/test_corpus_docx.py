"""The .docx reader over real-world files: ../shared/corpus (docx-wild, letters-public).

The corpus lives next to the repository (``<repo>/../shared/corpus``); set
``REWRITER_CORPUS`` to point elsewhere. Tests skip with a clear reason when it is absent.

Every file must be either read (a Document) or refused with ReadError — never another
exception — and the outcome must agree with docx-wild/MANIFEST.tsv.
"""
from __future__ import annotations

import collections
import csv
import os
import re
import time
from pathlib import Path

import pytest

try:
    import fixtures_docx  # noqa: F401  (puts the repository on sys.path)
except ImportError:
    from tests import fixtures_docx  # noqa: F401

from rewriter.errors import ReadError
from rewriter.readers.docx import read_docx_bytes

CORPUS = Path(os.environ.get("REWRITER_CORPUS")
              or Path(__file__).resolve().parents[1].parent / "shared" / "corpus")
WILD = CORPUS / "docx-wild"
LETTERS = CORPUS / "letters-public"
PER_FILE_SECONDS = 5.0

# Files whose MANIFEST main_text_chars > 0 but whose accepted-changes text is empty:
# the MANIFEST counts every w:t, including text inside w:moveFrom.
EMPTY_WHEN_ACCEPTED = {
    "apache-poi/Tika-792.docx",   # only text is "b" inside w:moveFrom (moved away)
}
TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def _manifest() -> list[dict]:
    if not (WILD / "MANIFEST.tsv").is_file():
        pytest.skip(f"docx-wild corpus not found at {WILD} (set REWRITER_CORPUS)")
    with open(WILD / "MANIFEST.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@pytest.fixture(scope="module")
def wild_results() -> dict:
    """Read all 404 files once: {path: (row, Document | ReadError, seconds)}."""
    out = {}
    for row in _manifest():
        data = (WILD / row["path"]).read_bytes()
        t0 = time.perf_counter()
        try:
            res = read_docx_bytes(data, row["path"])
        except ReadError as e:
            res = e
        # any other exception propagates and fails the test: that is the point
        out[row["path"]] = (row, res, time.perf_counter() - t0)
    return out


def _tags(row) -> list[str]:
    return row["kind"].split(";")


@pytest.mark.slow
def test_wild_every_file_read_or_refused(wild_results):
    counts = collections.Counter(
        "read" if not isinstance(res, ReadError) else res.reason
        for _row, res, _t in wild_results.values())
    worst = max(wild_results.items(), key=lambda kv: kv[1][2])
    print(f"\ndocx-wild: {dict(sorted(counts.items()))}; "
          f"worst {worst[1][2]:.2f} s ({worst[0]})")
    assert len(wild_results) == 404
    assert counts["read"] == 379   # 362 python-docx-ok + 8 templates + 7 Strict + 2 dangling rels
    assert counts["encrypted"] == 4
    assert counts["legacy_doc"] == 1
    assert counts["broken_zip"] == 13
    assert counts["macro"] == 6
    assert counts["not_word"] == 1           # apache-poi/stress025.docx: a theme package


@pytest.mark.slow
def test_wild_reasons_match_manifest(wild_results):
    for path, (row, res, _t) in wild_results.items():
        tags = _tags(row)
        reason = res.reason if isinstance(res, ReadError) else "read"
        if "encrypted-cfb" in tags:
            assert reason == "encrypted", path
        elif "cfb-word97-doc" in tags:
            assert reason == "legacy_doc", path
        elif tags[0].startswith("zip-bad") or "zip-damaged" in tags:
            assert reason == "broken_zip", path
        elif "macro-enabled-ct" in tags or "has-vba" in tags:
            assert reason == "macro", path
        elif "unusual-namespace" in tags:
            assert reason == "not_word", path
        else:                                # incl. .dotx templates and Strict OOXML
            assert reason == "read", (path, reason, str(res))
        if row["python_docx_open"] == "ok":
            assert reason == "read", (path, reason)


@pytest.mark.slow
def test_wild_text_found(wild_results):
    for path, (row, res, _t) in wild_results.items():
        if isinstance(res, ReadError) or path in EMPTY_WHEN_ACCEPTED:
            continue
        if int(row["main_text_chars"] or 0) > 0:
            assert res.text.strip(), path


@pytest.mark.slow
def test_wild_templates_keep_jinja_tags(wild_results):
    checked = 0
    for path, (row, res, _t) in wild_results.items():
        if not path.startswith(("apilos/", "docxtpl/")) or "docxtpl-template" not in _tags(row):
            continue
        assert not isinstance(res, ReadError), path
        assert any(t in res.text for t in ("{{", "{%", "{#")), path
        if path.startswith("apilos/"):
            assert len(TAG_RE.findall(res.text)) >= 20, path
        checked += 1
    assert checked >= 40


@pytest.mark.slow
def test_wild_special_files(wild_results):
    def doc(p):
        res = wild_results[p][1]
        assert not isinstance(res, ReadError), p
        return res
    assert "Here should not be the POI web site" in doc("apache-poi/ExternalEntityInText.docx").text
    strict = doc("open-xml-sdk/Strict01.docx")
    assert any("strict" in n for n in strict.notices) and len(strict.text) > 5000
    assert {"footnote", "endnote"} <= {p.story for p in strict.paragraphs}
    for p in ("open-xml-sdk/BusinessLetter_TP10067038.dotx", "apache-poi/60316.dotx"):
        assert doc(p).text.strip()
    assert doc("docx4j/unmarshallFromTemplateExample.docx").text.strip()
    assert any("altChunk" in n for n in doc("apache-poi/stress012.docx").notices)
    assert any("graphiques" in n for n in doc("apache-poi/61745.docx").notices)


@pytest.mark.slow
def test_wild_paragraph_segments_consistent(wild_results):
    for path, (_row, res, _t) in wild_results.items():
        if isinstance(res, ReadError):
            continue
        for para in res.paragraphs:
            pos = 0
            for el, s, e in para.source.segments:
                assert s == pos, path
                if el is not None:
                    assert el.text == para.text[s:e], path
                pos = e
            assert pos == len(para.text), path


@pytest.mark.slow
def test_wild_time_per_file(wild_results):
    worst_path, (_row, _res, worst) = max(wild_results.items(), key=lambda kv: kv[1][2])
    assert worst < PER_FILE_SECONDS, (worst_path, worst)


@pytest.mark.slow
def test_letters_public_docx_read_in_french():
    if not LETTERS.is_dir():
        pytest.skip(f"letters-public corpus not found at {LETTERS} (set REWRITER_CORPUS)")
    files = sorted(LETTERS.rglob("*.docx"))
    assert files, "no .docx in letters-public"
    french = re.compile(r"\b(le|la|les|de|des|vous|votre|madame|monsieur)\b", re.I)
    for f in files:
        d = read_docx_bytes(f.read_bytes(), f.name)
        assert d.paragraphs, f
        if "/fr/" in f.as_posix():
            assert len(french.findall(d.text)) >= 5, f
