"""Checking many files: one file at a time, or in a pool of worker processes.

``check_one`` is the CI pipeline for one file: read → protect template tags (including
docx tags spread over several paragraphs) → analyse with the per-file settings of the
project configuration → apply the inline ``rewriter:`` directives. It never raises for a
bad input: an unreadable file gives a report whose ``error`` says why.

``check_many`` keeps the input order whatever the number of processes, so the output is
the same with ``--jobs 1`` and ``--jobs N``. Each worker process loads the rule packs once
(in its initializer) and keeps them for all the files it checks.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field

from .config import Settings
from .errors import ReadError, RuleFileError
from .model import FileReport
from .projectconfig import ProjectConfig, rule_matches


class RuleSelector:
    """A set-like "is this rule switched off?" test that understands globs
    (``fr.jargon.*``) and ``enable-only`` lists; used as ``Settings.disabled_rules``."""

    def __init__(self, disable: list[str], enable_only: list[str]):
        self.disable = list(disable)
        self.enable_only = list(enable_only)

    def __contains__(self, rule_id) -> bool:
        if self.enable_only and not any(rule_matches(p, rule_id) for p in self.enable_only):
            return True
        return any(rule_matches(p, rule_id) for p in self.disable)

    def __bool__(self) -> bool:
        return bool(self.disable or self.enable_only)

    def __iter__(self):
        return iter(self.disable)

    def __len__(self) -> int:
        return len(self.disable)


@dataclass
class CheckOptions:
    language: str | None = None              # from --lang (None: config, then detect)
    rules_paths: tuple = ()                  # --rules (every file)
    disable: list[str] = field(default_factory=list)          # from the command line
    config: ProjectConfig = field(default_factory=ProjectConfig)
    inline: bool = True                      # honour rewriter: directives
    grammar: str | None = None               # --grammar (None: config, then "auto")
    languagetool_url: str | None = None      # --languagetool-url


def settings_for(path: str, opts: CheckOptions) -> tuple[Settings, str | None]:
    cfg = opts.config
    lang = opts.language or cfg.value_for(path, "language")
    if lang == "auto":
        lang = None
    disable = list(cfg.value_for(path, "disable", [])) + list(opts.disable)
    enable_only = list(cfg.value_for(path, "enable-only", []))
    st = Settings()
    st.rules_paths = rules_for(path, opts)
    st.disabled_rules = RuleSelector(disable, enable_only)
    st.disabled_categories = set(cfg.value_for(path, "disable-categories", []))
    st.grammar = opts.grammar or cfg.value_for(path, "grammar") or "auto"
    st.languagetool_url = opts.languagetool_url or cfg.value_for(path, "languagetool-url")
    lsw = cfg.value_for(path, "long-sentence-words")
    if lsw:
        st.long_sentence_words = int(lsw)
        st.very_long_sentence_words = max(st.very_long_sentence_words, int(lsw) + 10)
    return st, lang


def rules_for(path: str, opts: CheckOptions) -> list[str]:
    """Extra rule packs for ``path``: the configuration's (if it covers the file), then
    the command line's."""
    extra = list(opts.config.rules) if opts.config.covers(path) else []
    return extra + [str(x) for x in opts.rules_paths]


def check_one(path: str, opts: CheckOptions, keep_document: bool = False) -> FileReport:
    from .engine import gc_paused
    with gc_paused():     # reading and analysis: see engine.gc_paused
        return _check_one(path, opts, keep_document)


def _check_one(path: str, opts: CheckOptions, keep_document: bool) -> FileReport:
    from . import suppress
    from .engine import analyze
    from .readers import read_path

    try:
        doc = read_path(path)
    except ReadError as e:
        return FileReport(path=str(path), error=str(e))
    except Exception as e:  # a reader bug must not stop the other files
        return FileReport(path=str(path), error=f"Lecture impossible ({type(e).__name__}).")
    doc.path = str(path)
    if doc.format == "docx":
        from .readers.jinja import protect_docx_tags
        protect_docx_tags(doc)
    st, lang = settings_for(path, opts)
    report = analyze(doc, lang, st, tuple(st.rules_paths))
    if opts.inline:
        try:
            directives = suppress.collect(doc)
        except Exception:
            directives = None
        if directives:
            suppress.apply(report, directives)
    _end_positions(report)
    if not keep_document:
        report.document = None      # lxml trees do not cross process boundaries
    return report


def _end_positions(report: FileReport) -> None:
    """Set ``end_line`` / ``end_column`` (1-based, exclusive column) on each finding, for
    the CI formats (SARIF regions, GitHub ``endColumn``)."""
    doc = report.document
    for f in report.findings:
        if f.line is None or doc is None:
            f.end_line, f.end_column = None, None
            continue
        p = doc.paragraphs[f.paragraph]
        el, ec = p.position(max(f.start, f.end - 1))
        f.end_line, f.end_column = el, (ec + 1 if ec is not None else None)


# --- worker processes ----------------------------------------------------------------------
_OPTS: CheckOptions | None = None


def _init_worker(opts: CheckOptions, languages: tuple) -> None:
    global _OPTS
    _OPTS = opts
    try:
        import signal
        signal.signal(signal.SIGINT, signal.SIG_IGN)   # the parent handles Ctrl-C
    except Exception:
        pass
    preload(opts, languages)


