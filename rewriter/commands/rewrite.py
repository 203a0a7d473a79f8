"""``rewriter rewrite IN -o OUT``: apply the safe replacements to a letter.

Exit codes: 0 done; 2 usage (no ``-o`` without ``--diff``, output with another extension,
output = input, bad rule file); 3 the input could not be read.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ..cli import EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE
from ..model import CATEGORIES

PROG = "rewriter rewrite"


def register(sub) -> None:
    c = sub.add_parser(
        "rewrite", help="réécrire une lettre : appliquer les remplacements sûrs",
        description="Applique les remplacements sûrs (jargon, formules) à une lettre .docx, "
                    ".txt, .md ou à un modèle Jinja, en gardant la mise en forme. Avec "
                    "--track-changes, chaque remplacement est une modification suivie que "
                    "l'agent accepte ou refuse dans Word ou LibreOffice.")
    c.add_argument("input", metavar="IN", help="lettre à réécrire (.docx, .txt, .md, .j2)")
    c.add_argument("-o", "--output", metavar="OUT",
                   help="fichier à écrire (même extension que IN ; jamais IN lui-même)")
    c.add_argument("--track-changes", action="store_true",
                   help="écrire les remplacements en modifications suivies (.docx)")
    c.add_argument("--comments", action=argparse.BooleanOptionalAction, default=None,
                   help="ajouter les conseils (phrases longues, nominalisations…) en "
                        "commentaires Word (défaut : oui avec --track-changes)")
    c.add_argument("--author", default="rewriter", metavar="NOM",
                   help="auteur des modifications et des commentaires (défaut : rewriter)")
    c.add_argument("--rule", action="append", default=[], metavar="ID",
                   help="n'appliquer que cette règle (ou ce préfixe, ex. fr.jargon) ; "
                        "répétable")
    c.add_argument("--category", action="append", default=[], choices=CATEGORIES,
                   metavar="CATÉGORIE",
                   help="n'appliquer que cette catégorie (jargon, formula…) ; répétable")
    c.add_argument("--severity", choices=["info", "warning", "error"], default=None,
                   help="gravité minimale des remarques prises en compte")
    c.add_argument("--lang", default="auto", choices=["fr", "en", "auto"],
                   help="langue de la lettre (défaut : détection automatique)")
    c.add_argument("--rules", action="append", default=[], metavar="PACK",
                   help="pack de règles de l'organisation (fichier ou dossier ; répétable)")
    c.add_argument("--diff", action="store_true",
                   help="afficher les changements mot à mot (sans -o : n'écrit rien)")
    c.add_argument("--format", choices=["text", "json"], default="text",
                   help="format du résumé (défaut : text)")
    c.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    c.set_defaults(func=cmd_rewrite)


def _usage(msg: str) -> int:
    sys.stderr.write(f"{PROG} : {msg}\n")
    return EXIT_USAGE


def _suffix(p: Path) -> str:
    return p.suffix.lower()


def _same_file(a: Path, b: Path) -> bool:
    try:
        if b.exists() and a.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}".replace(".", ",")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary(result, out_path: str | None, color: bool = False) -> str:
    bold, dim, off = ("\033[1m", "\033[2m", "\033[0m") if color else ("", "", "")
    lines = []
    head = result.path + (f" → {out_path}" if out_path else " (rien n'a été écrit)")
    lines.append(f"{bold}{head}{off}")
    mode = " en modifications suivies" if (result.track_changes and result.format == "docx") \
        else ""
    lines.append("  " + _plural(len(result.applied), "remplacement appliqué",
                                "remplacements appliqués") + mode)
    if result.format == "docx" and result.comments:
        lines.append("  " + _plural(len(result.commented), "conseil ajouté en commentaire",
                                    "conseils ajoutés en commentaires"))
    elif result.advice:
        lines.append("  " + _plural(len(result.advice), "conseil à traiter à la main",
                                    "conseils à traiter à la main")
                     + " (voir rewriter check)")
    shown = [s for s in result.skipped if s.reason not in ("refused",)]
    if shown:
        lines.append("  " + _plural(len(shown), "suggestion non appliquée :",
                                    "suggestions non appliquées :"))
        for s in shown[:20]:
            f = s.finding
            where = f"ligne {f.line}" if f.line else f"§ {f.paragraph + 1}"
            lines.append(f"    {dim}{where}{off} « {f.text[:60]} » — {s.message}")
        if len(shown) > 20:
            lines.append(f"    … et {len(shown) - 20} autres")
    sb, sa = result.score_before, result.score_after
    gain = "" if sb is None or sa is None else f" ({'+' if sa >= sb else ''}{_num(sa - sb)})"
    lines.append(f"  Score : {_num(sb)} → {bold}{_num(sa)}{off}{gain}")
    for n in result.notices:
        lines.append(f"  {dim}note : {n}{off}")
    return "\n".join(lines) + "\n"


def render_diff(result, color: bool = False) -> str:
    from ..diff import render_text

    out = []
    for d in result.diff():
        i = d.index if d.index is not None else d.after_index
        where = f"§ {i + 1}"
        if result.report_before and result.report_before.document and d.index is not None:
            p = result.report_before.document.paragraphs[d.index]
            if p.line:
                where = f"ligne {p.line}"
        out.append(f"{where} : {render_text(d.ops, color=color)}")
    if not out:
        return "Aucun changement.\n"
    return "\n".join(out) + "\n"


def cmd_rewrite(args) -> int:
    from ..errors import ReadError, RuleFileError
    from ..readers import SUPPORTED_EXT
    from ..rewrite import rewrite_file, severities_from

    if args.input == "-":
        return _usage("l'entrée standard n'est pas acceptée : indiquez un fichier.")
    src = Path(args.input)
    if not args.output and not args.diff:
        return _usage("indiquez le fichier à écrire avec -o SORTIE (ou --diff pour "
                      "seulement voir les changements).")
    if _suffix(src) and _suffix(src) not in SUPPORTED_EXT:
        return _usage(f"format non pris en charge : {src.name} (attendu : .docx, .txt, .md "
                      "ou modèle Jinja .j2).")
    dst = Path(args.output) if args.output else None
    if dst is not None:
        if _suffix(dst) != _suffix(src):
            return _usage(f"la sortie doit garder l'extension de l'entrée ({_suffix(src) or 'aucune'}) "
                          f": {dst.name}.")
        if _same_file(src, dst):
            return _usage("la sortie ne peut pas être le fichier d'entrée : choisissez un "
                          "autre nom pour garder l'original (ex. lettre-clair"
                          f"{_suffix(src)}).")
        if dst.parent and not dst.parent.exists():
            return _usage(f"le dossier de sortie n'existe pas : {dst.parent}.")
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty()
                                       and not os.environ.get("NO_COLOR"))
    try:
        result = rewrite_file(
            src, dst, rules=args.rule or None, categories=set(args.category) or None,
            severities=severities_from(args.severity), track_changes=args.track_changes,
            comments=args.comments, author=args.author,
            language=None if args.lang == "auto" else args.lang,
            rules_paths=tuple(args.rules))
    except ReadError as e:
        sys.stderr.write(f"{src} : illisible — {e}\n")
        return EXIT_UNREADABLE
    except RuleFileError as e:
        sys.stderr.write("Règles invalides :\n" + "\n".join(f"  {x}" for x in e.problems)
                         + "\n")
        return EXIT_USAGE
    except OSError as e:
        sys.stderr.write(f"{PROG} : impossible d'écrire {dst} : {e.strerror or e}.\n")
        return EXIT_USAGE
    if args.format == "json":
        sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    if args.diff:
        sys.stdout.write(render_diff(result, color=color))
    sys.stdout.write(summary(result, str(dst) if dst else None, color=color))
    return EXIT_OK
