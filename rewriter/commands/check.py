"""``rewriter check``: evaluate letters and set the exit code (DESIGN.md §2).

Inputs: the PATHs given (files, folders walked recursively, ``-`` for stdin), or, with no
PATH, what the project configuration includes (``.rewriter.toml`` or ``[tool.rewriter]``
in ``pyproject.toml``, see :mod:`rewriter.projectconfig`). ``--changed-since REV`` keeps
only the files changed in git since REV (plus untracked ones). Then: inline ``rewriter:``
directives and the baseline remove accepted findings, and the report is written in the
chosen format. Command-line options override the configuration file.

Exit codes: 0 clean; 1 a finding at or above ``--fail-on`` or a score below
``--min-score``; 2 usage or configuration error; 3 an input could not be read.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE

SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox",
             ".mypy_cache", ".pytest_cache", "build", "dist"}
FORMATS = ["text", "json", "sarif", "junit", "github", "codequality", "html"]


def _jobs(value: str):
    import argparse
    if value == "auto":
        return 0
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"« {value} » n'est pas un nombre (ou auto)") from None
    if n < 1:
        raise argparse.ArgumentTypeError("--jobs doit valoir au moins 1")
    return n


def register(sub) -> None:
    c = sub.add_parser("check", help="évaluer des lettres (.docx, .txt, .md, modèles Jinja)")
    c.add_argument("paths", nargs="*", metavar="PATH",
                   help="fichiers ou dossiers (parcourus récursivement) ; - pour l'entrée "
                        "standard ; sans PATH : les fichiers inclus par la configuration")
    c.add_argument("--format", "-f", default=None, choices=FORMATS,
                   help="format de sortie (défaut : text)")
    c.add_argument("--output", "-o", metavar="FICHIER", default=None,
                   help="écrire le rapport dans ce fichier au lieu de la sortie standard")
    c.add_argument("--lang", default=None, choices=["fr", "en", "auto"],
                   help="langue des lettres (défaut : détection automatique)")
    c.add_argument("--min-score", type=float, default=None, metavar="N",
                   help="code de sortie 1 si un score est inférieur à N")
    c.add_argument("--fail-on", default=None, choices=["info", "warning", "error", "never"],
                   help="code de sortie 1 dès une remarque de cette gravité (défaut : error)")
    c.add_argument("--rules", action="append", default=[], metavar="PATH",
                   help="pack de règles de l'organisation (fichier ou dossier ; répétable)")
    c.add_argument("--disable", action="append", default=[], metavar="RÈGLE",
                   help="désactiver une règle (identifiant ou motif fr.jargon.* ; répétable)")
    c.add_argument("--config", metavar="FICHIER", default=None,
                   help="fichier de configuration (défaut : .rewriter.toml ou [tool.rewriter] "
                        "de pyproject.toml, cherchés depuis le dossier courant vers le haut)")
    c.add_argument("--no-config", action="store_true",
                   help="ignorer tout fichier de configuration")
    c.add_argument("--baseline", metavar="FICHIER", default=None,
                   help="fichier de référence : ne signaler que les remarques nouvelles "
                        "(défaut : .rewriter-baseline.json s'il existe)")
    c.add_argument("--no-baseline", action="store_true",
                   help="ignorer le fichier de référence")
    c.add_argument("--ignore-inline", action="store_true",
                   help="ignorer les commentaires « rewriter: disable… » des documents")
    c.add_argument("--changed-since", metavar="REV", default=None,
                   help="ne vérifier que les fichiers modifiés dans git depuis REV (et les "
                        "fichiers non suivis)")
    c.add_argument("--grammar", choices=["auto", "off", "languagetool", "grammalecte"],
                   default=None, help="vérification grammaticale (défaut : auto — LanguageTool "
                   "si un serveur est configuré, sinon Grammalecte s'il est installé)")
    c.add_argument("--languagetool-url", default=None, metavar="URL",
                   help="serveur LanguageTool (sinon REWRITER_LANGUAGETOOL_URL)")
    c.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                   help="nombre de processus (défaut : nombre de cœurs ; 1 = séquentiel)")
    c.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    c.set_defaults(func=cmd_check)


def _supported(name: str) -> bool:
    from ..readers import SUPPORTED_EXT
    return Path(name.lower()).suffix in SUPPORTED_EXT


def iter_inputs(paths: list[str], config=None) -> tuple[list[str], list[str]]:
    """Expand folders (skipping hidden and tool folders, and what the configuration
    excludes). Returns (files, excluded)."""
    files, excluded = [], []
    for p in paths:
        if p == "-":
            files.append("-")
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                if config is not None and config.exclude:
                    dirs[:] = [d for d in dirs if not config.is_excluded(Path(root) / d)]
                for n in sorted(names):
                    if n.startswith((".", "~$")) or not _supported(n):
                        continue
                    f = str(Path(root) / n)
                    if config is not None and config.exclude and config.is_excluded(f):
                        excluded.append(f)
                        continue
                    files.append(f)
        else:
            # a missing file is reported as unreadable (exit 3)
            if config is not None and config.exclude and path.exists() and \
                    config.is_excluded(p):
                excluded.append(p)
                continue
            files.append(p)
    return files, excluded


# --- git -----------------------------------------------------------------------------------
class GitError(Exception):
    pass


def _git(args: list[str], cwd: str | None = None) -> str:
    import subprocess   # only for --changed-since
    try:
        p = subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60)
    except FileNotFoundError:
        raise GitError("git est introuvable : installez git ou retirez --changed-since.") \
            from None
    except subprocess.TimeoutExpired:
        raise GitError("git ne répond pas (plus de 60 s).") from None
    if p.returncode != 0:
        raise GitError(p.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} a échoué")
    return p.stdout.decode("utf-8", "surrogateescape")


def changed_files(rev: str) -> set[str]:
    """Absolute paths of the files changed since ``rev`` (committed, staged or not, from
    the point where the current branch left ``rev``), plus untracked files that are not
    ignored. Deleted files are left out. Raises GitError (French message)."""
    try:
        top = _git(["rev-parse", "--show-toplevel"]).strip()
    except GitError:
        raise GitError("--changed-since : le dossier courant n'est pas dans un dépôt git.") \
            from None
    try:
        _git(["rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"],
             cwd=top)
    except GitError:
        raise GitError(f"--changed-since : révision « {rev} » inconnue de git. Vérifiez le nom "
                       "(branche, tag ou commit) ; en CI, récupérez l'historique "
                       "(actions/checkout avec fetch-depth: 0, GIT_DEPTH: 0 sur GitLab).") \
            from None
    base = rev
    try:
        base = _git(["merge-base", rev, "HEAD"], cwd=top).strip() or rev
    except GitError:
        pass
    out = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=ACMRTUXB", base,
                "--"], cwd=top)
    out += _git(["ls-files", "-z", "--others", "--exclude-standard"], cwd=top)
    return {os.path.normcase(os.path.abspath(os.path.join(top, n)))
            for n in out.split("\0") if n}


# --- the command -----------------------------------------------------------------------------
def _err(msg: str) -> None:
    sys.stderr.write(msg.rstrip("\n") + "\n")


def cmd_check(args) -> int:
    from .. import baseline as baseline_mod
    from ..errors import ConfigError, RuleFileError
    from ..parallel import (CheckOptions, Progress, check_many, default_jobs, preload,
                            want_progress)
    from ..projectconfig import resolve

    t0 = time.perf_counter()
    try:
        cfg = resolve(args.config, args.no_config)
    except ConfigError as e:
        _err("Configuration invalide :\n" + "\n".join(f"  {x}" for x in str(e).splitlines()))
        return EXIT_USAGE
    fmt = args.format or cfg.format or "text"

    # 1. which files
    if args.paths:
        files, excluded = iter_inputs(args.paths, cfg if cfg.path else None)
        if not files and not excluded:
            _err("rewriter check : aucun fichier .docx, .txt, .md ou modèle Jinja trouvé.")
            return EXIT_USAGE
    elif cfg.path is not None:
        files, excluded = cfg.included_files(), []
    else:
        _err("rewriter check : indiquez au moins un fichier ou un dossier (ou - pour l'entrée "
             "standard), ou créez un fichier .rewriter.toml avec include = [\"…\"].")
        return EXIT_USAGE
    if args.changed_since:
        try:
            changed = changed_files(args.changed_since)
        except GitError as e:
            _err(str(e))
            return EXIT_USAGE
        files = [f for f in files if f == "-" or
                 os.path.normcase(os.path.abspath(f)) in changed]
    notices: list[str] = []

    # 2. options, rule packs
    rules_paths = tuple(args.rules)
    opts = CheckOptions(language=None if args.lang in (None, "auto") else args.lang,
                        rules_paths=rules_paths, disable=list(args.disable), config=cfg,
                        inline=not args.ignore_inline, grammar=args.grammar,
                        languagetool_url=args.languagetool_url)
    if args.lang == "auto":
        # --lang auto on the command line beats a language set in the configuration
        cfg.language = None
        for o in cfg.overrides:
            o.values.pop("language", None)
    try:
        # the default language now; another one is loaded when a letter needs it (the
        # warm-up before a fork, if any, comes with the second preload below)
        preload(opts, (opts.language or "fr",), warm=False)
    except RuleFileError as e:
        _err("Règles invalides :\n" + "\n".join(f"  {x}" for x in e.problems))
        return EXIT_USAGE

    # 3. baseline
    base = None
    if not args.no_baseline:
        bpath = args.baseline or cfg.baseline
        if bpath is None:
            for cand in ([cfg.root / baseline_mod.DEFAULT_NAME] if cfg.path else []) + \
                    [Path.cwd() / baseline_mod.DEFAULT_NAME]:
                if cand.is_file():
                    bpath = str(cand)
                    break
        if bpath is not None:
            try:
                base = baseline_mod.load(Path(bpath))
            except ConfigError as e:
                _err(str(e))
                return EXIT_USAGE

    # 4. check
    jobs = args.jobs if args.jobs is not None else cfg.jobs
    if not jobs:
        jobs = default_jobs()
    if jobs > 1 and len(files) > 1:
        # both languages (or the one given) loaded once here, so forked workers inherit
        # them (measured: loading them in each worker instead, or making this process a
        # worker too, is slower)
        try:
            preload(opts, (opts.language,) if opts.language else ("fr", "en"))
        except RuleFileError as e:
            _err("Règles invalides :\n" + "\n".join(f"  {x}" for x in e.problems))
            return EXIT_USAGE
    from ..cli import start_collector
    start_collector()        # start-up is over (rules loaded): see cli.run
    progress = Progress() if want_progress(fmt) and len(files) > 1 else None
    # rewriter.grammar (http, ssl: ~20 ms of imports) only when a grammar check may run:
    # REWRITER_GRAMMAR=off turns it off in every process (engine.analyze)
    grammar_possible = os.environ.get("REWRITER_GRAMMAR", "").strip().lower() != "off"
    if jobs > 1 and grammar_possible:
        from .. import grammar as grammar_mod
        grammar_mod.set_stderr(False)   # worker processes: one notice, printed here
    try:
        reports = check_many(files, opts, jobs=jobs, progress=progress)
    except RuleFileError as e:
        if progress:
            progress.clear()
        _err("Règles invalides :\n" + "\n".join(f"  {x}" for x in e.problems))
        return EXIT_USAGE
    # the reports are many small objects: the collector, left running, would walk them and
    # every rule pack again and again while they are gated and rendered (≈ 0.1 s on 500
    # letters); reference counting frees them
    from ..engine import gc_paused
    with gc_paused():
        if progress:
            progress.clear()
        if jobs > 1 and any(r.notices for r in reports):
            from .. import grammar as grammar_mod
            for n in grammar_mod.unavailable_notices(reports):
                sys.stderr.write(n + "\n")
                notices.append(n)
        n_base = 0
        if base is not None:
            for r in reports:
                n_base += base.filter(r)
        if n_base:
            notices.append(f"{n_base} remarque{'s' if n_base > 1 else ''} déjà acceptée"
                           f"{'s' if n_base > 1 else ''} dans {base.path} (référence) : non "
                           "signalée" + ("s." if n_base > 1 else "."))
        if excluded and not files:
            notices.append("Tous les fichiers indiqués sont exclus par la configuration.")
        if args.changed_since and not files:
            notices.append(f"Aucun fichier modifié depuis {args.changed_since} parmi les fichiers "
                           "à vérifier.")

        # 5. gates (per file: command line > configuration overrides > configuration > défaut)
        from ..model import SEVERITY_RANK
        fail = False
        for r in reports:
            fo = args.fail_on or cfg.value_for(r.path, "fail-on") or "error"
            ms = args.min_score if args.min_score is not None else cfg.value_for(r.path,
                                                                                  "min-score")
            r.ci_fail_on, r.ci_min_score = fo, ms
            if r.error:
                continue
            if fo != "never" and any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fo]
                                     for f in r.findings):
                fail = True
            if ms is not None and r.score is not None and r.score < ms:
                fail = True
        if any(r.error for r in reports):
            code = EXIT_UNREADABLE
        else:
            code = EXIT_FINDINGS if fail else EXIT_OK

        # 6. report
        default_fail_on = args.fail_on or cfg.fail_on or "error"
        default_min = args.min_score if args.min_score is not None else cfg.min_score
        text = _render(fmt, reports, args, notices, code, default_fail_on, default_min,
                       time.perf_counter() - t0, tuple(cfg.rules) + rules_paths)
        if args.output:
            try:
                Path(args.output).write_text(text, encoding="utf-8")
            except OSError as e:
                _err(f"Impossible d'écrire {args.output} : {e.strerror or e}.")
                return EXIT_USAGE
        else:
            sys.stdout.write(text)
        if args.output or fmt in ("junit", "codequality", "html"):
            for n in notices:     # the other formats carry the notices themselves
                _err(f"note : {n}")
        return code


def _rules_index(reports, rules_paths) -> dict:
    from ..rulepack import get_rules
    index: dict = {}
    langs = sorted({r.language for r in reports if r.language} or {"fr"})
    for lang in langs:
        try:
            for rule in get_rules(lang, tuple(str(x) for x in rules_paths)).rules:
                index.setdefault(rule.id, rule)
        except Exception:
            pass
    return index


def _render(fmt, reports, args, notices, code, fail_on, min_score, elapsed, rules_paths) -> str:
    from ..report import json_format, text_format
    if fmt == "json":
        pretty = sys.stdout.isatty() and not getattr(args, "output", None)
        return json_format.render(reports, notices or None, pretty=pretty) + "\n"
    if fmt == "sarif":
        from ..report import sarif
        return sarif.render(reports, _rules_index(reports, rules_paths), code, notices) + "\n"
    if fmt == "junit":
        from ..report import junit
        return junit.render(reports, fail_on, min_score, elapsed) + "\n"
    if fmt == "github":
        from ..report import github
        out = github.render(reports, fail_on, min_score)
        for n in notices:
            out += github.annotation("notice", n, title="rewriter") + "\n"
        return out
    if fmt == "codequality":
        from ..report import codequality
        return codequality.render(reports, fail_on, min_score) + "\n"
    if fmt == "html":
        from ..report import html_report
        return html_report.render(reports, fail_on, min_score, notices)
    color = (args.color == "always" or (args.color == "auto" and not args.output and
                                        sys.stdout.isatty() and not os.environ.get("NO_COLOR")))
    out = text_format.render(reports, color=color) if reports else ""
    for n in notices:
        out += f"note : {n}\n"
    if not reports and not notices:
        out = "Aucun fichier à vérifier.\n"
    return out
