"""Word-level diff of a rewrite, shared by the CLI (``rewriter rewrite --diff``) and the
web UI.

* :func:`word_diff` compares two texts token by token (words, whitespace, punctuation),
  with :mod:`difflib`; joining the ``equal`` + ``delete`` parts gives back ``before``
  exactly, and joining the ``equal`` + ``insert`` parts gives back ``after``.
* :func:`render_text` prints ``[-ancien-]{+nouveau+}`` (wdiff style). With ``color=True``
  the markers stay and ANSI colours are added: meaning is never carried by colour alone.
* :func:`render_html` uses ``<del>`` / ``<ins>`` with visually-hidden French labels
  (« supprimé : », « ajouté : ») for screen readers; all text is HTML-escaped.
* :func:`document_diff` lists the changed paragraphs only.
"""
from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field

EQUAL, DELETE, INSERT = "equal", "delete", "insert"

# An elided article or preposition ("l'", "d’", "qu'") is its own token, a hyphenated
# word ("ci-joint", "vous-même") is one token, then whitespace, then any other character.
_TOKEN = re.compile(r"\w+['’]|\w+(?:-\w+)*|\s+|[^\w\s]", re.UNICODE)

# ANSI: red struck-through for deletions, green underlined for insertions.
_ANSI_DEL, _ANSI_INS, _ANSI_OFF = "\x1b[31;9m", "\x1b[32;4m", "\x1b[0m"

HIDDEN_CLASS = "visually-hidden"
LABEL_DELETE = "supprimé : "
LABEL_INSERT = "ajouté : "
# CSS the page must carry for the hidden labels (the usual "visually hidden" recipe).
HTML_CSS = (f".{HIDDEN_CLASS}{{position:absolute!important;width:1px;height:1px;"
            "padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);"
            "white-space:nowrap;border:0}")


def tokenize(text: str) -> list[str]:
    """Words, whitespace runs and punctuation; ``"".join(tokenize(t)) == t``."""
    return _TOKEN.findall(text)


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """``[(op, text)]`` with op in ``"equal"``, ``"delete"``, ``"insert"``.

    Consecutive parts with the same op are merged; in a changed stretch the deletion comes
    before the insertion. A whitespace-only equal part squeezed between two changes is
    folded into them, so ``à compter du`` → ``à partir du`` reads as one change rather
    than a patchwork.
    """
    a, b = tokenize(before), tokenize(after)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    raw: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            raw.append((EQUAL, "".join(a[i1:i2])))
        else:
            if i2 > i1:
                raw.append((DELETE, "".join(a[i1:i2])))
            if j2 > j1:
                raw.append((INSERT, "".join(b[j1:j2])))
    # fold whitespace-only equal parts between two changes
    folded: list[tuple[str, str]] = []
    for k, (op, text) in enumerate(raw):
        if (op == EQUAL and text.isspace() and 0 < k < len(raw) - 1
                and raw[k - 1][0] != EQUAL and raw[k + 1][0] != EQUAL):
            folded.append((DELETE, text))
            folded.append((INSERT, text))
        else:
            folded.append((op, text))
    # regroup each changed stretch: all deletions, then all insertions
    out: list[tuple[str, str]] = []
    dels: list[str] = []
    ins: list[str] = []

    def flush() -> None:
        if dels:
            out.append((DELETE, "".join(dels)))
        if ins:
            out.append((INSERT, "".join(ins)))
        dels.clear()
        ins.clear()

    for op, text in folded:
        if not text:
            continue
        if op == EQUAL:
            flush()
            if out and out[-1][0] == EQUAL:
                out[-1] = (EQUAL, out[-1][1] + text)
            else:
                out.append((EQUAL, text))
        elif op == DELETE:
            dels.append(text)
        else:
            ins.append(text)
    flush()
    return out


def before_text(ops: list[tuple[str, str]]) -> str:
    return "".join(t for op, t in ops if op != INSERT)


def after_text(ops: list[tuple[str, str]]) -> str:
    return "".join(t for op, t in ops if op != DELETE)


def render_text(ops: list[tuple[str, str]], color: bool = False) -> str:
    """``Nous [-accusons réception de-]{+avons bien reçu+} votre demande``.

    ``color=True`` adds ANSI colours (red struck-through, green underlined) around the same
    markers, for terminals.
    """
    parts = []
    for op, text in ops:
        if op == EQUAL:
            parts.append(text)
        elif op == DELETE:
            parts.append(f"{_ANSI_DEL}[-{text}-]{_ANSI_OFF}" if color else f"[-{text}-]")
        else:
            parts.append(f"{_ANSI_INS}{{+{text}+}}{_ANSI_OFF}" if color else f"{{+{text}+}}")
    return "".join(parts)


def render_html(ops: list[tuple[str, str]]) -> str:
    """HTML fragment: ``<del><span class="visually-hidden">supprimé : </span>…</del>``.

    The page must define the ``visually-hidden`` class (see :data:`HTML_CSS`). Everything
    is escaped; line breaks inside a paragraph become ``<br>``.
    """
    def esc(s: str) -> str:
        return html.escape(s, quote=True).replace("\n", "<br>")

    parts = []
    for op, text in ops:
        if op == EQUAL:
            parts.append(esc(text))
        elif op == DELETE:
            parts.append(f'<del><span class="{HIDDEN_CLASS}">{LABEL_DELETE}</span>'
                         f"{esc(text)}</del>")
        else:
            parts.append(f'<ins><span class="{HIDDEN_CLASS}">{LABEL_INSERT}</span>'
                         f"{esc(text)}</ins>")
    return "".join(parts)


@dataclass
class ParagraphDiff:
    """One changed paragraph. ``index`` / ``after_index``: positions in each list
    (``None`` when the paragraph exists on one side only)."""
    index: int | None
    after_index: int | None
    before: str
    after: str
    ops: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"paragraph": self.index, "after_paragraph": self.after_index,
                "before": self.before, "after": self.after,
                "ops": [list(o) for o in self.ops]}


def _texts(paragraphs) -> list[str]:
    return [p if isinstance(p, str) else getattr(p, "text", str(p)) for p in paragraphs]


def document_diff(before_paragraphs, after_paragraphs) -> list[ParagraphDiff]:
    """Changed paragraphs only, in order. Items may be strings or objects with ``.text``.

    Same number of paragraphs (a .docx rewrite keeps every paragraph): compared index by
    index. Otherwise (a text rewrite that joined or split paragraphs) the two lists are
    aligned with difflib first; unmatched paragraphs are shown as wholly deleted or added.
    """
    a, b = _texts(before_paragraphs), _texts(after_paragraphs)
    out: list[ParagraphDiff] = []
    if len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                out.append(ParagraphDiff(i, i, x, y, word_diff(x, y)))
        return out
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        n = max(i2 - i1, j2 - j1)
        for k in range(n):
            i = i1 + k if i1 + k < i2 else None
            j = j1 + k if j1 + k < j2 else None
            x = a[i] if i is not None else ""
            y = b[j] if j is not None else ""
            out.append(ParagraphDiff(i, j, x, y, word_diff(x, y)))
    return out
