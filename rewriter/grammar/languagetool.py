"""LanguageTool backend: language-tool-python's real client in remote mode.

* One client per (server URL, language, timeout), shared by the whole process. Building
  it asks the server for its languages (``GET /v2/languages``).
* Texts are sent in requests of at most ``max_chars`` characters (several paragraphs
  joined by blank lines; a longer paragraph is cut at sentence ends). Results are cached
  per (server, language, text) in the process-wide LRU cache of :mod:`.base`.
* Timeout: ``REWRITER_LANGUAGETOOL_TIMEOUT`` seconds (default 10) instead of the client's
  hard-coded 300 s, one try instead of two.
* A server that is unreachable, too slow or answers an HTTP error raises
  :class:`BackendError`; the URL is then skipped for ``RETRY_AFTER`` seconds so a folder
  of letters does not wait for the timeout once per letter.
"""
from __future__ import annotations

import os
import re
import threading
import time

from .base import CACHE, GRAMMAR, SPELLING, STYLE, TYPOGRAPHY, BackendError, Issue

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_CHARS = 20_000
RETRY_AFTER = 60.0          # seconds during which a failed server is not asked again
MAX_SUGGESTIONS = 5
DEFAULT_VARIANTS = {"fr": "fr-FR", "en": "en-GB"}

# LanguageTool categories / issue types -> our kinds.
_GRAMMAR_CATEGORIES = {"GRAMMAR", "CAT_GRAMMAIRE", "AGREEMENT", "CONJUGATION", "CAT_ACCORDS",
                       "CAT_CONJUGAISON", "CONFUSED_WORDS", "CAT_HOMONYMES_PARONYMES",
                       "VERB_FORMS", "MOOD"}
_SPELLING_CATEGORIES = {"TYPOS", "SPELLING", "CAT_ORTHOGRAPHE"}
_TYPO_CATEGORIES = {"TYPOGRAPHY", "CAT_TYPOGRAPHIE"}
_TYPO_ISSUES = {"typographical", "whitespace"}

N_DOWN = "Le serveur LanguageTool ({url}) ne répond pas : vérification grammaticale ignorée."
N_LANGUAGE = ("Le serveur LanguageTool ({url}) ne vérifie pas la langue {lang} : "
              "vérification grammaticale ignorée.")
N_MISSING = ("Le paquet Python language-tool-python n'est pas installé (pip install "
             "'rewriter[grammar]') : vérification grammaticale LanguageTool ignorée.")

_clients: dict = {}
_clients_lock = threading.Lock()
_down: dict[str, tuple[float, str]] = {}     # url -> (retry after, detail)


def reset() -> None:
    with _clients_lock:
        for c in _clients.values():
            try:
                c.close()
            except Exception:  # noqa: BLE001 - closing a remote client never matters
                pass
        _clients.clear()
        _down.clear()


def _env_float(name: str, default: float) -> float:
    try:
        v = float(os.environ.get(name, ""))
        return v if v > 0 else default
    except ValueError:
        return default


def settings_timeout(settings) -> float:
    v = getattr(settings, "languagetool_timeout", None)
    return float(v) if v else _env_float("REWRITER_LANGUAGETOOL_TIMEOUT", DEFAULT_TIMEOUT)


def settings_max_chars(settings) -> int:
    v = getattr(settings, "languagetool_max_chars", None)
    return int(v) if v else int(_env_float("REWRITER_LANGUAGETOOL_MAX_CHARS",
                                           DEFAULT_MAX_CHARS))


def variant(language: str, settings=None) -> str:
    """fr -> fr-FR, en -> en-GB, overridable by ``settings.languagetool_variants`` or
    ``REWRITER_LANGUAGETOOL_VARIANTS="en=en-US,fr=fr-BE"``."""
    table = dict(DEFAULT_VARIANTS)
    env = os.environ.get("REWRITER_LANGUAGETOOL_VARIANTS", "")
    for part in env.split(","):
        if "=" in part:
            k, v = part.split("=", 1)
            table[k.strip()] = v.strip()
    table.update(getattr(settings, "languagetool_variants", None) or {})
    return table.get(language, language)


def _client_class(timeout: float):
    from language_tool_python import LanguageTool

    class _Client(LanguageTool):
        """The real client with a short timeout and a single try."""
        _TIMEOUT = timeout

        def _query_server(self, url, params=None, num_tries=2, method="get"):
            return super()._query_server(url, params, 1, method)

    return _Client


def _get_client(url: str, lang: str, timeout: float):
    key = (url, lang, timeout)
    with _clients_lock:
        c = _clients.get(key)
    if c is not None:
        return c
    cls = _client_class(timeout)
    c = cls(lang, remote_server=url)        # GET /v2/languages (may raise)
    with _clients_lock:
        _clients.setdefault(key, c)
        return _clients[key]


def kind_of(category: str, issue_type: str) -> str:
    cat = (category or "").upper()
    it = (issue_type or "").lower()
    if it == "misspelling" or cat in _SPELLING_CATEGORIES:
        return SPELLING
    if it in _TYPO_ISSUES or cat in _TYPO_CATEGORIES:
        return TYPOGRAPHY
    if it == "grammar" or cat in _GRAMMAR_CATEGORIES:
        return GRAMMAR
    return STYLE


_SENT_END = re.compile(r"[.!?…]+[»”\"')]*\s+")


