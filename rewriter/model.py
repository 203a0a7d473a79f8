"""The small set of types every stage of the pipeline shares.

read ──► segment ──► measure ──► match ──► suggest ──► report / rewrite

* Readers build a :class:`Document` made of :class:`Paragraph` objects in reading order.
  A paragraph knows *what* it says (``text``) and, opaquely, *where* its characters live
  in the source (``source``: docx runs, template offsets). Analysis never looks inside
  ``source``; writers (rewrite) do.
* Analysis produces :class:`Finding` objects and a :class:`FileReport` that converts to
  one ``files[]`` entry of the JSON contract (DESIGN.md §2).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("info", "warning", "error")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}

CATEGORIES = (
    "jargon", "formula", "passive", "nominalisation", "acronym", "long_sentence",
    "negation", "impersonal", "rare_word", "readability", "grammar", "spelling",
    "structure", "style",
)

# Where a paragraph comes from in the document ("story").
STORIES = ("body", "table", "header", "footer", "footnote", "endnote", "textbox", "comment")

# What a paragraph is in the letter. Only "prose" (and "list_item") count for readability;
# every role is still checked for jargon.
ROLES = ("prose", "list_item", "heading", "sender", "recipient", "reference", "date",
         "subject", "salutation", "closing", "signature", "empty")
PROSE_ROLES = ("prose", "list_item")


@dataclass
class Paragraph:
    text: str
    story: str = "body"
    role: str = "prose"
    # 1-based line and column of the paragraph's first character in the source file
    # (text formats only). ``line_starts`` holds the paragraph offsets at which a new
    # source line starts (after the first), so any offset maps back to (line, column).
    line: int | None = None
    column: int | None = None
    line_starts: list[int] = field(default_factory=list)
    # Offsets that belong to a template tag ({{ }}, {% %}, {# #}): findings never point
    # inside them, and analysis sees them masked.
    protected: list[tuple[int, int]] = field(default_factory=list)
    # Reader-specific locator (docx: the w:p element and its run segments). Opaque here.
    source: Any = field(default=None, repr=False, compare=False)

    def position(self, offset: int) -> tuple[int | None, int | None]:
        """(line, column), 1-based, of a character offset in this paragraph."""
        if self.line is None:
            return None, None
        line, start = self.line, 0
        for ls in self.line_starts:
            if ls <= offset:
                line += 1
                start = ls
            else:
                break
        if start == 0:
            return line, (self.column or 1) + offset
        return line, 1 + offset - start

    def is_protected(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.protected)


@dataclass
class Document:
    path: str
    paragraphs: list[Paragraph]
    format: str = "txt"            # docx | txt | md | jinja
    notices: list[str] = field(default_factory=list)   # e.g. "charts not analysed"
    source: Any = field(default=None, repr=False, compare=False)  # e.g. python-docx Document

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass
class Token:
    start: int          # offsets in the paragraph text
    end: int
    text: str           # surface form, as in the text
    norm: str           # lowercased, typographic apostrophes normalised
    lemma: str          # lemma (simplemma), lowercased
    is_word: bool = True
    # Contractions are split into sub-tokens sharing one surface span:
    # "du" -> ("de", "le"), "au" -> ("à", "le"). ``sub`` is the index of the part.
    part: int = 0
    parts: int = 1
    # A second lemma when the word may also be a verb form that simplemma, working word
    # by word, reads as a noun ("reste" -> rester, "procédé" -> procéder). "" if none.
    alt: str = ""


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    words: int = 0


@dataclass
class Finding:
    rule: str
    category: str
    severity: str
    message: str
    text: str
    paragraph: int
    start: int
    end: int
    suggestions: list[str] = field(default_factory=list)
    # True when suggestions[0] can be applied automatically (a safe replacement);
    # False when the suggestion is advice a person must act on.
    fixable: bool = False
    line: int | None = None
    column: int | None = None

    def to_dict(self) -> dict:
        return {
            "rule": self.rule, "category": self.category, "severity": self.severity,
            "message": self.message, "text": self.text, "paragraph": self.paragraph,
            "start": self.start, "end": self.end, "line": self.line, "column": self.column,
            "suggestions": list(self.suggestions), "fixable": self.fixable,
        }


@dataclass
class FileReport:
    path: str
    language: str | None = None
    score: float | None = None
    subscores: dict = field(default_factory=dict)
    readability: dict = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    notices: list[str] = field(default_factory=list)
    document: Document | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict:
        d = {
            "path": self.path,
            "language": self.language,
            "score": self.score,
            "subscores": self.subscores,
            "readability": self.readability,
            "findings": [f.to_dict() for f in self.findings],
            "error": self.error,
        }
        if self.notices:
            d["notices"] = list(self.notices)
        return d
