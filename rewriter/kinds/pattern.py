"""Pattern rules: a regular expression written by a user, run with RE2 (google-re2).

RE2 runs in linear time, so no pattern can hang a check (``(a|aa)+$`` or ``^(\\w+\\s?)+$``
included). RE2 refuses look-around and back-references: the rule file is rejected with a
clear message at load time. ``\\w`` and ``\\b`` are ASCII-only in RE2, so ``\\w`` is rewritten
to a Unicode letter/digit class, and ``whole_words`` (default true) checks word edges in
Python instead of ``\\b``.

Fields: ``regex``; ``replace`` may use ``\\1`` … ``\\9``; ``ignore_case`` (default true);
``whole_words`` (default true).
"""
from __future__ import annotations

import re

from ..model import Finding
from ..nlp import match_case
from .base import DocContext, finding

KEYS = {"regex", "ignore_case", "whole_words"}
CATEGORY = "style"
_MAX_MEM = 64 << 20


_SENTENCE_END = re.compile(r"^([.!?…]\s+)(\w)")


def _sentence_capital(sugg: str, original: str) -> str:
    """A match that starts at the end of the previous sentence (« . Nous vous rappelons
    que votre… » -> « . Votre… ») keeps a capital after that full stop."""
    if _SENTENCE_END.match(original) and _SENTENCE_END.match(sugg):
        return _SENTENCE_END.sub(lambda m: m.group(1) + m.group(2).upper(), sugg, count=1)
    return sugg


