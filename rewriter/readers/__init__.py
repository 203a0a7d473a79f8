"""Readers: one module per format. ``read_path`` and ``read_bytes`` pick the right one.

Every reader returns a :class:`rewriter.model.Document` or raises
:class:`rewriter.errors.ReadError` with a clear French message.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import ReadError
from ..model import Document

# Upload / file size limit (compressed), here so that reading a .txt does not import the
# .docx safety checks (zipfile, lxml); readers.preflight uses the same value.
MAX_FILE_BYTES = 20 << 20

TEXT_EXT = {".txt", ".text", ".md", ".markdown"}
DOCX_EXT = {".docx", ".docm", ".dotx", ".dotm", ".doc"}
JINJA_EXT = {".j2", ".jinja", ".jinja2"}
SUPPORTED_EXT = TEXT_EXT | DOCX_EXT | JINJA_EXT


def read_bytes(data: bytes, name: str = "document") -> Document:
    """Read a document given as bytes; ``name`` (a file name) chooses the reader."""
    ext = Path(name).suffix.lower()
    if ext in DOCX_EXT:
        from . import docx as docx_reader
        return docx_reader.read_docx_bytes(data, name)
    if ext in JINJA_EXT or name.lower().endswith((".txt.j2", ".html.j2", ".md.j2")):
        from . import jinja as jinja_reader
        return jinja_reader.read_jinja_bytes(data, name)
    from . import text as text_reader
    return text_reader.read_text_bytes(data, name, markdown=ext in {".md", ".markdown"})


def read_file_bytes(path: str | os.PathLike) -> bytes:
    """The bytes of a letter file, with clear refusals (missing, a folder, too big)."""
    p = Path(path)
    if not p.exists():
        raise ReadError(f"Fichier introuvable : {p}.", "not_found")
    if p.is_dir():
        raise ReadError(f"{p} est un dossier, pas un fichier.", "is_dir")
    size = p.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ReadError(
            f"Ce fichier est trop volumineux ({size // (1 << 20)} Mo ; maximum "
            f"{MAX_FILE_BYTES >> 20} Mo). Enregistrez la lettre seule, sans images lourdes, "
            "puis recommencez.", "too_big")
    try:
        return p.read_bytes()
    except OSError as e:
        raise ReadError(f"Impossible de lire {p} : {e.strerror or e}.", "os_error") from None


def read_path(path: str | os.PathLike) -> Document:
    """Read a file (``-`` for standard input)."""
    if str(path) == "-":
        data = sys.stdin.buffer.read()
        return read_bytes(data, "-")
    doc = read_bytes(read_file_bytes(path), Path(path).name)
    doc.path = str(path)
    return doc
