"""Sentence segmentation tuned for French administrative letters (and English).

No off-the-shelf splitter handles ``M.``, ``art.``, ``janv.``, ``L. 2212-2`` (technical-notes
§5), so this is a small rule-based splitter with a protected-abbreviation list. The list is
data: ``rules/<lang>/abreviations.txt`` (one per line, ``#`` comments) extends the built-in
one, so a communications team can add its own abbreviations without Python.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .model import Sentence

_BUILTIN = {
    "fr": """m mme mmes mlle mlles mm me mes dr pr st ste sts stes art arts al n no nos p pp cf
          ex av ave bd boul fg pl rte chem imp janv févr fév avr juil sept oct nov déc dec réf
          ref env tél tel fax vol chap éd ed coll ca min max hab dir cie ets éts sté ste adj gal
          cdt vs resp suiv sq op loc ibid id mgr vve  gén prof ing inf sup cass civ crim adm
          ord lim ss s.a.s sarl sas ann mun dép dept reg rég ass tr trim sem hebd mens bull
          jo dom pce pces doc docs qté ttc ht env approx prop cad c.-à-d c-à-d""",
    "en": """mr mrs ms dr prof st jr sr vs etc e.g i.e eg ie no nos p pp fig figs jan feb mar apr
          jun jul aug sep sept oct nov dec dept est approx inc ltd co corp ave rd blvd govt
          sec secs art arts para paras ref refs tel ext min max vol ch""",
}
_TERMINAL = ".!?…"
_CLOSERS = "»\"”’')]"
# A line-start that begins a new unit (bullet, numbered item).
_BULLET = re.compile(r"\s*(?:[-–—•*·▪►✓]|\d{1,2}[.)]|[a-z][.)])\s")
# The characters at which split_sentences has something to decide (others are skipped).
_EVENT = re.compile("[" + re.escape(_TERMINAL) + "\n]")


@lru_cache(maxsize=8)
def abbreviations(language: str, rules_dir: str | None = None) -> frozenset[str]:
    words = set(_BUILTIN.get(language, _BUILTIN["en"]).split())
    base = Path(rules_dir) if rules_dir else Path(__file__).resolve().parent.parent / "rules"
    for name in ("abreviations.txt", "abbreviations.txt"):
        f = base / language / name
        if f.is_file():
            for line in f.read_text(encoding="utf-8").splitlines():
                line = line.split("#", 1)[0].strip().lower().rstrip(".")
                if line:
                    words.add(line)
    return frozenset(words)


def _word_before(text: str, i: int) -> str:
    """The word (letters, dots, °) ending just before index ``i`` (the terminal dot)."""
    j = i
    while j > 0 and (text[j - 1].isalnum() or text[j - 1] in ".°-'’"):
        j -= 1
    return text[j:i]


def _is_abbreviation(word: str, abbr: frozenset[str]) -> bool:
    if not word:
        return False
    w = word.lower().lstrip("'’").split("'")[-1].split("’")[-1]
    if w in abbr:
        return True
    # Initials and code letters: "J.", "L.", "R."; dotted acronyms "S.A.", "c.-à-d."
    if len(word) == 1 and word.isalpha():
        return True
    if "." in w and all(len(part) <= 2 for part in w.split(".") if part):
        return True
    return False


def split_sentences(text: str, language: str = "fr",
                    protected: list[tuple[int, int]] | None = None) -> list[Sentence]:
    """Sentences of one paragraph, with offsets into ``text``."""
    abbr = abbreviations(language)
    n = len(text)
    cuts: list[int] = []
    prot = protected or []
    i = 0
    event = _EVENT.search
    while i < n:
        m = event(text, i)
        if m is None:
            break
        i = m.start()
        c = text[i]
        if c in _TERMINAL:
            j = i
            while j < n and text[j] in _TERMINAL:
                j += 1
            while j < n and text[j] in _CLOSERS:
                j += 1
            if any(s <= i < e for s, e in prot):
                i = j
                continue
            if j >= n:
                break
            if not text[j].isspace():
                i = j
                continue
            k = j
            while k < n and text[k].isspace():
                k += 1
            if k >= n:
                break
            nxt = text[k]
            if c == "." and j == i + 1:
                word = _word_before(text, i)
                if word.lower() == "etc":
                    if not (nxt.isupper()):
                        i = j
                        continue
                elif _is_abbreviation(word, abbr):
                    i = j
                    continue
                if word[:1].isdigit() and nxt.islower():
                    i = j
                    continue
            if nxt.islower() and c != "?" and c != "!":
                i = j
                continue
            if nxt.islower():
                # "Pourquoi ? parce que…": a lowercase after ?/! continues the sentence
                i = j
                continue
            cuts.append(j)
            i = k
            continue
        if c == "\n":
            # A line break ends a unit after terminal punctuation, a colon/semicolon, or
            # before a bullet / a capitalised line following a short line.
            # the last character of text[:i].rstrip(), if any
            b = i
            while b > 0 and text[b - 1].isspace():
                b -= 1
            k = i + 1
            while k < n and text[k] in " \t\r\n":
                k += 1
            if k < n and b > 0 and not any(s <= i < e for s, e in prot):
                last = text[b - 1]
                line_start = text.rfind("\n", 0, i) + 1
                prev_line = text[line_start:i].strip()
                if (last in _TERMINAL + ":;" + _CLOSERS or _BULLET.match(text, i + 1)
                        or (text[k].isupper() and len(prev_line.split()) <= 8)
                        or text[i + 1:k].count("\n") >= 1):
                    cuts.append(i)
            i += 1
            continue
        i += 1
    out: list[Sentence] = []
    start = 0
    for cut in cuts + [n]:
        seg_s, seg_e = start, cut
        while seg_s < seg_e and text[seg_s].isspace():
            seg_s += 1
        while seg_e > seg_s and text[seg_e - 1].isspace():
            seg_e -= 1
        if seg_e > seg_s:
            out.append(Sentence(seg_s, seg_e, text[seg_s:seg_e]))
        start = cut
    return out
