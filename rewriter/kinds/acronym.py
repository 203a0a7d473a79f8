"""Undefined acronyms: an acronym (``CCAS``, ``DGFiP``, ``PLU``) used without being
spelled out at its first use. ``Centre communal d'action sociale (CCAS)`` and
``CCAS (centre communal d'action sociale)`` both count as defined. Only the first use in
the letter is flagged.

Fields: ``expansions`` (acronym → words; gives an automatic fix "words (ACR)" at first
use), ``ignore`` (acronyms everyone knows: ``SMS``, ``PDF``…), ``min_letters`` (2).
"""
from __future__ import annotations

import re

from .base import DocContext, finding

KEYS = {"expansions", "ignore", "min_letters"}
_PLURAL_BEFORE = {"les", "des", "ces", "aux", "vos", "nos", "leurs", "ses", "mes", "tes",
                  "plusieurs", "certains", "certaines", "quelques", "divers", "diverses",
                  "différents", "différentes", "deux", "trois", "quatre", "cinq", "tous",
                  "toutes", "these", "those", "several", "many", "both", "two", "three",
                  "all"}
CATEGORY = "acronym"

_ROMAN = re.compile(r"^(?=[MDCLXVI]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_SKIP_ROLES = {"sender", "recipient", "reference", "date", "empty"}


def is_acronym_shape(w: str, min_letters: int = 2) -> bool:
    if not (min_letters <= len(w) <= 8) or not w[0].isupper():
        return False
    letters = [c for c in w if c.isalpha()]
    if len(letters) < min_letters:
        return False
    upper = sum(c.isupper() for c in letters)
    return upper >= 2 and upper / len(letters) >= 0.6 and not _ROMAN.match(w)


def _in_code(text: str, start: int, end: int) -> bool:
    """The letters are part of a reference or a code: glued to « / », « - », « _ » or a
    digit on either side (« DTM/TS/2025-14 », « REF_2025 »). A token with two digits or
    more (« MTZ-14 », a bus line) is a code too; « ASSR2 » or « CM2 » stay acronyms."""
    before = text[start - 1:start]
    after = text[end:end + 1]
    return (before in ("/", "-", "_") or before.isdigit() or after.isdigit() or
            (after in ("/", "-", "_") and text[end + 1:end + 2].isalnum()))


def validate(rule) -> list[str]:
    probs = []
    e = rule.params.get("expansions")
    if e is not None and not isinstance(e, dict):
        probs.append("« expansions » doit être un bloc « SIGLE: développement »")
    i = rule.params.get("ignore")
    if i is not None and not isinstance(i, list):
        probs.append("« ignore » doit être une liste de sigles")
    return probs


class Checker:
    def __init__(self, rules, language):
        self.rules = rules

    def check(self, doc: DocContext):
        from ..nlp import simplemma_module
        simplemma = simplemma_module()

        out = []
        fr = doc.language == "fr"
        if not self.rules:
            return out
        # Packs are layered: expansions and ignore lists of every acronym rule are merged
        # (an organisation pack adds its local acronyms); a finding is reported by the rule
        # that knows the acronym, else by the first (generic) rule.
        exp: dict[str, str] = {}
        owner: dict[str, object] = {}
        ignore: set[str] = set()
        for rule in self.rules:
            for k, v in (rule.params.get("expansions") or {}).items():
                exp[str(k)] = str(v)
                owner[str(k)] = rule
            ignore |= set(rule.params.get("ignore") or ())
        generic = self.rules[0]
        minl = generic.params.get("min_letters", 2)
        seen: set[str] = set()
        for pc in doc.paragraphs:
            text = pc.text
            words = text.split()
            caps = sum(1 for w in words if w.isupper() and len(w) > 2)
            skip_block = pc.paragraph.role in _SKIP_ROLES
            shouting = bool(words) and caps / len(words) > 0.5 and len(words) > 2
            if skip_block:
                # sender/recipient/reference blocks: remember acronyms defined there
                for t in pc.tokens:
                    if f"({t.text})" in text:
                        seen.add(t.text)
                continue
            for k, t in enumerate(pc.tokens):
                w = t.text
                if w.endswith(("'s", "’s")):   # possessive: "the DWP's rules"
                    w = w[:-2]
                if w in seen or w in ignore:
                    continue
                if w not in exp and (shouting or not w[0].isupper() or
                                     not is_acronym_shape(w, minl)):
                    continue   # in a paragraph in capitals only known acronyms count
                if w in exp and not (len(w) >= 2 and any(c.isupper() for c in w[1:])):
                    continue
                if w not in exp and simplemma.is_known(w.lower(), lang=doc.language):
                    continue
                if _in_code(text, t.start, t.end) or (
                        w not in exp and sum(c.isdigit() for c in w) > 1):
                    continue   # « DTM/TS/2025-14 », « ligne MTZ-14 »: a code, not a word
                seen.add(w)
                after = text[t.end:t.end + 3]
                before = text[max(0, t.start - 1):t.start]
                if after.lstrip().startswith("(") or (before == "(" and
                                                      text[t.end:t.end + 1] == ")"):
                    continue   # defined here
                if pc.paragraph.is_protected(t.start, t.end):
                    continue
                rule = owner.get(w, generic)
                full = exp.get(w)
                # « dans les ERP » -> « dans les établissement recevant du public (ERP) »
                # would break the agreement: after a plural determiner the expansion is
                # advice (the words of the expansion are singular)
                plural = k > 0 and pc.tokens[k - 1].norm in _PLURAL_BEFORE
                if full:
                    first = full[0].upper() + full[1:] if pc.starts_sentence(t.start) else full
                    msg = (f"Sigle « {w} » non expliqué : à la première mention, écrivez "
                           f"« {full} ({w}) »." if fr else
                           f"“{w}” is not spelled out: at first use write “{full} ({w})”.")
                    out.append(finding(rule, pc, t.start, t.start + len(w), [f"{first} ({w})"],
                                       fixable=rule.fix and not shouting and not plural,
                                       message=msg,
                                       severity="info" if shouting else None))
                else:
                    msg = (f"Sigle « {w} » non expliqué : écrivez-le en toutes lettres à "
                           f"la première mention, suivi du sigle entre parenthèses." if fr
                           else f"“{w}” is not spelled out: write it in full at first use, "
                           f"followed by the acronym in brackets.")
                    out.append(finding(rule, pc, t.start, t.start + len(w), message=msg))
        return out
