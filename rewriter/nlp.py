"""Words: normalisation, tokens with offsets, lemmas, and French surface realisation.

The same functions normalise the text and the rule patterns ("the same normalisation on
both sides", technical-notes §6):

* typographic apostrophes (’ ʼ ‘) become ``'``; case is folded;
* French elisions are split into their own token: ``l'``, ``d'``, ``qu'`` … whose lemma is
  the full word (``le``, ``de``, ``que``);
* contractions become two sub-tokens sharing one surface span: ``du`` → ``de`` + ``le``,
  ``au`` → ``à`` + ``le``, ``aux`` → ``à`` + ``les``, ``des`` → ``de`` + ``les``;
* lemmas come from simplemma (bundled dictionaries, no download).

``realise_fr`` does the reverse on replacement text: ``de le`` → ``du``, ``de effectuer`` →
``d'effectuer``, so that a replacement stays grammatical at its edges.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

from .model import Token

APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "\u00b4": "'"})

# A word: letters/digits, with inner hyphens (ci-joint, c'est-à-dire handled as parts),
# or a template placeholder marker. Apostrophes are handled separately (elisions).
WORD_RE = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f]|[-\u2011](?=[^\W_])|['’](?=[^\W_]))*",
                     re.UNICODE)   # combining accents (decomposed "é") stay inside the word
# The same words, faster: runs of letters are consumed at once instead of one character
# per alternative (identical matches: the loop is greedy and nothing follows it).
_WORD_FAST = re.compile(r"[^\W_](?:[^\W_]+|[\u0300-\u036f]+|[-\u2011'’](?=[^\W_]))*")

FR_ELIDED = {  # elided prefix -> full word
    "l": "le", "d": "de", "j": "je", "m": "me", "t": "te", "s": "se", "n": "ne", "c": "ce",
    "qu": "que", "jusqu": "jusque", "lorsqu": "lorsque", "puisqu": "puisque",
    "quoiqu": "quoique", "presqu": "presque", "quelqu": "quelque",
}
# Words that keep their apostrophe inside (never split).
FR_APOS_WORDS = {"aujourd'hui", "prud'homme", "prud'hommes", "prud'homal", "prud'homale",
                 "presqu'île", "presqu'îles", "entr'ouvert", "quelqu'un", "quelqu'une"}
FR_CONTRACTIONS = {"du": ("de", "le"), "au": ("à", "le"), "aux": ("à", "les"),
                   "des": ("de", "les")}
EN_APOS_SUFFIX = re.compile(r"'(s|t|d|ve|ll|re|m)$")

# Determiners/pronouns whose lemma is normalised (simplemma gives "le" for "la", "les"...).
FR_FIXED_LEMMAS = {"la": "le", "les": "le", "le": "le", "l'": "le", "un": "un", "une": "un",
                   "des": "un", "de": "de", "d'": "de", "à": "à", "sommes": "être",
                   "ne": "ne", "n'": "ne", "que": "que", "qu'": "que", "été": "être",
                   "vous": "vous", "nous": "nous", "votre": "votre", "vos": "votre",
                   "notre": "notre", "nos": "notre", "leur": "leur", "leurs": "leur"}

_lock = threading.Lock()
_SIMPLEMMA: list = []      # [module] once imported and its dictionary loader cached


def simplemma_module():
    """simplemma, with its per-language dictionaries read from rewriter's cache folder.

    simplemma decodes a front-coded, lzma-compressed file into a ``dict[bytes, bytes]``
    the first time a language is used (0.2–0.3 s for French, in every process). The
    decoded dict is pickled once in the cache folder (:mod:`rewriter.cache`, keyed on
    simplemma's version and the data file's size and date) and unpickled afterwards
    (≈ 0.05 s): the same dictionary, so the same lemmas. If simplemma's internals differ
    from what is expected, nothing is changed."""
    if _SIMPLEMMA:
        return _SIMPLEMMA[0]
    import simplemma
    with _lock:
        if not _SIMPLEMMA:
            try:
                _cache_simplemma_dictionaries()
            except Exception:  # pragma: no cover - never fail on an optimisation
                pass
            _SIMPLEMMA.append(simplemma)
    return simplemma


def _cache_simplemma_dictionaries() -> None:
    from simplemma import __version__ as sm_version
    from simplemma.strategies.dictionaries import dictionary_factory as df

    original = df._load_dictionary_from_disk
    if getattr(original, "_rewriter_cached", False):
        return
    supported = df.SUPPORTED_LANGUAGES
    folder = df.DATA_FOLDER

    def load(langcode: str):
        if langcode not in supported:
            return original(langcode)         # simplemma raises its own error
        from . import cache
        try:
            st = (folder / f"{langcode}.plzma").stat()
        except OSError:
            return original(langcode)
        name = f"simplemma-{sm_version}-{langcode}-{st.st_size}-{st.st_mtime_ns}"
        try:
            t = cache.trie(name + ".marisa", lambda: _bytes_trie(original(langcode)))
        except Exception:  # never fail on an optimisation: the pickled dict below
            t = None
        if t is not None:
            return TrieBytesDict(t)
        d = cache.load(name + ".pickle")        # without marisa-trie: a pickled dict
        if type(d) is dict:
            return d
        d = original(langcode)
        cache.store(name + ".pickle", d)
        return d

    load._rewriter_cached = True
    df._load_dictionary_from_disk = load


def _bytes_trie(d: dict):
    import marisa_trie
    return marisa_trie.BytesTrie((k.decode("utf-8"), v) for k, v in d.items())


class TrieBytesDict:
    """simplemma's decoded dictionary (``dict[bytes, bytes]``: form -> lemma) served from
    a memory-mapped marisa-trie (:func:`cache.trie`): opening it costs well under a
    millisecond where unpickling the dict took 50 ms (French) in every process; a
    lookup costs ~1 µs instead of ~0.3, and lemmas are cached per word anyway. Only
    what simplemma uses of the dict is provided: ``get``, ``in``, iteration, ``len``."""

    __slots__ = ("_trie",)

    def __init__(self, trie):
        self._trie = trie

    def get(self, key: bytes, default=None):
        try:
            found = self._trie.get(key.decode("utf-8"))
        except UnicodeDecodeError:
            return default
        return found[0] if found else default

    def __getitem__(self, key: bytes) -> bytes:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __iter__(self):
        return (k.encode("utf-8") for k in self._trie.iterkeys())

    def __len__(self) -> int:
        return len(self._trie)


def normalise(s: str) -> str:
    """Case-folded, straight apostrophes, composed accents (NFC: a letter saved as « e » +
    combining acute is read as « é »)."""
    s = s.translate(APOSTROPHES).lower()
    if not s.isascii():
        s = unicodedata.normalize("NFC", s)
    return s


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str = "fr") -> str:
    """Lemma of a normalised word (lowercase). Thread-safe, cached."""
    if language == "fr":
        fixed = FR_FIXED_LEMMAS.get(word)
        if fixed:
            return fixed
    if not word or not word[0].isalpha():
        return word
    simplemma = simplemma_module()  # lazy: dictionary loaded the first time
    try:
        return simplemma.lemmatize(word, lang=language).lower()
    except Exception:  # pragma: no cover - simplemma is robust; never fail analysis on it
        return word


@lru_cache(maxsize=200_000)
def _word_parts(surface: str, language: str) -> tuple:
    """The token(s) of one surface word, as (rel_start, rel_end, text, norm, lemma, part,
    parts, alt). Cached: words repeat (Zipf), so most words of a letter are analysed once
    per process. Handles French elisions (l', d', qu'…) and contractions (du, au, aux,
    des)."""
    out: list[tuple] = []
    if language == "fr":
        _fr_parts(surface, 0, out)
        return tuple((x[0], x[1], surface[x[0]:x[1]]) + x[2:]
                     + (verb_lemma_fr(x[2], x[3]) if x[5] == 1 else "",) for x in out)
    norm = normalise(surface)
    base = EN_APOS_SUFFIX.sub("", norm) if "'" in norm else norm
    out.append((0, len(surface), surface, norm, lemma(base, language), 0, 1, ""))
    return tuple(out)


def _fr_parts(surface: str, offset: int, out: list) -> None:
    word = surface[offset:]
    norm = normalise(word)
    if "'" in norm and norm not in FR_APOS_WORDS:
        head, _, rest = norm.partition("'")
        if head in FR_ELIDED and rest:
            cut = len(head) + 1
            out.append((offset, offset + cut, head + "'", FR_ELIDED[head], 0, 1))
            _fr_parts(surface, offset + cut, out)
            return
    parts = FR_CONTRACTIONS.get(norm)
    if parts:
        for i, p in enumerate(parts):
            out.append((offset, len(surface), p, lemma(p, "fr"), i, len(parts)))
        return
    m = _FR_CLITIC.match(norm)
    if m and len(m.group(1)) >= 3:
        # imperative + pronoun: "communiquez-nous" -> "communiquez" + "nous"
        cut = offset + len(m.group(1))
        verb = m.group(1)
        out.append((offset, cut, verb, lemma(verb, "fr"), 0, 1))
        pron = m.group(3)
        out.append((len(surface) - len(pron), len(surface), pron, lemma(pron, "fr"), 0, 1))
        return
    out.append((offset, len(surface), norm, lemma(norm, "fr"), 0, 1))


_FR_CLITIC = re.compile(r"^(.+?)(-t)?-(nous|vous|le|la|les|moi|toi|lui|leur|en|y|je|tu|il|"
                        r"elle|on|ils|elles)$")


_VERB_ENDINGS = (("ions", ""), ("iez", ""), ("ons", ""), ("ez", ""), ("ent", ""), ("es", ""),
                 ("ées", ""), ("és", ""), ("ée", ""), ("é", ""), ("e", ""))


@lru_cache(maxsize=200_000)
def verb_lemma_fr(norm: str, lem: str) -> str:
    """A first-group verb this form may belong to, when simplemma gave another lemma
    ("prions" -> prier, "reste" -> rester, "procédé" -> procéder); "" if none."""
    if lem.endswith("er") or len(norm) < 4 or not norm.isalpha():
        return ""
    simplemma = simplemma_module()
    for end, _ in _VERB_ENDINGS:
        if norm.endswith(end):
            cand = norm[: len(norm) - len(end)] + "er"
            if cand != lem and len(cand) > 3 and simplemma.is_known(cand, lang="fr"):
                return cand
    return ""


def tokenize(text: str, language: str = "fr", protected: list[tuple[int, int]] | None = None
             ) -> list[Token]:
    """Word tokens of ``text`` with offsets. Punctuation is not a token.

    ``protected`` spans (template tags, addresses) are skipped; a ``{{ variable }}``
    becomes a single neutral token whose norm and lemma are ``"{{}}"`` so it counts as one
    word and matches nothing.
    """
    # French: a verb reading of a noun-looking form ("reste", "adresse", "demande") is
    # only plausible right after a subject, object pronoun or auxiliary ("je reste",
    # "nous vous adressons", "avons procédé"), not after an article ("l'adresse"): the
    # token's ``alt`` is kept only when the previous token's norm is in _VERB_CONTEXT
    # (other languages have no ``alt``).
    out: list[Token] = []
    if not protected:
        _tokenize_plain(text, 0, len(text), language, out, "")
        return out
    spans = sorted(protected)
    pos = 0
    prev = ""
    for s, e in spans + [(len(text), len(text))]:
        if s > pos:
            prev = _tokenize_plain(text, pos, s, language, out, prev)
        if e > s and text.startswith("{{", s):
            out.append(Token(s, e, text[s:e], "{{}}", "{{}}"))
            prev = "{{}}"
        pos = max(pos, e)
    return out


_VERB_CONTEXT = {"je", "j'", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "ne",
                 "n'", "me", "m'", "te", "t'", "se", "s'", "lui", "leur", "y", "en", "ai",
                 "as", "a", "avons", "avez", "ont", "avait", "avaient", "aura", "aurons",
                 "aurez", "auront", "ayant", "qui"}


def _tokenize_plain(text: str, a: int, b: int, language: str, out: list[Token],
                    prev: str) -> str:
    """Tokens of ``text[a:b]`` appended to ``out``; ``prev`` is the norm of the token
    before (for ``alt``, see tokenize); returns the norm of the last token."""
    append = out.append
    find = text.find
    pos = a
    # findall + find is cheaper than finditer's match objects; find() gives the match
    # start: no word character lies between two matches, and a word starts with one
    for surface in _WORD_FAST.findall(text, a, b):
        start = find(surface, pos)
        pos = start + len(surface)
        for rs, re_, sub, norm, lem, part, parts, alt in _word_parts(surface, language):
            if alt and prev not in _VERB_CONTEXT:
                alt = ""
            append(Token(start + rs, start + re_, sub, norm, lem, True, part, parts, alt))
            prev = norm
    return prev


# --- realisation -------------------------------------------------------------------------

_VOWEL_START = re.compile(r"^[aeiouyàâäéèêëîïôöùûüœæh]", re.I)
# h aspiré: no elision before these (short list of frequent words).
_H_ASPIRE = {"haut", "haute", "hauts", "hautes", "hauteur", "handicap", "handicapé",
             "handicapée", "handicapés", "hasard", "hâte", "hausse", "hameau", "hangar",
             "haie", "haine", "halte", "hall", "harcèlement", "hiérarchie", "hors", "hibou",
             "huit", "héros", "honte", "housse", "hurler", "hameaux", "haies"}
_CONTRACT = [(re.compile(r"\b([Dd])e les\b"), r"\1es"), (re.compile(r"\b([Dd])e le\b"), r"\1u"),
             (re.compile(r"\b([Àà]) les\b"), lambda m: "Aux" if m.group(1) == "À" else "aux"),
             (re.compile(r"\b([Àà]) le\b"), lambda m: "Au" if m.group(1) == "À" else "au")]
_ELIDABLE = re.compile(r"\b([Ll]e|[Ll]a|[Dd]e|[Qq]ue|[Nn]e|[Ss]e|[Jj]e|[Mm]e|[Tt]e|[Jj]usque|"
                       r"[Ll]orsque|[Pp]uisque) (\w+)")
_UNELIDE = re.compile(r"\b([LlDdQqNnSsJjMmTt]|[Qq]u|[Jj]usqu|[Ll]orsqu|[Pp]uisqu)['’](\w+)")
_UNELIDE_FULL = {"l": "le", "d": "de", "qu": "que", "n": "ne", "s": "se", "j": "je",
                 "m": "me", "t": "te", "jusqu": "jusque", "lorsqu": "lorsque",
                 "puisqu": "puisque"}


def _elides_before(word: str) -> bool:
    w = word.lower()
    return bool(_VOWEL_START.match(w)) and w not in _H_ASPIRE and not (
        w.startswith("h") and w in _H_ASPIRE)


@lru_cache(maxsize=50_000)
def realise_fr(s: str) -> str:
    """Make a French string grammatical at word joints: contractions and elisions.

    ``"de le dossier"`` → ``"du dossier"``; ``"de effectuer"`` → ``"d'effectuer"``;
    ``"d'faire"`` → ``"de faire"``; ``"à le"`` → ``"au"``. Spaces are normalised once.
    """
    s = re.sub(r"[ \t]{2,}", " ", s)

    def unelide(m: re.Match) -> str:
        head, word = m.group(1), m.group(2)
        if _elides_before(word):
            return m.group(0)
        full = _UNELIDE_FULL[head.lower()]
        if head[0].isupper():
            full = full.capitalize()
        return f"{full} {word}"

    s = _UNELIDE.sub(unelide, s)
    for rx, rep in _CONTRACT:
        s = rx.sub(rep, s)

    def elide(m: re.Match) -> str:
        head, word = m.group(1), m.group(2)
        if head.lower() in ("le", "la") and word.lower() in ("un", "une"):
            return m.group(0)
        if not _elides_before(word):
            return m.group(0)
        short = {"le": "l", "la": "l", "de": "d", "que": "qu", "ne": "n", "se": "s",
                 "je": "j", "me": "m", "te": "t", "jusque": "jusqu", "lorsque": "lorsqu",
                 "puisque": "puisqu"}[head.lower()]
        if head[0].isupper():
            short = short.capitalize()
        return f"{short}'{word}"

    s = _ELIDABLE.sub(elide, s)
    return _CE_ETRE.sub(lambda m: f"{m.group(1)}'{m.group(2)}", s)


_CE_ETRE = re.compile(r"\b([Cc])e (est|était|étaient|eût)\b")


def match_case(replacement: str, original: str, sentence_start: bool) -> str:
    """Keep the original's case: ALL CAPS stays caps; a capital first letter (at sentence
    start or in the original) is kept; otherwise the replacement is used as written."""
    if not replacement:
        return replacement
    kind = _case_kind(original)
    if kind == 1:
        return replacement.upper()     # a phrase in capitals (an acronym like ASAP is not)
    if kind == 2 or sentence_start:
        return replacement[0].upper() + replacement[1:]
    return replacement


@lru_cache(maxsize=16384)
def _case_kind(original: str) -> int:
    """1: a phrase in capitals; 2: starts with a capital (not an acronym); 0: other.
    Cached: the same words are replaced again and again in a long text."""
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters) and " " in original.strip():
        return 1
    first_word = original.split()[0] if original.split() else original
    fw_letters = [c for c in first_word if c.isalpha()]
    acronym = len(fw_letters) > 1 and all(c.isupper() for c in fw_letters)
    if original[:1].isupper() and not acronym:
        return 2
    return 0
