"""Inline silencing, like linters: ``rewriter:`` directives written in the document.

Directives (rule ids may be globs such as ``fr.jargon.*``; several ids separated by ``,``)::

    {# rewriter: disable=fr.formule.ci-joint,fr.passif #}   from here to the end of the file
    {# rewriter: enable=fr.passif #}                        (or until enabled again)
    {# rewriter: disable #}  /  {# rewriter: enable #}      every rule
    {# rewriter: disable-next-line #}                       the next line (every rule)
    {# rewriter: disable-next-line=fr.passif #}             the next line, these rules
    {# rewriter: disable-line=fr.passif #}                  the line of the comment
    {# rewriter: disable-file #}                            the whole file
    {# rewriter: disable-file=fr.sigle.non-explique #}      the whole file, these rules

Where they are read:

* Jinja text templates: in ``{# … #}`` comments (positions are source lines);
* ``.txt`` / ``.md``: in a ``{# … #}`` or ``<!-- … -->`` comment;
* ``.docx``: (1) in a paragraph holding a Jinja comment ``{# rewriter: … #}`` (docxtpl
  removes it when the letter is produced, so it never reaches the reader), where a
  "line" is a paragraph: ``disable-next-line`` covers the next non-empty paragraph; or
  (2) in a **Word comment** whose text starts with ``rewriter:``: it applies to the
  paragraphs the comment is anchored on (``disable=…`` / ``disable`` / ``disable-line``
  and ``disable-next-line`` all mean "the commented text"), except ``disable-file``.

Silenced findings are removed from the report; the score is not changed (it measures the
text as it is).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import Document, FileReport, Finding
from .projectconfig import rule_matches

DIRECTIVE_RE = re.compile(
    r"rewriter\s*:\s*(disable-next-line|disable-line|disable-file|disable|enable)"
    r"(?:\s*=\s*([\w.*?\[\]\-]+(?:\s*,\s*[\w.*?\[\]\-]+)*))?", re.I)
_TEXT_COMMENT = re.compile(r"\{#-?(.*?)-?#\}|<!--(.*?)-->", re.S)
_INF = (10 ** 12, 0)


@dataclass
class Region:
    start: tuple[int, int]          # (line, column) position key, inclusive
    end: tuple[int, int]            # exclusive
    rules: list[str] | None         # None = every rule


@dataclass
class Directives:
    regions: list[Region] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def silences(self, f: Finding) -> bool:
        key = position_key(f)
        for r in self.regions:
            if r.start <= key < r.end and (r.rules is None or
                                           any(rule_matches(p, f.rule) for p in r.rules)):
                return True
        return False

    def __bool__(self) -> bool:
        return bool(self.regions)


def position_key(f: Finding) -> tuple[int, int]:
    if f.line is not None:
        return (f.line, f.column or 1)
    return (f.paragraph + 1, f.start + 1)


def _rules(arg: str | None) -> list[str] | None:
    if not arg:
        return None
    return [x.strip() for x in arg.split(",") if x.strip()]


class _Builder:
    """Turns directives met in reading order into regions."""

    def __init__(self):
        self.d = Directives()
        self.open_all: tuple[int, int] | None = None     # disable (all rules) since
        self.open_rules: dict[str, tuple[int, int]] = {}  # rule pattern -> since

    def directive(self, verb: str, arg: str | None, start: tuple[int, int],
                  end: tuple[int, int], next_line: tuple[tuple[int, int], tuple[int, int]]
                  ) -> None:
        verb = verb.lower()
        rules = _rules(arg)
        if verb == "disable-file":
            self.d.regions.append(Region((0, 0), _INF, rules))
        elif verb == "disable-line":
            self.d.regions.append(Region((start[0], 0), (end[0] + 1, 0), rules))
        elif verb == "disable-next-line":
            self.d.regions.append(Region(next_line[0], next_line[1], rules))
        elif verb == "disable":
            if rules is None:
                if self.open_all is None:
                    self.open_all = start
            else:
                for r in rules:
                    self.open_rules.setdefault(r, start)
        elif verb == "enable":
            if rules is None:
                if self.open_all is not None:
                    self.d.regions.append(Region(self.open_all, end, None))
                    self.open_all = None
                for r, since in self.open_rules.items():
                    self.d.regions.append(Region(since, end, [r]))
                self.open_rules.clear()
            else:
                for r in rules:
                    since = self.open_rules.pop(r, None)
                    if since is not None:
                        self.d.regions.append(Region(since, end, [r]))

    def done(self) -> Directives:
        if self.open_all is not None:
            self.d.regions.append(Region(self.open_all, _INF, None))
        for r, since in self.open_rules.items():
            self.d.regions.append(Region(since, _INF, [r]))
        return self.d


def collect(doc: Document) -> Directives:
    """The silencing directives written in a document."""
    if doc.format == "jinja" and hasattr(doc.source, "comments"):
        return _from_template(doc)
    if doc.format == "docx":
        return _from_docx(doc)
    return _from_paragraphs(doc, comments_only=True)


def _from_template(doc: Document) -> Directives:
    src = doc.source
    b = _Builder()
    for start, end, text in src.comments():
        for m in DIRECTIVE_RE.finditer(text):
            s = src.position(start)
            e = src.position(end)
            nxt = e[0] + 1
            b.directive(m.group(1), m.group(2), s, e, ((nxt, 0), (nxt + 1, 0)))
    return b.done()


def _from_paragraphs(doc: Document, comments_only: bool) -> Directives:
    b = _Builder()
    paras = doc.paragraphs
    for i, p in enumerate(paras):
        if "rewriter" not in p.text:
            continue
        for cm in _TEXT_COMMENT.finditer(p.text):
            body = cm.group(1) if cm.group(1) is not None else cm.group(2)
            for m in DIRECTIVE_RE.finditer(body):
                if p.line is not None:
                    s = p.position(cm.start())
                    e = p.position(cm.end() - 1)
                    nxt = e[0] + 1
                    nl = ((nxt, 0), (nxt + 1, 0))
                else:
                    s, e = (i + 1, cm.start() + 1), (i + 1, cm.end() + 1)
                    j = i + 1
                    while j < len(paras) and not paras[j].text.strip():
                        j += 1
                    nl = ((j + 1, 0), (j + 2, 0))
                b.directive(m.group(1), m.group(2), s, e, nl)
    return b.done()


# --- .docx: Word comments ------------------------------------------------------------------
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_ID = f"{{{W}}}id"


def _from_docx(doc: Document) -> Directives:
    d = _from_paragraphs(doc, comments_only=True)
    try:
        comments = _word_comments(doc)
    except Exception:      # a strange comments part never stops the check
        comments = {}
    if not comments:
        return d
    # which paragraphs each comment is anchored on
    anchors: dict[str, list[int]] = {}
    open_ids: set[str] = set()
    for i, p in enumerate(doc.paragraphs):
        el = getattr(getattr(p, "source", None), "p", None)
        if el is None:
            continue
        here: set[str] = set(open_ids)
        for node in el.iter(f"{{{W}}}commentRangeStart", f"{{{W}}}commentRangeEnd",
                            f"{{{W}}}commentReference"):
            cid = node.get(_W_ID)
            if cid is None:
                continue
            tag = node.tag.rsplit("}", 1)[1]
            here.add(cid)
            if tag == "commentRangeStart":
                open_ids.add(cid)
            else:
                open_ids.discard(cid)
        for cid in here:
            anchors.setdefault(cid, []).append(i)
    for cid, text in comments.items():
        for m in DIRECTIVE_RE.finditer(text):
            verb = m.group(1).lower()
            rules = _rules(m.group(2))
            if verb == "disable-file":
                d.regions.append(Region((0, 0), _INF, rules))
                continue
            if verb == "enable":
                continue
            for i in anchors.get(cid, []):
                d.regions.append(Region((i + 1, 0), (i + 2, 0), rules))
    return d


def _word_comments(doc: Document) -> dict[str, str]:
    """id -> text of the document's Word comments that contain a directive."""
    src = doc.source
    package = getattr(getattr(src, "part", None), "package", None)
    if package is None:
        return {}
    out: dict[str, str] = {}
    for part in package.iter_parts():
        if not (part.content_type or "").endswith("wordprocessingml.comments+xml"):
            continue
        el = getattr(part, "element", None)
        if el is None:
            from docx.oxml.parser import parse_xml
            el = parse_xml(part.blob)
        for c in el.iter(f"{{{W}}}comment"):
            text = "".join(t.text or "" for t in c.iter(f"{{{W}}}t"))
            if "rewriter" in text.lower():
                out[c.get(_W_ID)] = text
    return out


def apply(report: FileReport, directives: Directives) -> int:
    """Remove silenced findings; returns how many were removed."""
    if not directives or not report.findings:
        return 0
    keep = [f for f in report.findings if not directives.silences(f)]
    n = len(report.findings) - len(keep)
    report.findings = keep
    return n
