"""The faster code paths of notes/perf.md give exactly what the simple ones gave.

Each optimisation keeps a reference here (the former code, or the public API it replaces)
and compares on the letters of the repository and on tricky strings. Behaviour only: no
timing.
"""
from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest

from rewriter import nlp, segment, structure
from rewriter.config import Settings
from rewriter.engine import check_text
from rewriter.model import Token

ROOT = Path(__file__).resolve().parent.parent

TRICKY = [
    "l'été c'est-à-dire ci-joint e\u0301te\u0301 a-  b'  x_y __ 1er-2e é\u0301\u0301x -a 'a a--b "
    "a-'b a'-b ab’cd ab‑cd 3\u0301 aujourd’hui qu'au jusqu'aux communiquez-nous",
    "Vous devez fournir {{ pieces.liste }}. Merci de répondre avant le {{ date }}.",
    "Voir www.service-public.fr ou écrire à mairie@ville.fr. M. Dupont, art. 4 etc. fin.",
    "Pièces :\n- une pièce\n- un justificatif\n\nFin. Veuillez agréer\n  l’assurance de ma "
    "considération. ſalutations \u212aind regards. İ ı",
    "Pourquoi ? parce que… Ah ! bon. « Fin. » (voir p. 3.) 12.03.2024 L. 2212-2.\n\n\nSuite",
    "",
    "   ",
    "ÉCRIT EN CAPITALES. DU MAIRE AU PRÉFET. Des lettres, du courrier, aux usagers.",
]


def _corpus_texts() -> list[str]:
    texts = list(TRICKY)
    for sub in ("evaluation", "samples", "templates", "benchmarks/data"):
        for p in sorted((ROOT / sub).rglob("*")):
            if p.is_file() and p.suffix in (".txt", ".md", ".j2", ".jinja", ".html"):
                t = p.read_text(encoding="utf-8", errors="replace")
                texts.append(t)
                texts.extend(t.split("\n\n"))
    return texts


TEXTS = _corpus_texts()


# --- tokenizer ------------------------------------------------------------------------------
def _reference_tokenize(text, language="fr", protected=None):
    """The tokenizer before the fast path (finditer, then a second pass for ``alt``)."""
    out = []

    def plain(a, b):
        for m in nlp.WORD_RE.finditer(text, a, b):
            start, surface = m.start(), m.group()
            for rs, re_, sub, norm, lem, part, parts, alt in nlp._word_parts(surface, language):
                assert sub == surface[rs:re_]
                out.append(Token(start + rs, start + re_, surface[rs:re_], norm, lem, True,
                                 part, parts, alt))

    pos = 0
    for s, e in sorted(protected or []) + [(len(text), len(text))]:
        if s > pos:
            plain(pos, s)
        if e > s and text.startswith("{{", s):
            out.append(Token(s, e, text[s:e], "{{}}", "{{}}"))
        pos = max(pos, e)
    if language == "fr":
        prev = ""
        for t in out:
            if t.alt and prev not in nlp._VERB_CONTEXT:
                t.alt = ""
            prev = t.norm
    return out


def test_fast_word_regex_matches_the_documented_one():
    for text in TEXTS:
        a = [(m.start(), m.end()) for m in nlp.WORD_RE.finditer(text)]
        b = [(m.start(), m.end()) for m in nlp._WORD_FAST.finditer(text)]
        assert a == b


@pytest.mark.parametrize("language", ["fr", "en"])
def test_tokenize_same_tokens(language):
    from rewriter.templating import protected_spans
    for text in TEXTS:
        for prot in (None, protected_spans(text)):
            assert tokenize_eq(text, language, prot)


def tokenize_eq(text, language, prot) -> bool:
    return nlp.tokenize(text, language, prot) == _reference_tokenize(text, language, prot)


