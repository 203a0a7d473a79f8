"""Long sentences (prose only): more than ``max_words`` words (default from settings, 25).
From ``error_words`` (default 40) the finding uses ``error_severity`` (default the rule's
own severity). The sentence itself is advice (a person rewrites it), but where it can be
cut safely, a separate fixable finding proposes the cut: at a semicolon, or before
« et / mais / puis / ou » (English "and / but / then / or") when a new subject follows
(« …le 3 mars, et la rue sera fermée » → « …le 3 mars. La rue sera fermée »). Each part
keeps at least ``min_part_words`` words (default 6). ``split: false`` turns cuts off."""
from __future__ import annotations

from .base import DocContext, finding

KEYS = {"max_words", "error_words", "error_severity", "split", "min_part_words"}

# Words that start a clause with its own subject, after which a cut is grammatical.
_SUBJECT_START = {
    "fr": {"il", "elle", "ils", "elles", "nous", "vous", "je", "j'", "on", "ce", "c'", "cela",
           "ceci", "le", "la", "les", "l'", "un", "une", "des", "votre", "vos", "notre", "nos",
           "son", "sa", "ses", "leur", "leurs", "cette", "ces", "cet", "chaque", "aucun",
           "aucune", "mon", "ma", "mes", "tout", "toute", "tous", "toutes"},
    "en": {"he", "she", "they", "we", "you", "i", "it", "the", "this", "these", "that",
           "those", "your", "our", "their", "his", "her", "its", "a", "an", "each", "every",
           "no", "my"},
}
_JOINERS = {"fr": {"et": "", "mais": "Mais ", "puis": "Puis ", "ou": "Ou ", "car": "En effet, ",
                   "cependant": "Cependant, ", "toutefois": "Toutefois, ",
                   "néanmoins": "Néanmoins, ", "donc": "Donc "},
            "en": {"and": "", "but": "But ", "then": "Then ", "or": "Or ", "so": "So ",
                   "because": "This is because ", "however": "However, "}}
# ", ce qui entraîne…" -> ". Cela entraîne…" (a relative clause with its own verb)
_RELATIVE = {"fr": ("ce", "qui", "Cela"), "en": ("which", None, "This")}
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
                    if rule.params.get("split", True):
                        out.extend(self._cuts(rule, pc, ss, doc.language,
                                              int(rule.params.get("min_part_words", 6))))
        return out

    @staticmethod
    def _cuts(rule, pc, ss, language: str, min_words: int) -> list:
        """Fixable cut points inside one long sentence."""
        toks, text = pc.tokens, pc.text
        subjects = _SUBJECT_START.get(language, _SUBJECT_START["en"])
        joiners = _JOINERS.get(language, _JOINERS["en"])
        cuts = []
        rel_lead = ""
        last_cut_word = 0          # words since the previous cut (or the sentence start)
        depth = 0
        for k in range(ss.first, ss.last - 1):
            t = toks[k]
            between = text[toks[k - 1].end if k > ss.first else ss.sentence.start:t.start]
            depth += between.count("(") - between.count(")") + between.count("«") - \
                between.count("»")
            index = k - ss.first
            sep = None
            if depth == 0 and k > ss.first and between.strip() == ";":
                sep = (toks[k - 1].end, t, "")
            elif depth == 0 and t.norm in joiners and between.strip() == "," and \
                    k + 1 < ss.last and toks[k + 1].norm in subjects and \
                    text[t.end:toks[k + 1].start].strip() == "":
                sep = (toks[k - 1].end, toks[k + 1], joiners[t.norm])
            elif depth == 0 and between.strip() == "," and language in _RELATIVE:
                w1, w2, lead_word = _RELATIVE[language]
                if t.norm == w1 and (w2 is None or (k + 1 < ss.last and toks[k + 1].norm == w2)):
                    nxt_i = k + 2 if w2 else k + 1
                    if nxt_i < ss.last:
                        sep = (toks[k - 1].end, toks[nxt_i - 1], None)
                        rel_lead = lead_word
            if sep is None:
                continue
            start, nxt, lead = sep
            remaining = ss.last - (toks.index(nxt) if nxt is not t else k)
            if index - last_cut_word < min_words or remaining < min_words:
                continue
            if pc.paragraph.is_protected(start, nxt.end):
                continue
            word = text[nxt.start:nxt.end]
            if lead is None:                  # ", ce qui" -> ". Cela"
                repl = ". " + rel_lead
            else:
                new_word = (word[0].upper() + word[1:]) if not lead else word
                repl = ". " + lead + new_word
            msg = ("Coupez la phrase ici : deux phrases courtes se lisent mieux qu'une longue."
                   if language == "fr" else
                   "Cut the sentence here: two short sentences read better than a long one.")
            cuts.append(finding(rule, pc, start, nxt.end, [repl], fixable=rule.fix,
                                message=msg, severity="info"))
            last_cut_word = index + 1
        return cuts
