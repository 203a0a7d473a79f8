"""Word (.docx / .dotx) reader.

``read_docx_bytes(data, name) -> Document`` (format ``"docx"``):

1. :mod:`.preflight` checks the raw bytes and the zip directory (size, OLE/encrypted,
   legacy .doc, RTF/HTML renamed, zip bomb, macros, ...) and then inflates every member
   once, in bounded 64 KiB chunks (:func:`preflight.verify_members`).
2. The inflated members are handed to python-docx through a small in-memory package
   reader (:class:`_MemoryPackageReader`), so nothing is inflated twice and the package
   can be repaired on the way in:

   * **Templates (.dotx)** are read like documents. python-docx's ``docx.Document()``
     refuses the template content type, and its part factory would load the main part as
     an opaque blob; we register ``DocumentPart`` for the template content type (see
     :func:`_register_template_part`) and take ``package.main_document_part.document``
     directly, skipping the content-type check. The content type is left unchanged, so
     saving the package writes a .dotx again.
   * **Strict OOXML** (ISO 29500 Strict, ``http://purl.oclc.org/ooxml/...``) is mapped to
     the transitional namespaces and relationship types by a byte-level replacement of
     the namespace URIs in every XML member *before* parsing (:func:`_strict_to_transitional`).
     A notice tells the user. Saving writes a transitional .docx.
   * **No officeDocument relationship**: the main part found through
     ``[Content_Types].xml`` gets a synthesised relationship.
   * **Relationships to missing parts** (dangling images, thumbnails, docProps) are
     dropped instead of crashing python-docx with ``KeyError``; a part without a
     content type gets ``application/octet-stream``.

   python-docx parses XML with ``resolve_entities=False`` (no XXE) and without
   ``huge_tree`` (libxml2 limits: 10 MB text nodes, depth 256, entity amplification).
   Every lxml / python-docx exception becomes a :class:`ReadError`.
3. A walker over the raw lxml tree of every story part collects all the text, in
   reading order (see :func:`_walk_story`).

Reading order and stories
-------------------------
``Document.paragraphs`` holds, in this order: the headers (story ``"header"``), the main
body, the footnotes (``"footnote"``), the endnotes (``"endnote"``) and the footers
(``"footer"``) — the order in which a reader meets them on the page. Header and footer
parts are taken in the order the section properties reference them (first page,
default, even), each part once even when several sections share it.

Inside a story, paragraphs come in document order. In the main body, a paragraph inside
a table cell (at any nesting depth) has story ``"table"``; a paragraph inside a text box
has story ``"textbox"`` and comes right after the paragraph that anchors the text box.
In headers, footers and notes the story stays the part's story (``"header"`` etc.) even
inside a table or text box: where the text lives on the page matters more there.

**Every ``w:p`` is kept, including empty ones** (``text == ""``), so that a paragraph's
index in ``Document.paragraphs`` is stable and a rewrite can map back by index. Only the
separator "footnotes" Word uses to draw the line above the notes are left out.

What text is read
-----------------
``w:t`` text, through hyperlinks, content controls (``w:sdt`` block, row, cell and
inline), ``w:fldSimple`` and complex-field *results* (``w:instrText`` field codes are
not text), smart tags, custom XML, tracked insertions (``w:ins``, ``w:moveTo``) — the
document is read as if every tracked change were accepted: ``w:del`` / ``w:moveFrom``
content and deleted table rows are skipped. Text boxes: the ``mc:Choice`` copy is read,
the ``mc:Fallback`` copy (the same text for old Word versions) is skipped, unless no
``mc:Choice`` holds any paragraph (then the Fallback is the only copy of the text).
Special characters: ``w:tab`` / ``w:ptab`` → ``"\\t"``, ``w:br`` / ``w:cr`` → ``"\\n"``
(kept inside the paragraph text), ``w:noBreakHyphen`` → ``"\\u2011"``, ``w:sym`` → its
character unless it is a private-use symbol-font glyph (Wingdings, Symbol: skipped),
``w:softHyphen`` → nothing (invisible). Math (``m:t``) text is read as plain text.
Comments are **not** part of the letter: they are excluded from the paragraphs and
counted in a notice.

Offset map (``Paragraph.source``)
---------------------------------
Each paragraph's ``source`` is a :class:`DocxLocation`: the story (:class:`DocxStory`:
part, root element, story name), the ``w:p`` element and ``segments``, a list of
``(element, start, end)`` that covers **every** character of ``text`` exactly once, in
order: ``element`` is the ``w:t`` holding ``text[start:end]`` (``element.text ==
text[start:end]``), or ``None`` for characters that do not come from a ``w:t`` (tab,
break, no-break hyphen, symbol, math) and that a rewrite must not edit in place.

Footnotes and endnotes: python-docx 1.2 loads those parts as opaque blobs. We parse
``part.blob`` with python-docx's own (XXE-safe) parser and keep that element tree on
the story (``DocxStory.from_blob = True``). A writer that edits it must call
:func:`flush_blob_stories` before ``document.source.save(...)``; it writes the edited
trees back to ``part._blob``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from ..errors import ReadError
from ..model import Document, Paragraph
from . import preflight as pf

# python-docx imports are kept in functions/try blocks where they can fail; the module
# itself is a hard dependency of this reader.
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.package import Unmarshaller
from docx.opc.packuri import PACKAGE_URI, PackURI
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import Part, PartFactory
from docx.opc import pkgreader as _pkgreader
from docx.oxml.parser import parse_xml as _docx_parse_xml
from docx.package import Package
from docx.parts.document import DocumentPart

# --- namespaces and tags ----------------------------------------------------------------
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


W_P, W_T = _w("p"), _w("t")
W_TAB, W_PTAB, W_BR, W_CR = _w("tab"), _w("ptab"), _w("br"), _w("cr")
W_NBH, W_SYM = _w("noBreakHyphen"), _w("sym")
W_DEL, W_MOVEFROM, W_INS, W_MOVETO = _w("del"), _w("moveFrom"), _w("ins"), _w("moveTo")
W_TBL, W_TR, W_TRPR, W_TXBX = _w("tbl"), _w("tr"), _w("trPr"), _w("txbxContent")
W_FOOTNOTE, W_ENDNOTE, W_COMMENT = _w("footnote"), _w("endnote"), _w("comment")
W_RT = _w("rt")                    # ruby (phonetic guide) text
W_SECTPR = _w("sectPr")
W_HDR_REF, W_FTR_REF = _w("headerReference"), _w("footerReference")
W_TYPE, W_CHAR = _w("type"), _w("char")
R_ID = f"{{{R_NS}}}id"
MC_FALLBACK, MC_CHOICE = f"{{{MC}}}Fallback", f"{{{MC}}}Choice"
M_T, M_OMATH = f"{{{M}}}t", f"{{{M}}}oMath"

_FIXED = {W_TAB: "\t", W_PTAB: "\t", W_BR: "\n", W_CR: "\n", W_NBH: "\u2011"}
_SKIP = {W_DEL, W_MOVEFROM, W_RT}
_TRACKED = {W_DEL, W_MOVEFROM, W_INS, W_MOVETO}
_NOTE_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}
_WALK_TAGS = [W_P, W_T, W_TAB, W_PTAB, W_BR, W_CR, W_NBH, W_SYM, W_DEL, W_MOVEFROM,
              W_INS, W_MOVETO, MC_FALLBACK, MC_CHOICE, W_RT, W_TBL, W_TR, W_TXBX, W_FOOTNOTE,
              W_ENDNOTE, M_T, M_OMATH]
_HDR_ORDER = {"first": 0, "default": 1, "even": 2}

# --- notices (French) -------------------------------------------------------------------
N_TRACKED = "Les modifications suivies ont été lues comme acceptées."
N_CHARTS = "Le document contient des graphiques : leur texte n'a pas été analysé."
N_SMARTART = "Le document contient des diagrammes SmartArt : leur texte n'a pas été analysé."
N_EMBEDDED = ("Le document contient des objets incorporés (OLE, autres fichiers) : leur "
              "contenu n'a pas été analysé.")
N_ALTCHUNK = ("Le document contient des parties importées d'autres fichiers (altChunk) : "
              "leur texte n'a pas été analysé.")
N_MATH = ("Le document contient des formules mathématiques : leur texte a été lu comme du "
          "texte simple et ne sera pas modifié.")
N_STRICT = ("Ce document est au format « Office Open XML strict » : il a été converti au "
            "format .docx habituel pour être lu.")


def _n_comments(n: int) -> str:
    if n == 1:
        return ("Le document contient 1 commentaire : il ne fait pas partie de la lettre et "
                "n'a pas été analysé.")
    return (f"Le document contient {n} commentaires : ils ne font pas partie de la lettre "
            "et n'ont pas été analysés.")


# --- public types ----------------------------------------------------------------------
@dataclass(eq=False)
class DocxStory:
    """One story part (main document, a header, the footnotes...)."""
    kind: str                  # "body" | "header" | "footer" | "footnote" | "endnote"
    part: Any                  # python-docx Part
    element: Any               # root lxml element of the part (w:document, w:hdr, ...)
    from_blob: bool = False    # parsed from part.blob: see flush_blob_stories()

    @property
    def partname(self) -> str:
        return str(self.part.partname)


@dataclass(eq=False)
class DocxLocation:
    """Where a paragraph's characters live: see the module docstring."""
    story: DocxStory
    p: Any                                   # the w:p element
    segments: list = field(default_factory=list)   # [(w:t element | None, start, end)]

    def text_segments(self):
        """Only the editable segments: ``(w:t element, start, end)``."""
        return [s for s in self.segments if s[0] is not None]