# --- sentences ------------------------------------------------------------------------------
def _reference_split(text, language="fr", protected=None):
    """split_sentences before the fast path: every character visited, text[:i].rstrip()."""
    abbr = segment.abbreviations(language)
    n = len(text)
    cuts = []
    prot = protected or []
    i = 0
    T, C = segment._TERMINAL, segment._CLOSERS
    while i < n:
        c = text[i]
        if c in T:
            j = i
            while j < n and text[j] in T:
                j += 1
            while j < n and text[j] in C:
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
                word = segment._word_before(text, i)
                if word.lower() == "etc":
                    if not nxt.isupper():
                        i = j
                        continue
                elif segment._is_abbreviation(word, abbr):
                    i = j
                    continue
                if word[:1].isdigit() and nxt.islower():
                    i = j
                    continue
            if nxt.islower():
                i = j
                continue
            cuts.append(j)
            i = k
            continue
        if c == "\n":
            before = text[:i].rstrip()
            k = i + 1
            while k < n and text[k] in " \t\r\n":
                k += 1
            if k < n and before and not any(s <= i < e for s, e in prot):
                last = before[-1]
                line_start = text.rfind("\n", 0, i) + 1
                prev_line = text[line_start:i].strip()
                if (last in T + ":;" + C or segment._BULLET.match(text, i + 1)
                        or (text[k].isupper() and len(prev_line.split()) <= 8)
                        or text[i + 1:k].count("\n") >= 1):
                    cuts.append(i)
        i += 1
    out = []
    start = 0
    for cut in cuts + [n]:
        a, b = start, cut
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
        start = cut
    return out


@pytest.mark.parametrize("language", ["fr", "en"])
def test_split_sentences_same_cuts(language):
    from rewriter.templating import protected_spans
    for text in TEXTS:
        for prot in (None, protected_spans(text)):
            got = [(s.start, s.end) for s in segment.split_sentences(text, language, prot)]
            assert got == _reference_split(text, language, prot)


# --- roles ------------------------------------------------------------------------------------
def _top_level_alternatives(pattern: str) -> list[str]:
    inner = pattern[1:-1] if pattern.startswith("(") and pattern.endswith(")") else pattern
    out, depth, cur = [], 0, ""
    for c in inner:
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == "|" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += c
    return out + [cur]


def test_closing_prefix_class_covers_every_alternative():
    alts = _top_level_alternatives(structure._CLOSING.pattern)
    assert len(alts) > 10
    for a in alts:
        assert a[0].lower() in structure._CLOSING_FIRST, a
    for text in TEXTS + ["SALUTATIONS", "Bien À vous", "ſalutations", "\u212aind regards"]:
        a = structure._CLOSING.search(text)
        b = structure._CLOSING_FAST.search(text)
        assert (a and a.span()) == (b and b.span())


# --- match_case -----------------------------------------------------------------------------
def _reference_match_case(replacement, original, sentence_start):
    if not replacement:
        return replacement
    letters = [c for c in original if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters) and " " in original.strip():
        return replacement.upper()
    first_word = original.split()[0] if original.split() else original
    fw_letters = [c for c in first_word if c.isalpha()]
    acronym = len(fw_letters) > 1 and all(c.isupper() for c in fw_letters)
    if original[:1].isupper() and not acronym:
        return replacement[0].upper() + replacement[1:]
    if sentence_start:
        return replacement[0].upper() + replacement[1:]
    return replacement


@pytest.mark.parametrize("original", ["", " ", "veuillez", "Veuillez", "VEUILLEZ TROUVER",
                                      "CCAS", "CCAS du", "ASAP", "l'ensemble", "L'ENSEMBLE",
                                      "É", "à compter", "1er mars", "Ci-joint"])
@pytest.mark.parametrize("replacement", ["", "merci", "à partir de", "x"])
@pytest.mark.parametrize("start", [False, True])
def test_match_case_same(original, replacement, start):
    assert nlp.match_case(replacement, original, start) == \
        _reference_match_case(replacement, original, start)


# --- pattern rules: the three ways of finding candidate rules agree -------------------------
@pytest.mark.parametrize("language", ["fr", "en"])
def test_pattern_rules_skipped_only_when_they_cannot_match(language):
    """A pattern rule runs only on paragraphs containing one of its required literals
    (kinds/pattern.py): on every text of the repository, each rule left out has no
    match at all, whatever the case or the Unicode folding (ſ, K, ß…)."""
    import copy

    import re2

    from rewriter.kinds import pattern
    from rewriter.rulepack import get_rules
    checker = next((c for c in get_rules(language).checkers
                    if isinstance(c, pattern.Checker)), None)
    if checker is None or not checker._patterns():
        pytest.skip("no pattern rules")
    progs = [re2.compile(src, pattern._options()) for _r, src in checker._patterns()]
    rules = checker._patterns()
    texts = list(TEXTS) + ["STRAẞE straße ǅ ǆ ΣΊΣΥΦΟΣ ſtraſſe \u212aelvin İi"]
    for r, _src in rules:           # every example of every rule, and their case variants
        for case in r.tests:
            for key in ("fail", "pass"):
                if key in case:
                    t = str(case[key])
                    texts += [t, t.upper(), t.swapcase(),
                              t.replace("s", "ſ").replace("k", "\u212a")]
    plain = copy.copy(checker)
    plain._lset = False                  # the fallback without the RE2 Set
    assert checker._literal_set() is not None
    for text in texts:
        for chk in (checker, plain):
            kept = set(chk._candidates(text))
            for i, rx in enumerate(progs):
                if i not in kept:
                    assert rx.search(text) is None, (rules[i][0].id, text)


