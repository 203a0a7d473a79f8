"""``rewriter rules test|lint|list|explain``."""
from __future__ import annotations

import sys

from ..cli import EXIT_USAGE


def register(sub) -> None:
    from ..cli import _Parser

    r = sub.add_parser("rules", help="lister, tester, vérifier et expliquer les règles")
    rs = r.add_subparsers(dest="rules_command", parser_class=_Parser)
    for name, helptext in (("test", "lancer les exemples de chaque règle"),
                           ("lint", "vérifier les fichiers de règles"),
                           ("list", "lister les règles"),
                           ("explain", "expliquer une règle"),
                           ("docs", "écrire le catalogue HTML des règles"),
                           ("schema", "afficher le schéma JSON des fichiers de règles")):
        sp = rs.add_parser(name, help=helptext)
        sp.add_argument("--lang", default=None, choices=["fr", "en"],
                        help="langue (défaut : toutes)")
        sp.add_argument("--rules", action="append", default=[], metavar="PATH",
                        help="pack de règles de l'organisation (répétable)")
        if name == "list":
            sp.add_argument("--format", "-f", default="text", choices=["text", "json"])
        if name == "explain":
            sp.add_argument("rule_id", metavar="ID")
        if name == "docs":
            sp.add_argument("-o", "--output", required=True, metavar="DIR",
                            help="dossier où écrire index.html")
        sp.set_defaults(func=cmd_rules, rules_command=name)


def cmd_rules(args) -> int:
    from .. import ruletest
    from ..errors import RuleFileError

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
        if args.rules_command == "docs":
            from pathlib import Path

            from .. import ruledocs
            sets = ruletest._load(langs, args.rules)
            index = ruledocs.write([r for rs in sets.values() for r in rs.rules],
                                   Path(args.output))
            print(f"Catalogue écrit : {index}")
            return 0
        if args.rules_command == "schema":
            import json

            from ..rulepack import json_schema
            print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
            return 0
    except RuleFileError as e:
        sys.stderr.write("Règles invalides :\n" + "\n".join(f"  {x}" for x in e.problems) +
                         "\n")
        return EXIT_USAGE
    return EXIT_USAGE


