"""Long sentences (prose only): more than ``max_words`` words (default from settings, 25).
From ``error_words`` (default 40) the finding uses ``error_severity`` (default the rule's
own severity). The sentence itself is advice (a person rewrites it), but where it can be
cut safely, a separate fixable finding proposes the cut: at a semicolon; before
« et / mais / puis / ou / car / parce que / puisque / c'est pourquoi / toutefois… »
(English "and / but / then / or / because…") when a new subject follows (« …le 3 mars, et
la rue sera fermée » → « …le 3 mars. La rue sera fermée »); « , ce qui » → « . Cela »;
« , laquelle pourra » → « . Elle pourra »; « , étant précisé que » → « . Notez que »;
« , les frais étant mis… » → « . Les frais sont mis… »; « Nous vous rappelons que A et
que B » → « … que A. De plus, B » (after informer, rappeler, préciser…). A relative or participle clause is
cut only when it is not an incise (its next comma is not followed by the main verb). Each
part keeps at least ``min_part_words`` words (default 6). ``split: false`` turns cuts off."""
from __future__ import annotations

from .base import DocContext, finding

KEYS = {"max_words", "error_words", "error_severity", "split", "min_part_words"}

# Words that start a clause with its own subject, after which a cut is grammatical.
_SUBJECT_START = {
    "fr": {"il", "elle", "ils", "elles", "nous", "vous", "je", "j'", "on", "ce", "c'", "cela",
           "ceci", "le", "la", "les", "l'", "un", "une", "des", "votre", "vos", "notre", "nos",
           "son", "sa", "ses", "leur", "leurs", "cette", "ces", "cet", "chaque", "aucun",
           "aucune", "mon", "ma", "mes", "tout", "toute", "tous", "toutes"},
    # not "that": ", and that a sum remains unpaid" continues a "that" clause
    "en": {"he", "she", "they", "we", "you", "i", "it", "the", "this", "these",
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
# ", laquelle pourra être majorée" -> ". Elle pourra être majorée": after a comma these
# pronouns are the subject of their clause, and they carry gender and number.
_REL_PRONOUNS = {"fr": {"lequel": "Il", "laquelle": "Elle", "lesquels": "Ils",
                        "lesquelles": "Elles"}}
# Several words that start a clause with its own subject: (words, lead)
_MULTI_JOINERS = {"fr": [(("c'", "est", "pourquoi"), "C'est pourquoi "),
                         (("parce", "que"), "En effet, "), (("parce", "qu'"), "En effet, "),
                         (("puisque",), "En effet, "), (("puisqu'",), "En effet, ")],
                  "en": []}
# Adverbs that may be followed by a comma before the subject (", toutefois, vous…")
_ADVERB_JOINERS = {"cependant", "toutefois", "néanmoins", "however"}
# ", étant précisé que …" -> ". Notez que …"
_PRECISE = {"fr": (("étant", "précisé"), "Notez ")}
# ", les frais de garde étant mis à votre charge" -> ". Les frais de garde sont mis…"
_ABS_PLURAL = {"les", "des", "ces", "vos", "nos", "leurs", "ses", "mes"}
_ABS_SINGULAR = {"le", "la", "l'", "ce", "cet", "cette", "votre", "notre", "son", "sa", "mon",
                 "ma", "leur"}
# An incise (« Le comptable, lequel est chargé du dossier, vous écrira ») must not be cut:
# the clause is cut only when it runs to the end of the sentence, or when its next comma
# is followed by one of these words (a preposition, a determiner, a conjunction…), never
# by a verb or a clitic pronoun that would belong to the main clause.
_AFTER_COMMA_OK = {"dans", "sans", "sur", "pour", "par", "avec", "selon", "conformément",
                   "notamment", "à", "au", "aux", "de", "du", "des", "d'", "qui", "dont", "où",
                   "lequel", "laquelle", "lesquels", "lesquelles", "et", "ou", "mais", "ainsi",
                   "soit", "étant", "avant", "après", "jusqu'", "depuis", "entre", "sous",
                   "vers", "chez", "ce", "cette", "ces", "cet", "votre", "vos", "notre", "nos",
                   "un", "une", "sauf", "hors", "outre", "afin", "puis", "car", "donc", "or",
                   "faute", "à défaut", "compte", "sachant", "tout", "toute", "tous", "toutes",
                   "which", "and", "but", "or", "with", "for", "in", "on", "by", "the", "a",
                   "an", "this", "that", "to", "from", "as"}
_ABS_BLOCK = {"qui", "que", "qu'", "dont", "où", "lequel", "laquelle", "lesquels",
              "lesquelles", "et", "ou"}
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
        pronouns = _REL_PRONOUNS.get(language, {})
        multi = _MULTI_JOINERS.get(language, [])
        cuts = []
        last_cut_word = 0          # words since the previous cut (or the sentence start)
        depth = 0
        for k in range(ss.first, ss.last - 1):
            t = toks[k]
            between = text[toks[k - 1].end if k > ss.first else ss.sentence.start:t.start]
            depth += between.count("(") - between.count(")") + between.count("«") - \
                between.count("»")
            index = k - ss.first
            if depth != 0 or k == ss.first:
                continue
            # (start, end, replacement, index of the first token of the next part)
            cut = None
            sep = between.strip()
            if language == "fr" and t.norm == "et" and sep in ("", ","):
                cut = _que_cut(toks, text, ss, k)
            if cut is None and sep == ";":
                start = toks[k - 1].end
                cut = (start, t.end, ". " + text[t.start].upper() + text[t.start + 1:t.end], k)
            elif cut is None and sep == ",":
                cut = _comma_cut(language, toks, text, k, ss.last, toks[k - 1].end, subjects,
                                 joiners, pronouns, multi)
            if cut is None:
                continue
            start, end, repl, nxt_k = cut
            if index - last_cut_word < min_words or ss.last - nxt_k < min_words:
                continue
            if pc.paragraph.is_protected(start, end):
                continue
            msg = ("Coupez la phrase ici : deux phrases courtes se lisent mieux qu'une longue."
                   if language == "fr" else
                   "Cut the sentence here: two short sentences read better than a long one.")
            cuts.append(finding(rule, pc, start, end, [repl], fixable=rule.fix,
                                message=msg, severity="info"))
            last_cut_word = nxt_k - ss.first     # the next part starts there
        return cuts


_QUE = ("que", "qu'")
# Words after which « que » opens a completive clause in the indicative (« nous vous
# rappelons que »), not a relative one (« le dossier que… ») nor a subjunctive (« il faut
# que »): the clause can then stand alone.
_COMPLETIVE = {"informer", "rappeler", "préciser", "constater", "confirmer", "indiquer",
               "signaler", "savoir", "noter", "apparaître", "observer", "relever",
               "considérer", "estimer", "attester", "certifier", "assurer", "ajouter",
               "remarquer", "prévenir", "aviser", "répondre", "écrire", "dire", "expliquer",
               "souligner", "vérifier", "avérer", "ressortir", "résulter", "apprendre",
               "connaissance", "entendu", "évident", "exact", "rappelé", "précisé",
               "constaté", "indiqué", "signalé", "confirmé", "noté"}
_LEADING_ADVERBS = {"or", "par ailleurs", "de plus", "en outre", "enfin", "toutefois",
                    "cependant", "néanmoins", "en effet", "ainsi", "donc"}


def _que_cut(toks, text, ss, k):
    """« Nous vous rappelons que A, et que B » -> « Nous vous rappelons que A. De plus, B »:
    after a verb of saying or noting (informer, rappeler, préciser, constater…) the clause
    B is in the indicative and stands on its own once « que » goes. Only when the sentence
    starts with that main clause (at most 8 words before the first « que », no comma inside
    except after a leading adverb such as « Or, »), and when any « que » between the two is
    itself an « et que » of the same chain."""
    if k + 1 >= ss.last or toks[k + 1].norm not in _QUE:
        return None
    first_que = next((j for j in range(ss.first, k) if toks[j].norm in _QUE), None)
    if first_que is None or first_que - ss.first > 8 or first_que - ss.first < 2:
        return None
    if any(toks[j].norm in _QUE and toks[j - 1].norm != "et" for j in range(first_que + 1, k)):
        return None
    before = toks[first_que - 1]
    if before.lemma not in _COMPLETIVE and before.alt not in _COMPLETIVE and \
            before.norm not in _COMPLETIVE:
        return None       # « Le dossier que vous avez envoyé et que… », « il faut que… »
    head = text[toks[ss.first].start:toks[first_que].start]
    if "," in head:
        adverb, _, rest = head.partition(",")
        if adverb.strip().lower() not in _LEADING_ADVERBS or "," in rest:
            return None
    if any(c in head for c in "();:«»"):
        return None
    q = toks[k + 1]
    if k + 2 >= ss.last:
        return None
    nxt = toks[k + 2]
    between = text[q.end:nxt.start]
    if between.strip() not in ("", ","):
        return None
    # « et que, selon l'article…, » -> « . De plus, selon l'article…, »; « et qu'il » -> « il »
    return toks[k - 1].end, nxt.start, ". De plus, ", k + 2


def _comma_cut(language, toks, text, k, last, start, subjects, joiners, pronouns, multi):
    """The cut after the comma before token k, or None."""
    t = toks[k]

    def glued(a, b):      # nothing but spaces between token a and token b
        return text[toks[a].end:toks[b].start].strip() == ""

    def cap(word):
        return word[:1].upper() + word[1:]

    def runs_to_end(j):
        """The clause starting at token j is not an incise (see _AFTER_COMMA_OK)."""
        depth = 0
        for m in range(j + 1, last):
            between = text[toks[m - 1].end:toks[m].start]
            depth += between.count("(") - between.count(")")
            if depth == 0 and "," in between:
                return toks[m].norm in _AFTER_COMMA_OK or _absolute(m)
        return True

    def _absolute(m):
        """« , les frais étant… »: an absolute participle clause follows the comma."""
        if toks[m].norm not in _ABS_PLURAL | _ABS_SINGULAR:
            return False
        for j in range(m + 1, min(m + 12, last)):
            coord = toks[j].norm in ("et", "ou") and toks[m].norm in _ABS_PLURAL
            if (toks[j].norm in _ABS_BLOCK and not coord) or \
                    text[toks[j - 1].end:toks[j].start].strip():
                return False
            if toks[j].norm == "étant":
                return True
        return False

    # ", et la rue sera fermée" -> ". La rue sera fermée"; ", car votre…" -> ". En effet, votre…"
    if t.norm in joiners and k + 1 < last and toks[k + 1].norm in subjects and (
            glued(k, k + 1) or (t.norm in _ADVERB_JOINERS and
                                text[t.end:toks[k + 1].start].strip() == ",")):
        lead = joiners[t.norm]
        nxt = toks[k + 1]
        word = text[nxt.start:nxt.end]
        return start, nxt.end, ". " + lead + (word if lead else cap(word)), k + 1
    # ", ce qui entraîne" -> ". Cela entraîne"
    rel = _RELATIVE.get(language)
    if rel:
        w1, w2, lead_word = rel
        if t.norm == w1 and (w2 is None or (k + 1 < last and toks[k + 1].norm == w2)):
            nxt_k = k + 2 if w2 else k + 1
            if nxt_k < last:
                return start, toks[nxt_k - 1].end, ". " + lead_word, nxt_k
    # ", laquelle pourra" -> ". Elle pourra" (the pronoun is the subject of a verb)
    if t.norm in pronouns and k + 1 < last and glued(k, k + 1) and \
            text[toks[k + 1].start:toks[k + 1].start + 1].isalpha() and \
            toks[k + 1].norm not in _ABS_PLURAL | _ABS_SINGULAR | {"de", "du", "à", "au"} \
            and runs_to_end(k):
        return start, t.end, ". " + pronouns[t.norm], k
    # ", parce que vous…" -> ". En effet, vous…"
    for words, lead in multi:
        n = len(words)
        if k + n < last and all(toks[k + j].norm == w for j, w in enumerate(words)) and \
                toks[k + n].norm in subjects and all(glued(k + j, k + j + 1) for j in range(n)):
            nxt = toks[k + n]
            return start, nxt.end, ". " + lead + text[nxt.start:nxt.end], k + n
    # ", étant précisé que l'absence…" -> ". Notez que l'absence…"
    pre = _PRECISE.get(language)
    if pre and k + 2 < last and (toks[k].norm, toks[k + 1].norm) == pre[0] and \
            toks[k + 2].norm in ("que", "qu'") and glued(k, k + 1) and glued(k + 1, k + 2):
        q = toks[k + 2]
        return start, q.end, ". " + pre[1] + text[q.start:q.end], k + 3
    # ", les frais de garde étant mis à votre charge" -> ". Les frais de garde sont mis…"
    if language == "fr" and t.norm in _ABS_PLURAL | _ABS_SINGULAR:
        for j in range(k + 1, min(k + 12, last - 1)):
            w = toks[j]
            # « les frais d'enlèvement et de garde étant… »: with a plural determiner a
            # coordination keeps the plural; with a singular one the number is unsure
            coord = w.norm in ("et", "ou") and t.norm in _ABS_PLURAL
            if (w.norm in _ABS_BLOCK and not coord) or text[toks[j - 1].end:w.start].strip():
                return None
            if w.norm == "étant" and runs_to_end(j):
                verb = "sont" if t.norm in _ABS_PLURAL else "est"
                head = text[t.start:w.start]
                return start, w.end, ". " + cap(head) + verb, k
    return None
