"""Robustness over the wild corpus: every readable .docx can be rewritten (clean and with
tracked changes), python-docx re-reads what we wrote, and LibreOffice opens it.

The edits are synthetic (one word per paragraph becomes « XYZ »), so that every file, in
any language, exercises the writer in every kind of container it has.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import time
from pathlib import Path

import docx
import pytest

from rewriter.errors import ReadError
from rewriter.readers import read_bytes
from rewriter.writers import Edit
from rewriter.writers.docx_writer import write_docx

pytestmark = pytest.mark.slow
MAX_EDITS = 40


def synthetic_edits(doc) -> list[Edit]:
    edits = []
    for i, p in enumerate(doc.paragraphs):
        words = [w for w in p.text.split(" ") if len(w) >= 4 and w.isalpha()]
        if not words:
            continue
        w = words[len(words) // 2]
        start = p.text.find(" " + w + " ")
        if start < 0:
            continue
        edits.append(Edit(i, start + 1, start + 1 + len(w), w, "XYZ"))
        if len(edits) >= MAX_EDITS:
            break
    return edits


def _readable(corpus: Path) -> list[Path]:
    files = sorted(p for p in (corpus / "docx-wild").rglob("*")
                   if p.suffix.lower() in (".docx", ".docm", ".dotx", ".dotm"))
    return files


def test_every_readable_file_rewrites_and_reopens(corpus, tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    written, refused, worst = [], 0, (0.0, "")
    origin: dict[str, Path] = {}
    for f in _readable(corpus):
        data = f.read_bytes()
        try:
            read_bytes(data, f.name)
        except ReadError:
            refused += 1
            continue
        for tracked in (False, True):
            doc = read_bytes(data, f.name)       # a fresh tree each time
            t0 = time.perf_counter()
            outcome = write_docx(doc, synthetic_edits(doc), track_changes=tracked)
            elapsed = time.perf_counter() - t0
            worst = max(worst, (elapsed, f.name))
            assert outcome.data[:2] == b"PK", f.name
            # python-docx re-reads it (template content types are read by our reader)
            again = read_bytes(outcome.data, f.name)
            assert again is not None
            if f.suffix.lower() == ".docx":
                docx.Document(io.BytesIO(outcome.data))
            target = out_dir / f"{'t' if tracked else 'c'}-{len(written):04d}.docx"
            target.write_bytes(outcome.data)
            written.append(target)
            origin[target.name] = f
    assert len(written) >= 2 * 370 and refused <= 25
    assert worst[0] < 10, f"rewrite too slow: {worst}"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice absent (paquet libreoffice-writer-nogui) : ouverture non testée")
    # one LibreOffice process converts them all to PDF
    profile = tmp_path / "lo-profile"
    pdf_dir = tmp_path / "pdf"
    batch = 120
    for k in range(0, len(written), batch):
        chunk = written[k:k + batch]
        subprocess.run([soffice, "--headless", "--norestore",
                        f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                        "--outdir", str(pdf_dir), *map(str, chunk)],
                       capture_output=True, timeout=1500, check=False)
    missing = [p.name for p in written if not (pdf_dir / (p.stem + ".pdf")).exists()]
    # a rewritten file LibreOffice cannot open is only acceptable if the original cannot
    # be opened either (docx4j/2010-mcAlternateContent.docx, for one)
    originals = sorted({origin[m] for m in missing})
    orig_dir = tmp_path / "orig"
    orig_dir.mkdir()
    copies = []
    for k, o in enumerate(originals):
        c = orig_dir / f"o-{k:03d}{o.suffix}"
        shutil.copy(o, c)
        copies.append(c)
    if copies:
        subprocess.run([soffice, "--headless", "--norestore",
                        f"-env:UserInstallation=file://{profile}", "--convert-to", "pdf",
                        "--outdir", str(orig_dir), *map(str, copies)],
                       capture_output=True, timeout=600, check=False)
    opened_originals = [o.name for o, c in zip(originals, copies)
                        if (orig_dir / (c.stem + ".pdf")).exists()]
    assert not opened_originals, (
        f"LibreOffice ouvre l'original mais pas la version réécrite : {opened_originals}")
