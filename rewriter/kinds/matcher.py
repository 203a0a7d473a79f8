"""One automaton for every word-list rule (lexicon, phrase, impersonal).

All patterns of all trie-based rules go into a single token trie keyed on lemmas (or exact
forms for words written ``=mot``), so matching costs one walk over the text whatever the
number of entries (DESIGN.md §5). ``...`` in a pattern skips up to ``MAX_GAP`` words inside
the same sentence.

Replacements are made grammatical at their edges (contractions ``du``/``au`` split by the
match, elisions ``d'``/``l'`` before or after), inflected like the matched word when that is
safe (regular ``-er`` verbs, plural and feminine endings), and given the case of the
original. When inflection is not safe, the suggestion is shown as advice (``fixable``
False) instead of producing broken French.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import Finding
from ..nlp import match_case, normalise, realise_fr, tokenize
from .base import DocContext, ParaContext

MAX_GAP = 8
GAP_RE = re.compile(r"\s*(?:\.\.\.|…)\s*")
_FEM_DETERMINERS = {"la", "une", "cette", "ma", "ta", "sa"}
_MASC_DETERMINERS = {"le", "un", "ce", "cet", "mon", "ton", "son", "du", "au"}
_ELIDABLE_FULL = {"de", "le", "la", "que", "ne", "se", "je", "me", "te", "jusque", "lorsque",
                  "puisque"}


@dataclass
class PatternWord:
    key: str          # "L:lemma" or "N:norm"
    norm: str
    lemma: str
    # the article half of a contraction written in the pattern ("… au", "… du")
    contraction_tail: bool = False


@dataclass
class Entry:
    """One pattern of one rule. Its compiled words are recomputed on demand (cached), so
    a pickled rule pack stays small and loads fast."""
    rule: object
    pattern: str
    language: str

    @property
    def words(self) -> list:      # PatternWord, or None for a gap
        return compile_pattern(self.pattern, self.language)

    @property
    def replacements(self) -> list:
        """The rule's replacements for this pattern (``replace_map`` gives one per
        pattern)."""
        rule = self.rule
        if "replace_map" in rule.params:
            return rule.params["replace_map"].get(self.pattern, rule.replace)
        return rule.replace


def compile_pattern(pattern: str, language: str) -> list:
    """Pattern string -> list of PatternWord (None = gap). Raises ValueError if empty."""
    return list(_compile_pattern(pattern, language))


@lru_cache(maxsize=50_000)
def _compile_pattern(pattern: str, language: str) -> tuple:
    out: list = []
    pieces = GAP_RE.split(pattern.strip())
    for i, piece in enumerate(pieces):
        if i:
            out.append(None)
        words = []
        exact_words = set()
        for w in piece.split():
            if "'=" in w or "’=" in w:          # "l'=étude": exact form after an elision
                head, _, exact = w.replace("’=", "'=").partition("'=")
                exact_words.add(normalise(exact))
                w = f"{head}'{exact}"
            elif w.startswith("="):
                exact_words.add(normalise(w[1:]))
                w = w[1:]
            words.append(w)
        toks = tokenize(" ".join(words), language)
        for t in toks:
            exact = t.norm in exact_words or (t.text and normalise(t.text) in exact_words)
            out.append(PatternWord(("N:" + t.norm) if exact else ("L:" + t.lemma), t.norm,
                                   t.lemma, t.parts > 1 and t.part == t.parts - 1))
    while out and out[0] is None:
        out.pop(0)
    while out and out[-1] is None:
        out.pop()
    if not any(w is not None for w in out):
        raise ValueError("motif vide")
    return tuple(out)


_FUNCTION_WORDS = {"les", "leur", "leurs", "votre", "notre", "vous", "nous", "sommes", "cette",
                   "elle", "elles", "sont", "avez", "avons", "était", "the", "this"}

# Trie nodes are plain dicts (fast to walk, fast to pickle): edge keys are "L:<lemma>" or
# "N:<exact form>"; GAP holds the node reached through "...", ENDS the entries ending here.
GAP, ENDS = "\x00gap", "\x00end"
# what a suggestion may read after the match: a space, then the next word
_AFTER_RE = re.compile(r"[ \u00a0]?\w*")
_MEMO_SIZE = 50_000      # suggestions remembered per checker (then forgotten, all at once)


class TrieChecker:
    def __init__(self, rules: list, language: str):
        self.language = language
        self.root: dict = {}
        self.entries: list[Entry] = []
        self._explained: dict | None = None      # rules with ``explain``, by id
        self._adv: list[int] = []                # inserted adverbs of the paragraph
        self._root_keys: frozenset | None = None  # keys that start a pattern
        self._memo: dict = {}                    # see _finding
        for r in rules:
            for pat in patterns_of(r):
                try:
                    words = compile_pattern(pat, language)
                except ValueError:
                    continue
                self._add(Entry(r, pat, language), words)
        self.root = _share_subtrees(self.root)

    def __getstate__(self):
        d = dict(self.__dict__)
        d["_memo"] = {}          # remembered suggestions stay in their process
        return d

    def __setstate__(self, state):
        self.__dict__.update(state)
        self.__dict__.setdefault("_memo", {})

    def _add(self, entry: Entry, words: list) -> None:
        eid = len(self.entries)
        self.entries.append(entry)
        self._insert(self.root, words, 0, eid)

    def _insert(self, node: dict, words: list, k: int, eid: int) -> None:
        if k == len(words):
            ends = node.setdefault(ENDS, [])
            if eid not in ends:
                ends.append(eid)
            return
        w = words[k]
        if w is None:
            self._insert(node.setdefault(GAP, {}), words, k + 1, eid)
            return
        # A lemma-mode word also matches tokens whose lemma is the pattern's surface form:
        # simplemma is not always consistent ("administré" -> administrer, but
        # "administrés" -> administré).
        keys = [w.key]
        if w.key.startswith("L:") and w.norm != w.lemma and len(w.norm) > 3 and \
                w.norm not in _FUNCTION_WORDS:
            keys.append("L:" + w.norm)
        for key in keys:
            self._insert(node.setdefault(key, {}), words, k + 1, eid)

    # --- matching ------------------------------------------------------------------------
    def _walk(self, node: dict, keys, j: int, stop: int, path: list, out: list) -> None:
        ends = node.get(ENDS)
        if ends:
            for e in ends:
                out.append((j, e, list(path)))
        gap = node.get(GAP)
        if gap is not None:
            for k in range(0, MAX_GAP + 1):
                if j + k > stop:
                    break
                self._walk_edges(gap, keys, j + k, stop, path, out)
        self._walk_edges(node, keys, j, stop, path, out, skip_ends=True)

    def _walk_edges(self, node: dict, keys, j: int, stop: int, path: list, out: list,
                    skip_ends: bool = False) -> None:
        if not skip_ends:
            ends = node.get(ENDS)
            if ends:
                for e in ends:
                    out.append((j, e, list(path)))
        if j >= stop or not node:
            return
        j1 = j + 1
        for key in keys[j]:
            child = node.get(key)
            if child is None:
                continue
            n = self._adv[j1] if j1 < stop else 0
            if not n and ENDS not in child and GAP not in child and (
                    j1 >= stop or child.keys().isdisjoint(keys[j1])):
                continue      # a dead end (most walks): no need to go down
            path.append(j)
            self._walk(child, keys, j1, stop, path, out)
            # « J'attire par ailleurs votre attention », « il vous appartient donc de »:
            # an adverb inserted between two words of a pattern is skipped (the
            # match is then advice only: the replacement would drop the adverb)
            if n and len(child) > (ENDS in child):
                path.append(-1)
                self._walk_edges(child, keys, j1 + n, stop, path, out, skip_ends=True)
                path.pop()
            path.pop()

    def _best(self, out: list, toks) -> tuple:
        entries = self.entries
        longest = max(x[0] for x in out)
        cands = [x for x in out if x[0] == longest]
        if len(cands) > 1:                 # a match without a skipped adverb first
            plain = [x for x in cands if -1 not in x[2]]
            cands = plain or cands
        if len(cands) == 1:
            return cands[0]

        rules = {entries[x[1]].rule.id for x in cands}
        if len(rules) == 1 and "replace_map" not in entries[cands[0][1]].rule.params:
            # variants of one rule with one replacement: the first declared pattern is the
            # author's base form, from which the replacement is inflected
            # (« planning », not « =plannings »)
            return max(cands, key=lambda x: -x[1])

        def surface(x) -> int:
            words = [w for w in entries[x[1]].words if w is not None]
            path = [j for j in x[2] if j >= 0]
            return sum(1 for w, j in zip(words, path) if w.norm == toks[j].norm)

        return max(cands, key=lambda x: (entries[x[1]].rule.pack != "bundled", surface(x),
                                         -x[1]))

    def check(self, doc: DocContext) -> list[Finding]:
        findings: list[Finding] = []
        root = self.root
        if self._root_keys is None:
            self._root_keys = frozenset(root)
        root_keys = self._root_keys
        for pc in doc.paragraphs:
            toks = pc.tokens
            # the trie keys of each token, computed once (distinct keys lead to distinct
            # children, so no child is walked twice)
            keys = [_token_keys(t.lemma, t.norm, t.alt) for t in toks]
            self._adv = _adverb_lengths(toks, self.language)
            for ss in pc.sentences:
                i = ss.first
                while i < ss.last:
                    # a token whose keys start no pattern: the common case, no walk at all
                    if root_keys.isdisjoint(keys[i]):
                        i += 1
                        continue
                    out: list = []
                    self._walk_edges(root, keys, i, ss.last, [], out, skip_ends=True)
                    if not out:
                        i += 1
                        continue
                    # longest match wins; on ties an organisation's rule beats a bundled
                    # one, then the pattern closest to the words as written (« il vous
                    # appartiendra de » is the future-tense pattern's, not the present
                    # one's, though both have the same lemmas), then the rule declared first
                    end, eid, path = self._best(out, toks)
                    f = self._finding(pc, toks, i, end, self.entries[eid], path)
                    if f is not None:
                        findings.append(f)
                    i = end
        if self._explained is None:
            self._explained = {e.rule.id: e.rule for e in self.entries
                               if "explain" in e.rule.params}
        if self._explained:
            findings = _explain_first_use(findings, doc, self._explained)
        return findings

    # --- suggestions ---------------------------------------------------------------------
    def _finding(self, pc: ParaContext, toks, i: int, end: int, entry: Entry, path: list
                 ) -> Finding | None:
        """The finding of ``entry`` matched on ``toks[i:end]``, its suggestions built once
        per context: the same rule meets the same words again and again (formulas of a
        letter, templates of a batch), and building a suggestion (inflection, elisions,
        case) is the costliest step of matching. The context is everything the
        suggestion reads: the text from the word before the match to the word after it,
        those tokens, the sentence starts; what reads the rest of the sentence
        (:func:`_breaks_construction`, :func:`_misplaced_negation`) runs every time."""
        first, last = toks[i], toks[end - 1]
        start, stop = first.start, last.end
        para = pc.paragraph
        if para.is_protected(start, stop):
            return None
        text = pc.text
        lo = i - first.part - 1
        if lo < 0:
            lo = i - first.part
        hi = min(len(toks), end + (last.parts - 1 - last.part) + 1)
        ws = min(toks[lo].start, max(0, start - 1))
        we = max(_AFTER_RE.match(text, stop).end(), stop + 2)
        key = None
        if not para.protected or not any(s < we and ws < e for s, e in para.protected):
            key = (id(entry), text[ws:we], i - lo, end - lo,
                   tuple([k - lo if k >= 0 else -1 for k in path]),
                   tuple([(t.start - ws, t.end - ws, t.norm, t.lemma, t.part, t.parts)
                          for t in toks[lo:hi]]),
                   pc.starts_sentence(start), pc.starts_sentence(toks[lo].start))
            got = self._memo.get(key)
            if got is not None:
                rel_start, rel_stop, suggestions, fixable = got
                start, stop = rel_start + ws, rel_stop + ws
                rule = entry.rule
                f = Finding(rule=rule.id, category=rule.category, severity=rule.severity,
                            message=rule.message, text=text[start:stop], paragraph=pc.index,
                            start=start, end=stop, suggestions=list(suggestions),
                            fixable=fixable)
                return self._construction(f, entry, toks, end, pc)
        f = self._build_finding(pc, toks, i, end, entry, path)
        if key is not None:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = (f.start - ws, f.end - ws, tuple(f.suggestions), f.fixable)
        return self._construction(f, entry, toks, end, pc)

    @staticmethod
    def _construction(f: Finding, entry: Entry, toks, end: int, pc) -> Finding:
        """A replacement that would break the rest of the sentence is advice only."""
        if f.fixable:
            rule = entry.rule
            replacements = entry.replacements
            if replacements:
                f.fixable = not _breaks_construction(
                    entry, replacements[0], toks, end, pc,
                    getattr(_kind(rule), "INFLECT", False)) \
                    and not _misplaced_negation(replacements[0], toks, end)
        return f

    def _build_finding(self, pc: ParaContext, toks, i: int, end: int, entry: Entry,
                       path: list) -> Finding:
        rule = entry.rule
        skipped_adverb = -1 in path
        path = [k for k in path if k >= 0]
        first, last = toks[i], toks[end - 1]
        start, stop = first.start, last.end
        text = pc.text
        # leftovers of contractions cut by the match ("du" when only "le" matched...)
        prefix = [toks[k].norm for k in range(i - first.part, i)] if first.part else []
        suffix = [toks[k].norm for k in range(end, end + (last.parts - 1 - last.part))] \
            if last.part < last.parts - 1 else []
        sentence_start = pc.starts_sentence(start)
        kind_mod = _kind(rule)
        replacements = entry.replacements
        fixable = bool(replacements) and rule.fix and not getattr(kind_mod, "ADVICE_ONLY", False) \
            and not skipped_adverb
        prev = _prev_token(toks, i, first)
        left_word = None
        left_full = ""
        if prev is not None and prev.parts == 1 and _joins(text, prev, start):
            if self.language == "fr":
                left_full = prev.lemma if prev.norm.endswith("'") else prev.norm
                if left_full in _ELIDABLE_FULL:
                    left_word = prev
            elif prev.norm in ("a", "an"):
                left_word, left_full = prev, prev.norm
        variants: list[tuple[str, bool]] = []   # (text from left_word, left word changed)
        for n, repl in enumerate(replacements):
            body, ok = repl, True
            if getattr(kind_mod, "INFLECT", False):
                body, ok = inflect(entry.words, [toks[k] for k in path], repl, self.language,
                                   toks[i - 1] if i > 0 else None)
                if ok and rule.params.get("change_gender"):
                    ok = not _gendered_before(toks, i, pc, start) and \
                        not _agreeing_after(toks, end, pc)
            tail = []
            pw_last = next((w for w in reversed(entry.words) if w is not None), None)
            if pw_last is not None and pw_last.contraction_tail and \
                    normalise(body).split()[-1:] not in (["le"], ["la"], ["les"], ["l'"]) \
                    and not normalise(body).endswith(("au", "aux", "du", "des")):
                # "apporter une modification au" -> "modifier": the article belongs to
                # what follows ("modifier le règlement"); given back unless the
                # replacement ends with its own article ("… écrit le")
                tail = [pw_last.norm]
            core = " ".join(x for x in prefix + [body] + tail + suffix if x)
            plain = core
            right_elided = False
            if self.language == "fr":
                plain = realise_fr(core)
                core = realise_fr(f"{left_full} {core}" if left_word is not None else core)
                if last.norm.endswith("'") and stop < len(text) and text[stop:stop + 1].isalpha():
                    nxt = re.match(r"\w+", text[stop:])
                    if nxt:
                        r = realise_fr(f"{core} {nxt.group()}")
                        core = r[:-len(nxt.group())] if r.endswith(nxt.group()) else core + " "
                        r = realise_fr(f"{plain} {nxt.group()}")
                        plain = r[:-len(nxt.group())] if r.endswith(nxt.group()) else plain + " "
                elif text[stop:stop + 1] == " " and core[-1:].isalpha():
                    # "merci de" before "en aviser" -> "merci d'en aviser": the space goes
                    nxt = re.match(r"\w+", text[stop + 1:])
                    if nxt:
                        r = realise_fr(f"{core} {nxt.group()}")
                        if r.endswith("'" + nxt.group()):
                            core, right_elided = r[:-len(nxt.group())], True
                            r = realise_fr(f"{plain} {nxt.group()}")
                            plain = r[:-len(nxt.group())] if r.endswith(nxt.group()) \
                                else plain + " "
            elif left_word is not None:
                core = f"{_en_article(core)} {core}" if core else left_full
            if left_word is not None and left_word.norm == "l'" and \
                    core[:1].isalpha() and not core.lower().startswith(("l'", "l’")) and \
                    not _elides(core):
                ok = False   # "l'ampliation" -> "la/le copie"? the gender is unknown
                core = left_word.text + core[core.find(" ") + 1:] if " " in core else core
            orig_start = left_word.start if left_word is not None else start
            original = text[orig_start:stop]
            core = match_case(core, original, pc.starts_sentence(orig_start) or sentence_start)
            core = match_apostrophes(core, original)
            plain = match_apostrophes(match_case(plain, text[start:stop], sentence_start),
                                      text[start:stop])
            changed_left = False
            if left_word is not None:
                left_text = text[left_word.start:start]
                changed_left = not (core.startswith(left_text) or (
                    left_text.strip() and normalise(core).startswith(normalise(left_text))))
            if n == 0 and not ok:
                fixable = False
            variants.append((core, changed_left, right_elided, plain))
        # One span for all suggestions: widened to the left word (d' -> de, a -> an) when
        # the first suggestion changes it.
        extend = left_word is not None and bool(variants) and variants[0][1]
        swallow_space = bool(variants) and variants[0][2]
        suggestions = []
        for core, _changed, elided, plain in variants:
            if left_word is not None and not extend:
                core = plain       # the same span for every suggestion: without the left word
            if swallow_space and not elided:
                core += " "
            suggestions.append(core)
        if extend:
            start = left_word.start
        if swallow_space:
            stop += 1
        if suggestions and not suggestions[0].strip():
            # deleting a word: take one neighbouring space with it
            if text[stop:stop + 1] in (" ", "\u00a0"):
                stop += 1
                # at the start of a sentence the next word takes the capital: « Veuillez
                # noter que le bureau… » -> « Le bureau… »
                if sentence_start and text[stop:stop + 1].islower():
                    suggestions = [text[stop].upper()] + suggestions[1:]
                    stop += 1
            elif start > 0 and text[start - 1:start] == " ":
                start -= 1
        f = Finding(rule=rule.id, category=rule.category, severity=rule.severity,
                    message=rule.message, text=text[start:stop], paragraph=pc.index,
                    start=start, end=stop, suggestions=suggestions, fixable=fixable)
        return f


def _share_subtrees(root: dict) -> dict:
    """The same trie, with identical subtrees stored once (a DAG).

    A lemma-mode word is inserted under two keys (its lemma and its written form), which
    copies everything after it: 41,000 nodes for the French pack, half of them
    duplicates. Walking a shared subtree is walking its copy, so matching is unchanged;
    the compiled pack, which pickle stores with shared objects once, loads in 12 ms
    instead of 60 (each command, each worker). The trie is never modified after this."""
    canon: dict = {}

    def visit(node: dict) -> dict:
        items = []
        for k, v in node.items():
            if k == ENDS:
                items.append((k, tuple(v)))
            else:
                node[k] = v = visit(v)
                items.append((k, id(v)))
        key = tuple(sorted(items))
        return canon.setdefault(key, node)

    return visit(root)


# Adverbs that writers slip inside a stock phrase (« J'attire par ailleurs votre attention »)
_INSERTED_ADVERBS = {
    "fr": {("également",), ("enfin",), ("aussi",), ("donc",), ("toutefois",), ("cependant",),
           ("néanmoins",), ("bien",), ("vivement",), ("particulièrement",), ("expressément",),
           ("notamment",), ("encore",), ("ainsi",), ("alors",), ("dorénavant",),
           ("désormais",), ("par", "ailleurs"), ("en", "outre"), ("à", "nouveau"),
           ("de", "nouveau"), ("tout", "particulièrement"), ("dès", "lors")},
    "en": {("also",), ("therefore",), ("however",), ("further",), ("again",), ("now",),
           ("hereby",), ("kindly",), ("furthermore",)},
}


def _adverb_lengths(toks, language: str) -> list[int]:
    """For each token, the number of tokens of an inserted adverb starting there (0: none)."""
    advs = _INSERTED_ADVERBS.get(language, _INSERTED_ADVERBS["en"])
    first = _ADVERB_FIRST.get(language) or _ADVERB_FIRST.setdefault(
        language, frozenset(a[0] for a in advs))
    out = [0] * len(toks)
    for j, t in enumerate(toks):
        if t.norm not in first:
            continue
        if (t.norm,) in advs:
            out[j] = 1
        elif j + 1 < len(toks) and (t.norm, toks[j + 1].norm) in advs:
            out[j] = 2
    return out


_ADVERB_FIRST: dict = {}


@lru_cache(maxsize=65_536)
def _token_keys(lemma: str, norm: str, alt: str) -> tuple:
    keys = ["L:" + lemma]
    for k in ("N:" + norm, "L:" + norm, "L:" + alt if alt else None):
        if k is not None and k not in keys:
            keys.append(k)
    return tuple(keys)


def _explains(after: str) -> bool:
    """Text after a term opens an explanation: a parenthesis of at least two words.
    « domaine public (terrasse) » or « déclaration préalable (DP) » explain nothing."""
    if not after.startswith("("):
        return False
    inner = after[1:after.find(")")] if ")" in after else after[1:80]
    return len(inner.split()) >= 2


def _explain_first_use(findings: list[Finding], doc: DocContext, rules: dict
                       ) -> list[Finding]:
    """Rules with ``explain``: a term that has to stay (« recours contentieux », « mise en
    demeure ») is explained once, at its first use, and then the reader knows it.

    * a use already explained — followed by « (… ) », itself inside parentheses right
      after its explanation, or quoted as a term being defined (« c'est le « recours
      gracieux » ») — is not flagged, and neither is any later use;
    * the first unexplained use gets the automatic rewrite « terme (explication) » (advice
      only with ``fix: false``); the replacements of the rule, if any, stay as alternatives;
    * later uses before the explanation is written are flagged as advice (no rewrite);
    * uses outside the body (letterhead, subject line, references) are never glossed and
      are not flagged once the body explains the term.
    Rewriting the letter therefore removes every finding of the rule (idempotent)."""
    explained: set[str] = set()
    glossed: set[str] = set()
    texts = {pc.index: pc.text for pc in doc.paragraphs}
    prose = {pc.index for pc in doc.paragraphs if pc.prose}
    out = []
    heading: list[Finding] = []      # uses in the letterhead, subject line, references…
    heading_glossed: set[str] = set()
    for f in findings:
        rule = rules.get(f.rule)
        ex = rule.params.get("explain") if rule is not None else None
        if not ex:
            out.append(f)
            continue
        if f.rule in explained:
            continue
        text = texts.get(f.paragraph, "")
        after = text[f.end:].lstrip(" \u00a0")
        before = text[:f.start].rstrip(" \u00a0")
        # the rewrite's own explanation, or one written by the author
        followed = after.startswith("(" + ex.strip()) or _explains(after)
        if f.paragraph not in prose and not followed:
            # « Objet : Occupation du domaine public »: a label, not the place to explain;
            # the explanation goes to the first use in the body of the letter
            f.fixable = False
            heading.append(f)
            continue
        quoted = before.endswith(("«", '"', "“")) and after.startswith(("»", '"', "”"))
        if followed or before.endswith("(") or quoted:
            # « recours contentieux (devant le tribunal) », « devant le juge (recours
            # contentieux) », « c'est le « recours gracieux » »: the term is introduced
            explained.add(f.rule)
            continue
        if f.rule in glossed:
            f.fixable = False
            out.append(f)
            continue
        glossed.add(f.rule)
        # right after the term (any space the replacement logic widened the span with is
        # left out), even before an adjective (« la régie (…) centrale »): a following word
        # may as well be a verb (« la redevance … demeure impayée »), and the explanation
        # must stay attached to the term it explains
        _gloss(f, text, rule)
        out.append(f)
    # a heading use is fine once the body explains the term (or will, through the rewrite);
    # a term that appears only in the heading is explained there, at its first use
    for f in heading:
        if f.rule in glossed or f.rule in explained:
            continue
        if f.rule not in heading_glossed:
            heading_glossed.add(f.rule)
            _gloss(f, texts.get(f.paragraph, ""), rules[f.rule])
        out.append(f)
    out.sort(key=lambda f: (f.paragraph, f.start))
    return out


def _gloss(f: Finding, text: str, rule) -> None:
    """Make ``f`` the automatic « term (explanation) » rewrite."""
    core = text[f.start:f.end].rstrip(" \u00a0")
    f.end = f.start + len(core)
    f.text = core
    f.suggestions = [f"{core} ({rule.params['explain'].strip()})"] + \
        [s for s in f.suggestions if s.strip()]
    f.fixable = bool(rule.fix)


_ARTICLES = {"le", "un", "de", "ce", "mon", "ton", "son", "notre", "votre", "leur"}
# replacements after which a bare noun is not French ("vu critères", "rembourser frais")
_NEED_DETERMINER = {"vu", "selon", "avec", "dans", "sur", "chez", "sous", "envers", "contre",
                    "vers", "pendant", "durant", "concernant"}
_PRONOUNS_FR = {"vous", "nous", "lui", "leur", "les", "le", "la", "me", "te", "se", "y", "en",
                "m'", "t'", "s'", "l'"}
_PREPS = {"de": ("de", "d'"), "d'": ("de", "d'"), "à": ("à",)}
_DETERMINERS_FR = {"le", "la", "les", "l'", "un", "une", "des", "du", "de", "d'", "votre",
                   "vos", "notre", "nos", "son", "sa", "ses", "leur", "leurs", "ce", "cet",
                   "cette", "ces", "mon", "ma", "mes", "tout", "toute", "tous", "toutes",
                   "chaque", "plusieurs", "certains", "certaines", "{{}}", "à", "au", "aux"}


def _breaks_construction(entry: Entry, repl: str, toks, end: int, pc, inflecting: bool
                         ) -> bool:
    """A replacement that drops the preposition ending the pattern breaks a coordination
    later in the sentence ("il vous appartient de signer et de renvoyer" -> "vous devez
    signer et de renvoyer"), and a verb replacing "procéder au remboursement de" needs a
    determiner after it ("rembourser frais")."""
    pw = [w for w in entry.words if w is not None]
    if not pw:
        return False
    last = pw[-1].norm
    preps = _PREPS.get(last)
    if not preps:
        return False
    r = normalise(repl).rstrip()
    if r.endswith(tuple(" " + p for p in preps)) or r in preps or r.endswith("'"):
        return False
    ss = pc.sentence_of(end - 1) if end > 0 else None
    stop = ss.last if ss else len(toks)
    for k in range(end, stop - 1):
        if toks[k].norm in ("et", "ou", "puis", "ni") and toks[k + 1].norm in preps:
            return True
    words = r.split()
    needs_det = bool(words) and (words[-1] in _NEED_DETERMINER or (
        len(words[-1]) > 3 and words[-1].endswith(("er", "ir", "re", "oir"))))
    if last in ("de", "d'") and end < stop and needs_det:
        # "au regard de critères" -> "vu critères", "procéder au remboursement de frais"
        # -> "rembourser frais": here "de" was a partitive article
        nxt = toks[end]
        infinitive = nxt.lemma == nxt.norm and nxt.norm.endswith(("er", "ir", "re", "oir"))
        if nxt.norm not in _DETERMINERS_FR and nxt.norm not in _PRONOUNS_FR and \
                not nxt.text[:1].isdigit() and not nxt.text[:1].isupper() and not infinitive:
            return True
    return False


_NEG_END = ("pas", "plus", "jamais", "point")
# adverbs that sit between a modal and its infinitive: « ne saurait toutefois être »
_ADVERBS_BEFORE_INF = {"toutefois", "donc", "cependant", "néanmoins", "pourtant", "également",
                       "aussi", "en", "par", "dès", "ainsi", "alors", "désormais", "davantage",
                       "encore", "guère", "nullement", "aucunement", "non", "plus", "jamais",
                       "en aucun cas", "dorénavant", "actuellement", "évidemment",
                       "certainement", "légalement", "raisonnablement", "valablement"}


def _misplaced_negation(repl: str, toks, end: int) -> bool:
    """« ne saurait » -> « ne peut pas » is right before an infinitive (« ne peut pas être
    acceptée ») but not before an adverb: « ne saurait toutefois avoir » would become « ne
    peut pas toutefois avoir » (French wants « ne peut toutefois pas »)."""
    words = normalise(repl).split()
    if len(words) < 2 or words[-1] not in _NEG_END or end >= len(toks):
        return False
    nxt = toks[end]
    return nxt.norm in _ADVERBS_BEFORE_INF or (
        nxt.norm.endswith("ment") and len(nxt.norm) > 6 and nxt.lemma == nxt.norm and
        nxt.norm[-5:-4] in "aeilnsu")


def _elides(word: str) -> bool:
    from ..nlp import _elides_before
    w = word.split()[0] if word.split() else ""
    return _elides_before(w)


def _en_article(word: str) -> str:
    w = word.lower()
    vowel = w[:1] in "aeiou" and not w.startswith(("uni", "use", "usu", "eu", "one", "once"))
    vowel = vowel or w.startswith(("hour", "honest", "honour", "honor", "heir"))
    return "an" if vowel else "a"


def match_apostrophes(replacement: str, original: str) -> str:
    """Write typographic apostrophes in the replacement when the original uses them."""
    if "\u2019" in original and "'" in replacement:
        return replacement.replace("'", "\u2019")
    return replacement


def _agreeing_after(toks, end: int, pc) -> bool:
    """An inflected adjective or participle right after the match ("pièces justificatives
    requises"): changing the noun's gender would break its agreement."""
    if end >= len(toks):
        return False
    nxt = toks[end]
    w = nxt.norm
    return w != nxt.lemma and w.endswith(("e", "es", "ée", "ées")) and len(w) > 3 and \
        not pc.text[toks[end - 1].end:nxt.start].strip()


_KINDS: dict = {}


def _kind(rule):
    if not _KINDS:
        from . import KINDS
        _KINDS.update(KINDS)
    return _KINDS[rule.kind]


def patterns_of(rule) -> list[str]:
    m = rule.params.get("match")
    if m is None:
        return []
    return [str(x) for x in (m if isinstance(m, list) else [m])]


def _prev_token(toks, i, first):
    k = i - first.part - 1
    return toks[k] if k >= 0 else None


def _joins(text: str, prev, start: int) -> bool:
    """prev is immediately before start (same word joint: a space or an apostrophe)."""
    between = text[prev.end:start]
    return between in ("", " ", "\u00a0")


def _gendered_before(toks, i, pc, start) -> bool:
    k = i - 1
    if k < 0:
        return False
    return toks[k].norm in _FEM_DETERMINERS | _MASC_DETERMINERS | {"l'"}


# --- inflection -------------------------------------------------------------------------

def inflect(words: list, matched: list, repl: str, language: str, before=None
            ) -> tuple[str, bool]:
    """Inflect ``repl`` like the matched text. Returns (text, safe). ``before`` is the
    token before the match (English: "has notified" takes a participle)."""
    pw = [w for w in words if w is not None]
    changed = [(k, p, t) for k, (p, t) in enumerate(zip(pw, matched))
               if t.norm != p.norm and not (t.lemma == p.lemma and
                                            (t.norm.endswith("'") or t.parts > 1))
               and not (p.lemma in _ARTICLES and t.lemma in _ARTICLES)]
    if not changed:
        return repl, True
    # In a multi-word pattern only its head may carry the inflection: the first word (a
    # verb: "procéder à" -> "procédons à") or the last (a noun: "pièces justificatives").
    # A change in the middle ("in regards to") is not an inflection to copy.
    if len(pw) > 1 and any(k not in (0, len(pw) - 1) for k, _p, _t in changed):
        return repl, False
    changed = [(p, t) for _k, p, t in changed]
    rwords = repl.split()
    if len(changed) > 1:
        # several words changed together: only a common plural is safe (pièces
        # justificatives -> justificatifs)
        if language == "fr" and len(rwords) == 1 and all(
                t.norm.startswith(p.norm) and t.norm[len(p.norm):] in ("s", "x") or
                (p.norm.endswith("al") and t.norm == p.norm[:-2] + "aux") for p, t in changed):
            return _plural_fr(rwords[0]), True
        return repl, False
    p, t = changed[0]
    if language == "fr" and len(pw) > 1 and len(rwords) == 1 and pw[0].lemma.endswith(
            ("er", "ir", "re")) and p is not pw[0] and rwords[0].endswith(("er", "ir", "re")):
        # "procéder aux contrôles" -> "contrôler": the verb does not carry the noun's number
        return repl, True
    if language == "fr":
        # regular -er verb: sollicit|ons -> demand|ons
        if p.lemma.endswith("er") and t.norm.startswith(p.lemma[:-2]):
            ending = t.norm[len(p.lemma) - 2:]
            idx = [k for k, w in enumerate(rwords) if w.lower().endswith("er") and len(w) > 3]
            if len(idx) == 1 and _is_er_ending(ending):
                k = idx[0]
                stem = rwords[k][:-2]
                if ending[:1] in ("a", "o", "â") or ending == "ons":
                    # remplacer -> remplaçant, changer -> changeons
                    if stem.endswith("c"):
                        stem = stem[:-1] + "ç"
                    elif stem.endswith("g"):
                        stem += "e"
                rwords[k] = stem + ending
                return " ".join(rwords), True
            if idx:
                return repl, False
        if len(rwords) == 1:
            w = rwords[0]
            extra = t.norm[len(p.norm):] if t.norm.startswith(p.norm) else None
            if extra in ("s", "x"):
                return _plural_fr(w), True
            if extra == "e":
                return w if w.endswith("e") else w + "e", True
            if extra == "es":
                return _plural_fr(w if w.endswith("e") else w + "e"), True
            if p.norm.endswith("al") and t.norm == p.norm[:-2] + "aux":
                return _plural_fr(w), True
        return repl, False
    # English: plural -s and verb endings, on the first word of the replacement
    # ("notify" -> "tell": "notified" -> "told", "notifies" -> "tells")
    if t.norm.startswith(p.norm):
        extra = t.norm[len(p.norm):]
    elif p.norm.endswith("e") and t.norm.startswith(p.norm[:-1]):
        extra = t.norm[len(p.norm) - 1:]
        extra = {"ed": "ed", "ing": "ing", "es": "s"}.get(extra, "?")
    elif p.norm.endswith("y") and t.norm.startswith(p.norm[:-1]):
        extra = {"ied": "ed", "ies": "s"}.get(t.norm[len(p.norm) - 1:], "?")
    else:
        return repl, False
    if extra in ("s", "es") and len(rwords) > 1:
        # a noun phrase: the plural goes on its last word ("planning issue" -> "issues")
        last_w = rwords[-1]
        plural = last_w[:-1] + "ies" if last_w.endswith("y") and last_w[-2:-1] not in "aeiou" \
            else (last_w + "es" if last_w.endswith(("s", "sh", "ch", "x")) else last_w + "s")
        first = rwords[0]
        if first.endswith(("ate", "ify", "ise", "ize")) or first in _EN_IRREGULAR_PP:
            return repl, False          # a verb phrase: not safe to guess
        return " ".join(rwords[:-1] + [plural]), True
    w, rest = rwords[0], rwords[1:]
    if extra in ("ed", "d"):
        after_aux = before is not None and before.lemma in ("have", "be", "get") or \
            (before is not None and before.norm in ("been", "being", "has", "had", "have",
                                                    "is", "was", "were", "are", "be"))
        new = _EN_IRREGULAR_PP.get(w) if after_aux else _EN_IRREGULAR_PAST.get(
            w, _EN_IRREGULAR_PP.get(w))
        if new is None:
            if _en_cvc(w):
                return repl, False
            new = w[:-1] + "ied" if w.endswith("y") and w[-2:-1] not in "aeiou" else \
                (w + "d" if w.endswith("e") else w + "ed")
    elif extra in ("s", "es"):
        new = w[:-1] + "ies" if w.endswith("y") and w[-2:-1] not in "aeiou" else \
            (w + "es" if w.endswith(("s", "sh", "ch", "x", "o")) else w + "s")
    elif extra == "ing":
        if _en_cvc(w):
            return repl, False
        new = (w[:-1] if w.endswith("e") and not w.endswith("ee") else w) + "ing"
    else:
        return repl, False
    return " ".join([new] + rest), True


_EN_IRREGULAR_PP = {
    "tell": "told", "give": "given", "send": "sent", "get": "got", "buy": "bought",
    "begin": "begun", "find": "found", "pay": "paid", "make": "made", "say": "said",
    "keep": "kept", "leave": "left", "meet": "met", "think": "thought", "take": "taken",
    "write": "written", "see": "seen", "know": "known", "go": "gone", "come": "come",
    "bring": "brought", "show": "shown", "hold": "held", "run": "run", "set": "set",
    "put": "put", "let": "let", "cut": "cut", "read": "read", "stand": "stood",
    "understand": "understood", "sell": "sold", "spend": "spent", "build": "built",
    "lend": "lent", "lose": "lost", "feel": "felt", "hear": "heard", "win": "won",
    "choose": "chosen", "speak": "spoken", "do": "done", "have": "had", "be": "been",
    "lead": "led", "seek": "sought", "teach": "taught", "catch": "caught", "fight": "fought",
    "shut": "shut", "forbid": "forbidden", "withdraw": "withdrawn", "undertake": "undertaken",
}


_EN_IRREGULAR_PAST = {
    "give": "gave", "take": "took", "show": "showed", "choose": "chose", "write": "wrote",
    "do": "did", "go": "went", "begin": "began", "know": "knew", "see": "saw",
    "speak": "spoke", "forbid": "forbade", "withdraw": "withdrew", "undertake": "undertook",
    "come": "came", "run": "ran", "be": "was", "have": "had",
}


def _en_cvc(w: str) -> bool:
    """Short consonant-vowel-consonant words double their last letter (stop -> stopped)."""
    v = "aeiou"
    return (len(w) <= 4 and len(w) >= 3 and w[-1] not in v + "wxy" and w[-2] in v and
            w[-3] not in v)


_ER_ENDINGS = {"e", "es", "ent", "ons", "ez", "é", "ée", "és", "ées", "ant", "ais", "ait",
               "ions", "iez", "aient", "ai", "as", "a", "âmes", "âtes", "èrent", "erai", "eras",
               "era", "erons", "erez", "eront", "erais", "erait", "erions", "eriez", "eraient",
               "er", "asse", "ât"}


def _is_er_ending(e: str) -> bool:
    return e in _ER_ENDINGS


def _plural_fr(w: str) -> str:
    if w.endswith(("s", "x", "z")):
        return w
    if w.endswith("al") and w not in ("bal", "festival", "récital", "chacal", "carnaval"):
        return w[:-2] + "aux"
    if w.endswith(("eau", "au", "eu")) and w not in ("pneu", "bleu"):
        return w + "x"
    return w + "s"
