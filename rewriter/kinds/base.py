"""What rule kinds see: the analysed document (never lxml), and a helper to build findings."""
from __future__ import annotations

import bisect
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

    def _index(self):
        idx = self.__dict__.get("_sent_index")
        if idx is None:
            idx = ([s.sentence.start for s in self.sentences], [s.first for s in self.sentences])
            self.__dict__["_sent_index"] = idx
        return idx

    def sentence_of(self, token_index: int) -> SentenceSpan | None:
        firsts = self._index()[1]
        k = bisect.bisect_right(firsts, token_index) - 1
        if k >= 0 and self.sentences[k].first <= token_index < self.sentences[k].last:
            return self.sentences[k]
        return None

    def starts_sentence(self, offset: int) -> bool:
        """True when ``offset`` is the first word of a sentence (ignoring bullets/quotes)."""
        starts = self._index()[0]
        k = bisect.bisect_right(starts, offset) - 1
        if k < 0:
            return False
        s = self.sentences[k]
        if not (s.sentence.start <= offset < s.sentence.end):
            return False
        if s.first < len(self.tokens):
            first_word = self.tokens[s.first].start
            if first_word == offset:
                return True
            if first_word < offset:      # a word comes before: not the start
                return False
        head = self.text[s.sentence.start:offset]   # only bullets/quotes before a word
        return not any(c.isalnum() for c in head)


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
