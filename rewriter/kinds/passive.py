"""Passive voice: a form of *être* (French) or *be* (English), optional adverbs, then a
past participle — ``votre dossier a été examiné par la commission``, ``vous êtes prié de``.

Not passive, and not flagged: *être* as the auxiliary of motion/state verbs in compound
tenses (``il est venu``, ``elle est née``), pronominal verbs (``il s'est rendu``) and
participles used as state adjectives (``la mairie est fermée``, ``le terrain est situé``).
Both lists are rule data (``motion_verbs``, ``exceptions``) so a team can extend them.
Advice only: the fix is to name who acts.
"""
from __future__ import annotations

import re

from .base import DocContext, finding

KEYS = {"auxiliaries", "motion_verbs", "exceptions", "adverbs", "agent_words"}
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
             "tenu", "autorisé", "dû", "assuré", "soumis", "redevable", "propriétaire"}
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
            ("auxiliaries", "motion_verbs", "exceptions", "adverbs")
            if k in rule.params and not isinstance(rule.params[k], list)]


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
            state = (_FR_STATE if fr else _EN_STATE) | set(p.get("exceptions") or ())
            adv = (_FR_ADV if fr else _EN_ADV) | set(p.get("adverbs") or ())
            for pc in doc.paragraphs:
                toks = pc.tokens
                n = len(toks)
                for ss in pc.sentences:
                    i = ss.first
                    while i < ss.last:
                        t = toks[i]
                        if t.norm in aux or (fr and t.lemma == "être" and t.norm != "étant"):
                            # pronominal: "s'est rendu", "se sont", "vous vous êtes"
                            prev = toks[i - 1].norm if i > ss.first else ""
                            if fr and prev in ("se", "s'", "me", "m'", "te", "t'"):
                                i += 1
                                continue
                            j = i + 1
                            while j < ss.last and (toks[j].norm in adv or toks[j].norm in aux
                                                   or toks[j].lemma == ("être" if fr else "be")):
                                j += 1
                            if j < ss.last and self._participle(toks[j], fr, motion, state):
                                out.append(finding(rule, pc, t.start, toks[j].end))
                                i = j + 1
                                continue
                        i += 1
        return out

    @staticmethod
    def _participle(t, fr: bool, motion, state) -> bool:
        w = t.norm
        if fr:
            if w in state or t.lemma in state or t.lemma in motion:
                return False
            if not _FR_PP.search(w) or len(w) < 3:
                return False
            lem = t.lemma
            return lem != w and lem.endswith(("er", "ir", "re", "oir", "dre"))
        if w in state:
            return False
        return w in _EN_IRREGULAR or (w.endswith("ed") and len(w) > 4)
