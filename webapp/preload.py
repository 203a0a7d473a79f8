"""Imported once by the worker forkserver: the engine is imported and the rule packs are
loaded here, so every job process forked from it starts warm.

The rules are *pinned*: jobs use the packs loaded when the server started, even if the
files change afterwards (a running server keeps its last good rules, DESIGN.md §3; restart
the service to publish new rules). A broken rule file at start-up does not stop the
service: the valid rules are loaded, the problems are skipped.
"""
from __future__ import annotations

from rewriter import engine, rulepack
from rewriter.errors import RuleFileError

PINNED: dict = {}
PROBLEMS: dict[str, list[str]] = {}
_original_get_rules = rulepack.get_rules

for _lang in ("fr", "en"):
    try:
        PINNED[_lang] = _original_get_rules(_lang)
    except RuleFileError as e:
        PROBLEMS[_lang] = list(e.problems)
        try:
            PINNED[_lang] = _original_get_rules(_lang, strict=False)
        except Exception:  # noqa: BLE001
            pass
    except Exception:  # noqa: BLE001 - the job will report it
        pass


def pinned_get_rules(language: str, extra: tuple = (), strict: bool = True):
    if not extra and language in PINNED:
        return PINNED[language]
    return _original_get_rules(language, extra, strict)


rulepack.get_rules = pinned_get_rules
engine.get_rules = pinned_get_rules


def _warm_up() -> None:
    """Run once what every job would otherwise pay again in its fresh process: lazy
    imports (readers, the docxtpl tag scanner), the lemmatiser and syllable caches, the
    compiled patterns of the rules letters use most (the matcher's, and the RE2 programs
    of the pattern rules). Measured on a 2-page .docx letter: the job's analysis took
    48–58 ms in a fresh child without this, 19 ms warm."""
    import io
    from pathlib import Path

    engine.check_text("Veuillez trouver ci-joint le formulaire.", language="fr")
    engine.check_text("Please find enclosed the form.", language="en")
    samples = Path(__file__).resolve().parent.parent / "samples"
    for f in sorted(samples.glob("*.txt")) if samples.is_dir() else ():
        engine.check_text(f.read_text(encoding="utf-8"))
    import docx
    d = docx.Document()
    d.add_paragraph("Nous accusons réception de votre courrier {{ date }}.")
    buf = io.BytesIO()
    d.save(buf)
    engine.check_bytes(buf.getvalue(), "lettre.docx")


def _start_grammar_worker() -> None:
    """Jobs check French grammar with Grammalecte when it is installed: its servers are
    started here, once (one per job slot: a server answers one request at a time), and
    every job forked from here posts to its slot's (a job that started grammalecte-cli
    itself spent 0.3 s just loading it). The servers stop with this process."""
    import os
    if os.environ.get("REWRITER_GRAMMAR", "").strip().lower() == "off":
        return
    from rewriter import grammar
    from rewriter.config import Settings
    backend, _notice = grammar.choose(Settings(), "fr")
    start = getattr(backend, "start_worker", None)
    if start is not None:
        from .worker import N_SLOTS
        start(N_SLOTS)       # one per job that may run at the same time


try:  # import every lazily imported module once (readers, NLP tables, writers)
    _start_grammar_worker()
    _warm_up()
    from rewriter.readers import docx as _docx  # noqa: F401
    from . import jobs  # noqa: F401
except Exception:  # noqa: BLE001
    pass
try:
    import rewriter.rewrite  # noqa: F401
    import rewriter.writers.docx_writer  # noqa: F401
    import rewriter.writers.text_writer  # noqa: F401
except Exception:  # noqa: BLE001 - optional until the rewrite module exists
    pass

# Everything loaded above lives as long as the forkserver: out of the collector's sight, a
# job's garbage collections never walk (nor copy, copy-on-write) what it inherited.
import gc as _gc  # noqa: E402

_gc.collect()
_gc.freeze()
