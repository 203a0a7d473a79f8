"""Passive voice: a form of *être* (French) or *be* (English), optional adverbs, then a
past participle — ``votre dossier a été examiné par la commission``, ``vous êtes prié de``.

Not passive, and not flagged: *être* as the auxiliary of motion/state verbs in compound
tenses (``il est venu``, ``elle est née``), pronominal verbs (``il s'est rendu``) and
participles used as state adjectives (``la mairie est fermée``, ``le terrain est situé``).
Both lists are rule data (``motion_verbs``, ``exceptions``; ``not_exceptions`` removes
built-in state words, ``participles`` adds irregular participles) so a team can tune them.
Advice only: the fix is to name who acts.
"""
from __future__ import annotations

import re

from .base import DocContext, finding

KEYS = {"auxiliaries", "motion_verbs", "exceptions", "adverbs", "agent_words", "participles",
        "not_exceptions"}

CATEGORY = "passive"

_FR_AUX = {"être", "est", "sont", "sera", "seront", "serait", "seraient", "été", "soit",
           "soient", "était", "étaient", "suis", "es", "sommes", "êtes", "serez", "serons",
           "fut", "furent", "étant", "serai", "seras", "sois", "fût"}
_FR_MOTION = {"aller", "venir", "arriver", "partir", "naître", "mourir", "décéder", "devenir",
              "rester", "tomber", "entrer", "sortir", "monter", "descendre", "retourner",
              "revenir", "rentrer", "parvenir", "intervenir", "survenir", "passer", "demeurer"}
_FR_STATE = {"situé", "fermé", "ouvert", "âgé", "marié", "divorcé", "pacsé", "domicilié",
             "intéressé", "concerné", "destiné", "composé", "désolé", "prévu", "terminé",
             "obligé", "heureux", "ravi", "disponible", "présent", "absent", "satisfait",
             "convaincu", "né", "décédé", "inscrit", "installé", "équipé", "habilité",
             "chargé", "compétent", "exonéré", "éligible", "joint", "ci-joint", "fondé",
             "tenu", "autorisé", "dû", "assuré", "soumis", "redevable", "propriétaire",
             "élevé", "limité", "compliqué", "occupé", "fatigué", "inquiet", "âgé", "réservé",
             "agréé", "diplômé", "handicapé", "salarié", "retraité", "séparé", "veuf",
             "ravi", "désolé", "étonné", "surpris", "content", "connu", "inconnu", "meublé",
             "conforme", "complet", "incomplet", "valable", "gratuit", "payant", "urgent"}
_FR_ADV = {"bien", "déjà", "pas", "plus", "jamais", "toujours", "également", "aussi", "donc",
           "alors", "ensuite", "immédiatement", "rapidement", "actuellement", "effectivement",
           "ne", "n'", "y", "en", "malheureusement", "désormais", "notamment", "peut-être"}
_FR_PP = re.compile(r"(é|ée|és|ées|i|ie|is|ies|u|ue|us|ues|it|ite|its|ites|ert|erte|erts|"
                    r"ertes|int|inte|ints|intes|ait|aite|aits|aites|os|ose|oses|ous|oute)$")

_EN_AUX = {"be", "is", "are", "was", "were", "been", "being", "am", "'s", "'re"}
_EN_IRREGULAR = set("""arisen awoken borne beaten become begun bent bet bid bound bitten bled
blown broken bred brought built burnt burst bought cast caught chosen clung come cost crept
cut dealt dug done drawn dreamt drunk driven eaten fallen fed felt fought found fled flung
forbidden forgotten forgiven frozen got gotten given gone ground grown hung had heard hidden
hit held hurt kept knelt known laid led leant left lent let lain lit lost made meant met paid
put quit read ridden rung risen run said seen sought sold sent set shaken shed shone shot
shown shut sung sunk sat slept slid spoken spent spun spread sprung stood stolen stuck stung
struck sworn swept swum swung taken taught torn told thought thrown understood undertaken
woken worn woven wept won wound withdrawn written""".split())
_EN_STATE = {"based", "located", "interested", "concerned", "married", "supposed", "used",
             "pleased", "required", "entitled", "allowed", "able", "tired", "closed", "open",
             "due", "aged", "sorry"}
_EN_ADV = {"not", "also", "already", "always", "never", "being", "been", "then", "now",
           "currently", "usually", "often", "n't", "still", "only", "generally", "hereby"}


def validate(rule) -> list[str]:
    return [f"« {k} » doit être une liste de mots" for k in
            ("auxiliaries", "motion_verbs", "exceptions", "adverbs", "agent_words",
             "participles", "not_exceptions")
            if k in rule.params and (not isinstance(rule.params[k], list) or
                                     not all(isinstance(x, str) for x in rule.params[k]))]


