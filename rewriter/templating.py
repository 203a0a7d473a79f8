"""Template tags inside letter text (docxtpl and Jinja): ``{{ var }}``, ``{% if %}``,
``{# comment #}``. Findings never point inside a tag; a variable counts as one neutral
word; control and comment tags are invisible to the analysis."""
from __future__ import annotations

import re

TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def tag_spans(text: str) -> list[tuple[int, int]]:
    if "{" not in text:
        return []
    return [(m.start(), m.end()) for m in TAG_RE.finditer(text)]


# Web addresses and e-mail addresses are not prose: never analysed, never rewritten.
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>«»\"]+[^\s<>«»\".,;:!?)]|"
                    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|"
                    r"\b[\w-]+(?:\.[\w-]+)*\.(?:fr|com|org|net|gouv\.fr|eu|gov|uk|info)\b(?:/\S*)?",
                    re.I)


_TLD = re.compile(r"\w\.(?:fr|com|org|net|eu|gov|uk|info)\b", re.I)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Template tags, web and e-mail addresses: spans the analysis must not touch."""
    spans = tag_spans(text)
    if "@" in text or "://" in text or "www." in text or _TLD.search(text):
        spans += [(m.start(), m.end()) for m in URL_RE.finditer(text)
                  if not any(s <= m.start() < e for s, e in spans)]
    return sorted(spans)
