"""Untrusted files are read, analysed and rewritten in a separate, short-lived process.

One process per job, forked from a *forkserver* that has already imported the engine and
loaded the rule packs (``webapp.preload``), so a job starts in a few milliseconds. The
child lowers its address-space limit (``RLIMIT_AS``) before touching the file, and the
parent waits at most ``timeout`` seconds, then kills it. A hostile file can therefore
cost one child, never the server: the request gets a clear French error and the server
keeps serving.

On platforms without ``fork`` (Windows) the ``spawn`` method is used: slower start, same
isolation, no memory limit.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import queue
import sys
import time

log = logging.getLogger("rewriter.web")

_CTX = None
# At most this many jobs at once per web process (the others wait their turn): more
# children than cores only makes every request slower.
N_SLOTS = max(1, int(os.environ.get("REWRITER_WORKERS", "0") or 0) or (os.cpu_count() or 2))
# The free slots: a job waits for one, runs in it (0 … N_SLOTS-1, given to the job as
# REWRITER_WORKER_SLOT: jobs running at the same time use different helpers, one
# grammalecte-server per slot), then gives it back.
_SLOTS: queue.SimpleQueue = queue.SimpleQueue()
for _i in range(N_SLOTS):
    _SLOTS.put(_i)


class WorkerError(Exception):
    """A job failed. ``code``: timeout, memory, crash, unavailable. ``str(e)``: French."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


def _context():
    global _CTX
    if _CTX is None:
        # The children re-import webapp by name: make sure its parent folder is importable
        # in them even when the package is run from a source checkout.
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        if root not in sys.path:
            sys.path.append(root)
        methods = mp.get_all_start_methods()
        if "forkserver" in methods:
            _CTX = mp.get_context("forkserver")
            # "__main__" first: the forkserver imports the main script once, so the
            # children do not each re-import it (multiprocessing's spawn preparation).
            _CTX.set_forkserver_preload(["__main__", "webapp.preload"])
        else:  # pragma: no cover - Windows
            _CTX = mp.get_context("spawn")
    return _CTX


def _limit_memory(extra_mb: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return
    if extra_mb <= 0:
        return
    try:
        with open("/proc/self/statm") as fh:
            vm_pages = int(fh.read().split()[0])
        current = vm_pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):  # pragma: no cover - not Linux
        current = 512 << 20
    limit = current + (extra_mb << 20)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _child(conn, kind: str, payload: dict, memory_mb: int, slot: int = 0) -> None:
    # Nothing from the letter is ever logged; silence library logging in the child too.
    logging.disable(logging.CRITICAL)
    os.environ["REWRITER_WORKER_SLOT"] = str(slot)
    try:
        _limit_memory(memory_mb)
        delay = payload.pop("_test_delay", 0)
        if delay:
            time.sleep(delay)
        from . import jobs
        result = getattr(jobs, kind)(**payload)
        conn.send(("ok", result))
    except MemoryError:
        try:
            conn.send(("error", "memory", ""))
        except Exception:
            pass
    except BaseException as e:  # noqa: BLE001 - reported to the parent, never raised
        try:
            conn.send(("error", "crash", type(e).__name__))
        except Exception:
            pass
    finally:
        conn.close()


MESSAGES = {
    "timeout": "L'analyse de ce fichier a pris trop de temps et a été arrêtée. Vérifiez qu'il "
               "s'agit bien d'une lettre (sans images très lourdes), ou envoyez le texte seul.",
    "memory": "Ce fichier demande trop de mémoire pour être analysé. Enregistrez la lettre "
              "seule, sans images lourdes, puis recommencez.",
    "crash": "Ce fichier n'a pas pu être traité. Vérifiez qu'il s'ouvre dans votre traitement "
             "de texte, enregistrez-le à nouveau au format .docx, puis recommencez.",
    "unavailable": "Le service d'analyse est momentanément indisponible. Réessayez dans "
                   "quelques instants.",
}


def run(kind: str, payload: dict, *, timeout: float, memory_mb: int = 1024) -> dict:
    """Run ``jobs.<kind>(**payload)`` in a child process; return its result or raise
    :class:`WorkerError`."""
    slot = _SLOTS.get()
    try:
        return _run(kind, payload, timeout=timeout, memory_mb=memory_mb, slot=slot)
    finally:
        _SLOTS.put(slot)


def _run(kind: str, payload: dict, *, timeout: float, memory_mb: int, slot: int = 0) -> dict:
    ctx = _context()
    parent, child = ctx.Pipe(duplex=False)
    t0 = time.monotonic()
    try:
        p = ctx.Process(target=_child, args=(child, kind, payload, memory_mb, slot),
                        daemon=True)
        p.start()
    except (OSError, EOFError, ConnectionError) as e:
        parent.close()
        child.close()
        log.error("worker start failed: %s", type(e).__name__)
        raise WorkerError("unavailable", MESSAGES["unavailable"]) from None
    child.close()
    try:
        remaining = max(0.0, timeout - (time.monotonic() - t0))
        if not parent.poll(remaining):
            p.kill()
            p.join(5)
            log.warning("job %s stopped after %.1f s (time limit)", kind, timeout)
            raise WorkerError("timeout", MESSAGES["timeout"])
        try:
            msg = parent.recv()
        except (EOFError, OSError):
            p.join(5)
            log.warning("job %s: worker died (exit code %s)", kind, p.exitcode)
            code = "memory" if p.exitcode in (-9, -6) else "crash"
            raise WorkerError(code, MESSAGES[code]) from None
        p.join(5)
        if p.is_alive():  # pragma: no cover
            p.kill()
        if msg[0] == "ok":
            return msg[1]
        code = msg[1] if msg[1] in MESSAGES else "crash"
        log.warning("job %s failed: %s %s", kind, code, msg[2])
        raise WorkerError(code, MESSAGES[code])
    finally:
        parent.close()
        if p.is_alive():  # pragma: no cover
            p.kill()
            p.join(1)
        try:
            p.close()
        except ValueError:  # pragma: no cover
            pass


def warm_up() -> None:
    """Start the forkserver now (it imports the engine and loads the rules once)."""
    try:
        run("ping", {}, timeout=60, memory_mb=0)
    except WorkerError:  # pragma: no cover
        log.warning("worker warm-up failed")


if sys.platform == "win32":  # pragma: no cover
    MESSAGES["memory"] = MESSAGES["crash"]