def flush_blob_stories(document: Document) -> None:
    """Write edited blob-backed stories (footnotes, endnotes) back into their parts.

    python-docx 1.2 keeps those parts as opaque bytes and saves ``part._blob``; call this
    after editing their elements and before ``document.source.save(...)``.
    """
    seen = set()
    for para in document.paragraphs:
        loc = para.source
        story = getattr(loc, "story", None)
        if story is None or not story.from_blob or id(story) in seen:
            continue
        seen.add(id(story))
        story.part._blob = etree.tostring(story.element, xml_declaration=True,
                                          encoding="UTF-8", standalone=True)


# --- package loading ---------------------------------------------------------------------
def _register_template_part() -> None:
    """Load .dotx main parts as ``DocumentPart`` (python-docx only maps .docx's type).

    This only changes which Python class wraps a template's main part; python-docx's own
    ``docx.Document()`` still refuses templates through its content-type check.
    """
    PartFactory.part_type_for.setdefault(pf.CT_TEMPLATE, DocumentPart)


_register_template_part()


def _lazy_part_class(cls):
    """``cls`` (an XML part python-docx parses when the package opens) parsed only when
    something asks for its XML. rewriter reads text from the stories (body, headers,
    footers, notes, comments) and never looks at styles, numbering, settings or document
    properties; python-docx parses them all at open (the 350 KB ``styles.xml`` of a
    letter made from python-docx's own template: 3.7 ms of a 5.4 ms read). Saving writes
    an unparsed part back byte for byte."""

    class Lazy(cls):
        @classmethod
        def load(klass, partname, content_type, blob, package):
            part = klass.__new__(klass)
            Part.__init__(part, partname, content_type, package=package)
            part._source = blob
            return part

        @property
        def _element(self):
            el = self.__dict__.get("_parsed")
            if el is None:
                el = self._parsed = _docx_parse_xml(self._source)
            return el

        @_element.setter
        def _element(self, value):
            self._parsed = value

        @property
        def blob(self):
            if self.__dict__.get("_parsed") is None:
                return self._source
            return serialize_part_xml(self._parsed)

    Lazy.__name__ = Lazy.__qualname__ = "Lazy" + cls.__name__
    return Lazy


