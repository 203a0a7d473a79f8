"""Jinja text templates (.j2, .jinja, .jinja2, .txt.j2, .md.j2, .html.j2), and template tags
inside .docx documents.

Text templates are read with Jinja's own lexer (``env.lexer.tokeniter``) so that every tag
is found exactly as Jinja sees it (strings containing ``}}``, ``{% raw %}``, whitespace
control ``{%-`` / ``-%}``, tags over several lines). Positions are kept on the SOURCE file:

* line breaks are normalised first (CRLF and lone CR count as one line break, so line and
  column numbers are the ones an editor shows, whatever the file's line endings);
* each paragraph's text is an exact slice of the normalised source, tags included; the
  tags are ``protected`` spans, so a ``{{ variable }}`` is one neutral word, control and
  comment tags are invisible, and no finding ever points inside a tag;
* every branch of an ``{% if %}`` is in the source, so every branch is checked (the
  branches of one paragraph are read together, as one text);
* in ``.html.j2`` templates, HTML markup (tags, comments, ``<script>``/``<style>``
  content) is found with :mod:`html.parser` and protected like a template tag.

A template with a Jinja syntax error is still read as text where possible: a notice gives
the line and Jinja's message, and the tags that can be recognised stay protected.

``protect_docx_tags`` does the same job for .docx templates (docxtpl): Word often splits a
tag over several runs (the docx reader already joins them) and sometimes over several
paragraphs (``{{ surface`` / ``|f }}``); such tags are protected across paragraphs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..model import Document, Paragraph
from .text import decode

_END = tuple(".!?:;…»\"”)")
_LOWER_START = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ]")


@dataclass
class Tag:
    start: int
    end: int
    kind: str            # "variable" | "block" | "comment" | "raw" (raw_begin/raw_end) | "html"
    name: str = ""       # block: first word (if, else, endif, for…); comment: its text


@dataclass
class JinjaSource:
    """What the reader knows about a template beyond its paragraphs (``Document.source``)."""
    text: str                                   # normalised source (LF line breaks)
    tags: list[Tag] = field(default_factory=list)
    line_offsets: list[int] = field(default_factory=list)
    syntax_error: str | None = None

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a source offset."""
        import bisect
        i = bisect.bisect_right(self.line_offsets, offset) - 1
        return i + 1, offset - self.line_offsets[i] + 1

    def comments(self) -> list[tuple[int, int, str]]:
        """``(start, end, text)`` of every ``{# … #}`` comment."""
        return [(t.start, t.end, t.name) for t in self.tags if t.kind == "comment"]


# --- entry points ------------------------------------------------------------------------
def read_jinja_bytes(data: bytes, name: str) -> Document:
    text = decode(data, name)
    low = name.lower()
    html = low.endswith((".html.j2", ".html.jinja", ".html.jinja2", ".htm.j2", ".xml.j2"))
    markdown = low.endswith((".md.j2", ".md.jinja", ".md.jinja2"))
    return document_from_template(text, name, html=html, markdown=markdown)


def document_from_template(text: str, path: str = "<modèle>", html: bool = False,
                           markdown: bool = False) -> Document:
    src = text.replace("\r\n", "\n").replace("\r", "\n")
    tags, error = lex_tags(src)
    if html:
        tags = sorted(tags + html_markup(src, tags), key=lambda t: t.start)
    line_offsets = [0] + [m.end() for m in re.finditer("\n", src)]
    source = JinjaSource(src, tags, line_offsets, error)
    paragraphs = _paragraphs(src, tags, line_offsets, markdown)
    notices = []
    if error:
        notices.append(error)
    return Document(path=path, paragraphs=paragraphs, format="jinja", notices=notices,
                    source=source)


# --- lexing ------------------------------------------------------------------------------
_ENV = None


def _env():
    global _ENV
    if _ENV is None:
        import jinja2
        exts = ["jinja2.ext.i18n", "jinja2.ext.do", "jinja2.ext.loopcontrols"]
        _ENV = jinja2.Environment(keep_trailing_newline=True, extensions=exts)
    return _ENV


