"""Nominalisation: a weak verb carrying an action noun — ``procéder à la vérification``,
``effectuer le paiement``, ``faire une demande``, ``apporter une réponse`` — where the verb
of the noun says it in one word (``vérifier``, ``payer``, ``demander``, ``répondre``).

Fields: ``verbs`` (weak verbs, as lemmas), ``suffixes`` (endings of action nouns),
``verbs_of`` (noun → verb, for nouns whose verb is not regular: ``paiement: payer``),
``exceptions`` (nouns never flagged). The suggestion is the verb, conjugated like the weak
verb when both are regular ``-er`` verbs; it is advice (a person checks the sentence).
"""
from __future__ import annotations

from .base import DocContext, finding
from .matcher import inflect, PatternWord

KEYS = {"verbs", "suffixes", "verbs_of", "exceptions", "max_gap", "prepositions"}
CATEGORY = "nominalisation"

_FR_VERBS = {"procéder", "effectuer", "faire", "donner", "apporter", "opérer", "réaliser",
             "mettre", "prendre", "porter", "assurer", "formuler", "adresser", "émettre"}
_FR_SUFFIXES = ("ification", "isation", "ation", "ition", "ution", "ssion", "ction", "ment",
                "ance", "ence", "ure", "age")
_FR_DETS = {"à", "le", "la", "les", "l'", "un", "une", "de", "des", "du", "au", "aux", "votre",
            "vos", "son", "sa", "ses", "leur", "leurs", "notre", "nos", "cette", "ce", "cet",
            "ces", "d'", "une", "nouvelle", "nouveau", "nécessaire", "dernier", "dernière"}
_FR_EXCEPTIONS = {"part", "partie", "face", "attention", "confiance", "place", "garage",
                  "page", "message", "dommage", "connaissance", "naissance", "présence",
                  "absence", "référence", "préférence", "mairie", "commune", "fin", "cause",
                  "date", "ordonnance", "assurance", "distance", "avance", "moment",
                  "document", "logement", "département", "gouvernement", "établissement",
                  "appartement", "équipement", "bâtiment", "élément", "monument",
                  "argument", "instrument", "sentiment", "comportement", "nature",
                  "ensemble", "lettre", "vitesse", "question", "mention", "nation",
                  "station", "situation", "population", "section", "fonction", "direction",
                  "commission", "mission", "profession", "information", "collectivité",
                  "chance", "suite", "séance", "échéance", "compétence", "urgence"}
_FR_VERB_OF = {"paiement": "payer", "règlement": "régler", "remboursement": "rembourser",
               "versement": "verser", "envoi": "envoyer", "demande": "demander",
               "réponse": "répondre", "choix": "choisir", "analyse": "analyser",
               "enquête": "enquêter", "contrôle": "contrôler", "relance": "relancer",
               "signature": "signer", "visite": "visiter", "modification": "modifier",
               "vérification": "vérifier", "inscription": "inscrire", "décision": "décider",
               "réclamation": "réclamer", "déclaration": "déclarer", "rectification":
               "rectifier", "transmission": "transmettre", "suppression": "supprimer",
               "remplacement": "remplacer", "renouvellement": "renouveler",
               "examen": "examiner", "recherche": "rechercher", "réparation": "réparer",
               "installation": "installer", "utilisation": "utiliser", "annulation": "annuler",
               "présentation": "présenter", "réservation": "réserver", "livraison": "livrer",
               "acquisition": "acquérir", "réduction": "réduire", "construction": "construire",
               "attribution": "attribuer", "distribution": "distribuer", "résiliation":
               "résilier", "validation": "valider", "régularisation": "régulariser",
               "instruction": "instruire", "mise": "mettre", "intervention": "intervenir",
               "recours": "contester", "changement": "changer", "dépôt": "déposer",
               "achat": "acheter", "vente": "vendre", "raccordement": "raccorder",
               "nettoyage": "nettoyer", "entretien": "entretenir", "comparaison": "comparer",
               "proposition": "proposer", "rencontre": "rencontrer"}
# Prepositional nominal style: "après examen de", "à défaut de paiement de", "en vue de la
# constitution de": a preposition, an action noun, then "de".
_FR_PREPOSITIONS = ["après", "avant", "dès", "en vue de", "à défaut de", "en cas de",
                    "aux fins de", "lors de", "suite à", "pour", "par", "sur"]
_EN_PREPOSITIONS = ["after", "before", "upon", "on", "following", "pending", "for"]
_EN_VERBS = {"make", "give", "take", "perform", "conduct", "carry", "provide", "undertake",
             "effect", "reach", "hold"}
_EN_SUFFIXES = ("ation", "ition", "sion", "ment", "ance", "ence", "al", "ure")
_EN_DETS = {"a", "an", "the", "out", "your", "our", "their", "its", "of", "this", "that",
            "any", "such", "no", "final", "full", "formal"}
_EN_VERB_OF = {"decision": "decide", "payment": "pay", "application": "apply",
               "assessment": "assess", "review": "review", "analysis": "analyse",
               "investigation": "investigate", "inspection": "inspect", "reduction": "reduce",
               "recommendation": "recommend", "arrangement": "arrange", "request": "request",
               "examination": "examine", "decision-making": "decide", "refusal": "refuse",
               "approval": "approve", "submission": "submit", "adjustment": "adjust",
               "announcement": "announce", "improvement": "improve", "statement": "state",
               "complaint": "complain", "contribution": "contribute", "enquiry": "ask",
               "inquiry": "ask", "attempt": "try", "choice": "choose"}
