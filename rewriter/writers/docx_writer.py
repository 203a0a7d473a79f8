"""Write a rewrite back into a .docx, in place, keeping everything else as it was.

Input: the :class:`rewriter.model.Document` returned by the docx reader (its ``source`` is
the python-docx document; each paragraph's ``source`` a
:class:`rewriter.readers.docx.DocxLocation` with the ``w:p`` and the offset map
``segments = [(w:t | None, start, end)]``), a list of :class:`Edit` and a list of
:class:`Note`.

How a replacement is made (technical-notes §1.2 and §1.3)
---------------------------------------------------------
1. **Plan** (nothing is modified yet): an edit whose span touches a non-``w:t`` character
   (tab, break, symbol, math: ``None`` segments) is skipped (``non_text``), as is one
   inside a field result (``w:fldSimple``, a complex field between ``separate`` and
   ``end``) or a data-bound / locked content control (``field``): Word would recompute
   that text. ``old`` must equal the paragraph text at that place (``mismatch``).
2. **Split** runs at every edge of every edit and note of the paragraph, so that each
   span covers whole runs. A ``w:t`` is first *isolated* in its own ``w:r`` (its siblings
   — other ``w:t``, tabs, drawings, field characters, footnote references — move to
   sibling runs with the same ``w:rPr``), then cut in two. Nothing is ever copied except
   ``w:rPr`` (and ``w:id`` values inside a copied ``w:rPr``, e.g. ``w:rPrChange``, are
   renumbered so ids stay unique). Runs may live in ``w:hyperlink``, ``w:smartTag``,
   ``w:sdtContent``, ``w:ins``, ``w:customXml``: siblings are inserted beside them, in the
   same parent.
3. **Comments** for notes: ``Document.add_comment(runs, text, author, initials)``
   (python-docx ≥ 1.2) on the first and last run of the span; the comment date is set to
   the rewrite's date. Not in headers and footers (Word has none there) nor in footnotes
   and endnotes (LibreOffice 7.4 then refuses to open the file): ``no_comment_here``.
4. **Replace**, each edit on the runs it covers:

   * clean: the first run's ``w:t`` gets the new text (so the replacement inherits the
     first run's ``w:rPr``) and the other covered runs are removed; a hyperlink, smart
     tag or tracked insertion left empty is removed too;
   * tracked: consecutive covered runs (same parent) are wrapped in one ``w:del``
     (``w:t`` → ``w:delText``), then one ``w:ins`` holding a new run with a copy of the
     first run's ``w:rPr`` (without ``w:rPrChange``) is placed after the last ``w:del``
     that shares the first run's parent. If that parent is itself an existing
     ``w:ins``/``w:moveTo``, it is split in two around ours (no nested insertions).
     Every ``w:ins``/``w:del`` gets ``w:author``, ``w:date`` (``YYYY-MM-DDTHH:MM:SSZ``)
     and a ``w:id`` above every ``w:id`` used anywhere in the document.

5. Blob-backed stories (footnotes, endnotes) that were touched are written back with
   :func:`rewriter.readers.docx.flush_blob_stories`, then the package is saved.

Every ``w:t`` written gets ``xml:space="preserve"``. Paragraph properties, numbering,
styles, bookmarks, fields, drawings, section properties, other parts: untouched.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
from dataclasses import dataclass, field

from ..model import Document
from lxml import etree

from ..readers.docx import flush_blob_stories
from . import Edit, Note, Skip

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


W_R, W_T, W_RPR, W_DELTEXT = _w("r"), _w("t"), _w("rPr"), _w("delText")
W_INS, W_DEL, W_MOVETO = _w("ins"), _w("del"), _w("moveTo")
W_ID, W_AUTHOR, W_DATE = _w("id"), _w("author"), _w("date")
W_RPRCHANGE = _w("rPrChange")
W_FLDSIMPLE, W_FLDCHAR, W_FLDCHARTYPE = _w("fldSimple"), _w("fldChar"), _w("fldCharType")
W_SDT, W_SDTPR, W_DATABINDING, W_LOCK = _w("sdt"), _w("sdtPr"), _w("dataBinding"), _w("lock")
W_HYPERLINK, W_SMARTTAG, W_CUSTOMXML = _w("hyperlink"), _w("smartTag"), _w("customXml")
_REMOVE_WHEN_EMPTY = {W_HYPERLINK, W_SMARTTAG, W_CUSTOMXML, W_INS, W_MOVETO}
# Word has no comments in headers and footers; LibreOffice 7.4 refuses to open a file
# with a comment anchored in a footnote or an endnote ("source file could not be loaded").
_NO_COMMENT_STORIES = {"header", "footer", "footnote", "endnote"}


def format_date(date: dt.datetime | str | None) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` (UTC). ``None``: now."""
    if isinstance(date, str):
        return date
    d = date or dt.datetime.now(dt.timezone.utc)
    if d.tzinfo is not None:
        d = d.astimezone(dt.timezone.utc)
    return d.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


