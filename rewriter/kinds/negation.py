"""Negation that makes the reader work: stacked negations in one sentence (``il n'est pas
impossible que``, ``vous ne pourrez pas ne pas…``, ``ne … pas sans``), and the half
negation without *pas* (``ne peut refuser``) that readers misread.

Fields: ``max_per_sentence`` (default 1 negation), ``negative_words`` (words with a
negative meaning that make a double negation with *ne*/*not*), ``half`` (true: also flag
*ne* without a second negative word).
"""
from __future__ import annotations

from .base import DocContext, finding

KEYS = {"max_per_sentence", "negative_words", "half"}
CATEGORY = "negation"

_FR_NEG_WORDS = {"pas", "plus", "jamais", "rien", "aucun", "aucune", "personne", "guère",
                 "point", "nullement", "ni", "que", "nul", "nulle"}
_FR_NEGATIVE_MEANING = {"sans", "impossible", "interdit", "interdite", "refus", "refuser",
                        "défaut", "manquer", "empêcher", "inutile", "illégal", "irrégulier",
                        "incomplet", "incomplète", "inexact", "non", "absence", "impossibilité",
                        "contraire", "exclu", "exclue", "indispensable", "invalide",
                        "incompatible", "inconnu", "inéligible", "irrecevable", "négliger"}
_EN_NEG = {"not", "n't", "no", "never", "nothing", "none", "nobody", "neither", "nor",
           "cannot"}
_EN_NEGATIVE_MEANING = {"without", "unless", "impossible", "unable", "fail", "failure",
                        "refuse", "deny", "prohibited", "invalid", "incomplete", "unlawful",
                        "except", "absence", "lack", "unnecessary", "uncommon", "unusual"}


def validate(rule) -> list[str]:
    v = rule.params.get("max_per_sentence")
    if v is not None and (not isinstance(v, int) or v < 1):
        return ["« max_per_sentence » doit être un nombre entier (1 ou plus)"]
    return []


def _closing(toks, first: int, stop: int, fr: bool) -> int:
    """Index of the word closing the negation opened at ``first`` (pas, plus, jamais…)."""
    if not fr:
        return first
    for k in range(first + 1, min(first + 6, stop)):
        if toks[k].norm in _FR_NEG_WORDS:
            return k
    return first + 1


class Checker:
    def __init__(self, rules, language):
        self.rules = rules

    def check(self, doc: DocContext):
        out = []
        fr = doc.language == "fr"
        for rule in self.rules:
            p = rule.params
            maxn = p.get("max_per_sentence", 1)
            negmean = set(p.get("negative_words") or
                          (_FR_NEGATIVE_MEANING if fr else _EN_NEGATIVE_MEANING))
            for pc in doc.paragraphs:
                toks = pc.tokens
                for ss in pc.sentences:
                    idx = range(ss.first, ss.last)
                    if fr:
                        nes = [i for i in idx if toks[i].norm in ("ne", "n'") and not
                               (i + 1 < ss.last and toks[i + 1].norm == "importe")]
                    else:
                        nes = [i for i in idx if toks[i].norm in _EN_NEG or
                               toks[i].norm.endswith("n't")]
                    if not nes:
                        continue
                    first = nes[0]
                    # the negative-meaning word must sit in the same clause, just after the
                    # negation ("n'est pas impossible", "ne partez pas sans"), and stacked
                    # negations must be close ("vous ne pourrez pas ne pas…")
                    close = _closing(toks, first, ss.last, fr)
                    negm = [i for i in range(first + 1, min(close + 4, ss.last))
                            if toks[i].norm in negmean or toks[i].lemma in negmean]
                    stacked = [i for i in nes[1:] if i - close <= 4]
                    if len(stacked) + 1 > maxn and stacked:
                        nes = [first] + stacked
                    elif not negm:
                        nes = [first]
                    if (len(nes) > maxn) or negm:
                        last_i = max(nes[-1], negm[-1] if negm else nes[-1])
                        # extend to the negative word that closes the last "ne"
                        if fr:
                            for k in range(nes[-1] + 1, min(nes[-1] + 5, ss.last)):
                                if toks[k].norm in _FR_NEG_WORDS:
                                    last_i = max(last_i, k)
                                    break
                        out.append(finding(rule, pc, toks[first].start, toks[last_i].end))
                        continue
                    subj = [k for k in range(max(ss.first, first - 5), first)
                            if toks[k].norm in ("nul", "nulle", "aucun", "aucune", "personne",
                                                "rien", "ni", "jamais")]
                    if fr and subj and any(toks[k].norm in negmean or toks[k].lemma in negmean
                                           for k in range(subj[0] + 1, first)):
                        # "Aucun dossier non signé ne sera accepté": two negations
                        out.append(finding(rule, pc, toks[subj[0]].start,
                                           toks[min(first + 1, ss.last - 1)].end))
                        continue
                    if fr and p.get("half", True) and not subj:
                        # "ne peut refuser": ne + verb with no second negative word
                        window = [toks[k].norm for k in range(first + 1, min(first + 5, ss.last))]
                        if not any(w in _FR_NEG_WORDS for w in window):
                            end_i = min(first + 2, ss.last - 1)
                            msg = ("Négation incomplète (« ne » sans « pas ») : elle se lit mal. "
                                   "Écrivez « ne … pas » ou tournez la phrase à l'affirmative.")
                            out.append(finding(rule, pc, toks[first].start, toks[end_i].end,
                                               message=msg, severity="info"))
        return out
