"""Grammalecte backend: the Debian ``grammalecte-cli`` / ``grammalecte-server`` programs.

Grammalecte is GPL-3: it always runs in a SEPARATE PROCESS and is never imported here.

* One-shot mode (the first document of a process): every text becomes one line of a
  temporary UTF-8 file, checked by ``grammalecte-cli -f FILE -j -owe -off …``.
  Without ``-cl`` each line is one paragraph: ``iParagraph`` is the 1-based line number
  and ``nStart``/``nEnd`` are Python character offsets in that line (checked with accents,
  combining marks, non-breaking spaces and emoji).
* Worker mode (from the second document of a process, or always with
  ``REWRITER_GRAMMALECTE_MODE=server``): ``grammalecte-server`` on a free loopback port,
  started on demand behind a tiny watchdog that kills its whole process group when our
  process closes the pipe or dies; texts are posted to ``/gc_text/fr`` (one per line, same
  JSON), spelling suggestions come from ``/suggest/fr``. If the worker cannot start, the
  one-shot mode is used.
* Spelling suggestions cost ~0.1-0.2 s per word: they are computed only for the words that
  become findings (not for proper names), in one more run (``-wss``, one word per line)
  or through the worker.
* Typography-only options are off by default (``DEFAULT_OFF``); the list can be changed
  with ``REWRITER_GRAMMALECTE_OFF`` / ``REWRITER_GRAMMALECTE_ON`` (space-separated).
* Results are cached per text in the process-wide LRU cache of :mod:`.base`.
"""
from __future__ import annotations

import atexit
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from .base import CACHE, GRAMMAR, SPELLING, STYLE, BackendError, Issue, log

DEFAULT_TIMEOUT = 30.0
SERVER_START_TIMEOUT = 15.0
MAX_SUGGESTIONS = 5

# Options (grammalecte-cli -lo) switched off: typography only. Letters typed in Word or a
# text editor have straight apostrophes, plain spaces before « : » and so on everywhere;
# flagging them would bury the real errors. ``num`` and ``unit`` are non-breaking-space
# rules for numbers and units.
DEFAULT_OFF = ("apos", "nbsp", "esp", "typo", "unit", "num", "tab")
DEFAULT_ON: tuple[str, ...] = ()

# Option (sType) -> kind. Anything else is "style".
_GRAMMAR_TYPES = {"gn", "ppas", "conj", "vmode", "imp", "infi", "inte", "conf", "loc", "tu",
                  "eleu", "date", "gv", "sgpl", "conf2"}

N_FAILED = ("Grammalecte n'a pas pu vérifier cette lettre ({why}) : vérification "
            "grammaticale ignorée.")

_WATCHDOG = r"""
import os, signal, subprocess, sys


def bye(*_):
    raise SystemExit(0)


# stopped like a service (SIGTERM to the process group, Ctrl-C, a closed terminal): the
# server group is killed in ``finally`` below, never left behind
for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(sig, bye)


def die_with_parent():
    # Linux: the server gets SIGTERM if this watchdog is killed outright (SIGKILL)
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)   # PR_SET_PDEATHSIG
    except Exception:
        pass


p = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True,
                     preexec_fn=die_with_parent if sys.platform.startswith("linux") else None)
print(p.pid, flush=True)
try:
    sys.stdin.buffer.read()      # EOF: our parent closed the pipe, exited or died
except BaseException:
    pass
finally:
    try:
        os.killpg(p.pid, signal.SIGTERM)
        p.wait(5)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
    except OSError:
        pass
"""


def cli_path() -> str | None:
    p = os.environ.get("REWRITER_GRAMMALECTE_CLI")
    if p:
        return p if (os.path.isfile(p) and os.access(p, os.X_OK)) else shutil.which(p)
    return shutil.which("grammalecte-cli")


def server_path(cli: str | None) -> str | None:
    p = os.environ.get("REWRITER_GRAMMALECTE_SERVER")
    if p:
        return p
    if cli:
        cand = os.path.join(os.path.dirname(cli), "grammalecte-server")
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return cand
    return shutil.which("grammalecte-server")


