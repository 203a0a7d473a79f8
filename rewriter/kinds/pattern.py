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


class Checker:
    def __init__(self, rules, language):
        self.items = []
        for r in rules:
            try:
                self.items.append((r, compile_regex(r.params["regex"],
                                                    r.params.get("ignore_case", True))))
            except (ValueError, KeyError):
                continue

    def check(self, doc: DocContext) -> list[Finding]:
        out = []
        for pc in doc.paragraphs:
            text = pc.text
            if not text.strip():
                continue
            for rule, rx in self.items:
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
                    sugg = [match_case(_expand(t, m), text[s:e], pc.starts_sentence(s))
                            for t in rule.replace]
                    out.append(finding(rule, pc, s, e, sugg, fixable=bool(sugg) and rule.fix))
        return out