def initials_of(author: str) -> str:
    letters = [w[0] for w in author.replace("-", " ").split() if w[:1].isalnum()]
    return "".join(letters[:3]).upper() or "R"


@dataclass
class DocxOutcome:
    data: bytes
    applied: list[Edit] = field(default_factory=list)
    commented: list[Note] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)


class _Ids:
    """Revision ids: one counter above every ``w:id`` of every story part."""

    def __init__(self, roots):
        top = 0
        for root in roots:
            for el in root.iter():
                v = el.get(W_ID) if isinstance(el.tag, str) else None
                if v and v.lstrip("-").isdigit():
                    top = max(top, int(v))
        self.next = top + 1

    def __call__(self) -> str:
        n = self.next
        self.next += 1
        return str(n)


# --- run surgery -------------------------------------------------------------------------
def _copy_rpr(rpr, ids: _Ids, drop_changes: bool = False):
    new = copy.deepcopy(rpr)
    if drop_changes:
        for ch in list(new.iter(W_RPRCHANGE)):
            ch.getparent().remove(ch)
    for el in new.iter():
        if isinstance(el.tag, str) and el.get(W_ID) is not None:
            el.set(W_ID, ids())
    return new


def _shell(r, ids: _Ids):
    """An empty run with the attributes and a copy of the ``w:rPr`` of ``r``."""
    new = r.makeelement(W_R, dict(r.attrib))
    rpr = r.find(W_RPR)
    if rpr is not None:
        new.append(_copy_rpr(rpr, ids))
    return new


def _isolate(t, ids: _Ids):
    """Make ``t`` the only content of its run (besides ``w:rPr``); return the run."""
    r = t.getparent()
    content = [c for c in r if c.tag != W_RPR]
    k = content.index(t)
    before, after = content[:k], content[k + 1:]
    if before:
        nb = _shell(r, ids)
        for c in before:
            nb.append(c)
        r.addprevious(nb)
    if after:
        na = _shell(r, ids)
        for c in after:
            na.append(c)
        r.addnext(na)
    return r


def _set_text(t, text: str) -> None:
    t.text = text
    t.set(XML_SPACE, "preserve")


class _Para:
    """Live offset map of one paragraph while it is being edited."""

    def __init__(self, loc, ids: _Ids):
        self.loc = loc
        self.ids = ids
        self.segs = [list(s) for s in loc.segments]

    def split_at(self, off: int) -> None:
        for i, (el, s, e) in enumerate(self.segs):
            if el is not None and s < off < e:
                r = _isolate(el, self.ids)
                right = _shell(r, self.ids)
                t2 = el.makeelement(W_T, {})
                text = el.text or ""
                _set_text(t2, text[off - s:])
                _set_text(el, text[:off - s])
                right.append(t2)
                r.addnext(right)
                self.segs[i:i + 1] = [[el, s, off], [t2, off, e]]
                return

    def runs(self, start: int, end: int) -> list:
        """Runs (each isolated around one ``w:t``) covering ``[start, end)`` exactly."""
        out = []
        for el, s, e in self.segs:
            if el is not None and start <= s and e <= end and e > s:
                out.append(_isolate(el, self.ids))
        return out