def _lazy_parts() -> dict:
    from docx.opc.constants import CONTENT_TYPE as CT
    return {ct: _lazy_part_class(PartFactory.part_type_for[ct])
            for ct in (CT.WML_STYLES, CT.WML_NUMBERING, CT.WML_SETTINGS,
                       CT.OPC_CORE_PROPERTIES) if ct in PartFactory.part_type_for}


_LAZY_PARTS = _lazy_parts()


def _part_factory(partname, content_type, reltype, blob, package):
    """python-docx's ``PartFactory``, except for the parts of :data:`_LAZY_PARTS`."""
    lazy = _LAZY_PARTS.get(content_type)
    if lazy is not None:
        return lazy.load(partname, content_type, blob, package)
    return PartFactory(partname, content_type, reltype, blob, package)

_STRICT_RE = re.compile(
    rb"http://purl\.oclc\.org/ooxml/(officeDocument|drawingml|wordprocessingml|"
    rb"schemaLibrary|spreadsheetml|presentationml)/([A-Za-z]+)((?:/[A-Za-z]+)?)")
_STRICT_NAMES = {b"extendedProperties": b"extended-properties",
                 b"customProperties": b"custom-properties",
                 b"/extendedProperties": b"/extended-properties",
                 b"/customProperties": b"/custom-properties"}


