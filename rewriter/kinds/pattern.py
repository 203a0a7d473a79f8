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


# Which rules can match a paragraph, before running each rule's finditer (the same
# answer, faster; see Checker._candidates).
try:
    import re2 as _re2mod
    _UNANCHORED = _re2mod._Anchor.UNANCHORED
    _NULL_SPAN = _re2mod._NULL_SPAN
except Exception:  # pragma: no cover - re2 internals changed: plain search() instead
    _UNANCHORED = _NULL_SPAN = None
# Paragraphs checked in a process before the rules are also compiled into one RE2 Filter
# (~35 ms once; then ~5 µs per paragraph instead of ~2 µs per rule and paragraph).
_FILTER_AFTER = 300


def _options():
    import re2

    opts = re2.Options()
    opts.log_errors = False
    opts.max_mem = _MAX_MEM
    return opts


class Checker:
    """The pattern rules of a pack. Kept in the compiled-rules cache without the RE2
    programs (``_sources``: the final pattern strings); they are built on first use,
    either one per rule or all together as an RE2 Filter (FilteredRE2) once enough
    paragraphs are checked in the process (or before ``--jobs`` forks its workers, see
    :meth:`prepare_many`). Both give the same matches."""

    def __init__(self, rules, language):
        self.items = []
        for r in rules:
            try:
                self.items.append((r, compile_regex(r.params["regex"],
                                                    r.params.get("ignore_case", True))))
            except (ValueError, KeyError):
                continue

    def __getstate__(self):
        # RE2 programs are compiled again when unpickled (~0.6 ms each, ~30 ms a pack):
        # keep the pattern strings only, and the Filter and counter of this process out
        d = dict(self.__dict__)
        items = d.pop("items", None)
        if items is not None:
            d["_sources"] = [(rule, rx.pattern) for rule, rx in items]
        d.pop("_filter", None)
        d.pop("_seen", None)
        return d

    def _patterns(self) -> list:
        items = self.__dict__.get("items")
        if items is not None:
            return [(rule, rx.pattern) for rule, rx in items]
        return list(self.__dict__.get("_sources") or [])

    def _items(self, flt) -> list:
        """(rule, compiled regex) pairs, compiled on first use (taken from the Filter
        when there is one: the same programs)."""
        items = self.__dict__.get("items")
        if items is None:
            srcs = self._patterns()
            if flt is not None:
                items = [(rule, flt.re(i)) for i, (rule, _src) in enumerate(srcs)]
            else:
                import re2
                opts = _options()
                items = [(rule, re2.compile(src, opts)) for rule, src in srcs]
            self.items = items
        return items

    def prepare_many(self) -> None:
        """Many documents will be checked (``--jobs``: call before forking, so every
        worker inherits the Filter instead of building its own)."""
        self._filter_for(_FILTER_AFTER)
        self._items(self.__dict__.get("_filter") or None)

    def _filter_for(self, n: int):
        """The RE2 Filter over all the rules once this process has checked enough
        paragraphs to repay its construction; None before (or if it cannot be built)."""
        f = self.__dict__.get("_filter")
        if f is not None:
            return f or None
        seen = self.__dict__.get("_seen", 0) + n
        self._seen = seen
        srcs = self._patterns()
        if seen < _FILTER_AFTER or len(srcs) < 2:
            return None
        try:
            import re2
            opts = _options()
            f = re2.Filter()
            for i, (_rule, src) in enumerate(srcs):
                if f.Add(src, opts) != i:
                    raise ValueError("filter index")
            f.Compile()
        except Exception:
            f = False
        self._filter = f
        return f or None

    def _candidates(self, text: str, items: list, flt) -> list:
        """The (rule, regex) items with at least one match in ``text``, in order.

        With the Filter: FilteredRE2 finds the rules whose required literals occur and
        confirms each with the rule's own regex (same pattern, same options). Without
        it: one RE2 search per rule over the text encoded once (re2's finditer would
        encode it again for every rule)."""
        if flt is not None:
            return [items[i] for i in (flt.Match(text) or ())]
        if _NULL_SPAN is None:
            return [it for it in items if it[1].search(text) is not None]
        b = text.encode("utf-8")
        n = len(b)
        return [it for it in items
                if it[1]._regexp.Match(_UNANCHORED, b, 0, n)[0] != _NULL_SPAN]

    def check(self, doc: DocContext) -> list[Finding]:
        out = []
        if not self._patterns():
            return out
        paras = [pc for pc in doc.paragraphs if pc.text.strip()]
        flt = self._filter_for(len(paras))
        items = self._items(flt)
        for pc in paras:
            text = pc.text
            for rule, rx in self._candidates(text, items, flt):
                whole = rule.params.get("whole_words", True)
                for m in rx.finditer(text):
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