# --- planning ----------------------------------------------------------------------------
def _field_texts(root) -> set:
    """``w:t`` elements inside a complex field result (between separate and end)."""
    inside: set = set()
    stack: list[str] = []
    for el in root.iter(W_FLDCHAR, W_T):
        if el.tag == W_FLDCHAR:
            kind = el.get(W_FLDCHARTYPE)
            if kind == "begin":
                stack.append("code")
            elif kind == "separate" and stack:
                stack[-1] = "result"
            elif kind == "end" and stack:
                stack.pop()
        elif "result" in stack:
            inside.add(el)
    return inside


def _in_protected_container(t) -> bool:
    for a in t.iterancestors():
        if a.tag == W_FLDSIMPLE:
            return True
        if a.tag == W_SDT:
            pr = a.find(W_SDTPR)
            if pr is not None:
                if pr.find(W_DATABINDING) is not None:
                    return True
                lock = pr.find(W_LOCK)
                if lock is not None and (lock.get(_w("val")) or "").startswith(
                        ("contentLocked", "sdtContentLocked")):
                    return True
    return False


def _check_edit(loc, text: str, edit: Edit, field_ts: set) -> str | None:
    if text[edit.start:edit.end] != edit.old or edit.start >= edit.end:
        return "mismatch"
    if edit.new == edit.old:
        return "unchanged"
    for el, s, e in loc.segments:
        if e <= edit.start or s >= edit.end:
            continue
        if el is None:
            return "non_text"
        if el.getparent() is None or el.getparent().tag != W_R:
            return "non_text"
        if el in field_ts or _in_protected_container(el):
            return "field"
    return None


# --- the writer -------------------------------------------------------------------------
def write_docx(document: Document, edits: list[Edit], notes: list[Note] = (), *,
               track_changes: bool = False, author: str = "rewriter",
               date: dt.datetime | str | None = None, initials: str | None = None
               ) -> DocxOutcome:
    """Apply ``edits`` (non-overlapping) and ``notes`` to ``document.source`` and save.

    The python-docx document is modified in place; the saved bytes are returned with what
    was applied and what was skipped (and why).
    """
    docx_doc = document.source
    stamp = format_date(date)
    initials = initials if initials is not None else initials_of(author)
    out = DocxOutcome(b"")

    by_para: dict[int, tuple[list[Edit], list[Note]]] = {}
    for e in edits:
        by_para.setdefault(e.paragraph, ([], []))[0].append(e)
    for n in notes:
        by_para.setdefault(n.paragraph, ([], []))[1].append(n)

    roots = {}
    for p in document.paragraphs:
        st = p.source.story
        roots.setdefault(id(st), st)
    comments_part_root = _comments_root(docx_doc)
    ids = _Ids([st.element for st in roots.values()]
               + ([comments_part_root] if comments_part_root is not None else []))
    field_cache: dict[int, set] = {}
    touched_blob = False

    for pi in sorted(by_para):
        p_edits, p_notes = by_para[pi]
        para = document.paragraphs[pi]
        loc = para.source
        story = loc.story
        if id(story) not in field_cache:
            field_cache[id(story)] = _field_texts(story.element)
        fts = field_cache[id(story)]

        ok_edits = []
        for e in sorted(p_edits, key=lambda e: e.start):
            reason = _check_edit(loc, para.text, e, fts)
            if reason:
                out.skipped.append(Skip(e, reason))
            else:
                ok_edits.append(e)
        ok_notes = []
        for n in sorted(p_notes, key=lambda n: n.start):
            if story.kind in _NO_COMMENT_STORIES:
                out.skipped.append(Skip(n, "no_comment_here"))
            elif not any(el is not None and s < n.end and n.start < e
                         for el, s, e in loc.segments):
                out.skipped.append(Skip(n, "non_text"))
            else:
                ok_notes.append(n)
        if not ok_edits and not ok_notes:
            continue

        live = _Para(loc, ids)
        cuts = sorted({x for e in ok_edits for x in (e.start, e.end)}
                      | {x for n in ok_notes for x in (n.start, n.end)})
        for c in cuts:
            live.split_at(c)

        for n in ok_notes:
            runs = live.runs(n.start, n.end)
            if not runs:
                out.skipped.append(Skip(n, "non_text"))
                continue
            _add_comment(docx_doc, runs[0], runs[-1], n.text, author, initials, stamp)
            out.commented.append(n)

        # Right to left, so that nothing an edit does can disturb the next one.
        plans = [(e, live.runs(e.start, e.end)) for e in ok_edits]
        for e, runs in reversed(plans):
            if track_changes:
                _tracked_replace(runs, e.new, author, stamp, ids)
            else:
                _clean_replace(runs, e.new)
            out.applied.append(e)
        if story.from_blob:
            touched_blob = True

    out.applied.sort(key=lambda e: (e.paragraph, e.start))
    # An unresolved entity reference (&xxe; of a hostile file: the reader never resolves
    # entities) would be written back without its declaration: invalid XML. Drop them.
    for st in roots.values():
        if _drop_entity_refs(st.element) and st.from_blob:
            touched_blob = True
    if touched_blob:
        flush_blob_stories(document)
    buf = io.BytesIO()
    docx_doc.save(buf)
    out.data = buf.getvalue()
    return out