def _strict_sub(m: re.Match) -> bytes:
    family, name, suffix = m.group(1), m.group(2), m.group(3)
    return (b"http://schemas.openxmlformats.org/" + family + b"/2006/"
            + _STRICT_NAMES.get(name, name) + _STRICT_NAMES.get(suffix, suffix))


def _strict_to_transitional(members: dict[str, bytes]) -> dict[str, bytes]:
    """Map ISO 29500 Strict namespaces / relationship types to transitional ones."""
    out = {}
    for name, blob in members.items():
        if name.lower().endswith((".xml", ".rels")) and pf.STRICT_MARK in blob:
            blob = _STRICT_RE.sub(_strict_sub, blob)
        out[name] = blob
    return out


class _ContentTypes:
    """Wraps python-docx's content-type map: unknown part -> application/octet-stream."""

    def __init__(self, inner):
        self._inner = inner

    def __getitem__(self, partname):
        try:
            return self._inner[partname]
        except KeyError:
            return "application/octet-stream"


class _MemoryPackageReader:
    """python-docx "physical package reader" over already-inflated members.

    Implements the interface of ``docx.opc.phys_pkg._ZipPkgReader`` (``blob_for``,
    ``content_types_xml``, ``rels_xml_for``, ``close``), case-insensitively, and drops
    relationships whose internal target is missing from the package.
    """

    def __init__(self, members: dict[str, bytes], extra_pkg_rel: str | None = None):
        self._members = {k.lower(): v for k, v in members.items()}
        self._extra_pkg_rel = extra_pkg_rel     # main part to relate as officeDocument

    def blob_for(self, pack_uri) -> bytes:
        return self._members[pack_uri.membername.lower()]

    @property
    def content_types_xml(self) -> bytes:
        return self._members["[content_types].xml"]

    def close(self) -> None:
        pass

    def rels_xml_for(self, source_uri):
        blob = self._members.get(source_uri.rels_uri.membername.lower())
        is_pkg = str(source_uri) == "/"
        if blob is None and not (is_pkg and self._extra_pkg_rel):
            return None
        root = None
        if blob is not None:
            root = etree.fromstring(blob, pf._SAFE_PARSER)
        if root is None or not isinstance(root.tag, str):
            root = etree.Element(f"{{{pf.NS_RELS}}}Relationships", nsmap={None: pf.NS_RELS})
        changed = False
        for rel in list(root):
            if not isinstance(rel.tag, str):
                continue
            if (rel.get("TargetMode") or "Internal") == "External":
                continue
            target = (rel.get("Target") or "").strip()
            try:
                partname = PackURI.from_rel_ref(source_uri.baseURI, target)
                ok = partname.membername.lower() in self._members
            except Exception:
                ok = False
            if not ok:
                root.remove(rel)
                changed = True
        if is_pkg and self._extra_pkg_rel:
            rel = etree.SubElement(root, f"{{{pf.NS_RELS}}}Relationship")
            rel.set("Id", "rIdRewriterMain")
            rel.set("Type", pf.RT_OFFICE_DOCUMENT)
            rel.set("Target", "/" + self._extra_pkg_rel)
            changed = True
        return etree.tostring(root) if changed else blob


