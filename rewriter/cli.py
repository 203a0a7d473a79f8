"""Command line entry point: ``rewriter <command>``.

Each command lives in its own module of :mod:`rewriter.commands` (``check``, ``rules``,
``rewrite``, ``serve``…) with a ``register(subparsers)`` function; this module only builds
the parser and maps errors to exit codes.

Exit codes (DESIGN.md §2, stable): 0 clean; 1 findings at or above ``--fail-on`` or a
score below ``--min-score``; 2 usage or configuration error (bad rule file, bad option);
3 one or more inputs could not be read (each named in the output, the others checked).
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
COMMAND_ORDER = ["check", "rewrite", "rules", "baseline", "serve", "purge"]


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # exit 2 with a French hint, never a traceback
        self.print_usage(sys.stderr)
        sys.stderr.write(f"rewriter : erreur : {message}\n"
                         f"Aide : {self.prog} --help\n")
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    from . import commands

    p = _Parser(prog="rewriter", description="Assistant de langage clair pour les courriers "
                "administratifs (français d'abord, anglais ensuite).")
    p.add_argument("--version", action="version", version=f"rewriter {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    names = [m.name for m in pkgutil.iter_modules(commands.__path__)]
    names.sort(key=lambda n: (COMMAND_ORDER.index(n) if n in COMMAND_ORDER else 99, n))
    for name in names:
        importlib.import_module(f"{commands.__name__}.{name}").register(sub)
    return p


# Set by run(): the garbage collector is paused while the command starts (see run)
_START_PAUSED = False


def start_collector() -> None:
    """End of start-up: modules, rule packs and dictionaries are loaded and live as long
    as the process. Frozen out of the collector's sight, then the collector runs again
    (for a long command: a server, a big batch). Only after :func:`run` paused it."""
    global _START_PAUSED
    if _START_PAUSED:
        import gc
        _START_PAUSED = False
        gc.freeze()
        gc.enable()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    if args.command != "check":      # check calls it itself, once its rules are loaded
        start_collector()
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as e:  # never a traceback for a user; details with REWRITER_DEBUG=1
        import os
        if os.environ.get("REWRITER_DEBUG"):
            raise
        sys.stderr.write(f"rewriter : erreur interne ({type(e).__name__}: {e}). "
                         "Relancez avec REWRITER_DEBUG=1 pour le détail et signalez-la.\n")
        return EXIT_USAGE


def run() -> None:
    """The ``rewriter`` command (console script, ``python -m rewriter``): :func:`main`,
    then exit.

    The garbage collector is paused while the command starts: imports and rule packs
    create some 10^5 objects that live until the end, and the collections they trigger
    would walk them again and again (≈ 30 ms of every start). :func:`start_collector`
    resumes it. Before exiting, every object left is frozen, so that the last collection
    at interpreter shutdown does not walk everything once more (≈ 50 ms)."""
    import gc
    global _START_PAUSED
    if gc.isenabled():
        gc.disable()
        _START_PAUSED = True
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
