"""Profile the engine (cProfile) on the two workloads of notes/perf.md.

    .venv/bin/python benchmarks/profile_engine.py [fr40k|batch|startup|all] [--out DIR] [--top N]

* fr40k   – check_text on the 40,000-word French text (letter-fr.txt repeated as
            peers-runners/make-texts.sh does), in-process, REWRITER_GRAMMAR=off; one
            warm-up run first (lazy loads), then the profiled run;
* batch   – the 500-letter batch (evaluation/ + templates/) through
            rewriter.parallel.check_many(jobs=1), i.e. what one --jobs worker does;
* startup – the whole `rewriter check` command on a one-line file, as __main__.

Writes DIR/<name>.prof (open with `python -m pstats` or snakeviz) and prints the top
functions by own time and by cumulative time. Nothing here is timed against a target.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))
os.environ.setdefault("REWRITER_GRAMMAR", "off")
os.environ.setdefault("REWRITER_CACHE_DIR", str(BENCH / ".cache" / "rules"))
if "REWRITER_RULES_DIR" not in os.environ:
    # a frozen copy of the rule packs (see run.py: the compiled-pack cache is keyed on
    # their mtimes, and a shared checkout may be edited during the run)
    import shutil
    _frozen = Path(tempfile.mkdtemp(prefix="rw-prof-rules-")) / "rules"
    shutil.copytree(ROOT / "rules", _frozen)
    os.environ["REWRITER_RULES_DIR"] = str(_frozen)


def report(prof: cProfile.Profile, name: str, out: Path, top: int) -> None:
    path = out / f"{name}.prof"
    prof.dump_stats(str(path))
    for key in ("tottime", "cumulative"):
        s = io.StringIO()
        st = pstats.Stats(prof, stream=s)
        st.strip_dirs().sort_stats(key).print_stats(top)
        print(f"\n===== {name} : top {top} by {key} =====")
        print("\n".join(s.getvalue().splitlines()[4:]))
    print(f"(profil : {path})")


def prof_fr40k(out: Path, top: int) -> None:
    from run import make_40k

    from rewriter.config import Settings
    from rewriter.engine import check_text
    with tempfile.TemporaryDirectory() as d:
        text = make_40k("fr", Path(d)).read_text(encoding="utf-8")
    off = Settings(grammar="off")
    check_text(text, language="fr", settings=off)      # lazy loads, caches
    p = cProfile.Profile()
    p.enable()
    check_text(text, language="fr", settings=off)
    p.disable()
    report(p, "fr40k", out, top)


def prof_batch(out: Path, top: int) -> None:
    from run import make_batch

    from rewriter.parallel import CheckOptions, check_many, preload
    with tempfile.TemporaryDirectory() as d:
        folder = make_batch(500, Path(d))
        paths = sorted(str(p) for p in folder.iterdir())
        opts = CheckOptions()
        from rewriter.rulepack import get_rules
        get_rules("fr"), get_rules("en")   # compiled packs on disk: a warm-cache run
        get_rules.__globals__["_cache"].clear()    # …but loaded again in the profile
        p = cProfile.Profile()
        p.enable()
        preload(opts, ("fr",))
        check_many(paths, opts, jobs=1)
        p.disable()
    report(p, "batch", out, top)


def prof_startup(out: Path, top: int) -> None:
    import runpy
    with tempfile.TemporaryDirectory() as d:
        tiny = Path(d) / "tiny.txt"
        tiny.write_text("Bonjour.\n", encoding="utf-8")
        sys.argv = ["rewriter", "check", str(tiny)]
        p = cProfile.Profile()
        p.enable()
        try:
            runpy.run_module("rewriter", run_name="__main__")
        except SystemExit:
            pass
        p.disable()
    report(p, "startup", out, top)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", nargs="?", default="all", choices=["fr40k", "batch", "startup",
                                                               "all"])
    ap.add_argument("--out", default=str(BENCH / ".cache" / "profiles"))
    ap.add_argument("--top", type=int, default=30)
    a = ap.parse_args()
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, fn in (("fr40k", prof_fr40k), ("batch", prof_batch),
                     ("startup", prof_startup)):
        if a.what in (name, "all"):
            fn(out, a.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