def available() -> bool:
    return cli_path() is not None


def _options() -> tuple[tuple[str, ...], tuple[str, ...]]:
    off = os.environ.get("REWRITER_GRAMMALECTE_OFF")
    on = os.environ.get("REWRITER_GRAMMALECTE_ON")
    off_t = tuple(off.split()) if off is not None else DEFAULT_OFF
    on_t = tuple(on.split()) if on is not None else DEFAULT_ON
    return tuple(o for o in off_t if o not in on_t), on_t


def _child_env() -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "VIRTUAL_ENV")}
    env["PYTHONIOENCODING"] = "utf-8"
    # Grammalecte orders equally ranked spelling suggestions by set iteration: a fixed
    # hash seed makes the output the same from one run to the next.
    env["PYTHONHASHSEED"] = "0"
    return env


def kind_of(s_type: str) -> str:
    # Typography options are off by default; when a user switches one on
    # (REWRITER_GRAMMALECTE_ON), its remarks are shown as style.
    if s_type in _GRAMMAR_TYPES:
        return GRAMMAR
    return STYLE


def parse_report(data: dict, n_lines: int) -> list[list[Issue]]:
    """Grammalecte JSON (``{"data": [{"iParagraph", "lGrammarErrors",
    "lSpellingErrors"}]}``) -> issues per line (0-based)."""
    out: list[list[Issue]] = [[] for _ in range(n_lines)]
    for par in data.get("data") or []:
        i = int(par.get("iParagraph", 0)) - 1
        if not 0 <= i < n_lines:
            continue
        for e in par.get("lGrammarErrors") or []:
            out[i].append(Issue(
                rule=f"grammalecte.{e.get('sRuleId', 'inconnu')}",
                kind=kind_of(str(e.get("sType", ""))),
                start=int(e["nStart"]), end=int(e["nEnd"]),
                message=str(e.get("sMessage", "")),
                replacements=[str(s) for s in e.get("aSuggestions") or []][:MAX_SUGGESTIONS]))
        for e in par.get("lSpellingErrors") or []:
            word = str(e.get("sValue", ""))
            out[i].append(Issue(
                rule="grammalecte.orthographe", kind=SPELLING,
                start=int(e["nStart"]), end=int(e["nEnd"]),
                message=f"Mot inconnu du dictionnaire : « {word} ».",
                replacements=[str(s) for s in e.get("aSuggestions") or []][:MAX_SUGGESTIONS]))
    for issues in out:
        issues.sort(key=lambda x: (x.start, x.end, x.rule))
    return out


