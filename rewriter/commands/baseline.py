"""``rewriter baseline [PATH...]``: accept today's findings.

Checks the files (same selection as ``rewriter check``: PATHs, or what the configuration
includes) and writes their findings' fingerprints to ``.rewriter-baseline.json`` (next to
the configuration file, else in the current folder; ``--output`` to choose). Afterwards
``rewriter check`` reports only the findings that are not in it.
"""
from __future__ import annotations

import sys
from pathlib import Path

from ..cli import EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE


def register(sub) -> None:
    c = sub.add_parser("baseline", help="accepter les remarques actuelles (fichier de "
                       "référence) : check ne signalera plus que les nouvelles")
    c.add_argument("paths", nargs="*", metavar="PATH",
                   help="fichiers ou dossiers ; sans PATH : les fichiers inclus par la "
                        "configuration")
    c.add_argument("--output", "-o", metavar="FICHIER", default=None,
                   help="fichier à écrire (défaut : .rewriter-baseline.json à côté de la "
                        "configuration, sinon dans le dossier courant)")
    c.add_argument("--config", metavar="FICHIER", default=None)
    c.add_argument("--no-config", action="store_true")
    c.add_argument("--lang", default=None, choices=["fr", "en", "auto"])
    c.add_argument("--rules", action="append", default=[], metavar="PATH")
    c.add_argument("--jobs", "-j", type=int, default=None, metavar="N")
    c.set_defaults(func=cmd_baseline)


def cmd_baseline(args) -> int:
    from .. import baseline as baseline_mod
    from ..errors import ConfigError, RuleFileError
    from ..parallel import CheckOptions, check_many, default_jobs, preload
    from ..projectconfig import resolve
    from .check import iter_inputs

    try:
        cfg = resolve(args.config, args.no_config)
    except ConfigError as e:
        sys.stderr.write("Configuration invalide :\n" +
                         "\n".join(f"  {x}" for x in str(e).splitlines()) + "\n")
        return EXIT_USAGE
    if args.paths:
        files, _ = iter_inputs(args.paths, cfg if cfg.path else None)
    elif cfg.path is not None:
        files = cfg.included_files()
    else:
        sys.stderr.write("rewriter baseline : indiquez des fichiers ou des dossiers, ou créez "
                         "un fichier .rewriter.toml avec include = [\"…\"].\n")
        return EXIT_USAGE
    files = [f for f in files if f != "-"]
    if not files:
        sys.stderr.write("rewriter baseline : aucun fichier à vérifier.\n")
        return EXIT_USAGE
    lang = None if args.lang in (None, "auto") else args.lang
    opts = CheckOptions(language=lang, rules_paths=tuple(args.rules),
                        config=cfg)
    try:
        preload(opts, (lang or "fr",))
        reports = check_many(files, opts, jobs=args.jobs or cfg.jobs or default_jobs())
    except RuleFileError as e:
        sys.stderr.write("Règles invalides :\n" + "\n".join(f"  {x}" for x in e.problems) + "\n")
        return EXIT_USAGE
    if args.output:
        out = Path(args.output)
    elif cfg.baseline:
        out = Path(cfg.baseline)
    elif cfg.path is not None:
        out = cfg.root / baseline_mod.DEFAULT_NAME
    else:
        out = Path.cwd() / baseline_mod.DEFAULT_NAME
    try:
        n = baseline_mod.write(out, reports)
    except OSError as e:
        sys.stderr.write(f"Impossible d'écrire {out} : {e.strerror or e}.\n")
        return EXIT_USAGE
    bad = [r for r in reports if r.error]
    for r in bad:
        sys.stderr.write(f"{r.path}: illisible — {r.error}\n")
    sys.stdout.write(f"{out} : {n} remarque{'s' if n > 1 else ''} acceptée{'s' if n > 1 else ''} "
                     f"dans {len(reports) - len(bad)} fichier{'s' if len(reports) > 1 else ''}.\n")
    return EXIT_UNREADABLE if bad else EXIT_OK
