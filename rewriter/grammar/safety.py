"""Grammar-safe rewrites: a rule replacement that makes the grammar checker report a NEW
error in its sentence is not applied automatically.

For every fixable rule finding, the sentence around it is checked twice, as it is and with
``suggestions[0]`` applied (all sentences of a document go in the same backend call as the
paragraphs). An error of the rewritten sentence is *new* when no error of the original
sentence has the same rule id at the same position (positions of the rewritten sentence are
mapped back: before the replacement unchanged, after it shifted, inside it = the replaced
span). Only grammar and spelling errors count (a style remark is not a fault). The finding
then becomes advice (``fixable = False``) and its message says why.

Each candidate is checked alone: two replacements that are safe one by one are assumed to
be safe together.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Finding
from .base import GRAMMAR, SPELLING, Issue, Masked, mask

REASON = " Remplacement automatique retiré : il créerait une faute ({msg})."


@dataclass
class Candidate:
    finding: Finding
    before: Masked
    after: Masked
    r_start: int        # replaced span, in the original sentence
    r_end: int
    repl_len: int

    def map_after(self, p: int, is_end: bool) -> int:
        """Offset of the rewritten sentence -> offset of the original sentence."""
        delta = self.repl_len - (self.r_end - self.r_start)
        if p <= self.r_start:
            return p
        if p >= self.r_start + self.repl_len:
            return p - delta
        return self.r_end if is_end else self.r_start


def _sentence_bounds(pc, start: int, end: int) -> tuple[int, int]:
    lo, hi = None, None
    for ss in pc.sentences:
        s = ss.sentence
        if s.start < max(end, start + 1) and start < s.end:
            lo = s.start if lo is None else min(lo, s.start)
            hi = s.end if hi is None else max(hi, s.end)
    if lo is None:
        return 0, len(pc.text)
    return lo, hi


def candidates(ctx, findings: list[Finding]) -> list[Candidate]:
    out: list[Candidate] = []
    by_index = {pc.index: pc for pc in ctx.paragraphs}
    for f in findings:
        if not (f.fixable and f.suggestions):
            continue
        pc = by_index.get(f.paragraph)
        if pc is None or not (0 <= f.start <= f.end <= len(pc.text)):
            continue
        lo, hi = _sentence_bounds(pc, f.start, f.end)
        lo, hi = min(lo, f.start), max(hi, f.end)
        sent = pc.text[lo:hi]
        repl = f.suggestions[0]
        rs, re_ = f.start - lo, f.end - lo
        prot = [(max(s, lo) - lo, min(e, hi) - lo) for s, e in pc.paragraph.protected
                if s < hi and lo < e]
        delta = len(repl) - (re_ - rs)
        prot_after = [(s + delta, e + delta) if s >= re_ else (s, e) for s, e in prot]
        after = sent[:rs] + repl + sent[re_:]
        out.append(Candidate(f, mask(sent, prot), mask(after, prot_after), rs, re_,
                             len(repl)))
    return out


def texts(cands: list[Candidate]) -> list[str]:
    out: list[str] = []
    for c in cands:
        out.append(c.before.text)
        out.append(c.after.text)
    return out


def _counts(x: Issue, text: str, start: int, end: int) -> bool:
    if x.kind == GRAMMAR:
        return True
    if x.kind != SPELLING:
        return False
    word = text[start:end]
    # same leniency as for findings: acronyms, numbers and capitalised words inside the
    # sentence (proper names) are not spelling faults
    if any(ch.isdigit() for ch in word) or (len(word) > 1 and word.isupper()):
        return False
    return not (word[:1].isupper() and text[:start].strip())


def apply(cands: list[Candidate], results: list[list[Issue]]) -> list[Candidate]:
    """Turn unsafe candidates into advice. Returns the candidates that were dropped."""
    dropped: list[Candidate] = []
    for k, c in enumerate(cands):
        before_issues, after_issues = results[2 * k], results[2 * k + 1]
        before_keys = set()
        for x in before_issues:
            s, e = c.before.span(x.start, x.end)
            if _counts(x, c.before.text, x.start, x.end):
                before_keys.add((x.rule, s, e))
        new: list[Issue] = []
        for x in after_issues:
            if not _counts(x, c.after.text, x.start, x.end):
                continue
            s, e = c.after.span(x.start, x.end)
            key = (x.rule, c.map_after(s, False), c.map_after(e, True))
            if key not in before_keys:
                new.append(x)
        if new:
            f = c.finding
            f.fixable = False
            msg = new[0].message.strip().rstrip(".") or new[0].rule
            f.message = (f.message.rstrip() + REASON.format(msg=msg)).strip()
            dropped.append(c)
    return dropped


def notice(n: int, label: str) -> str:
    if n == 1:
        return (f"Vérification des remplacements ({label}) : 1 remplacement automatique "
                "retiré, car il créerait une faute ; il reste proposé comme conseil.")
    return (f"Vérification des remplacements ({label}) : {n} remplacements automatiques "
            "retirés, car ils créeraient une faute ; ils restent proposés comme conseils.")
