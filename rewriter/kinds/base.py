"""What rule kinds see: the analysed document (never lxml), and a helper to build findings."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..config import Settings
from ..model import Finding, Paragraph, Sentence, Token


@dataclass
class SentenceSpan:
    sentence: Sentence
    first: int      # index of its first token in ParaContext.tokens
    last: int       # index after its last token


@dataclass
class ParaContext:
    index: int
    paragraph: Paragraph
    tokens: list[Token]
    sentences: list[SentenceSpan]
    prose: bool

    @property
    def text(self) -> str:
        return self.paragraph.text

    def sentence_of(self, token_index: int) -> SentenceSpan | None:
        for s in self.sentences:
            if s.first <= token_index < s.last:
                return s
        return None

    def starts_sentence(self, offset: int) -> bool:
        """True when ``offset`` is the first word of a sentence (ignoring bullets/quotes)."""
        for s in self.sentences:
            if s.sentence.start <= offset < s.sentence.end:
                if s.first < len(self.tokens) and self.tokens[s.first].start == offset:
                    return True
                head = self.text[s.sentence.start:offset]
                return not any(c.isalnum() for c in head)
        return False


@dataclass
class DocContext:
    language: str
    paragraphs: list[ParaContext]
    settings: Settings = field(default_factory=Settings)


def finding(rule, pc: ParaContext, start: int, end: int, suggestions=None, fixable=False,
            message: str | None = None, severity: str | None = None) -> Finding:
    return Finding(rule=rule.id, category=rule.category, severity=severity or rule.severity,
                   message=message or rule.message, text=pc.text[start:end],
                   paragraph=pc.index, start=start, end=end,
                   suggestions=list(suggestions or []), fixable=fixable)


def no_validation(rule) -> list[str]:
    return []
