"""Plain text and Markdown letters (and standard input).

Encoding: UTF-8 (with or without BOM), UTF-16 with a BOM, then Windows-1252 / Latin-1 as
a fallback, so a letter saved by an old Windows editor still reads correctly.

Paragraphs: blocks separated by blank lines; inside a block, a line that continues a
sentence (the previous line does not end with punctuation and this one starts in lower
case) is joined to it, other lines start a new paragraph (address lines, list items).
A paragraph's text is an exact slice of the source, so every finding maps back to a line
and column of the file.
"""
from __future__ import annotations

import re

from ..errors import ReadError
from ..model import Document, Paragraph

_MD_HEADING = re.compile(r"^(#{1,6})\s+")
_MD_ITEM = re.compile(r"^(\s*(?:[-*+]|\d{1,3}[.)])\s+)")
_MD_QUOTE = re.compile(r"^(>\s?)+")
_END = tuple(".!?:;…»\"”)")


def decode(data: bytes, name: str = "") -> str:
    if data[:4] == b"PK\x03\x04":
        raise ReadError(f"{name or 'Ce fichier'} est un document Word ou une archive, pas du "
                        "texte : donnez-lui l'extension .docx.", "not_text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise ReadError(f"{name or 'Ce fichier'} ne contient pas du texte lisible (fichier "
                        "binaire) : enregistrez la lettre au format .docx ou .txt.", "binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_text_bytes(data: bytes, name: str, markdown: bool = False) -> Document:
    text = decode(data, name)
    return document_from_text(text, name, markdown=markdown)


def document_from_text(text: str, path: str = "<texte>", markdown: bool = False,
                       fmt: str | None = None) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    paragraphs: list[Paragraph] = []
    offsets = []
    pos = 0
    for ln in lines:
        offsets.append(pos)
        pos += len(ln) + 1
    cur: Paragraph | None = None
    cur_start = 0      # offset of the paragraph in the source
    prev_blank = True
    in_fence = False
    for idx, raw in enumerate(lines):
        lineno = idx + 1
        if markdown and raw.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            cur = None
            continue
        if in_fence:
            continue
        if not raw.strip():
            cur = None
            prev_blank = True
            continue
        role = "prose"
        skip = len(raw) - len(raw.lstrip())
        if markdown:
            m = _MD_HEADING.match(raw) or _MD_QUOTE.match(raw)
            if m:
                role = "heading" if raw.startswith("#") else "prose"
                skip = m.end()
            else:
                m = _MD_ITEM.match(raw)
                if m:
                    role = "list_item"
                    skip = m.end()
        content = raw[skip:].rstrip()
        if not content:
            continue
        continues = (cur is not None and not prev_blank and role == "prose" and
                     cur.role in ("prose", "list_item") and
                     not cur.text.rstrip().endswith(_END) and content[:1].islower())
        if continues:
            # join: the paragraph text keeps the newline and indentation (exact slice)
            start_in_source = offsets[idx] + skip
            gap = text[cur_start + len(cur.text):start_in_source]
            cur.line_starts.append(len(cur.text) + len(gap) - skip)
            cur.text = cur.text + gap + content
        else:
            cur = Paragraph(text=content, role=role, line=lineno, column=skip + 1)
            cur_start = offsets[idx] + skip
            paragraphs.append(cur)
        prev_blank = False
    doc_fmt = fmt or ("md" if markdown else "txt")
    return Document(path=path, paragraphs=paragraphs, format=doc_fmt)