def _drop_entity_refs(root) -> bool:
    """Remove entity-reference nodes, keeping the text that follows them."""
    refs = [e for e in root.iter() if isinstance(e, etree._Entity)]
    for ent in refs:
        parent = ent.getparent()
        if parent is None:
            continue
        tail = ent.tail or ""
        prev = ent.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(ent)
    return bool(refs)


def _comments_root(docx_doc):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        part = docx_doc.part.part_related_by(RT.COMMENTS)
    except KeyError:
        return None
    return getattr(part, "element", None)


def _add_comment(docx_doc, first_r, last_r, text: str, author: str, initials: str,
                 stamp: str) -> None:
    from docx.text.run import Run

    comment = docx_doc.add_comment([Run(first_r, None), Run(last_r, None)], text=text,
                                   author=author, initials=initials)
    elm = comment._comment_elm
    elm.set(W_DATE, stamp)
    for t in elm.iter(W_T):
        t.set(XML_SPACE, "preserve")


def _remove(el) -> None:
    parent = el.getparent()
    parent.remove(el)
    while (parent is not None and parent.tag in _REMOVE_WHEN_EMPTY
           and not any(isinstance(c.tag, str) for c in parent)):
        up = parent.getparent()
        up.remove(parent)
        parent = up


def _clean_replace(runs: list, new: str) -> None:
    first = runs[0]
    t = first.find(W_T)
    if new:
        _set_text(t, new)
        rest = runs[1:]
    else:
        rest = runs
    for r in rest:
        _remove(r)


def _tracked_replace(runs: list, new: str, author: str, stamp: str, ids: _Ids) -> None:
    def rev(tag):
        return runs[0].makeelement(tag, {W_ID: ids(), W_AUTHOR: author, W_DATE: stamp})

    # one w:del per stretch of consecutive sibling runs
    groups: list[list] = []
    for r in runs:
        if groups and groups[-1][-1].getnext() is r:
            groups[-1].append(r)
        else:
            groups.append([r])
    dels = []
    for g in groups:
        d = rev(W_DEL)
        g[0].addprevious(d)
        for r in g:
            d.append(r)
            for t in r.iter(W_T):
                t.tag = W_DELTEXT
                t.set(XML_SPACE, "preserve")
        dels.append(d)
    if not new:
        return
    ins = rev(W_INS)
    nr = runs[0].makeelement(W_R, {})
    rpr = runs[0].find(W_RPR)
    if rpr is not None:
        nr.append(_copy_rpr(rpr, ids, drop_changes=True))
    t = nr.makeelement(W_T, {})
    _set_text(t, new)
    nr.append(t)
    ins.append(nr)
    parent = dels[0].getparent()
    anchor = [d for d in dels if d.getparent() is parent][-1]
    if parent.tag in (W_INS, W_MOVETO):
        # no w:ins inside an existing w:ins: split the existing one around ours
        following = list(anchor.itersiblings())
        if following:
            tail = parent.makeelement(parent.tag, dict(parent.attrib))
            tail.set(W_ID, ids())
            for c in following:
                tail.append(c)
            parent.addnext(tail)
        parent.addnext(ins)
    else:
        anchor.addnext(ins)
