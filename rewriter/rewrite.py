"""Rewrite a letter: apply the safe replacements, turn advice into comments, re-check.

``rewrite_file(in_path, out_path, ...)`` for the CLI, ``rewrite_bytes(data, filename, ...)``
for the web app (where an agent accepts some suggestions and refuses others: ``accept`` is
the set of :func:`rewriter.engine.finding_key` values kept).

What is applied
---------------
1. The letter is read and analysed (same engine as ``rewriter check``).
2. Findings are filtered (``rules`` — an id or an id prefix such as ``fr.jargon`` —,
   ``categories``, ``severities``); with ``accept``, only the findings whose key is in it
   (the others are reported as ``refused``).
3. Findings with a safe replacement (``fixable`` and a suggestion) are candidates —
   except grammar and spelling corrections from a checker, applied only on request
   (``accept``, ``categories``, ``rules``: see ``REVIEW_ONLY_CATEGORIES``); the
   first of two overlapping candidates wins (reading order, longest first), the other is
   skipped (``overlap``); one that touches a template tag is skipped (``template``).
4. The format's writer applies them (:mod:`rewriter.writers`), and may skip more (a span
   over a tab or inside a field in .docx...). Advice findings (no safe replacement)
   become Word comments when ``comments`` is on (default: on with ``track_changes``).
5. The written file is read back and checked again: ``report_after`` (score after).

Nothing raises for a bad input except :class:`rewriter.errors.ReadError` (unreadable
letter, with a clear French message) and :class:`rewriter.errors.RuleFileError`.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .engine import analyze, check_bytes, finding_key
from .errors import ReadError
from .model import SEVERITY_RANK, FileReport, Finding
from .writers import REASONS, Edit, Note

DOCX_EXT = {".docx", ".dotx"}
TEXT_EXT = {".txt", ".text", ".md", ".markdown", ".j2", ".jinja", ".jinja2"}
# Corrections from a grammar/spelling checker (Grammalecte, LanguageTool) are applied only
# on request: by a reviewer (``accept``), ``--category grammar`` or ``--rule <id>``. Left
# alone they can "fix" a proper noun (« la société VERT HORIZON » → « VERTE ») or an
# agreement with a word further away. Without a request they are advice (comments).
REVIEW_ONLY_CATEGORIES = {"grammar", "spelling"}

N_NO_COMMENTS = ("Les fichiers texte n'ont pas de commentaires : les conseils sont listés "
                 "dans le résumé, pas dans le fichier.")
N_TRACK_TEXT = ("Les modifications suivies n'existent que pour les documents Word : le "
                "fichier texte a été réécrit directement.")


@dataclass
class Skipped:
    finding: Finding
    reason: str

    @property
    def message(self) -> str:
        return REASONS.get(self.reason, self.reason)

    def to_dict(self) -> dict:
        d = self.finding.to_dict()
        d.update(key=finding_key(self.finding), reason=self.reason, reason_message=self.message)
        return d


@dataclass
class RewriteResult:
    path: str
    format: str
    applied: list[Finding] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    advice: list[Finding] = field(default_factory=list)     # advice findings kept
    commented: list[Finding] = field(default_factory=list)  # advice written as comments
    before: list[str] = field(default_factory=list)         # paragraph texts
    after: list[str] = field(default_factory=list)          # re-read from the output
    report_before: FileReport | None = None
    report_after: FileReport | None = None
    track_changes: bool = False
    comments: bool = False
    notices: list[str] = field(default_factory=list)
    out_path: str | None = None

    @property
    def score_before(self) -> float | None:
        return self.report_before.score if self.report_before else None

    @property
    def score_after(self) -> float | None:
        return self.report_after.score if self.report_after else None

    def diff(self):
        """Changed paragraphs, word by word (:func:`rewriter.diff.document_diff`)."""
        from .diff import document_diff

        return document_diff(self.before, self.after)

    def to_dict(self) -> dict:
        return {
            "path": self.path,
            "out_path": self.out_path,
            "format": self.format,
            "track_changes": self.track_changes,
            "comments": self.comments,
            "score_before": self.score_before,
            "score_after": self.score_after,
            "applied": [dict(f.to_dict(), key=finding_key(f), replacement=f.suggestions[0])
                        for f in self.applied],
            "skipped": [s.to_dict() for s in self.skipped],
            "advice": [dict(f.to_dict(), key=finding_key(f),
                            commented=any(f is c for c in self.commented))
                       for f in self.advice],
            "diff": [d.to_dict() for d in self.diff()],
            "notices": list(self.notices),
        }


def comment_text(f: Finding) -> str:
    """The body of the Word comment for an advice finding (French)."""
    lines = [f.message]
    if f.suggestions:
        lines.append(f"Suggestion : {f.suggestions[0]}")
    lines.append(f"(règle {f.rule})")
    return "\n".join(lines)


def _matches(f: Finding, rules, categories, severities) -> bool:
    if rules:
        if not any(f.rule == r or f.rule.startswith(r.rstrip(".") + ".") for r in rules):
            return False
    if categories and f.category not in categories:
        return False
    if severities and f.severity not in severities:
        return False
    return True


def severities_from(minimum: str | None) -> set[str] | None:
    """``"warning"`` → ``{"warning", "error"}`` (the CLI's ``--severity`` is a minimum)."""
    if not minimum:
        return None
    return {s for s, r in SEVERITY_RANK.items() if r >= SEVERITY_RANK[minimum]}


def plan(report: FileReport, accept: set[str] | None = None, rules=None, categories=None,
         severities=None):
    """Split the findings of ``report``: ``(replacements, advice, skipped)``.

    ``replacements`` are non-overlapping fixable findings that avoid template tags;
    ``advice`` the non-fixable ones kept by the filters; ``skipped`` the rest, with a
    reason. Findings that the filters exclude appear nowhere.
    """
    doc = report.document
    replacements: list[Finding] = []
    advice: list[Finding] = []
    skipped: list[Skipped] = []
    last_end: dict[int, int] = {}
    ordered = sorted(report.findings, key=lambda f: (f.paragraph, f.start, -f.end, f.rule))
    for f in ordered:
        if not _matches(f, rules, categories, severities):
            continue
        if accept is not None and finding_key(f) not in accept:
            skipped.append(Skipped(f, "refused"))
            continue
        if not (f.fixable and f.suggestions):
            advice.append(f)
            continue
        if (f.category in REVIEW_ONLY_CATEGORIES and accept is None and not rules
                and not (categories and f.category in categories)):
            advice.append(f)
            continue
        para = doc.paragraphs[f.paragraph] if doc is not None else None
        if para is not None and para.text[f.start:f.end] != f.text:
            skipped.append(Skipped(f, "mismatch"))
            continue
        if para is not None and para.is_protected(f.start, f.end):
            skipped.append(Skipped(f, "template"))
            continue
        if f.suggestions[0] == f.text:
            skipped.append(Skipped(f, "unchanged"))
            continue
        if f.start < last_end.get(f.paragraph, -1):
            skipped.append(Skipped(f, "overlap"))
            continue
        replacements.append(f)
        last_end[f.paragraph] = f.end
    return replacements, advice, skipped


MAX_PASSES = 3
_DIFF_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def settle(doc, edits: list[Edit], language, rules, categories, severities, rules_paths
           ) -> tuple[list[Edit], list[Finding]]:
    """Make the rewrite a fixed point: rewriting the result again must change nothing.

    A first pass can leave work behind: two suggestions overlapped and only the first was
    applied, or a replacement made a sentence that another rule rewrites (a formula becomes
    « Je vous informe que », which is then dropped). The paragraphs are rewritten in text,
    re-analysed and rewritten again, at most ``MAX_PASSES`` times in all. Paragraphs that
    only the first pass changed keep their exact edits; the others get the word-level
    difference between the original and the final text as edits, so that every writer —
    tracked changes included (accept all = clean rewrite, reject all = original) — applies
    one set of edits to the original paragraphs. Paragraphs with template tags are left to
    the first pass. Returns (edits, findings applied by the later passes)."""
    from .fix import apply_spans, apply_to_paragraph
    from .model import Document, Paragraph

    original = [p.text for p in doc.paragraphs]
    current = list(original)
    by_p: dict[int, list[Edit]] = {}
    for e in edits:
        by_p.setdefault(e.paragraph, []).append(e)
    for i, es in by_p.items():
        current[i] = apply_spans(original[i], [(e.start, e.end, e.new) for e in es])
    settleable = {i for i, p in enumerate(doc.paragraphs) if not p.protected}
    reworked: set[int] = set()
    later: list[Finding] = []
    for _ in range(MAX_PASSES - 1):
        copy = Document(path=doc.path, format=doc.format, paragraphs=[
            Paragraph(text=current[i] if i in settleable else p.text, story=p.story,
                      role=p.role, protected=list(p.protected))
            for i, p in enumerate(doc.paragraphs)])
        rep = analyze(copy, language, rules_paths=tuple(str(p) for p in rules_paths))
        more, _advice, _skipped = plan(rep, None, rules, categories, severities)
        more = [f for f in more if f.paragraph in settleable]
        if not more:
            break
        fs_by_p: dict[int, list[Finding]] = {}
        for f in more:
            fs_by_p.setdefault(f.paragraph, []).append(f)
        changed = False
        for i, fs in fs_by_p.items():
            new = apply_to_paragraph(current[i], fs)
            if new != current[i]:
                current[i] = new
                reworked.add(i)
                changed = True
        later.extend(more)
        if not changed:
            break
    if not reworked:
        return edits, []
    out = [e for e in edits if e.paragraph not in reworked]
    for i in sorted(reworked):
        refs = by_p.get(i, [])
        for start, end, new in _word_diff(original[i], current[i]):
            ref = next((e.ref for e in refs if e.start < end and start < e.end), None) or \
                next((f for f in later if f.paragraph == i), None) or \
                (refs[0].ref if refs else None)
            out.append(Edit(i, start, end, original[i][start:end], new, ref))
    out.sort(key=lambda e: (e.paragraph, e.start))
    return out, later


def _word_diff(a: str, b: str) -> list[tuple[int, int, str]]:
    """(start, end, replacement) in ``a`` turning it into ``b``, word by word."""
    import difflib

    ta = _DIFF_TOKEN.findall(a)
    tb = _DIFF_TOKEN.findall(b)
    offs = [0]
    for t in ta:
        offs.append(offs[-1] + len(t))
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    ranges: list[list[int]] = []          # [i1, i2, j1, j2] in tokens of a and b
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        if i1 == i2:
            # writers replace text, they do not insert at a point: take the (equal) token
            # before — or after, at the very start — with the insertion
            if i1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            elif i2 < len(ta):
                i2, j2 = i2 + 1, j2 + 1
            else:
                continue
        # one edit when touching, overlapping, or separated by at most one unchanged word:
        # « Suite à votre courrier en date du » -> « Vous nous avez écrit le » is one
        # revision in Word, not five interleaved ones
        if ranges and (ranges[-1][1] >= i1 or
                       sum(1 for t in ta[ranges[-1][1]:i1] if not t.isspace()) <= 1):
            r = ranges[-1]
            r[1], r[3] = max(r[1], i2), max(r[3], j2)
        else:
            ranges.append([i1, i2, j1, j2])
    return [(offs[i1], offs[i2], "".join(tb[j1:j2])) for i1, i2, j1, j2 in ranges]


def rewrite_bytes(data: bytes, filename: str, *, accept: set[str] | None = None,
                  rules=None, categories=None, severities=None,
                  track_changes: bool = False, comments: bool | None = None,
                  author: str = "rewriter", date: dt.datetime | str | None = None,
                  language: str | None = None, rules_paths=()) -> tuple[bytes, RewriteResult]:
    """Rewrite an uploaded letter; returns ``(new file bytes, RewriteResult)``.

    ``filename`` chooses the format (``.docx``/``.dotx``, ``.txt``, ``.md``, Jinja). Raises
    :class:`ReadError` when the letter cannot be read.
    """
    from .readers import read_bytes

    doc = read_bytes(data, filename)
    doc.path = filename
    if comments is None:
        comments = track_changes
    lang = None if language in (None, "auto") else language
    report = analyze(doc, lang, rules_paths=tuple(str(p) for p in rules_paths))
    replacements, advice, skipped = plan(report, accept, rules, categories, severities)
    result = RewriteResult(path=filename, format=doc.format, skipped=skipped, advice=advice,
                           before=[p.text for p in doc.paragraphs], report_before=report,
                           track_changes=track_changes, comments=comments)
    edits = [Edit(f.paragraph, f.start, f.end, f.text, f.suggestions[0], f)
             for f in replacements]
    later: list[Finding] = []
    if accept is None and edits:
        edits, later = settle(doc, edits, lang or report.language, rules, categories,
                              severities, rules_paths)
        # an overlapping suggestion that a later pass applied is not "skipped"
        result.skipped = [s for s in result.skipped if not (
            s.reason == "overlap" and any(g.paragraph == s.finding.paragraph and
                                          g.rule == s.finding.rule for g in later))]

    if doc.format == "docx":
        from .writers.docx_writer import write_docx

        notes = ([Note(f.paragraph, f.start, f.end, comment_text(f), f) for f in advice]
                 if comments else [])
        outcome = write_docx(doc, edits, notes, track_changes=track_changes, author=author,
                             date=date)
        out = outcome.data
        result.commented = [n.ref for n in outcome.commented]
    else:
        from .writers.text_writer import write_text

        outcome = write_text(doc, data, edits)
        out = outcome.data
        result.notices.extend(outcome.notices)
        if track_changes:
            result.notices.append(N_TRACK_TEXT)
        if comments and advice:
            result.notices.append(N_NO_COMMENTS)
    applied: list[Finding] = []
    for e in outcome.applied:
        if not any(e.ref is f for f in applied):
            applied.append(e.ref)
    # findings of the later passes (see settle) whose paragraph was rewritten in full
    done = {e.paragraph for e in outcome.applied} - {s.item.paragraph for s in outcome.skipped}
    result.applied = applied + [f for f in later if f.paragraph in done and
                                not any(f is g for g in applied)]
    for s in outcome.skipped:
        result.skipped.append(Skipped(s.item.ref, s.reason))
    result.skipped.sort(key=lambda s: (s.finding.paragraph, s.finding.start))

    after = check_bytes(out, filename, language=report.language,
                        rules_paths=tuple(str(p) for p in rules_paths))
    result.report_after = after
    if after.document is not None:
        result.after = [p.text for p in after.document.paragraphs]
    if after.error:
        result.notices.append(f"Le fichier réécrit n'a pas pu être relu : {after.error}")
    return out, result


def _read_input(path: Path) -> bytes:
    from .readers import read_file_bytes

    return read_file_bytes(path)


def rewrite_file(in_path, out_path=None, *, rules=None, categories=None, severities=None,
                 track_changes: bool = False, comments: bool | None = None,
                 author: str = "rewriter", date: dt.datetime | str | None = None,
                 language: str | None = None, rules_paths=(),
                 accept: set[str] | None = None) -> RewriteResult:
    """Rewrite ``in_path`` into ``out_path`` (``None``: compute only, write nothing).

    The output is written to a temporary file next to ``out_path`` and renamed, so a
    failure never leaves half a file.
    """
    src = Path(in_path)
    data = _read_input(src)
    out, result = rewrite_bytes(data, src.name, accept=accept, rules=rules,
                                categories=categories, severities=severities,
                                track_changes=track_changes, comments=comments,
                                author=author, date=date, language=language,
                                rules_paths=rules_paths)
    result.path = str(in_path)
    if out_path is not None:
        dst = Path(out_path)
        tmp = dst.with_name(f".{dst.name}.rewriter-tmp")
        try:
            tmp.write_bytes(out)
            os.replace(tmp, dst)
        finally:
            if tmp.exists():
                tmp.unlink()
        result.out_path = str(dst)
    return result