def split_long(text: str, limit: int) -> list[tuple[int, str]]:
    """Cut ``text`` into pieces of at most ``limit`` characters, at sentence ends when
    possible, else at a space. Returns (offset, piece)."""
    out: list[tuple[int, str]] = []
    pos = 0
    while len(text) - pos > limit:
        window = text[pos:pos + limit]
        cut = 0
        for m in _SENT_END.finditer(window):
            cut = m.end()
        if cut == 0:
            cut = window.rfind(" ") + 1
        if cut <= 0:
            cut = limit
        out.append((pos, text[pos:pos + cut]))
        pos += cut
    out.append((pos, text[pos:]))
    return out


class LanguageToolBackend:
    name = "languagetool"
    label = "LanguageTool"

    def __init__(self, url: str, settings=None):
        self.url = url.rstrip("/") + "/"
        self.shown_url = url
        self.timeout = settings_timeout(settings)
        self.max_chars = max(200, settings_max_chars(settings))
        self.settings = settings
        self.requests = 0

    # -- public -------------------------------------------------------------------------
    def check_texts(self, texts: list[str], language: str, wants=None) -> list[list[Issue]]:
        """Issues per text (``wants`` is ignored: LanguageTool always sends its
        suggestions)."""
        lang = variant(language, self.settings)
        results: list[list[Issue] | None] = [None] * len(texts)
        todo: list[int] = []
        for i, t in enumerate(texts):
            if not t.strip():
                results[i] = []
                continue
            hit = CACHE.get(("languagetool", self.url, lang, t))
            if hit is not None:
                results[i] = hit
            else:
                todo.append(i)
        if todo:
            self._check_uncached(texts, todo, lang, results)
        return [r or [] for r in results]

    # -- internals ----------------------------------------------------------------------
    def _fail(self, detail: str) -> BackendError:
        _down[self.url] = (time.monotonic() + RETRY_AFTER, detail)
        return BackendError(N_DOWN.format(url=self.shown_url), detail)

    def _check_uncached(self, texts, todo, lang, results) -> None:
        down = _down.get(self.url)
        if down is not None:
            if time.monotonic() < down[0]:
                raise BackendError(N_DOWN.format(url=self.shown_url), down[1])
            _down.pop(self.url, None)
        try:
            import language_tool_python  # noqa: F401
        except ImportError:
            raise BackendError(N_MISSING) from None
        try:
            client = _get_client(self.url, lang, self.timeout)
        except ValueError as e:       # the server does not know this language
            raise BackendError(N_LANGUAGE.format(url=self.shown_url, lang=lang),
                               str(e)) from None
        except Exception as e:  # noqa: BLE001 - connection, timeout, HTTP error, bad JSON
            raise self._fail(_short(e, self.timeout)) from None
        # pieces: (text index, offset in that text, piece text)
        pieces: list[tuple[int, int, str]] = []
        for i in todo:
            for off, piece in split_long(texts[i], self.max_chars):
                pieces.append((i, off, piece))
        found: dict[int, list[Issue]] = {i: [] for i in todo}
        sep = "\n\n"
        batch: list[tuple[int, int, str]] = []
        size = 0
        for p in pieces + [None]:
            if p is not None and (not batch or size + len(sep) + len(p[2]) <= self.max_chars):
                batch.append(p)
                size += len(p[2]) + (len(sep) if len(batch) > 1 else 0)
                continue
            self._send(client, batch, sep, found)
            if p is not None:
                batch, size = [p], len(p[2])
        for i in todo:
            issues = sorted(found[i], key=lambda x: (x.start, x.end, x.rule))
            CACHE.put(("languagetool", self.url, lang, texts[i]), issues)
            results[i] = issues

    def _send(self, client, batch, sep, found) -> None:
        if not batch:
            return
        joined = sep.join(p[2] for p in batch)
        bounds = []
        pos = 0
        for i, off, piece in batch:
            bounds.append((pos, pos + len(piece), i, off))
            pos += len(piece) + len(sep)
        self.requests += 1
        try:
            matches = client.check(joined)
        except Exception as e:  # noqa: BLE001 - see _check_uncached
            raise self._fail(_short(e, self.timeout)) from None
        for m in matches:
            try:
                start = int(m.offset)
                end = start + int(m.error_length)
                rule_id = str(m.rule_id)
                kind = kind_of(getattr(m, "category", ""), getattr(m, "rule_issue_type", ""))
                repl = [str(r) for r in (m.replacements or [])][:MAX_SUGGESTIONS]
                message = str(m.message or "")
            except (AttributeError, TypeError, ValueError):
                continue
            for b0, b1, i, off in bounds:
                if b0 <= start and end <= b1:
                    found[i].append(Issue(f"languagetool.{rule_id}", kind, start - b0 + off,
                                          end - b0 + off, message, repl))
                    break


def _short(e: Exception, timeout: float | None = None) -> str:
    """A one-line French reason for stderr (the full error is in the debug log)."""
    s = re.sub(r"\s+", " ", f"{e}")
    low = s.lower()
    if "timed out" in low or "timeout" in type(e).__name__.lower():
        return f"pas de réponse en {timeout:g} s" if timeout else "délai dépassé"
    if "nameresolution" in low.replace(" ", "") or "name or service not known" in low:
        return "nom de serveur inconnu"
    if "refused" in low or "failed to establish" in low:
        return "connexion refusée"
    return f"{type(e).__name__} : {s[:160]}"
