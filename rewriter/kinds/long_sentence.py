"""Long sentences (prose only): more than ``max_words`` words (default from settings, 25).
From ``error_words`` (default 40) the finding uses ``error_severity`` (default the rule's
own severity). Advice only: a person must split the sentence."""
from __future__ import annotations

from .base import DocContext, finding

KEYS = {"max_words", "error_words", "error_severity"}
CATEGORY = "long_sentence"


def validate(rule) -> list[str]:
    probs = []
    for k in ("max_words", "error_words"):
        v = rule.params.get(k)
        if v is not None and (not isinstance(v, int) or v < 3):
            probs.append(f"« {k} » doit être un nombre entier de mots (par exemple 25)")
    return probs


class Checker:
    def __init__(self, rules, language):
        self.rules = rules
        self.language = language

    def check(self, doc: DocContext):
        out = []
        for rule in self.rules:
            limit = rule.params.get("max_words") or doc.settings.long_sentence_words
            hard = rule.params.get("error_words") or doc.settings.very_long_sentence_words
            sev_hard = rule.params.get("error_severity") or rule.severity
            for pc in doc.paragraphs:
                if not pc.prose:
                    continue
                for ss in pc.sentences:
                    n = ss.sentence.words
                    if n <= limit:
                        continue
                    if doc.language == "fr":
                        msg = (f"Phrase de {n} mots : coupez-la en phrases plus courtes, une idée "
                               f"par phrase (visez 15 à 20 mots, {limit} au plus).")
                    else:
                        msg = (f"This sentence has {n} words: split it, one idea per sentence "
                               f"(aim for 15 to 20 words, {limit} at most).")
                    out.append(finding(rule, pc, ss.sentence.start, ss.sentence.end,
                                       message=msg, severity=sev_hard if n > hard else None))
        return out