def preload(opts: CheckOptions, languages: tuple = ("fr",), warm: bool = True) -> None:
    """Load (and validate) the rule packs once in this process. Raises RuleFileError.
    ``warm``: also run a short check, so that what loads lazily (lemmatiser dictionaries,
    regular expressions) is loaded before a fork; useless when no fork follows."""
    from .rulepack import get_rules
    packs = [tuple(str(x) for x in opts.rules_paths)]
    if opts.config.rules:
        packs.append(tuple(opts.config.rules) + packs[0])
    for lang in languages:
        for extra in packs:
            get_rules(lang, extra)
    # warm the lazy NLP state (lemmatiser dictionaries, caches) once, before any fork:
    # forked workers inherit it instead of loading it each
    if not warm:
        return
    try:
        from .engine import check_text
        warm = {"fr": "Bonjour. Nous avons bien reçu votre lettre.",
                "en": "Hello. We have received your letter."}
        for lang in languages:
            check_text(warm.get(lang, warm["fr"]), language=lang)
    except Exception:
        pass


def _work(path: str) -> FileReport:
    assert _OPTS is not None
    return check_one(path, _OPTS)


def _work_many(paths: list[str]) -> list[FileReport]:
    return [_work(p) for p in paths]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def check_many(paths: list[str], opts: CheckOptions, jobs: int = 1, progress=None
               ) -> list[FileReport]:
    """Check ``paths`` in order. ``progress(done, total, path)`` is called after each file.
    Standard input (``-``) is always read by this process."""
    total = len(paths)
    jobs = max(1, min(jobs, total))
    if jobs == 1 or total < 2:
        out = []
        for i, p in enumerate(paths):
            out.append(check_one(p, opts))
            if progress:
                progress(i + 1, total, p)
        return out
    import multiprocessing as mp

    languages = (opts.language or "fr",)
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    results: list[FileReport | None] = [None] * total
    stdin_idx = [i for i, p in enumerate(paths) if p == "-"]
    for i in stdin_idx:
        results[i] = check_one("-", opts)
    todo = [i for i in range(total) if results[i] is None]
    done = len(stdin_idx)
    # what the parent loaded (rule packs, dictionaries) is shared with forked workers
    # copy-on-write; frozen, the garbage collector of each worker neither walks it nor
    # writes to it (which would copy every page); unfrozen at the end
    import gc
    freeze = ctx.get_start_method() == "fork" and hasattr(gc, "freeze") and \
        gc.get_freeze_count() == 0      # (never unfreeze what someone else froze)
    if freeze:
        gc.freeze()
    from .engine import gc_paused
    try:
        with gc_paused():    # the reports coming back are unpickled 3× faster
            return _pool(paths, opts, jobs, ctx, languages, results, todo, done, progress)
    finally:
        if freeze:
            gc.unfreeze()


def _pool(paths, opts, jobs, ctx, languages, results, todo, done, progress):
    import concurrent.futures as cf
    total = len(paths)
    # small chunks keep the load balanced; map() would wait on the slowest chunk in order
    # files go to the workers in small chunks: one task per file costs more in
    # inter-process traffic than a short template takes to check
    # chunks shrink towards the end (up to 16 files, then a quarter of what remains per
    # worker), so the workers finish together instead of one waiting on a last big chunk
    chunks = []
    k = 0
    while k < len(todo):
        size = max(1, min(16, (len(todo) - k) // (jobs * 4)))
        chunks.append(todo[k:k + size])
        k += size
    with cf.ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker,
                                initargs=(opts, languages)) as ex:
        futs = {ex.submit(_work_many, [paths[i] for i in chunk]): chunk for chunk in chunks}
        for fut in cf.as_completed(futs):
            chunk = futs[fut]
            try:
                reports = fut.result()
            except RuleFileError as e:   # a rule pack loaded lazily (e.g. "en") is broken
                probs = e.problems
                raise RuleFileError(probs.splitlines() if isinstance(probs, str) else probs) \
                    from None
            except Exception as e:   # a crashed worker: report, never a traceback
                reports = [FileReport(path=paths[i], error="Analyse impossible "
                                      f"({type(e).__name__}).") for i in chunk]
            for i, rep in zip(chunk, reports):
                results[i] = rep
                done += 1
                if progress:
                    progress(done, total, paths[i])
    return [r for r in results if r is not None]


class Progress:
    """A one-line progress bar on stderr (only used on a terminal)."""

    def __init__(self, stream=None, width: int = 30):
        self.stream = stream or sys.stderr
        self.width = width
        self.shown = False

    def __call__(self, done: int, total: int, path: str) -> None:
        filled = int(self.width * done / max(total, 1))
        name = path if len(path) <= 40 else "…" + path[-39:]
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} "
                          f"{name:<40}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * (self.width + 56) + "\r")
            self.stream.flush()


def want_progress(fmt: str, output_to_file: bool = False) -> bool:
    """A progress bar only for the text format, on a terminal, outside CI."""
    if fmt != "text" or os.environ.get("CI"):
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False