def _open_package(members: dict[str, bytes], extra_pkg_rel: str | None) -> Package:
    """Same as ``Package.open(file)``, from in-memory members (see class above)."""
    phys = _MemoryPackageReader(members, extra_pkg_rel)
    content_types = _ContentTypes(_pkgreader._ContentTypeMap.from_xml(phys.content_types_xml))
    pkg_srels = _pkgreader.PackageReader._srels_for(phys, PACKAGE_URI)
    sparts = _pkgreader.PackageReader._load_serialized_parts(phys, pkg_srels, content_types)
    reader = _pkgreader.PackageReader(content_types, pkg_srels, sparts)
    package = Package()
    Unmarshaller.unmarshal(reader, package, _part_factory)
    return package


# --- errors ------------------------------------------------------------------------------
MSG_XML_LIMIT = ("Ce document contient un élément anormalement grand ou imbriqué trop "
                 "profondément : par sécurité, il n'a pas été lu. Enregistrez la lettre "
                 "seule au format .docx, puis recommencez.")
MSG_BROKEN_XML = ("Ce document Word est endommagé (son contenu XML est invalide). Si Word "
                  "ou LibreOffice parvient à l'ouvrir, enregistrez-le à nouveau au format "
                  ".docx puis recommencez.")
MSG_UNREADABLE = ("Ce document Word n'a pas pu être lu (structure interne inattendue). "
                  "Ouvrez-le dans Word ou LibreOffice, enregistrez-le à nouveau au format "
                  ".docx, puis recommencez.")
MSG_TOO_BIG_MEM = ("Ce document est trop volumineux pour être analysé. Enregistrez la "
                   "lettre seule, sans contenu lourd, puis recommencez.")
_LIMIT_WORDS = ("too long", "amplification", "excessive depth", "huge", "too large",
                "exceeds", "maximum")


def _xml_error(e: Exception) -> ReadError:
    text = str(e).lower()
    if any(w in text for w in _LIMIT_WORDS):
        return ReadError(MSG_XML_LIMIT, "xml_limit")
    return ReadError(MSG_BROKEN_XML, "broken_xml")


# --- entry point ------------------------------------------------------------------------
def read_docx_bytes(data: bytes, name: str = "document.docx") -> Document:
    """Read a .docx / .dotx given as bytes. Raises :class:`ReadError` only."""
    try:
        doc = _read(data, name)
        # docxtpl templates: tags (also those Word spread over several paragraphs) are
        # protected, so no finding points inside one
        from .jinja import protect_docx_tags
        protect_docx_tags(doc)
        return doc
    except ReadError:
        raise
    except etree.XMLSyntaxError as e:
        raise _xml_error(e) from None
    except (etree.LxmlError, SyntaxError, UnicodeError) as e:
        raise _xml_error(e) from None
    except RecursionError:
        raise ReadError(MSG_XML_LIMIT, "xml_limit") from None
    except MemoryError:
        raise ReadError(MSG_TOO_BIG_MEM, "too_big") from None
    except Exception:      # python-docx KeyError/ValueError/... : never show a traceback
        raise ReadError(MSG_UNREADABLE, "unreadable") from None


def _read(data: bytes, name: str) -> Document:
    info = pf.inspect_package(data, name)
    members = pf.verify_members(info.zip)
    notices: list[str] = []
    if info.is_strict:
        members = _strict_to_transitional(members)
        notices.append(N_STRICT)
    package = _open_package(members, info.main_part if info.main_rel_missing else None)
    main = package.main_document_part
    if not isinstance(main, DocumentPart):
        raise ReadError(pf.MSG["not_word"], "not_word")
    docx_doc = main.document

    stories = _collect_stories(main)
    paragraphs: list[Paragraph] = []
    flags: set[str] = set()
    for story in stories:
        _walk_story(story, paragraphs, flags)

    notices.extend(_package_notices(package, main, flags))
    return Document(path=name, paragraphs=paragraphs, format="docx", notices=notices,
                    source=docx_doc)


