"""Per-user cache of things expensive to rebuild (compiled rule packs, word lists):
pickles in ``REWRITER_CACHE_DIR`` (``off`` disables it), else ``$XDG_CACHE_HOME/rewriter``
or ``~/.cache/rewriter``, created 0700. Every failure just means "not cached"."""
from __future__ import annotations

import os
import pickle
from pathlib import Path


def cache_dir() -> Path | None:
    base = os.environ.get("REWRITER_CACHE_DIR")
    if base == "off":
        return None
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        base = os.path.join(xdg, "rewriter")
    try:
        os.makedirs(base, mode=0o700, exist_ok=True)
        return Path(base) if os.access(base, os.W_OK) else None
    except OSError:
        return None


def load(name: str):
    """The cached object called ``name``, or None."""
    d = cache_dir()
    f = d / name if d else None
    if f is None or not f.is_file():
        return None
    import gc
    paused = gc.isenabled()
    if paused:
        # unpickling a rule pack creates ~10^5 containers: with the collector running,
        # they trigger collections that walk them again and again (French pack: 130 ms
        # instead of 30); reference counting still frees everything
        gc.disable()
    try:
        with open(f, "rb") as fh:
            return pickle.load(fh)  # noqa: S301 - our own file, in the user's 0700 cache
    except Exception:
        return None
    finally:
        if paused:
            gc.enable()


def store(name: str, obj) -> None:
    """Write atomically (several processes may build the same entry at once)."""
    _write(name, lambda path: _pickle_to(path, obj))


def _pickle_to(path: str, obj) -> None:
    with open(path, "wb") as fh:
        pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)


def _write(name: str, save) -> None:
    """``save(path)`` into a temporary file of the cache folder, then renamed to ``name``
    (readers never see half a file); old entries of the same kind are pruned. Every
    failure just means "not cached"."""
    d = cache_dir()
    if d is None:
        return
    import tempfile     # only when something is stored (shutil, random: ~4 ms to import)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=d, suffix=".tmp")
        os.close(fd)
        save(tmp)
        os.replace(tmp, d / name)
        tmp = None
        _prune(d, name.split("-")[0] + "-", keep=8, suffix=Path(name).suffix)
    except Exception:
        pass
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _prune(d: Path, prefix: str, keep: int, suffix: str = ".pickle") -> None:
    """Keep only the ``keep`` most recent entries of a kind (old compiled rule packs pile
    up as rule files change)."""
    entries = sorted(d.glob(prefix + "*" + suffix), key=lambda f: f.stat().st_mtime,
                     reverse=True)
    for old in entries[keep:]:
        try:
            old.unlink()
        except OSError:
            pass


def trie(name: str, build):
    """A read-only ``marisa_trie.BytesTrie`` kept in the cache folder as ``name``: built
    once by ``build()`` (which returns it), then memory-mapped by every process (well
    under a millisecond, where unpickling the same dictionary as a ``dict`` takes 25 to
    50 ms; the pages are shared by all processes). None when marisa-trie is missing.
    A damaged file is rebuilt."""
    try:
        import marisa_trie
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    d = cache_dir()
    f = d / name if d else None
    if f is not None and f.is_file():
        try:
            t = marisa_trie.BytesTrie()
            t.mmap(str(f))
            return t
        except Exception:
            pass
    t = build()
    _write(name, t.save)
    return t
