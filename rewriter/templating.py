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