def lex_tags(src: str) -> tuple[list[Tag], str | None]:
    """The tags of a template (source offsets), and a French notice if the template is not
    valid Jinja (then the tags are found with a tolerant scanner)."""
    import jinja2

    env = _env()
    try:
        tags = _lex(env, src)
    except jinja2.TemplateSyntaxError as e:
        return _scan(src), _syntax_notice(e)
    except Exception as e:  # never a traceback for a template, whatever Jinja raises
        return _scan(src), ("Modèle Jinja illisible par Jinja (" + str(e)[:120] +
                            ") : il est vérifié comme du texte, balises reconnues masquées.")
    try:
        env.parse(src)
    except jinja2.TemplateSyntaxError as e:
        # the lexer may have read plain text as part of an unclosed tag: use the tolerant
        # scanner, which only masks complete tags
        return _scan(src), _syntax_notice(e)
    except Exception:
        pass
    return tags, None


def _syntax_notice(e) -> str:
    where = f"ligne {e.lineno}" if getattr(e, "lineno", None) else "position inconnue"
    return (f"Erreur de syntaxe Jinja ({where} : {e.message}) : le modèle est quand même "
            "vérifié comme du texte, les balises reconnues restent masquées.")


_OPEN = {"variable_begin": ("variable", "variable_end"), "block_begin": ("block", "block_end"),
         "comment_begin": ("comment", "comment_end"),
         "linestatement_begin": ("block", "linestatement_end"),
         "linecomment_begin": ("comment", "linecomment_end")}


def _lex(env, src: str) -> list[Tag]:
    """Walk ``tokeniter`` and recover each token's source offset. Token values are raw
    source text, except that whitespace control (``{%-``, ``-%}``) drops whitespace: so
    each value is searched at the current position, after optional whitespace."""
    tags: list[Tag] = []
    pos = 0
    cur: Tag | None = None
    close = ""
    n = len(src)
    for _lineno, tok, val in env.lexer.tokeniter(src, "modele"):
        if not val:
            continue
        if not src.startswith(val, pos):
            j = pos
            while j < n and src[j].isspace():
                j += 1
            if not src.startswith(val, j):
                k = src.find(val, pos)
                if k < 0:
                    raise ValueError("position perdue dans le modèle")
                j = k
            pos = j
        start, pos = pos, pos + len(val)
        if cur is None:
            if tok in _OPEN:
                kind, close = _OPEN[tok]
                cur = Tag(start, pos, kind)
            elif tok in ("raw_begin", "raw_end"):
                tags.append(Tag(start, pos, "raw", tok))
            continue
        # inside a tag
        if tok == close:
            # "-%}", "-}}", "-#}" carry the whitespace they strip: keep the tag itself
            end = start + len(val.rstrip())
            cur.end = end
            tags.append(cur)
            cur = None
            continue
        if cur.kind == "block" and not cur.name and tok == "name":
            cur.name = val
        elif cur.kind == "comment" and tok in ("comment", "linecomment"):
            cur.name = val
    if cur is not None:      # unterminated at end of file (lexer normally raises)
        cur.end = n
        tags.append(cur)
    return tags


_SCAN = re.compile(r"\{\{(?:(?!\}\}).)*\}\}|\{%(?:(?!%\}).)*%\}|\{#(?:(?!#\}).)*#\}", re.S)
_BLOCK_NAME = re.compile(r"\{%[-+]?\s*(\w+)")


def _scan(src: str) -> list[Tag]:
    """Tolerant fallback: the complete tags a regular expression can see."""
    out = []
    for m in _SCAN.finditer(src):
        g = m.group()
        if g.startswith("{{"):
            out.append(Tag(m.start(), m.end(), "variable"))
        elif g.startswith("{#"):
            out.append(Tag(m.start(), m.end(), "comment", g[2:-2].strip("-+")))
        else:
            b = _BLOCK_NAME.match(g)
            out.append(Tag(m.start(), m.end(), "block", b.group(1) if b else ""))
    return out