SPLIT_CHARS = 60_000      # below this, one grammalecte-cli run (its start-up: ~0.3 s)


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _split(texts: list[str], n: int) -> list[list[str]]:
    """``texts`` in up to ``n`` consecutive parts of about the same size, when they are
    long enough to be worth several processes."""
    total = sum(len(t) for t in texts)
    if n < 2 or total < SPLIT_CHARS or len(texts) < 2:
        return [texts]
    n = min(n, len(texts), max(2, total // (SPLIT_CHARS // 2)))
    parts: list[list[str]] = [[]]
    size, goal = 0, total / n
    for t in texts:
        if size >= goal * len(parts) and len(parts) < n:
            parts.append([])
        parts[-1].append(t)
        size += len(t)
    return [p for p in parts if p]


class _Worker:
    """grammalecte-server behind a watchdog (see the module docstring)."""

    def __init__(self, server: str, off, on):
        self.server = server
        self.off, self.on = off, on
        self.proc: subprocess.Popen | None = None
        self.port = 0
        self.server_pid = 0
        self.owner = 0          # the process that started it (see alive)

    def start(self) -> None:
        self.owner = os.getpid()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        cmd = [sys.executable, "-c", _WATCHDOG, self.server, "-ht", "127.0.0.1",
               "-p", str(self.port), "-mp", "1"]
        if self.on:
            cmd += ["-on", *self.on]
        if self.off:
            cmd += ["-off", *self.off]
        # the watchdog in its own session: a signal to our process group (a service
        # stopped, even with SIGKILL) does not reach it; it then sees our pipe close and
        # stops the server, with every process of its group
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, env=_child_env(),
                                     start_new_session=True)
        line = self.proc.stdout.readline()
        try:
            self.server_pid = int(line.strip() or 0)
        except ValueError:
            self.server_pid = 0
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url("get_options/fr"), timeout=1) as r:
                    if r.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.03)
        self.stop()
        raise OSError("grammalecte-server n'a pas démarré")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def alive(self) -> bool:
        if self.proc is None:
            return False
        if os.getpid() == self.owner:
            return self.proc.poll() is None
        # A process forked after the worker started (a web job, forked from the process
        # that loaded everything): the watchdog is not its child, so poll() cannot tell;
        # it is alive as long as that process exists. Without this, every job started
        # its own grammalecte-server (+0.3 s per request).
        try:
            os.kill(self.proc.pid, 0)
        except OSError:
            return False
        return True

    def stop(self, wait: float = 5.0) -> None:
        p, self.proc = self.proc, None
        if p is None:
            return
        if os.getpid() != self.owner:
            return     # a forked process only lets go: the worker belongs to its parent
        try:
            if p.stdin:
                p.stdin.close()
            p.wait(wait)
        except (OSError, subprocess.TimeoutExpired):
            try:
                p.kill()
            except OSError:
                pass
        if p.stdout:
            p.stdout.close()

    def post(self, path: str, fields: dict, timeout: float) -> dict:
        body = urllib.parse.urlencode(fields).encode("utf-8")
        req = urllib.request.Request(self.url(path), data=body, method="POST")
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read().decode("utf-8"))