# --- stories ------------------------------------------------------------------------------
def _part_root(part) -> tuple[Any, bool]:
    el = getattr(part, "element", None)
    if el is not None:
        return el, False
    return _docx_parse_xml(part.blob), True


def _collect_stories(main) -> list[DocxStory]:
    """Headers, body, footnotes, endnotes, footers (see the module docstring)."""
    body_root = main.element
    headers: list = []
    footers: list = []
    seen: set[str] = set()
    rels = main.rels
    body = body_root.find(_w("body"))
    sects = [] if body is None else (body.findall(f"{W_P}/{_w('pPr')}/{W_SECTPR}")
                                     + body.findall(W_SECTPR))
    for sect in sects:
        refs = [r for r in sect if r.tag in (W_HDR_REF, W_FTR_REF)]
        refs.sort(key=lambda r: _HDR_ORDER.get(r.get(W_TYPE, "default"), 3))
        for ref in refs:
            rid = ref.get(R_ID)
            rel = rels.get(rid) if rid else None
            if rel is None or rel.is_external:
                continue
            part = rel.target_part
            key = str(part.partname)
            if key in seen:
                continue
            seen.add(key)
            (headers if ref.tag == W_HDR_REF else footers).append(part)

    stories = []
    for part in headers:
        root, blob = _part_root(part)
        stories.append(DocxStory("header", part, root, blob))
    stories.append(DocxStory("body", main, body_root, False))
    for reltype, kind in ((RT.FOOTNOTES, "footnote"), (RT.ENDNOTES, "endnote")):
        for rel in list(rels.values()):
            if rel.reltype == reltype and not rel.is_external:
                root, blob = _part_root(rel.target_part)
                stories.append(DocxStory(kind, rel.target_part, root, blob))
    for part in footers:
        root, blob = _part_root(part)
        stories.append(DocxStory("footer", part, root, blob))
    return stories


# --- the walker ---------------------------------------------------------------------------
def _walk_story(story: DocxStory, out: list[Paragraph], flags: set[str]) -> None:
    """Append one Paragraph per ``w:p`` of ``story`` to ``out`` (see module docstring).

    One pass of ``element.iter(*tags)`` (tag filtering and traversal run in C; about 3x
    faster than ``etree.iterwalk`` on python-docx trees). There are no "end" events, so
    containers are handled by *ranges*: for a table or a text box we count its matching
    descendants once, which tells when the iteration leaves it; skipped containers
    (deleted text, alternative copies) are consumed from the iterator the same way.
    A ``w:t`` always belongs to the last ``w:p`` started at the current text-box level.
    """
    base = story.kind
    items = story.element.iter(*_WALK_TAGS)
    idx = 0
    ranges: list[list] = []      # [last index inside, "tbl" | "txbx", saved paragraph]
    tbl_depth = txbx_depth = 0
    top = None                   # current [para, parts, segments, pos]
    accs: list[list] = []

    def consume(el) -> int:
        n = sum(1 for _ in el.iter(*_WALK_TAGS)) - 1   # matching descendants
        for _ in range(n):
            next(items, None)
        return n

    for el in items:
        idx += 1
        while ranges and idx > ranges[-1][0]:
            _end, kind, saved = ranges.pop()
            if kind == "txbx":
                txbx_depth -= 1
                top = saved
            else:
                tbl_depth -= 1
        tag = el.tag
        if tag == W_T or tag == M_T:
            if top is not None:
                s = el.text or ""
                node = el if tag == W_T else None
                if len(el):
                    # Unresolved entity references (never expanded: no XXE) split the
                    # text; keep the literal text around them, mark it non-editable.
                    s += "".join(c.tail or "" for c in el)
                    node = None
                if s:
                    pos = top[3]
                    top[1].append(s)
                    top[2].append((node, pos, pos + len(s)))
                    top[3] = pos + len(s)
        elif tag in _FIXED:
            if top is not None:
                ch = _FIXED[tag]
                pos = top[3]
                top[1].append(ch)
                top[2].append((None, pos, pos + 1))
                top[3] = pos + 1
        elif tag == W_P:
            if base == "body":
                kind = "textbox" if txbx_depth else ("table" if tbl_depth else "body")
            else:
                kind = base
            para = Paragraph(text="", story=kind)
            para.source = DocxLocation(story, el, [])
            top = [para, [], para.source.segments, 0]
            accs.append(top)
            out.append(para)
        elif tag in _SKIP:
            if tag in _TRACKED:
                flags.add("tracked")
            idx += consume(el)
        elif tag in _TRACKED:          # w:ins / w:moveTo: read as current text
            flags.add("tracked")
        elif tag == W_TBL:
            n = sum(1 for _ in el.iter(*_WALK_TAGS)) - 1
            tbl_depth += 1
            ranges.append([idx + n, "tbl", None])
        elif tag == W_TXBX:
            n = sum(1 for _ in el.iter(*_WALK_TAGS)) - 1
            txbx_depth += 1
            ranges.append([idx + n, "txbx", top])
        elif tag == W_TR:
            trpr = el.find(W_TRPR)
            if trpr is not None and trpr.find(W_DEL) is not None:
                flags.add("tracked")   # deleted table row: not in the accepted view
                idx += consume(el)
        elif tag == MC_FALLBACK or tag == MC_CHOICE:
            # Read one alternative only: the first mc:Choice that holds paragraphs, else
            # the mc:Fallback (e.g. a text box whose Choice uses an unknown namespace).
            if any(_has_paragraph(sib) for sib in el.itersiblings(MC_CHOICE, preceding=True)):
                idx += consume(el)
        elif tag == W_SYM:
            if top is not None:
                ch = _sym_char(el.get(W_CHAR))
                if ch:
                    pos = top[3]
                    top[1].append(ch)
                    top[2].append((None, pos, pos + 1))
                    top[3] = pos + 1
        elif tag == W_FOOTNOTE or tag == W_ENDNOTE:
            top = None
            if el.get(W_TYPE) in _NOTE_SEPARATORS:
                idx += consume(el)
        elif tag == M_OMATH:
            flags.add("math")
    for para, parts, _segs, _pos in accs:
        para.text = "".join(parts)