_EN_EXCEPTIONS = {"sense", "use", "place", "part", "time", "difference", "appointment",
                  "moment", "department", "government", "document", "agreement", "sure",
                  "care", "account", "chance", "appearance", "progress", "effort", "note",
                  "mistake", "money", "call", "step", "way", "action", "position"}


def validate(rule) -> list[str]:
    probs = []
    for k in ("verbs", "suffixes", "exceptions", "prepositions"):
        if k in rule.params and (not isinstance(rule.params[k], list) or
                                 not all(isinstance(x, str) for x in rule.params[k])):
            probs.append(f"« {k} » doit être une liste de mots (mettez entre guillemets "
                         f"ceux que YAML lirait autrement, comme \"on\" ou \"1\")")
    if "verbs_of" in rule.params and not isinstance(rule.params["verbs_of"], dict):
        probs.append("« verbs_of » doit être un bloc « nom: verbe »")
    return probs


def verb_of(noun: str, table: dict, language: str) -> str | None:
    if noun in table:
        return table[noun]
    if language != "fr":
        return None
    from ..nlp import simplemma_module
    simplemma = simplemma_module()
    cands = []
    if noun.endswith("ification"):
        cands.append(noun[:-9] + "ifier")
    if noun.endswith("isation"):
        cands.append(noun[:-7] + "iser")
    if noun.endswith("ation"):
        cands.append(noun[:-5] + "er")
    if noun.endswith("ement"):
        cands.append(noun[:-5] + "er")
    if noun.endswith("age"):
        cands.append(noun[:-3] + "er")
    for c in cands:
        if simplemma.is_known(c, lang="fr"):
            return c
    return None


class Checker:
    def __init__(self, rules, language):
        self.rules = rules

    def check(self, doc: DocContext):
        out = []
        fr = doc.language == "fr"
        for rule in self.rules:
            p = rule.params
            verbs = set(p.get("verbs") or (_FR_VERBS if fr else _EN_VERBS))
            suffixes = tuple(p.get("suffixes") or (_FR_SUFFIXES if fr else _EN_SUFFIXES))
            table = dict(_FR_VERB_OF if fr else _EN_VERB_OF)
            table.update(p.get("verbs_of") or {})
            exc = (_FR_EXCEPTIONS if fr else _EN_EXCEPTIONS) | set(p.get("exceptions") or ())
            dets = _FR_DETS if fr else _EN_DETS
            gap = p.get("max_gap", 3)
            preps = [tuple(x.split()) for x in (p.get("prepositions") or
                                                 (_FR_PREPOSITIONS if fr else _EN_PREPOSITIONS))]
            # _prepositional only finds something after the first word of a preposition
            # (an empty one would make it fail: then it is always called, as it was)
            firsts = {x[0] for x in preps} if all(preps) else None
            for pc in doc.paragraphs:
                toks = pc.tokens
                for ss in pc.sentences:
                    for i in range(ss.first, ss.last):
                        t = toks[i]
                        if t.lemma not in verbs:
                            if firsts is not None and t.norm not in firsts:
                                continue
                            hit = self._prepositional(toks, i, ss.last, preps, table, exc,
                                                      suffixes, doc.language)
                            if hit:
                                end_i, v = hit
                                msg = (f"Style nominal : tournez la phrase avec un verbe"
                                       f"{f' (« {v} »)' if v else ''}." if fr else
                                       f"Nominal style: use a verb"
                                       f"{f' (“{v}”)' if v else ''}.")
                                out.append(finding(rule, pc, t.start, toks[end_i].end,
                                                   [v] if v else [], fixable=False,
                                                   message=msg, severity="info"))
                            continue
                        j = i + 1
                        while j < ss.last and j - i <= gap and toks[j].norm in dets:
                            j += 1
                        if j >= ss.last or j == i + 1 and fr:
                            continue   # French needs a determiner/preposition in between
                        noun = toks[j]
                        lem = noun.lemma
                        if lem in exc or noun.norm in exc:
                            continue
                        if not (lem in table or lem.endswith(suffixes)):
                            continue
                        v = verb_of(lem, table, doc.language)
                        sugg = []
                        if v:
                            pw = [PatternWord("L:" + t.lemma, t.lemma, t.lemma)]
                            txt, ok = inflect(pw, [t], v, doc.language)
                            sugg = [txt if ok else v]
                        msg = rule.message
                        if v:
                            msg = (f"{rule.message} Par exemple : « {sugg[0]} »." if fr else
                                   f"{rule.message} For example: “{sugg[0]}”.")
                        out.append(finding(rule, pc, t.start, noun.end, sugg, fixable=False,
                                           message=msg))
        return out

    @staticmethod
    def _prepositional(toks, i, stop, preps, table, exc, suffixes, language):
        """``après examen de``: returns (index of the noun, verb or None) or None."""
        first = toks[i].norm
        for prep in preps:
            if prep[0] != first:
                continue
            n = len(prep)
            if i + n + 1 >= stop:
                continue
            if any(toks[i + k].norm != prep[k] for k in range(1, n)):
                continue
            j = i + n
            # optional article: "en vue de la constitution de"
            if toks[j].norm in ("le", "la", "l'", "les", "un", "une", "the", "a", "an", "your",
                                "any", "this", "our"):
                j += 1
            if j + 1 >= stop:
                return None
            noun = toks[j]
            if noun.lemma in exc or noun.norm in exc:
                return None
            if not (noun.lemma in table or (noun.lemma.endswith(suffixes) and
                                            len(noun.lemma) > 6)):
                return None
            if toks[j + 1].norm not in ("de", "d'", "of"):
                return None
            v = verb_of(noun.lemma, table, language)
            if v is None:
                return None
            return j, v
        return None
