"""Readability measures, computed on the prose of the letter only.

* Flesch reading ease with the French constants of Kandel & Moles (207 − 1.015·ASL −
  73.6·ASW) or the English ones, from OUR sentence split and OUR syllable counts (oral
  syllables for French: see docs/syllables.md). textstat's global language state is never
  used.
* LIX (Björnsson): words/sentences + 100 × long words/words (long = more than 6 letters).
* Sentence-length distribution: mean, number of long sentences, share of long words.
"""
from __future__ import annotations

from .config import FLESCH, Settings
from .model import Sentence, Token
from .syllables import _norm_lang, count_en, count_fr, count_syllables


def number_continues(toks, k: int, prev_end: int) -> bool:
    """Token ``k`` continues a number written in groups (« 02 43 12 34 56 », « 1 284,60 »,
    « 02.43.12.34.56 »): it is not a new word when the token before is a number too and
    only one separator character lies between them."""
    t = toks[k]
    if not t.text[:1].isdigit() or k == 0 or prev_end < 0:
        return False
    return toks[k - 1].text[-1:].isdigit() and t.start - prev_end == 1


def measure(sentences: list[tuple[Sentence, list[Token]]], language: str,
            settings: Settings | None = None) -> dict:
    """``sentences``: each prose sentence with its word tokens."""
    st = settings or Settings()
    fl = st.flesch.get(language, FLESCH.get(language, FLESCH["fr"]))
    words = syllables = long_words = counted = placeholders = 0
    lengths: list[int] = []
    # count_syllables(w, language) without re-reading ``language`` for every word (an
    # unsupported language still raises at the first word, as count_syllables does)
    try:
        syl = count_en if _norm_lang(language) == "en" else count_fr
    except ValueError:
        syl = lambda w: count_syllables(w, language)  # noqa: E731
    long_letters = st.long_word_letters
    for _sent, toks in sentences:
        n = 0
        last_start = last_end = -1
        for k, t in enumerate(toks):
            if t.start == last_start and t.end == last_end:
                continue               # sub-token of a contraction: one word on the page
            grouped = t.text[:1].isdigit() and number_continues(toks, k, last_end)
            last_start, last_end = t.start, t.end
            if not grouped:
                n += 1
            if t.norm == "{{}}":
                placeholders += 1
                continue
            counted += 1
            syllables += syl(t.norm)
            text = t.text
            letters = len(text) if text.isalpha() else sum(c.isalpha() for c in text)
            if letters >= long_letters:
                long_words += 1
        if n:
            lengths.append(n)
            words += n
    n_sent = len(lengths)
    if not words:
        return {"flesch": None, "lix": None, "words": 0, "sentences": 0, "syllables": 0,
                "avg_sentence_words": None, "avg_word_syllables": None, "long_sentences": 0,
                "very_long_sentences": 0, "long_words_share": None, "max_sentence_words": 0,
                "flesch_formula": _formula_name(language)}
    asl = words / n_sent
    asw = syllables / counted if counted else 0.0
    flesch = fl.base - fl.asl * asl - fl.asw * asw
    lix = asl + 100.0 * long_words / max(counted, 1)
    return {
        "flesch": round(flesch, 1),
        "lix": round(lix, 1),
        "words": words,
        "sentences": n_sent,
        "syllables": syllables,
        "avg_sentence_words": round(asl, 1),
        "avg_word_syllables": round(asw, 2),
        "long_sentences": sum(1 for n in lengths if n > st.long_sentence_words),
        "very_long_sentences": sum(1 for n in lengths if n > st.very_long_sentence_words),
        "max_sentence_words": max(lengths),
        "long_words_share": round(long_words / max(counted, 1), 3),
        "flesch_formula": _formula_name(language),
    }


def _formula_name(language: str) -> str:
    return "Kandel & Moles (1958)" if language == "fr" else "Flesch (1948)"
