"""What the grammar backends share: the issue type, masking of template tags, the
process-wide LRU cache and the "say it once" helper.

Backends see *masked* texts: one line of prose, template tags replaced (``{{ var }}`` and
Markdown inline code by ``X``, ``{% … %}`` and ``{# … #}`` removed), line breaks turned into spaces, characters
outside the Basic Multilingual Plane replaced by U+FFFD (LanguageTool counts UTF-16 units,
Python counts code points). :class:`Masked` maps every offset back to the original text.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

log = logging.getLogger("rewriter.grammar")

# Issue kinds (the finding's category, except "typography" which is dropped by default).
GRAMMAR, SPELLING, STYLE, TYPOGRAPHY = "grammar", "spelling", "style", "typography"


class BackendError(Exception):
    """The backend could not check the texts (down, timeout, HTTP error, bad output).
    ``notice`` is the French sentence shown to the user."""

    def __init__(self, notice: str, detail: str = ""):
        super().__init__(notice)
        self.notice = notice
        self.detail = detail


@dataclass
class Issue:
    """One error reported by a backend, offsets in the text it was given."""
    rule: str                 # full rule id: "grammalecte.<id>" / "languagetool.<ID>"
    kind: str                 # grammar | spelling | style | typography
    start: int
    end: int
    message: str
    replacements: list[str] = field(default_factory=list)


# --- masking -------------------------------------------------------------------------

_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK_TABLE = {ord(c): " " for c in _LINE_BREAKS}
VARIABLE_STANDIN = "X"


@dataclass
class Masked:
    text: str
    starts: list[int]   # masked char index -> original offset of that char
    ends: list[int]     # masked char index -> original offset just after that char
    length: int         # length of the original text

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of a masked span. A span touching a stand-in or crossing a
        removed tag covers the whole tag (so it is then seen as protected)."""
        n = len(self.text)
        start = max(0, min(start, n))
        end = max(start, min(end, n))
        if end == start:
            o = self.starts[start] if start < n else self.length
            return o, o
        return self.starts[start], self.ends[end - 1]


def mask(text: str, protected: list[tuple[int, int]] | None = None) -> Masked:
    """Mask ``text`` for a backend (see the module docstring)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    spans = sorted(protected or [])
    k = 0
    i = 0
    n = len(text)
    while i < n:
        if k < len(spans) and spans[k][0] <= i:
            s, e = spans[k]
            k += 1
            if e <= i:
                continue
            s = max(s, i)
            if not text.startswith(("{%", "{#"), s):     # {{ variable }}, `code`
                out.append(VARIABLE_STANDIN)
                starts.append(s)
                ends.append(e)
            i = e
            continue
        c = text[i]
        if c in _LINE_BREAKS:
            c = " "
        elif ord(c) > 0xFFFF:
            c = "\ufffd"
        out.append(c)
        starts.append(i)
        ends.append(i + 1)
        i += 1
    return Masked("".join(out), starts, ends, n)


# --- cache ---------------------------------------------------------------------------

class LRUCache:
    """A small thread-safe LRU cache (process-wide; keys are tuples of strings)."""

    def __init__(self, maxsize: int = 4096):
        self.maxsize = maxsize
        self._d: OrderedDict = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key):
        with self._lock:
            try:
                v = self._d.pop(key)
            except KeyError:
                self.misses += 1
                return None
            self._d[key] = v
            self.hits += 1
            return v

    def put(self, key, value) -> None:
        with self._lock:
            self._d.pop(key, None)
            self._d[key] = value
            while len(self._d) > self.maxsize:
                self._d.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._d.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._d)


CACHE = LRUCache()

# --- notices shown once per process ---------------------------------------------------

_once_lock = threading.Lock()
_said: set[str] = set()
_process_notices: list[str] = []
_stderr = True


def set_stderr(enabled: bool) -> None:
    """Switch the stderr warning off in worker processes whose parent prints the
    (deduplicated) notices itself."""
    global _stderr
    _stderr = bool(enabled)


def warn_once(notice: str, detail: str = "") -> None:
    """Write ``notice`` on stderr (logging warning) the first time it is seen in this
    process, and remember it for :func:`rewriter.grammar.process_notices`."""
    with _once_lock:
        if notice in _said:
            return
        _said.add(notice)
        _process_notices.append(notice)
    if _stderr:
        log.warning("%s%s", notice, f" ({detail})" if detail else "")


def process_notices() -> list[str]:
    with _once_lock:
        return list(_process_notices)


def reset_once() -> None:
    with _once_lock:
        _said.clear()
        _process_notices.clear()
