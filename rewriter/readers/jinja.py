"""Jinja text templates (.j2, .jinja, .txt.j2, .md.j2, .html.j2).

The template source is read as text, with its exact line and column positions; template
tags are protected by the analysis (a ``{{ variable }}`` counts as one neutral word, control
and comment tags are invisible, and no finding points inside a tag). Every branch of an
``{% if %}`` is checked, since all of them are in the source.
"""
from __future__ import annotations

from ..model import Document
from .text import decode, document_from_text


def read_jinja_bytes(data: bytes, name: str) -> Document:
    text = decode(data, name)
    markdown = name.lower().endswith((".md.j2", ".md.jinja"))
    return document_from_text(text, name, markdown=markdown, fmt="jinja")