# --- HTML markup ---------------------------------------------------------------------------
class _Markup(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.offsets = [0] + [m.end() for m in re.finditer("\n", text)]
        self.spans: list[tuple[int, int]] = []
        self.cdata_tag: str | None = None

    def _here(self) -> int:
        line, col = self.getpos()
        return self.offsets[line - 1] + col

    def _until(self, start: int, closer: str) -> None:
        k = self.text.find(closer, start)
        self.spans.append((start, len(self.text) if k < 0 else k + len(closer)))

    def handle_starttag(self, tag, attrs):
        s = self._here()
        raw = self.get_starttag_text() or ""
        self.spans.append((s, s + len(raw)))
        if tag in ("script", "style"):
            self.cdata_tag = tag

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._until(self._here(), ">")
        self.cdata_tag = None

    def handle_data(self, data):
        if self.cdata_tag:
            s = self._here()
            self.spans.append((s, s + len(data)))

    def handle_comment(self, data):
        self._until(self._here(), "-->")

    def handle_decl(self, decl):
        self._until(self._here(), ">")

    def handle_pi(self, data):
        self._until(self._here(), ">")

    def unknown_decl(self, data):
        self._until(self._here(), ">")

    def handle_entityref(self, name):
        s = self._here()
        self.spans.append((s, s + len(name) + 1 + (self.text.startswith(";", s + len(name) + 1))))

    def handle_charref(self, name):
        self.handle_entityref("#" + name if not name.startswith("#") else name)


def html_markup(src: str, tags: list[Tag]) -> list[Tag]:
    """HTML markup of a template as protected spans. The Jinja tags are first blanked
    out with the same number of characters (line breaks kept), so offsets match."""
    chars = list(src)
    for t in tags:
        for i in range(t.start, t.end):
            if chars[i] != "\n":
                chars[i] = "x"
    masked = "".join(chars)
    p = _Markup(masked)
    try:
        p.feed(masked)
        p.close()
    except Exception:
        pass
    out = []
    for s, e in sorted(set(p.spans)):
        if e > s:
            out.append(Tag(s, e, "html"))
    return out


# --- paragraphs ------------------------------------------------------------------------------
def _paragraphs(src: str, tags: list[Tag], line_offsets: list[int], markdown: bool
                ) -> list[Paragraph]:
    """Paragraphs as in the text reader (blocks separated by blank lines; a line that
    continues an unfinished sentence in lower case is joined), decided on what a reader
    of the rendered letter sees: control/comment tags and HTML markup are invisible, a
    variable is a word. A line that holds only control or comment tags is transparent
    (it neither starts nor ends a paragraph); a line with only HTML markup ends one."""
    n = len(src)
    # kind per character: 0 text, 1 variable, 2 invisible (block/comment/raw), 3 html
    hidden = bytearray(n)
    code = {"variable": 1, "block": 2, "comment": 2, "raw": 2, "html": 3}
    for t in tags:
        c = code.get(t.kind, 2)
        for i in range(t.start, min(t.end, n)):
            if hidden[i] == 0 or c == 1:
                hidden[i] = c
    # logical lines: a line break inside a tag does not end the line
    lines: list[tuple[int, int]] = []
    s = 0
    for i, ch in enumerate(src):
        if ch == "\n" and hidden[i] == 0:
            lines.append((s, i))
            s = i + 1
    if s < n:
        lines.append((s, n))
    protected_all = sorted((t.start, t.end) for t in tags)

    cur: list | None = None           # [start, end, role] of the open paragraph
    cur_role = "prose"
    prev_blank = True
    in_fence = False
    spans: list[list] = []            # [start, end, role] of every paragraph

    def visible(a: int, b: int) -> tuple[int, int]:
        """First and last visible (non-space, text or variable) offsets in [a, b)."""
        first = last = -1
        for i in range(a, b):
            if hidden[i] in (0, 1) and not src[i].isspace():
                if first < 0:
                    first = i
                last = i
        return first, last

    last_visible_char = ""
    for a, b in lines:
        raw = src[a:b]
        indent = len(raw) - len(raw.lstrip())
        if markdown and raw.lstrip().startswith(("```", "~~~")) and hidden[a + indent] == 0:
            in_fence = not in_fence
            cur = None
            continue
        if in_fence:
            continue
        first, last = visible(a, b)
        if first < 0:
            has_jinja = any(hidden[i] == 2 for i in range(a, b))
            has_html = any(hidden[i] == 3 for i in range(a, b))
            if has_html or not has_jinja:
                cur = None                # blank line, or block-level markup: a break
                prev_blank = True
            continue                      # a line of control/comment tags: transparent
        role = "prose"
        start = first
        if markdown and hidden[first] == 0:
            rest = src[first:b]
            m = re.match(r"(#{1,6})\s+", rest)
            if m:
                role, start = "heading", first + m.end()
            else:
                m = re.match(r"(?:[-*+]|\d{1,3}[.)])\s+", rest)
                if m:
                    role, start = "list_item", first + m.end()
        first_char = src[start] if hidden[start] == 0 else "X"
        continues = (cur is not None and not prev_blank and role == "prose" and
                     cur_role in ("prose", "list_item") and
                     not last_visible_char.endswith(_END) and
                     bool(_LOWER_START.match(first_char)))
        if continues:
            cur[1] = last + 1
        else:
            cur = [start, last + 1, role]
            cur_role = role
            spans.append(cur)
        last_visible_char = src[last] if hidden[last] == 0 else "X"
        prev_blank = False

    out: list[Paragraph] = []
    import bisect
    for sp in spans:
        start, end, role = sp[0], sp[1], sp[2]
        text = src[start:end]
        li = bisect.bisect_right(line_offsets, start) - 1
        para = Paragraph(text=text, role=role, line=li + 1, column=start - line_offsets[li] + 1)
        para.line_starts = [m.end() for m in re.finditer("\n", text)]
        prot = []
        for s0, e0 in protected_all:
            if e0 <= start or s0 >= end:
                continue
            prot.append((max(s0, start) - start, min(e0, end) - start))
        para.protected = prot
        out.append(para)
    return out


# --- .docx templates ---------------------------------------------------------------------------
_OPENER = re.compile(r"\{\{|\{%|\{#")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
MAX_TAG_PARAGRAPHS = 6


def protect_docx_tags(doc: Document) -> None:
    """Protect the template tags of every paragraph of a .docx, including tags that Word
    spread over several paragraphs (an opener with no closer in its paragraph is closed
    in one of the next ``MAX_TAG_PARAGRAPHS`` paragraphs of the same story). Paragraphs
    that already have protected spans keep them (plus the cross-paragraph ones)."""
    pending: tuple[str, int] | None = None       # (closer, paragraphs seen)
    prev_story = None
    for p in doc.paragraphs:
        text = p.text
        spans: list[tuple[int, int]] = []
        pos = 0
        if pending and p.story != prev_story:
            pending = None
        prev_story = p.story
        if pending:
            closer, seen = pending
            k = text.find(closer)
            if k >= 0:
                spans.append((0, k + 2))
                pos = k + 2
                pending = None
            elif seen + 1 >= MAX_TAG_PARAGRAPHS:
                pending = None
            else:
                if text:
                    spans.append((0, len(text)))
                pending = (closer, seen + 1)
                pos = len(text)
        while pos < len(text):
            m = _OPENER.search(text, pos)
            if not m:
                break
            closer = _CLOSER[m.group()]
            k = text.find(closer, m.end())
            if k >= 0:
                spans.append((m.start(), k + 2))
                pos = k + 2
            else:
                spans.append((m.start(), len(text)))
                pending = (closer, 0)
                pos = len(text)
        if spans:
            merged = sorted(set(p.protected) | set(spans))
            p.protected = merged
