"""A short fuzzing run of the .docx reader (hypothesis), run in CI.

Mutations of a real letter (byte flips in the zip, truncations, and corrupted XML inside
a well-formed zip) must give a Document or a clear ReadError, never another exception,
and quickly. Longer runs: ``REWRITER_FUZZ_EXAMPLES=5000 pytest tests/test_fuzz_docx.py``.
"""
from __future__ import annotations

import io
import os
import time
import zipfile

import docx
from hypothesis import HealthCheck, given, settings, strategies as st

from rewriter.errors import ReadError
from rewriter.readers import read_bytes

EXAMPLES = int(os.environ.get("REWRITER_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _letter() -> bytes:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Mairie — Service des eaux"
    d.add_paragraph("Madame, veuillez trouver ci-joint la facture.")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "Il vous appartient de payer."
    d.add_paragraph("Je vous prie d'agréer mes salutations distinguées.")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


LETTER = _letter()
with zipfile.ZipFile(io.BytesIO(LETTER)) as _z:
    MEMBERS = {n: _z.read(n) for n in _z.namelist()}


def _read(data: bytes):
    t = time.perf_counter()
    try:
        read_bytes(data, "lettre.docx")
    except ReadError as e:
        assert str(e) and "Traceback" not in str(e)
    assert time.perf_counter() - t < 5


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(LETTER) - 1), st.integers(0, 255)),
                min_size=1, max_size=20),
       st.integers(0, len(LETTER)))
def test_byte_flips_and_truncations(flips, cut):
    data = bytearray(LETTER)
    for pos, val in flips:
        data[pos] = val
    _read(bytes(data[:cut] if cut > 30 else data))


@FUZZ
@given(st.sampled_from(sorted(n for n in MEMBERS if n.endswith(".xml"))),
       st.lists(st.tuples(st.integers(0, 10_000), st.binary(min_size=0, max_size=12)),
                min_size=1, max_size=8))
def test_corrupted_xml_in_a_valid_zip(member, edits):
    xml = bytearray(MEMBERS[member])
    for pos, chunk in edits:
        pos = pos % (len(xml) + 1)
        xml[pos:pos + len(chunk)] = chunk
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in MEMBERS.items():
            z.writestr(n, bytes(xml) if n == member else b)
    _read(buf.getvalue())
