"""Tunable constants, in one place (they can be overridden by a configuration file)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Flesch:
    base: float
    asl: float   # coefficient of average sentence length (words per sentence)
    asw: float   # coefficient of average syllables per word


# Kandel & Moles (1958) as used by textstat, Yoast and lucid-lint; the koRpus variant
# (209, 1.15, 68) is the documented alternative (reference notes §3.1).
FLESCH = {
    "fr": Flesch(207.0, 1.015, 73.6),
    "en": Flesch(206.835, 1.015, 84.6),
}


@dataclass
class Settings:
    language: str | None = None          # None = detect per document
    default_language: str = "fr"
    long_sentence_words: int = 25        # a sentence longer than this is flagged
    very_long_sentence_words: int = 40   # ... as a warning-or-worse from here
    long_word_letters: int = 7           # LIX: words of more than 6 letters
    flesch: dict = field(default_factory=lambda: dict(FLESCH))
    rules_paths: list = field(default_factory=list)    # extra (organisation) packs
    disabled_rules: set = field(default_factory=set)
    disabled_categories: set = field(default_factory=set)
    # Grammar and spelling backends (rewriter/grammar/): "auto" uses LanguageTool when a
    # server is configured (REWRITER_LANGUAGETOOL_URL), else Grammalecte for French when
    # grammalecte-cli is installed; "off" disables them.
    grammar: str = "auto"
    languagetool_url: str | None = None