def _translate(rx: str) -> str:
    out, i, in_class = [], 0, False
    while i < len(rx):
        c = rx[i]
        if c == "\\" and i + 1 < len(rx):
            nxt = rx[i + 1]
            if nxt == "w":
                out.append(r"\pL\pN_" if in_class else r"[\pL\pN_]")
            elif nxt == "W" and not in_class:
                out.append(r"[^\pL\pN_]")
            elif nxt == "b" and not in_class:
                pass   # word edges are checked in Python (whole_words)
            else:
                out.append(rx[i:i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    return "".join(out)


def compile_regex(rx: str, ignore_case: bool = True):
    """Compile with RE2; raises ValueError with a French explanation."""
    import re2

    opts = re2.Options()
    opts.log_errors = False
    opts.max_mem = _MAX_MEM
    try:
        return re2.compile(("(?i)" if ignore_case else "") + _translate(rx), opts)
    except Exception as e:  # re2.error
        detail = e.args[0].decode() if e.args and isinstance(e.args[0], bytes) else str(e)
        hint = ""
        if "perl operator" in detail or "(?<" in rx or "(?=" in rx or "(?!" in rx:
            hint = (" — les regards avant/arrière (?=…), (?!…), (?<=…) ne sont pas permis "
                    "(ils peuvent bloquer l'analyse) : écrivez le motif sans eux, ou utilisez "
                    "une règle « phrase »")
        elif re.search(r"\\[1-9]", rx):
            hint = " — les références arrière (\\1) ne sont pas permises"
        else:
            hint = " — vérifiez les parenthèses, crochets et antislashs"
        raise ValueError(f"expression régulière refusée ({detail}){hint}") from None


def validate(rule) -> list[str]:
    rx = rule.params.get("regex")
    if not rx or not isinstance(rx, str):
        return ["« regex » manquant — écrivez l'expression régulière entre guillemets simples"]
    try:
        compile_regex(rx, rule.params.get("ignore_case", True))
    except ValueError as e:
        return [str(e)]
    return []


def _expand(template: str, m) -> str:
    def grp(g):
        k = int(g.group(1) or g.group(2))
        try:
            return m.group(k) or ""
        except IndexError:
            return ""
    return re.sub(r"\\(\d)|\{(\d)\}", grp, template)


def _options():
    import re2

    opts = re2.Options()
    opts.log_errors = False
    opts.max_mem = _MAX_MEM
    return opts


# --- which rules can match a paragraph: required literals --------------------------------
# A rule is only run on a paragraph that contains one of the strings every match of its
# regex must contain (« ledit » for ``(?i)ledit ([bcd…]\pL*)``), looked for all at once
# by one RE2 Set, case-insensitively (RE2's own case folding: what the rule would match,
# the Set finds). The strings come from the regex's syntax tree (Python's parser, after
# RE2-only escapes are replaced by a class); a regex this analysis does not understand
# has no such strings and is run on every paragraph. Same matches; RE2 programs are
# compiled only for the rules a letter can trigger (~0.35 ms each, ~25 ms for a pack,
# where the Set costs 1.6 ms to build and 2.5 µs per paragraph).
_MAX_EXACT = 16
_RE2_ONLY = re.compile(r"\\[pP](?:\{[^}]*\}|[A-Za-z])")


def required_literals(src: str) -> tuple[str, ...] | None:
    """Strings, one of which occurs in every text ``src`` (an RE2 pattern) matches — up
    to case: with ``(?i)``, in any case RE2 folds to them; None when no such strings are
    known."""
    import warnings
    from re import _constants as C, _parser
    if "[:" in src or "\\Q" in src or "\\x{" in src or "\\C" in src:
        return None      # RE2 syntax Python's parser would read differently
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = _parser.parse(_RE2_ONLY.sub(r"\\d", src).replace("\\z", "\\Z"))
    except Exception:
        return None

    def better(a, b):
        cands = [x for x in (a, b) if x and "" not in x]
        if not cands:
            return None
        return max(cands, key=lambda x: (min(len(t) for t in x), -len(x)))

    def seq(items):
        cur, best, exact = {""}, None, True
        for op, av in items:
            e, r = node(op, av)
            if e is not None:
                prod = {x + y for x in cur for y in e}
                if len(prod) <= _MAX_EXACT:
                    cur = prod
                    continue
                best, cur, exact = better(best, cur), e, False
                continue
            exact = False
            best = better(better(best, cur), r)
            cur = {""}
        if exact:
            return cur, cur
        return None, better(best, cur)

    def node(op, av):
        if op is C.LITERAL:
            return {chr(av)}, None
        if op is C.AT:
            return {""}, None
        if op is C.IN:
            if 0 < len(av) <= 4 and all(o is C.LITERAL for o, _v in av):
                return {chr(v) for _o, v in av}, None
            return None, None
        if op is C.SUBPATTERN:
            return seq(av[-1])
        if op is getattr(C, "ATOMIC_GROUP", None):
            return seq(av)
        if op is C.BRANCH:
            parts = [seq(b) for b in av[1]]
            if all(e is not None for e, _r in parts):
                union = set().union(*(e for e, _r in parts))
                if len(union) <= _MAX_EXACT:
                    return union, union
            reqs = [e if e is not None else r for e, r in parts]
            if any(not r or "" in r for r in reqs):
                return None, None
            return None, set().union(*reqs)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            if lo == 0:
                return None, None
            e, r = seq(sub)
            if lo == hi == 1:
                return e, r
            return None, (e if e is not None else r)
        return None, None

    e, r = seq(tree)
    req = e if e is not None else r
    if not req or "" in req:
        return None
    return tuple(sorted(req))


def _quote(literal: str) -> str:
    """``literal`` as an RE2 pattern (ASCII punctuation escaped; RE2 refuses escapes of
    other characters)."""
    return "".join("\\" + c if c.isascii() and not c.isalnum() and c != " " else c
                   for c in literal)


class Checker:
    """The pattern rules of a pack. Kept in the compiled-rules cache without the RE2
    programs (``_sources``: the final pattern strings, with their required literals);
    a rule's program is compiled the first time a paragraph contains one of them."""

    def __init__(self, rules, language):
        self._sources = []
        for r in rules:
            try:
                rx = compile_regex(r.params["regex"], r.params.get("ignore_case", True))
            except (ValueError, KeyError):
                continue
            self._sources.append((r, rx.pattern, required_literals(rx.pattern)))

    def __getstate__(self):
        d = dict(self.__dict__)
        d.pop("_programs", None)      # RE2 programs stay in their process
        d.pop("_lset", None)
        return d

    def _patterns(self) -> list:
        """(rule, RE2 pattern) pairs."""
        return [(rule, src) for rule, src, _lits in self.__dict__.get("_sources") or ()]

    def _program(self, i: int):
        progs = self.__dict__.setdefault("_programs", {})
        rx = progs.get(i)
        if rx is None:
            import re2
            rx = progs[i] = re2.compile(self._sources[i][1], _options())
        return rx

    def _literal_set(self):
        """(RE2 Set of every rule's required literals, literal index -> rule indexes,
        rules always run), built once per process; None if RE2 refuses the Set."""
        got = self.__dict__.get("_lset")
        if got is None:
            got = False
            try:
                import re2
                opts = _options()
                opts.case_sensitive = False
                rset = re2.Set.SearchSet(opts)
                owners: list[list[int]] = []
                index: dict[str, int] = {}
                always = []
                for i, (_rule, _src, lits) in enumerate(self._sources):
                    if lits is None:
                        always.append(i)
                        continue
                    for t in lits:
                        k = index.get(t)
                        if k is None:
                            k = index[t] = rset.Add(_quote(t))
                            owners.append([])
                        owners[k].append(i)
                if owners:
                    rset.Compile()
                got = (rset if owners else None, owners, always)
            except Exception:
                got = False
            self._lset = got
        return got or None

    def _candidates(self, text: str) -> list[int]:
        """Indexes of the rules whose required literals occur in ``text``, in order."""
        found = self._literal_set()
        if found is None:      # no Set: compare case-folded strings (the same answer)
            low = text.casefold()
            return [i for i, (_r, _s, lits) in enumerate(self._sources)
                    if lits is None or any(t.casefold() in low for t in lits)]
        rset, owners, always = found
        hits = rset.Match(text) if rset is not None else None
        if not hits:
            return always
        out = set(always)
        for k in hits:
            out.update(owners[k])
        return sorted(out)

    def check(self, doc: DocContext) -> list[Finding]:
        out = []
        if not self.__dict__.get("_sources"):
            return out
        for pc in doc.paragraphs:
            text = pc.text
            if not text.strip():
                continue
            for i in self._candidates(text):
                rule = self._sources[i][0]
                whole = rule.params.get("whole_words", True)
                for m in self._program(i).finditer(text):
                    s, e = m.start(), m.end()
                    if e <= s:
                        continue
                    if whole and ((s > 0 and text[s - 1].isalnum() and text[s].isalnum()) or
                                  (e < len(text) and text[e].isalnum() and text[e - 1].isalnum())):
                        continue
                    if pc.paragraph.is_protected(s, e):
                        continue
                    sugg = [_sentence_capital(match_case(_expand(t, m), text[s:e],
                                                         pc.starts_sentence(s)), text[s:e])
                            for t in rule.replace]
                    out.append(finding(rule, pc, s, e, sugg, fixable=bool(sugg) and rule.fix))
        return out