def test_required_literals():
    from rewriter.kinds.pattern import required_literals as lits
    assert lits("(?i)ledit ([bcd]\\pL*)") == ("ledit ",)
    assert lits("(?:En conséquence|Dès lors),") == ("Dès lors,", "En conséquence,")
    assert lits("(?i)(a|bc)+d") == ("d",)
    assert lits("[A-Z]{2,}") is None               # nothing literal
    assert lits("(a|\\pL+)x") == ("x",)
    assert lits("x?y*") is None                    # optional parts require nothing
    assert lits("[[:alpha:]]+") is None            # RE2 syntax Python reads otherwise
    assert lits("\\Qa.b\\E") is None
    assert lits("(") is None                       # unreadable: always run


def test_pattern_checker_pickles_without_programs():
    import pickle

    from rewriter.kinds import pattern
    from rewriter.rulepack import get_rules
    from rewriter.config import Settings
    rules = get_rules("fr")
    c = next(c for c in rules.checkers if isinstance(c, pattern.Checker))
    check_text("Veuillez trouver ci-joint ledit formulaire.", language="fr",
               settings=Settings(grammar="off"))
    assert c.__dict__.get("_programs")              # compiled for the rules it met
    d = c.__getstate__()
    assert "_programs" not in d
    c2 = pickle.loads(pickle.dumps(c))
    assert [r.id for r, _ in c2._patterns()] == [r.id for r, _ in c._patterns()]


# --- simplemma dictionaries from the cache -------------------------------------------------
def _same_mapping(got, reference: dict) -> None:
    assert len(got) == len(reference)
    for k, v in reference.items():
        assert got.get(k) == v, k
    assert got.get(b"zzzz-pas-un-mot") is None and b"zzzz-pas-un-mot" not in got
    assert set(got) == set(reference)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_simplemma_cached_dictionary_is_the_shipped_one(language, tmp_path, monkeypatch):
    """simplemma's dictionary, memory-mapped from the cache folder (a marisa-trie), holds
    exactly the shipped dictionary: built on first use, opened afterwards."""
    from simplemma.strategies.dictionaries import dictionary_factory as df
    from simplemma.strategies.dictionaries import frontcode
    sm = nlp.simplemma_module()
    load = df._load_dictionary_from_disk
    assert getattr(load, "_rewriter_cached", False)
    monkeypatch.setenv("REWRITER_CACHE_DIR", str(tmp_path))
    reference = frontcode._decode_stream(df._read_decompressed(language))
    first = load(language)                     # decoded, then stored
    assert isinstance(first, nlp.TrieBytesDict)
    assert list(tmp_path.glob(f"simplemma-*-{language}-*.marisa"))
    second = load(language)                    # memory-mapped from the cache
    _same_mapping(second, reference)
    assert sm.lemmatize("demandes", lang="fr") == "demande"


