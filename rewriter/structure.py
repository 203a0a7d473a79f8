"""The parts of a letter that are not prose.

Sender block, recipient address, references, date line, ``Objet :``, salutation, closing
formula and signature distort readability (short lines without verbs, names, postcodes), so
they get a ``role`` and only ``prose`` and ``list_item`` paragraphs count for the measures.
Every paragraph is still checked for jargon and formulas.
"""
from __future__ import annotations

import re

from .model import Paragraph

_MONTHS = (r"janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
           r"novembre|décembre|decembre|january|february|march|april|may|june|july|august|"
           r"september|october|november|december")
_DATE = re.compile(
    rf"^(?:[^,.;:!?]{{0,60}},\s*)?(?:le\s+)?(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    rf"dimanche)\s+)?(?:\d{{1,2}}(?:er)?\s+(?:{_MONTHS})\s+\d{{4}}|(?:{_MONTHS})\s+\d{{1,2}},?\s+"
    rf"\d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\{{\{{[^}}]*\}}\}})\.?$", re.I)
_SUBJECT = re.compile(r"^\s*(objet|object|subject|re|concerne)\s*:", re.I)
_REFERENCE = re.compile(
    r"^\s*(n/?\s?réf|v/?\s?réf|réf(érence)?s?\b|nos\s+réf|vos\s+réf|our\s+ref|your\s+ref|ref\b|"
    r"dossier\s+(n°|suivi)|affaire\s+suivie|pj\s*:|p\.\s?j\.|pièces?\s+jointes?\s*:|"
    r"enclosures?\s*:|encl\.|copie\s+à|tél|tel\b|courriel|e-?mail\s*:|téléphone|fax)", re.I)
_SALUTATION = re.compile(
    r"^\s*(madame|monsieur|mesdames|messieurs|mademoiselle|cher|chère|chers|dear|bonjour|"
    r"hello|to whom it may concern)\b[^.!?]{0,80}[,:]?\s*$", re.I)
_CLOSING = re.compile(
    r"(salutations|agréer|agreer|considération|cordialement|respectueusement|sincerely|"
    r"faithfully|best regards|kind regards|yours truly|recevez|vous prie de croire|"
    r"vous prions de croire|sentiments (distingués|respectueux|les meilleurs|dévoués)|"
    r"l'assurance de (ma|mon|mes|notre|nos)|l’assurance de (ma|mon|mes|notre|nos)|"
    r"bien à vous|meilleures salutations)", re.I)
# The same search, ~2.5× faster: every alternative starts with one of these letters, and
# a leading class lets the regex engine skip the other characters quickly.
_CLOSING_FIRST = "abcfklmrsvy"
_CLOSING_FAST = re.compile(f"(?=[{_CLOSING_FIRST}])(?:{_CLOSING.pattern})", re.I)
_BULLET = re.compile(r"^\s*(?:[-–—•*·▪►✓]|\d{1,2}[.)]|[a-z][.)])\s+")
_POSTCODE = re.compile(r"\b\d{5}\b|\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\bBP\s*\d+|\bCS\s*\d+|"
                       r"\bCEDEX\b", re.I)


def _short_line(text: str) -> bool:
    t = text.strip()
    return len(t.split()) <= 9 and not t.endswith((".", "?", "!", ";"))


def assign_roles(paragraphs: list[Paragraph]) -> None:
    """Set ``role`` on each paragraph in place (readers may have set ``heading`` or
    ``list_item`` already; those are kept)."""
    body_started = False
    closing_seen = False
    n = len(paragraphs)
    for i, p in enumerate(paragraphs):
        t = p.text.strip()
        if not t:
            p.role = "empty"
            continue
        if p.role in ("heading", "list_item"):
            body_started = True
            continue
        if p.story in ("header", "footer"):
            p.role = "sender" if _short_line(t) or _POSTCODE.search(t) else "prose"
            continue
        if _SUBJECT.match(t):
            p.role = "subject"
            continue
        if _REFERENCE.match(t) and len(t) < 200:
            p.role = "reference"
            continue
        if _DATE.match(t):
            p.role = "date"
            continue
        if _SALUTATION.match(t) and len(t.split()) <= 10:
            p.role = "salutation"
            body_started = True
            continue
        if body_started and i >= n * 0.4 and len(t) < 600 and len(t.split()) <= 60 and \
                _CLOSING_FAST.search(t):
            p.role = "closing"
            closing_seen = True
            continue
        if closing_seen and _short_line(t):
            p.role = "signature"
            continue
        if _BULLET.match(t):
            p.role = "list_item"
            body_started = True
            continue
        if not body_started and _short_line(t):
            # Before the body: address blocks. A line with a postcode, or a civility at
            # the start of a block, marks the recipient.
            p.role = "recipient" if (_POSTCODE.search(t) and i > 0) else "sender"
            continue
        if body_started and _short_line(t) and len(t.split()) <= 7 and i + 1 < n and \
                len(paragraphs[i + 1].text.split()) > 10 and not t.endswith(","):
            p.role = "heading"
            continue
        p.role = "prose"
        body_started = True
