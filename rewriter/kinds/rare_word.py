"""Rare words: a word most readers seldom meet (``apurement``, ``forclusion``,
``ampliation``), measured by its frequency in everyday French or English.

Frequencies come from the ``wordfreq`` library (Zipf scale: 3 = once per million words;
the word and its lemma are both looked up, so an inflected form of a common word is not
rare). Capitalised words inside a sentence (names), acronyms, numbers, template variables
and words already flagged by another rule are left alone. Advice only: explain the word or
use a common one.

Fields: ``max_zipf`` (default 2.5: rarer than that is flagged), ``min_letters`` (5),
``ignore`` (words never flagged, e.g. local place names or terms the letter explains).
"""
from __future__ import annotations

import threading
from functools import lru_cache

from .base import DocContext, finding

KEYS = {"max_zipf", "min_letters", "ignore"}
CATEGORY = "rare_word"
_lock = threading.Lock()


def validate(rule) -> list[str]:
    v = rule.params.get("max_zipf")
    if v is not None and not isinstance(v, (int, float)):
        return ["« max_zipf » doit être un nombre (par exemple 2.5)"]
    return []


@lru_cache(maxsize=100_000)
def zipf(word: str, language: str) -> float | None:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # optional dependency: the rule then does nothing
        return None
    with _lock:   # wordfreq loads its lists lazily; serialise the first load
        return zipf_frequency(word, language)


class Checker:
    def __init__(self, rules, language):
        self.rules = rules

    def check(self, doc: DocContext):
        out = []
        lang = doc.language
        if zipf("le" if lang == "fr" else "the", lang) is None:
            return out
        for rule in self.rules:
            limit = float(rule.params.get("max_zipf", 2.5))
            minl = int(rule.params.get("min_letters", 5))
            ignore = {w.lower() for w in rule.params.get("ignore") or ()}
            for pc in doc.paragraphs:
                if not pc.prose:
                    continue
                for k, t in enumerate(pc.tokens):
                    w = t.norm
                    if len(w) < minl or not w.isalpha() or w in ignore or t.lemma in ignore:
                        continue
                    if t.text[:1].isupper() and not pc.starts_sentence(t.start):
                        continue   # a name
                    if sum(c.isupper() for c in t.text) > 1:
                        continue   # an acronym
                    z = max(zipf(w, lang) or 0.0, zipf(t.lemma, lang) or 0.0)
                    if z < limit:
                        out.append(finding(rule, pc, t.start, t.end))
        return out
