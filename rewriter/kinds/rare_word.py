"""Rare words: a word most readers seldom meet (``apurement``, ``forclusion``,
``ampliation``), measured by its frequency in everyday French or English.

Frequencies come from the ``wordfreq`` library (Zipf scale: 3 = once per million words;
the word and its lemma are both looked up, so an inflected form of a common word is not
rare). The list of common words is built once and cached. Capitalised words inside a sentence (names), acronyms, numbers, template variables
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


@lru_cache(maxsize=8)
def common_words(language: str, limit: float) -> frozenset | None:
    """Words at least as frequent as ``limit`` (Zipf). Built once from wordfreq and kept
    in the rewriter cache folder, so a run does not load wordfreq's full lists (0.3 s)."""
    from .. import cache

    name = f"common-{language}-{limit:.2f}.pickle"
    words = cache.load(name)
    if words is not None:
        return words
    try:
        from wordfreq import get_frequency_dict
    except ImportError:  # optional dependency: the rule then does nothing
        return None
    with _lock:
        freqs = get_frequency_dict(language, wordlist="best")
    threshold = 10 ** (limit - 9)        # Zipf = log10(frequency per billion words)
    words = frozenset(w for w, f in freqs.items() if f >= threshold)
    cache.store(name, words)
    return words


class Checker:
    def __init__(self, rules, language):
        self.rules = rules

    def check(self, doc: DocContext):
        out = []
        lang = doc.language
        for rule in self.rules:
            limit = float(rule.params.get("max_zipf", 2.5))
            common = common_words(lang, limit)
            if common is None:
                return out
            minl = int(rule.params.get("min_letters", 5))
            ignore = {w.lower() for w in rule.params.get("ignore") or ()}
            for pc in doc.paragraphs:
                if not pc.prose:
                    continue
                for t in pc.tokens:
                    w = t.norm
                    # a common word or lemma is never flagged: tested first (most words)
                    if len(w) < minl or w in common or t.lemma in common:
                        continue
                    if not w.isalpha() or w in ignore or t.lemma in ignore:
                        continue
                    if t.text[:1].isupper() and not pc.starts_sentence(t.start):
                        continue   # a name
                    if sum(c.isupper() for c in t.text) > 1:
                        continue   # an acronym
                    if w not in common and t.lemma not in common:
                        out.append(finding(rule, pc, t.start, t.end))
        return out