def _has_paragraph(el) -> bool:
    return next(el.iter(W_P), None) is not None


def _sym_char(code: str | None) -> str:
    """Character of a ``w:sym``; private-use symbol-font glyphs (F000-F0FF) are skipped."""
    if not code:
        return ""
    try:
        n = int(code, 16)
    except ValueError:
        return ""
    if n < 0x20 or 0xD800 <= n <= 0xDFFF or 0xE000 <= n <= 0xF8FF or n > 0x10FFFF:
        return ""
    return chr(n)


# --- notices -------------------------------------------------------------------------------
def _package_notices(package, main, flags: set[str]) -> list[str]:
    notices: list[str] = []
    if "tracked" in flags:
        notices.append(N_TRACKED)
    charts = smartart = embedded = altchunk = False
    n_comments = 0
    for part in package.iter_parts():
        ct = part.content_type or ""
        pn = str(part.partname)
        if ct.endswith("drawingml.chart+xml"):
            charts = True
        elif ct.endswith("drawingml.diagramData+xml"):
            smartart = True
        elif pn.startswith("/word/embeddings/") or ct in (
                "application/vnd.openxmlformats-officedocument.oleObject",
                "application/vnd.openxmlformats-officedocument.package"):
            embedded = True
        elif ct.endswith("wordprocessingml.comments+xml") and part is not None:
            try:
                root, _blob = _part_root(part)
                n_comments += sum(1 for _ in root.iter(W_COMMENT))
            except Exception:
                pass
    for rel in main.rels.values():
        if rel.reltype == RT.A_F_CHUNK:
            altchunk = True
        elif rel.reltype in (RT.OLE_OBJECT, RT.PACKAGE):
            embedded = True
    if charts:
        notices.append(N_CHARTS)
    if smartart:
        notices.append(N_SMARTART)
    if embedded:
        notices.append(N_EMBEDDED)
    if altchunk:
        notices.append(N_ALTCHUNK)
    if "math" in flags:
        notices.append(N_MATH)
    if n_comments:
        notices.append(_n_comments(n_comments))
    return notices
