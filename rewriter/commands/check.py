"""``rewriter check``: evaluate letters and set the exit code (DESIGN.md §2)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..cli import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE

SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox",
             ".mypy_cache", ".pytest_cache", "build", "dist"}


def register(sub) -> None:
    c = sub.add_parser("check", help="évaluer des lettres (.docx, .txt, .md, modèles Jinja)")
    c.add_argument("paths", nargs="*", metavar="PATH",
                   help="fichiers ou dossiers (parcourus récursivement) ; - pour l'entrée "
                        "standard")
    c.add_argument("--format", "-f", default="text", choices=["text", "json"],
                   help="format de sortie (défaut : text)")
    c.add_argument("--lang", default="auto", choices=["fr", "en", "auto"],
                   help="langue des lettres (défaut : détection automatique)")
    c.add_argument("--min-score", type=float, default=None, metavar="N",
                   help="code de sortie 1 si un score est inférieur à N")
    c.add_argument("--fail-on", default="error", choices=["info", "warning", "error", "never"],
                   help="code de sortie 1 dès une remarque de cette gravité (défaut : error)")
    c.add_argument("--rules", action="append", default=[], metavar="PATH",
                   help="pack de règles de l'organisation (fichier ou dossier ; répétable)")
    c.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    c.set_defaults(func=cmd_check)


def iter_inputs(paths: list[str]) -> tuple[list[str], list[str]]:
    """Expand folders. Returns (files, problems)."""
    from ..readers import SUPPORTED_EXT

    files, problems = [], []
    for p in paths:
        if p == "-":
            files.append("-")
            continue
        path = Path(p)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
                for n in sorted(names):
                    if n.startswith((".", "~$")):
                        continue
                    low = n.lower()
                    if Path(low).suffix in SUPPORTED_EXT:
                        files.append(str(Path(root) / n))
        else:
            files.append(p)   # a missing file is reported as unreadable (exit 3)
    return files, problems


def cmd_check(args) -> int:
    from ..engine import check_file
    from ..errors import RuleFileError
    from ..model import SEVERITY_RANK
    from ..report import json_format, text_format

    if not args.paths:
        sys.stderr.write("rewriter check : indiquez au moins un fichier ou un dossier "
                         "(ou - pour l'entrée standard).\n")
        return EXIT_USAGE
    files, _ = iter_inputs(args.paths)
    if not files:
        sys.stderr.write("rewriter check : aucun fichier .docx, .txt, .md ou modèle Jinja "
                         "trouvé.\n")
        return EXIT_USAGE
    lang = None if args.lang == "auto" else args.lang
    reports = []
    try:
        for f in files:
            reports.append(check_file(f, language=lang, rules_paths=tuple(args.rules)))
    except RuleFileError as e:
        sys.stderr.write("Règles invalides :\n" + "\n".join(f"  {x}" for x in e.problems) +
                         "\n")
        return EXIT_USAGE
    if args.format == "json":
        sys.stdout.write(json_format.render(reports) + "\n")
    else:
        color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                           and not os.environ.get("NO_COLOR"))
        sys.stdout.write(text_format.render(reports, color=color))
    if any(r.error for r in reports):
        return EXIT_UNREADABLE
    fail = False
    if args.fail_on != "never":
        threshold = SEVERITY_RANK[args.fail_on]
        fail = any(SEVERITY_RANK[f.severity] >= threshold for r in reports for f in r.findings)
    if args.min_score is not None:
        fail = fail or any(r.score is not None and r.score < args.min_score for r in reports)
    return EXIT_FINDINGS if fail else EXIT_OK