class Checker:
    def __init__(self, rules, language):
        self.rules = rules
        self.language = language

    def check(self, doc: DocContext):
        out = []
        fr = doc.language == "fr"
        for rule in self.rules:
            p = rule.params
            aux = set(p.get("auxiliaries") or (_FR_AUX if fr else _EN_AUX))
            motion = set(p.get("motion_verbs") or (_FR_MOTION if fr else ()))
            state = ((_FR_STATE if fr else _EN_STATE) | set(p.get("exceptions") or ())) - \
                set(p.get("not_exceptions") or ())
            extra_pp = set(p.get("participles") or ())
            adv = (_FR_ADV if fr else _EN_ADV) | set(p.get("adverbs") or ())
            agents = set(p.get("agent_words") or (("par",) if fr else ("by",)))
            for pc in doc.paragraphs:
                toks = pc.tokens
                for ss in pc.sentences:
                    i = ss.first
                    while i < ss.last:
                        t = toks[i]
                        is_aux = t.norm in aux or (fr and t.lemma == "être" and
                                                   t.norm not in ("étant",))
                        if fr and t.norm == "étant" and i + 1 < ss.last and \
                                toks[i + 1].norm != "donné":
                            is_aux = True
                        if is_aux:
                            prev = toks[i - 1].norm if i > ss.first else ""
                            # pronominal: "s'est rendu", "se sont"
                            prev2 = toks[i - 2].norm if i - 1 > ss.first else ""
                            if fr and (prev in ("se", "s'", "me", "m'", "te", "t'") or
                                       (prev in ("nous", "vous") and prev2 == prev)):
                                i += 1      # "s'est rendu", "vous vous êtes présenté"
                                continue
                            j = i + 1
                            while j < ss.last and (toks[j].norm in adv or toks[j].norm in aux
                                                   or _is_adverb(toks[j].norm, fr)
                                                   or toks[j].lemma == ("être" if fr else "be")):
                                j += 1
                            # after "a été", "doit être", "sera": even a state word or a
                            # motion verb is a passive ("ont été retournés", "sera soumis")
                            strong = t.norm in ("été", "been") or (i > ss.first and toks[
                                i - 1].lemma in ("devoir", "pouvoir", "must", "can", "will",
                                                 "should", "may")) or t.norm in (
                                "sera", "seront", "serait", "seraient", "serez", "serons")
                            st_, mo_ = (frozenset(), frozenset()) if strong else (state, motion)
                            if j < ss.last and (toks[j].norm in extra_pp or
                                                self._participle(toks[j], fr, mo_, st_)):
                                start = t.start
                                # "a été examiné", "n'ont pas été réglées": include avoir
                                k = i - 1
                                while k >= ss.first and (toks[k].norm in adv or
                                                         _is_adverb(toks[k].norm, fr)):
                                    k -= 1
                                if k >= ss.first and toks[k].lemma == ("avoir" if fr else "have") \
                                        and t.norm in ("été", "been"):
                                    start = toks[k].start
                                out.append(finding(rule, pc, start, toks[j].end))
                                i = j + 1
                                continue
                        elif (i + 1 < ss.last and toks[i + 1].norm in agents and i > ss.first
                              and not _is_aux_like(toks[i - 1], aux, fr)
                              and toks[i - 1].norm not in _DETERMINERS
                              and _is_participle_form(t, fr, motion, state, strict=True)):
                            # reduced passive with its agent: "adopté par délibération"
                            out.append(finding(rule, pc, t.start, toks[i + 1].end))
                            i += 2
                            continue
                        i += 1
        return out

    @staticmethod
    def _participle(t, fr: bool, motion, state) -> bool:
        return _is_participle_form(t, fr, motion, state)


_DETERMINERS = {"un", "une", "le", "la", "l'", "les", "ce", "cet", "cette", "ces", "du", "des",
                "au", "aux", "son", "sa", "ses", "leur", "votre", "notre", "mon", "ma", "a",
                "an", "the", "this", "that", "its", "their", "your", "our"}


def _is_adverb(w: str, fr: bool) -> bool:
    return len(w) > 6 and w.endswith("ment" if fr else "ly")


def _is_aux_like(t, aux, fr) -> bool:
    return t.norm in aux or t.lemma in (("être", "avoir") if fr else ("be", "have"))


def _known_verb(v: str) -> bool:
    from ..nlp import simplemma_module
    return simplemma_module().is_known(v, lang="fr")


def _is_participle_form(t, fr: bool, motion, state, strict: bool = False) -> bool:
    w = t.norm
    if fr:
        if len(w) < 3 or w in state or t.lemma in state or t.lemma in motion:
            return False
        from ..nlp import lemma as lemmatize
        cands = [w]
        if w.endswith("es"):
            cands.append(w[:-2])
        if w.endswith(("e", "s")):
            cands.append(w[:-1])
        for c in cands:
            if c in state:
                return False
            if c.endswith("é") and len(c) > 3:
                lem = lemmatize(c, "fr")
                if lem in motion:
                    return False
                if lem.endswith("er") or _known_verb(c[:-1] + "er"):
                    return True
                continue
            if strict:
                continue
            if c.endswith("i") and len(c) > 3:
                if _known_verb(c + "r") and (c + "r") not in motion:
                    return True
                continue
            if c.endswith(("u", "is", "it", "ert", "int", "ait", "os", "ous", "ût", "us")):
                lem = lemmatize(c, "fr")
                if lem != c and lem.endswith(("ir", "re", "oir")) and lem not in motion:
                    return True
        return False
    if w in state:
        return False
    return w in _EN_IRREGULAR or (w.endswith("ed") and len(w) > 4)