class GrammalecteBackend:
    name = "grammalecte"
    label = "Grammalecte"

    def __init__(self, cli: str | None = None, timeout: float | None = None):
        self.cli = cli or cli_path()
        t = os.environ.get("REWRITER_GRAMMALECTE_TIMEOUT")
        try:
            self.timeout = timeout or (float(t) if t else DEFAULT_TIMEOUT)
        except ValueError:
            self.timeout = DEFAULT_TIMEOUT
        self.off, self.on = _options()
        self.calls = 0          # backend runs (one-shot processes or worker requests)
        self.documents = 0
        self._lock = threading.Lock()
        self._worker: _Worker | None = None
        self._worker_failed = False
        self._shared: list[_Worker] = []     # started for forked jobs (start_worker)

    @property
    def options_key(self) -> str:
        return " ".join(self.off) + "|" + " ".join(self.on)

    # -- public -------------------------------------------------------------------------
    def check_texts(self, texts: list[str], language: str = "fr", wants=None
                    ) -> list[list[Issue]]:
        """Issues per text. ``wants(text_index, issue)`` says which spelling issues need
        suggestions (computing them costs ~0.1-0.2 s per word, so proper names that will
        be dropped are not looked up); default: all."""
        results: list[list[Issue] | None] = [None] * len(texts)
        todo: list[int] = []
        key = self.options_key
        for i, t in enumerate(texts):
            if not t.strip():
                results[i] = []
                continue
            hit = CACHE.get(("grammalecte", key, t))
            if hit is not None:
                results[i] = hit
            elif t not in (texts[j] for j in todo):
                todo.append(i)
        with self._lock:
            self.documents += 1
            use_worker = self._want_worker()
        if todo:
            uniq = [texts[i] for i in todo]
            found = None
            if use_worker:
                found = self._check_worker(uniq)
            if found is None:
                found = self._check_cli(uniq)
            for t, issues in zip(uniq, found):
                CACHE.put(("grammalecte", key, t), issues)
            by_text = dict(zip(uniq, found))
            for i, t in enumerate(texts):
                if results[i] is None:
                    results[i] = by_text.get(t, [])
        self._suggest(texts, results, wants, use_worker)
        return [r or [] for r in results]

    # -- spelling suggestions ---------------------------------------------------------------
    def _suggest(self, texts, results, wants, use_worker) -> None:
        need: dict[str, list[Issue]] = {}
        for i, issues in enumerate(results):
            for x in issues or []:
                if x.kind != SPELLING or x.replacements or getattr(x, "_suggested", False):
                    continue
                if wants is not None and not wants(i, x):
                    continue
                need.setdefault(texts[i][x.start:x.end], []).append(x)
        if not need:
            return
        todo = []
        for word in need:
            hit = CACHE.get(("grammalecte-suggest", word))
            if hit is None:
                todo.append(word)
            else:
                for x in need[word]:
                    x.replacements = list(hit)
        found: dict[str, list[str]] | None = None
        if todo and use_worker:
            found = self._suggest_worker(todo)
        if todo and found is None:
            found = self._suggest_cli(todo)
        for word in todo:
            sugg = (found or {}).get(word, [])
            CACHE.put(("grammalecte-suggest", word), sugg)
            for x in need[word]:
                x.replacements = list(sugg)
        for xs in need.values():
            for x in xs:
                x._suggested = True

    def _suggest_cli(self, words: list[str]) -> dict[str, list[str]]:
        """Suggestions for ``words`` in one more grammalecte-cli run (one word per line,
        ``-wss``). Failures only cost the suggestions."""
        try:
            data = self._run_cli(words, ["-wss"])
        except BackendError:
            return {}
        out: dict[str, list[str]] = {}
        for par in data.get("data") or []:
            for e in par.get("lSpellingErrors") or []:
                out[str(e.get("sValue", ""))] = [str(s) for s in e.get("aSuggestions") or []
                                                 ][:MAX_SUGGESTIONS]
        return out

    def _suggest_worker(self, words: list[str]) -> dict[str, list[str]] | None:
        with self._lock:
            w = self._worker
            if w is None or not w.alive():
                return None
            out: dict[str, list[str]] = {}
            try:
                for word in words:
                    r = w.post("suggest/fr", {"token": word}, self.timeout)
                    out[word] = [str(s) for s in r.get("suggestions") or []][:MAX_SUGGESTIONS]
            except (OSError, ValueError, urllib.error.URLError) as e:
                log.debug("grammalecte-server suggest: %s", e)
                return None
            return out

    def start_worker(self, count: int = 1) -> bool:
        """Start ``count`` workers now, for a server about to fork many short jobs: they
        share them (see :meth:`_Worker.alive`), a job running in slot k
        (``REWRITER_WORKER_SLOT``) using worker k modulo ``count`` — grammalecte-server
        answers one request at a time, so jobs running together need one each. False
        when none can run (the one-shot mode stays)."""
        if os.environ.get("REWRITER_GRAMMALECTE_MODE", "auto").lower() == "cli":
            return False
        with self._lock:
            first = self._ensure_worker()
            if first is None:
                return False
            self._shared = [first]
            srv = server_path(self.cli)
            for _ in range(max(0, count - 1)):
                w = _Worker(srv, self.off, self.on)
                try:
                    w.start()
                except OSError as e:
                    log.debug("grammalecte-server: %s", e)
                    break
                atexit.register(w.stop, 1.0)
                self._shared.append(w)
            return True

    def shutdown(self) -> None:
        with self._lock:
            for w in self._shared:
                if w is not self._worker:
                    w.stop()
            self._shared = []
            if self._worker is not None:
                self._worker.stop()
                self._worker = None

    # -- one-shot -------------------------------------------------------------------------
    def _check_cli(self, texts: list[str]) -> list[list[Issue]]:
        """One grammalecte-cli run; a long text (≥ ``SPLIT_CHARS``) is split in as many
        parts as there are cores, checked at the same time: Grammalecte checks each line
        on its own, so the results are the same (40,000 words: 6 s → about half)."""
        parts = _split(texts, _cores())
        if len(parts) == 1:
            return parse_report(self._run_cli(texts), len(texts))
        import concurrent.futures as cf
        with cf.ThreadPoolExecutor(len(parts)) as ex:   # the waiting is in subprocesses
            reports = list(ex.map(self._run_cli, parts))
        out: list[list[Issue]] = []
        for part, data in zip(parts, reports):
            out.extend(parse_report(data, len(part)))
        return out

    def _run_cli(self, texts: list[str], extra: list[str] | None = None) -> dict:
        if not self.cli:
            raise BackendError(N_FAILED.format(why="grammalecte-cli introuvable"))
        fd, path = tempfile.mkstemp(prefix="rewriter-gc-", suffix=".txt")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                for t in texts:
                    fh.write(t + "\n")
            cmd = [self.cli, "-f", path, "-j", "-owe", *(extra or [])]
            if self.on:
                cmd += ["-on", *self.on]
            if self.off:
                cmd += ["-off", *self.off]
            self.calls += 1
            try:
                p = subprocess.run(cmd, capture_output=True, timeout=self.timeout,
                                   env=_child_env(), stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                raise BackendError(N_FAILED.format(
                    why=f"pas de réponse en {self.timeout:g} s")) from None
            except OSError as e:
                raise BackendError(N_FAILED.format(why=f"lancement impossible : {e}")) \
                    from None
            out = p.stdout.decode("utf-8", "replace")
            try:
                data = json.loads(out)
            except json.JSONDecodeError:
                err = (p.stderr.decode("utf-8", "replace").strip().splitlines() or
                       out.strip().splitlines() or [f"code {p.returncode}"])[-1]
                raise BackendError(N_FAILED.format(why=f"réponse illisible : {err[:200]}")) \
                    from None
            return data
        finally:
            try:
                os.unlink(path)
            except OSError:
                pass

    # -- worker ---------------------------------------------------------------------------
    def _want_worker(self) -> bool:
        mode = os.environ.get("REWRITER_GRAMMALECTE_MODE", "auto").lower()
        if mode == "cli" or self._worker_failed:
            return False
        if mode == "server":
            return True
        return self.documents >= 2 or self._worker is not None

    def _ensure_worker(self) -> _Worker | None:
        if self._shared and os.getpid() != self._shared[0].owner:
            # a job forked from the server that started the shared workers: its slot's
            k = int(os.environ.get("REWRITER_WORKER_SLOT", "0") or 0) % len(self._shared)
            if self._shared[k].alive():
                self._worker = self._shared[k]
                return self._worker
        if self._worker is not None and self._worker.alive():
            return self._worker
        if self._worker is not None:
            self._worker.stop()
            self._worker = None
        srv = server_path(self.cli)
        if not srv:
            self._worker_failed = True
            return None
        w = _Worker(srv, self.off, self.on)
        try:
            w.start()
        except OSError as e:
            log.debug("grammalecte-server: %s", e)
            self._worker_failed = True
            return None
        self._worker = w
        atexit.register(w.stop, 1.0)
        return w

    def _check_worker(self, texts: list[str]) -> list[list[Issue]] | None:
        """Check through the worker; None when it is unavailable (the caller falls back to
        the one-shot mode)."""
        with self._lock:
            w = self._ensure_worker()
            if w is None:
                return None
            opts = {o: False for o in self.off}
            opts.update({o: True for o in self.on})
            self.calls += 1
            try:
                data = w.post("gc_text/fr", {"text": "\n".join(texts),
                                             "options": json.dumps(opts)}, self.timeout)
                if "data" not in data:
                    raise ValueError(str(data.get("error", "réponse inattendue")))
                return parse_report(data, len(texts))
            except (OSError, ValueError, urllib.error.URLError) as e:
                log.debug("grammalecte-server: %s", e)
                w.stop()
                self._worker = None
                if isinstance(e, TimeoutError) or "timed out" in str(e):
                    raise BackendError(N_FAILED.format(
                        why=f"pas de réponse en {self.timeout:g} s")) from None
                return None


_backend: GrammalecteBackend | None = None
_backend_lock = threading.Lock()


def get_backend() -> GrammalecteBackend:
    global _backend
    with _backend_lock:
        cli = cli_path()
        if _backend is None or _backend.cli != cli or _backend.options_key != \
                GrammalecteBackend(cli).options_key:
            if _backend is not None:
                _backend.shutdown()
            _backend = GrammalecteBackend(cli)
        return _backend


def reset() -> None:
    global _backend
    with _backend_lock:
        if _backend is not None:
            _backend.shutdown()
        _backend = None