def test_simplemma_dictionary_without_marisa_is_a_pickled_dict(tmp_path, monkeypatch):
    from simplemma.strategies.dictionaries import dictionary_factory as df
    from simplemma.strategies.dictionaries import frontcode

    from rewriter import cache
    nlp.simplemma_module()
    monkeypatch.setenv("REWRITER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(cache, "trie", lambda name, build: None)
    load = df._load_dictionary_from_disk
    first = load("fr")
    assert type(first) is dict and list(tmp_path.glob("simplemma-*-fr-*.pickle"))
    assert load("fr") == first == frontcode._decode_stream(df._read_decompressed("fr"))


def test_damaged_dictionary_file_is_rebuilt(tmp_path, monkeypatch):
    from simplemma.strategies.dictionaries import dictionary_factory as df
    nlp.simplemma_module()
    monkeypatch.setenv("REWRITER_CACHE_DIR", str(tmp_path))
    load = df._load_dictionary_from_disk
    load("fr")
    (f,) = tmp_path.glob("simplemma-*-fr-*.marisa")
    f.write_bytes(b"pas un trie")
    assert load("fr").get("demandes".encode()) == b"demande"
    assert f.stat().st_size > 1000


def test_cmudict_syllable_trie_is_the_table(tmp_path, monkeypatch):
    from rewriter import syllables
    monkeypatch.setenv("REWRITER_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(syllables, "_cmu_syl_cache", [])
    table = syllables._cmu_table()
    built = syllables._cmu_syllables()             # built and stored
    monkeypatch.setattr(syllables, "_cmu_syl_cache", [])
    mapped = syllables._cmu_syllables()            # memory-mapped
    assert list(tmp_path.glob("cmu-syllables-*.marisa"))
    for t in (built, mapped):
        assert all(t.get(w) == n for w, n in table.items())
        assert t.get("zzzzqx") is None


# --- analysis ---------------------------------------------------------------------------------
def test_analysis_restores_the_garbage_collector():
    off = Settings(grammar="off")
    assert gc.isenabled()
    check_text("Nous vous prions de bien vouloir agréer nos salutations.", language="fr",
               settings=off)
    assert gc.isenabled()
    gc.disable()
    try:
        check_text("Bonjour.", language="fr", settings=off)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_preload_without_warm_up_runs_no_check(monkeypatch):
    from rewriter import engine, parallel
    calls = []
    monkeypatch.setattr(engine, "check_text", lambda *a, **k: calls.append(a))
    parallel.preload(parallel.CheckOptions(), ("fr",), warm=False)
    assert calls == []
    parallel.preload(parallel.CheckOptions(), ("fr",))
    assert calls


def test_chunks_cover_every_file_in_order(tmp_path):
    from rewriter.parallel import CheckOptions, check_many
    files = []
    for i in range(23):
        p = tmp_path / f"{i:02d}.txt"
        p.write_text(f"Lettre {i}. Nous vous prions de bien vouloir répondre.\n",
                     encoding="utf-8")
        files.append(str(p))
    assert gc.get_freeze_count() == 0
    reports = check_many(files, CheckOptions(grammar="off"), jobs=2)
    assert [r.path for r in reports] == files
    assert re.search(r"22", reports[-1].path)
    assert gc.get_freeze_count() == 0          # what was frozen for the fork is released


# --- syllables --------------------------------------------------------------------------------
def test_french_syllable_rewrites_skip_only_when_nothing_can_change():
    """_fr_word skips a rewrite whose required substring is absent: same words out, on
    every word of simplemma's French dictionary (one in three)."""
    from simplemma.strategies.dictionaries import dictionary_factory as df

    from rewriter import syllables as S
    assert len(S._FR_PRE_NEEDS) == len(S._FR_PRE)
    nlp.simplemma_module()
    words = sorted({k.decode().lower() for k in df._load_dictionary_from_disk("fr")})
    words = [w for w in words[::3] if w.isalpha()] + ["pays", "asseoir", "netteté", "jouer"]
    for w in words:
        ref = fast = w
        for rx, rep in S._FR_PRE:
            ref = rx.sub(rep, ref)
        for need, rx, rep in S._FR_PRE_FAST:
            if need in fast:
                fast = rx.sub(rep, fast)
        assert fast == ref, w


# --- matcher: remembered suggestions, shared subtrees ---------------------------------------
def _full(rep) -> list:
    return [(f.rule, f.paragraph, f.start, f.end, f.text, f.suggestions, f.fixable)
            for f in rep.findings]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_remembered_suggestions_equal_built_ones(language, monkeypatch):
    """The matcher remembers each suggestion with its context (kinds/matcher.py
    ``_finding``). Every text of the repository, and the same phrases at a sentence start,
    before a vowel, a capital, a space or punctuation, give exactly what building every
    suggestion anew gives."""
    from rewriter.kinds import matcher
    off = Settings(grammar="off")
    extra = ["Veuillez trouver ci-joint le dossier. Veuillez trouver ci-joint l'avis. "
             "VEUILLEZ TROUVER CI-JOINT LE DOSSIER. veuillez trouver ci-joint, le dossier.",
             "Il vous appartient de signer et de renvoyer. Il vous appartient d'envoyer. "
             "il vous appartient de. Il vous appartient\u00a0de le faire.",
             "Nous refusons, sauf à payer le solde. Nous refusons, sauf à envoyer le solde. "
             "Nous refusons, sauf à\u00a0envoyer le solde.",
             "Nous accusons réception de votre courrier. Nous accusons réception du "
             "courrier. Nous accusons réception de votre courrier {{ date }}."]
    texts = TEXTS + extra + extra        # the second copy is served from memory
    remembered = [_full(check_text(t, language=language, settings=off)) for t in texts]

    def build_every_time(self, pc, toks, i, end, entry, path):
        if pc.paragraph.is_protected(toks[i].start, toks[end - 1].end):
            return None
        f = self._build_finding(pc, toks, i, end, entry, path)
        return self._construction(f, entry, toks, end, pc)

    monkeypatch.setattr(matcher.TrieChecker, "_finding", build_every_time)
    built = [_full(check_text(t, language=language, settings=off)) for t in texts]
    assert remembered == built


def test_trie_subtrees_shared_and_matching_unchanged():
    """Identical subtrees of the lexicon trie are stored once; a trie built without
    sharing finds the same entries on every text."""
    from rewriter.kinds import matcher
    from rewriter.rulepack import get_rules
    checker = next(c for c in get_rules("fr").checkers
                   if isinstance(c, matcher.TrieChecker))
    ids, nodes = set(), 0
    stack = [checker.root]
    while stack:
        n = stack.pop()
        nodes += 1
        ids.add(id(n))
        stack.extend(v for k, v in n.items() if k != matcher.ENDS)
    assert len(ids) < nodes / 1.5          # many paths lead to shared nodes

    plain = matcher.TrieChecker.__new__(matcher.TrieChecker)
    plain.__dict__.update(checker.__dict__)
    plain._memo = {}
    plain.root = {}
    for eid, e in enumerate(checker.entries):
        plain._insert(plain.root, e.words, 0, eid)
    plain._root_keys = None
    for text in TEXTS[:200]:
        doc = check_text(text, language="fr", settings=Settings(grammar="off")).document
        if doc is None:
            continue
        from rewriter.engine import build_context
        ctx = build_context(doc, "fr", Settings(grammar="off"))
        assert [(f.rule, f.start, f.end, f.suggestions) for f in checker.check(ctx)] == \
            [(f.rule, f.start, f.end, f.suggestions) for f in plain.check(ctx)]


# --- compact JSON through orjson ----------------------------------------------------------------
def test_compact_json_is_the_standard_modules_text():
    """``--format json`` to a file or a pipe is written by orjson: the same text as the
    standard json module on every report of the repository's letters."""
    import json

    from rewriter.report.json_format import dumps_compact, to_dict
    off = Settings(grammar="off")
    reports = [check_text(t, language=lang, settings=off)
               for t in TEXTS[:400] for lang in ("fr", "en")]
    d = to_dict(reports, ["note : « test »\u2028"])
    assert dumps_compact(d) == json.dumps(d, ensure_ascii=False, separators=(",", ":"))
    # the same numbers; a non-finite one becomes null (valid JSON, where the standard
    # module would write « Infinity », which strict parsers refuse)
    assert json.loads(dumps_compact({"x": 1e-05, "y": [float("inf"), float("nan")]})) == \
        {"x": 1e-05, "y": [None, None]}
    assert json.loads(dumps_compact({1: [2, 3]})) == {"1": [2, 3]}     # via the fallback


@pytest.mark.parametrize("regex, texts", [
    ("a{,2}b", ["a{,2}b", "xa{,2}by"]),                 # RE2: literal « {,2} »
    ("(?i)STRASSE|straße", ["STRAẞE", "Straße", "strasse"]),
    ("(?i)ſ[a-z]+k", ["SANK", "ſank", "san\u212a"]),
    ("(?:x|y)z", ["xz", "yz"]),
    ("[[:alpha:]]+ok", ["xok", "abok"]),
    ("\\Qa.b\\E", ["a.b"]),
    ("\\x{41}BC", ["ABC"]),
    ("(?i)é(?:té|t[ée]s)", ["ÉTÉ", "étés", "ÉTES"]),
    ("\\p{Lu}+ Ltd", ["ACME Ltd"]),
    ("(?U)a+?b", ["aab"]),
])
def test_required_literals_found_in_every_match(regex, texts):
    """Whatever the regex an organisation writes, a paragraph it matches is never
    skipped: one of its required literals is found there by the RE2 Set."""
    import re2

    from rewriter.kinds import pattern
    rx = re2.compile(regex, pattern._options())
    lits = pattern.required_literals(regex)
    opts = pattern._options()
    opts.case_sensitive = False
    for text in texts:
        assert rx.search(text) is not None, (regex, text)      # the examples do match
        if lits is None:
            continue
        found = re2.Set.SearchSet(opts)
        for t in lits:
            found.Add(pattern._quote(t))
        found.Compile()
        assert found.Match(text), (regex, lits, text)
