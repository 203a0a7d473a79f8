"""The plain-language score: 0–100, higher is plainer, with four sub-scores that explain it.

* **lisibilité** (readability): the Flesch reading ease of the prose (Kandel & Moles for
  French), 20 → 0 and 80 → 100;
* **phrases** (sentences): average length above 15 words and the share of sentences over
  the long-sentence limit cost points;
* **vocabulaire** (vocabulary): jargon, formulas, acronyms and rare words per 100 words;
* **tournures** (constructions): passives, impersonal turns, negations and nominalisations
  per sentence.

Each finding weighs 0.5 (info), 1 (warning) or 2 (error). Weights of the sub-scores:
0.30, 0.25, 0.30, 0.15.
"""
from __future__ import annotations

import math

from .model import Finding

WEIGHTS = {"readability": 0.30, "sentences": 0.25, "vocabulary": 0.30, "constructions": 0.15}
SEV_WEIGHT = {"info": 0.5, "warning": 1.0, "error": 2.0}
VOCAB_CATS = {"jargon", "formula", "acronym", "rare_word", "spelling", "grammar", "style"}
CONSTRUCTION_CATS = {"passive", "impersonal", "negation", "nominalisation"}

LABELS = {
    "fr": {"readability": "Lisibilité", "sentences": "Phrases", "vocabulary": "Vocabulaire",
           "constructions": "Tournures"},
    "en": {"readability": "Readability", "sentences": "Sentences", "vocabulary": "Vocabulary",
           "constructions": "Constructions"},
}


def _clamp(x: float) -> float:
    return max(0.0, min(100.0, x))


def compute(readability: dict, findings: list[Finding], language: str,
            long_limit: int = 25) -> tuple[float | None, dict]:
    words = readability.get("words") or 0
    sentences = readability.get("sentences") or 0
    if not words:
        return None, {}
    fr = language == "fr"
    flesch = readability.get("flesch")
    r = _clamp((flesch - 20.0) * 100.0 / 60.0) if flesch is not None else 50.0
    asl = readability.get("avg_sentence_words") or 0
    long_share = (readability.get("long_sentences") or 0) / max(sentences, 1)
    s = _clamp(100.0 - max(0.0, asl - 15.0) * 4.0 - long_share * 100.0)
    vocab_w = sum(SEV_WEIGHT[f.severity] for f in findings if f.category in VOCAB_CATS)
    density = vocab_w * 100.0 / max(words, 1)
    v = 100.0 * math.exp(-density / 4.0)
    cons_w = sum(SEV_WEIGHT[f.severity] for f in findings if f.category in CONSTRUCTION_CATS)
    rate = cons_w / max(sentences, 1)
    c = 100.0 * math.exp(-rate * 1.5)
    parts = {"readability": r, "sentences": s, "vocabulary": v, "constructions": c}
    total = sum(WEIGHTS[k] * parts[k] for k in parts)
    labels = LABELS["fr" if fr else "en"]
    flesch_txt = f"{flesch:.0f}" if flesch is not None else "?"
    if fr:
        details = {
            "readability": f"Indice de Flesch (Kandel et Moles) {flesch_txt} : "
                           f"{band(flesch, 'fr')}.",
            "sentences": f"Phrases de {asl:.0f} mots en moyenne (visez 15 à 20) ; "
                         f"{readability.get('long_sentences', 0)} phrase(s) de plus de "
                         f"{long_limit} mots.",
            "vocabulary": f"{vocab_w:g} point(s) de jargon, formules ou sigles pour "
                          f"{words} mots ({density:.1f} pour 100 mots).",
            "constructions": f"{cons_w:g} point(s) de tournures lourdes (passif, impersonnel, "
                             f"négation, nominalisation) pour {sentences} phrase(s).",
        }
    else:
        details = {
            "readability": f"Flesch reading ease {flesch_txt}: {band(flesch, 'en')}.",
            "sentences": f"{asl:.0f} words per sentence on average (aim for 15 to 20); "
                         f"{readability.get('long_sentences', 0)} sentence(s) over "
                         f"{long_limit} words.",
            "vocabulary": f"{vocab_w:g} point(s) of jargon, stock phrases or acronyms for "
                          f"{words} words ({density:.1f} per 100 words).",
            "constructions": f"{cons_w:g} point(s) of heavy constructions (passive, "
                             f"impersonal, negation, nominalisation) for {sentences} "
                             f"sentence(s).",
        }
    sub = {k: {"score": round(parts[k], 1), "weight": WEIGHTS[k], "label": labels[k],
               "detail": details[k]} for k in parts}
    return round(total, 1), sub


def band(flesch: float | None, language: str) -> str:
    if flesch is None:
        return "non calculé" if language == "fr" else "not computed"
    bands = [(90, "très facile", "very easy"), (80, "facile", "easy"),
             (70, "plutôt facile", "fairly easy"), (60, "standard", "standard"),
             (50, "plutôt difficile", "fairly difficult"), (30, "difficile", "difficult"),
             (-1e9, "très difficile", "very difficult")]
    for lo, fr, en in bands:
        if flesch >= lo:
            return fr if language == "fr" else en
    return ""
