"""Command line: ``rewriter check``, ``rewriter rules …``.

Exit codes (DESIGN.md §2, stable): 0 clean; 1 findings at or above ``--fail-on`` or a
score below ``--min-score``; 2 usage or configuration error (bad rule file, bad option);
3 one or more inputs could not be read (each named in the output, the others checked).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox",
             ".mypy_cache", ".pytest_cache", "build", "dist"}


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # exit 2 with a French hint, never a traceback
        self.print_usage(sys.stderr)
        sys.stderr.write(f"rewriter : erreur : {message}\n"
                         f"Aide : rewriter {self.prog.split()[-1] if ' ' in self.prog else ''}"
                         f" --help\n")
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="rewriter", description="Assistant de langage clair pour les courriers "
                "administratifs (français d'abord, anglais ensuite).")
    p.add_argument("--version", action="version", version=f"rewriter {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

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

    r = sub.add_parser("rules", help="lister, tester, vérifier et expliquer les règles")
    rs = r.add_subparsers(dest="rules_command", parser_class=_Parser)
    for name, helptext in (("test", "lancer les exemples de chaque règle"),
                           ("lint", "vérifier les fichiers de règles"),
                           ("list", "lister les règles"),
                           ("explain", "expliquer une règle")):
        sp = rs.add_parser(name, help=helptext)
        sp.add_argument("--lang", default=None, choices=["fr", "en"],
                        help="langue (défaut : toutes)")
        sp.add_argument("--rules", action="append", default=[], metavar="PATH",
                        help="pack de règles de l'organisation (répétable)")
        if name == "list":
            sp.add_argument("--format", "-f", default="text", choices=["text", "json"])
        if name == "explain":
            sp.add_argument("rule_id", metavar="ID")
        sp.set_defaults(func=cmd_rules, rules_command=name)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


# --- check -----------------------------------------------------------------------------

def iter_inputs(paths: list[str]) -> tuple[list[str], list[str]]:
    """Expand folders. Returns (files, problems)."""
    from .readers import SUPPORTED_EXT

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
    from .engine import check_file
    from .errors import RuleFileError
    from .model import SEVERITY_RANK
    from .report import json_format, text_format

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


# --- rules -----------------------------------------------------------------------------

def cmd_rules(args) -> int:
    from . import ruletest
    from .errors import RuleFileError

    langs = [args.lang] if args.lang else ["fr", "en"]
    try:
        if args.rules_command == "lint":
            return ruletest.lint(langs, args.rules)
        if args.rules_command == "test":
            return ruletest.run_tests(langs, args.rules)
        if args.rules_command == "list":
            return ruletest.list_rules(langs, args.rules, args.format)
        if args.rules_command == "explain":
            return ruletest.explain(langs, args.rules, args.rule_id)
    except RuleFileError as e:
        sys.stderr.write("Règles invalides :\n" + "\n".join(f"  {x}" for x in e.problems) +
                         "\n")
        return EXIT_USAGE
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
