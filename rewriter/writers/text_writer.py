"""Write a rewrite back into a ``.txt``, ``.md`` or Jinja text template.

The text readers keep each paragraph an exact slice of the source, with its 1-based
``line`` / ``column`` and the paragraph offsets where a new source line starts
(``Paragraph.position``). So every paragraph offset maps to one absolute offset in the
*original* source (line endings as they were: ``\\r\\n`` stays ``\\r\\n``), and a rewrite
is a few slice replacements on the original text, right to left. Nothing else changes:
not a byte outside the replaced spans.

* Template tags ``{{ }}``, ``{% %}``, ``{# #}`` are never touched: an edit that overlaps
  one is skipped (``template``).
* The source must say, at that place, exactly what the finding says (``mismatch``).
* Encoding: the output uses the input's encoding (UTF-8, with its BOM if it had one;
  UTF-16 with a BOM; Windows-1252 / Latin-1 for old files); if a replacement cannot be
  encoded in a legacy encoding the file is written in UTF-8 and a notice says so.
* Line endings: untouched outside the spans; a line break inside a replacement is
  written with the file's own line ending.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Document
from . import Edit, Skip

N_UTF8 = ("Le fichier d'origine était encodé en {enc} ; une suggestion contient un caractère "
          "impossible dans cet encodage : le fichier réécrit est en UTF-8.")


@dataclass
class TextOutcome:
    data: bytes
    text: str
    encoding: str
    applied: list[Edit] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def detect(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``, in the order the text reader decodes (readers/text.decode)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def line_starts(src: str) -> list[int]:
    """Offsets in ``src`` where each line starts (``\\r\\n``, ``\\r`` or ``\\n`` end a line,
    as in the reader, which normalises them before splitting)."""
    starts = [0]
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if c == "\r":
            i += 2 if i + 1 < n and src[i + 1] == "\n" else 1
            starts.append(i)
        elif c == "\n":
            i += 1
            starts.append(i)
        else:
            i += 1
    return starts


def _norm(s: str) -> str:
    return s.replace("\r\n", "\n").replace("\r", "\n")


def absolute(para, offset: int, starts: list[int]) -> int:
    line, col = para.position(offset)
    return starts[line - 1] + col - 1


def newline_of(src: str) -> str:
    if "\r\n" in src:
        return "\r\n"
    if "\r" in src:
        return "\r"
    return "\n"


def write_text(document: Document, data: bytes, edits: list[Edit]) -> TextOutcome:
    """Apply non-overlapping ``edits`` to the original bytes ``data`` of ``document``."""
    src, enc = detect(data)
    starts = line_starts(src)
    nl = newline_of(src)
    out = TextOutcome(b"", src, enc)
    spans: list[tuple[int, int, str, Edit]] = []
    for e in sorted(edits, key=lambda e: (e.paragraph, e.start)):
        para = document.paragraphs[e.paragraph]
        if para.line is None or para.text[e.start:e.end] != e.old or e.start >= e.end:
            out.skipped.append(Skip(e, "mismatch"))
            continue
        if para.is_protected(e.start, e.end):
            out.skipped.append(Skip(e, "template"))
            continue
        if e.new == e.old:
            out.skipped.append(Skip(e, "unchanged"))
            continue
        a, b = absolute(para, e.start, starts), absolute(para, e.end, starts)
        if _norm(src[a:b]) != e.old:
            out.skipped.append(Skip(e, "mismatch"))
            continue
        new = e.new.replace("\r\n", "\n").replace("\n", nl) if "\n" in e.new else e.new
        spans.append((a, b, new, e))
    spans.sort(key=lambda s: s[0])
    kept: list[tuple[int, int, str, Edit]] = []
    last = -1
    for s in spans:                      # defensive: the caller already removed overlaps
        if s[0] < last:
            out.skipped.append(Skip(s[3], "overlap"))
            continue
        kept.append(s)
        last = s[1]
    text = src
    for a, b, new, _e in reversed(kept):
        text = text[:a] + new + text[b:]
    out.applied = [s[3] for s in kept]
    out.text = text
    try:
        out.data = text.encode(enc)
    except UnicodeEncodeError:
        out.data = text.encode("utf-8")
        out.encoding = "utf-8"
        out.notices.append(N_UTF8.format(enc=enc))
    return out
