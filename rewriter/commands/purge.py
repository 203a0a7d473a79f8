"""``rewriter purge``: delete the letters (and decisions) past their retention period.

Meant for cron or a systemd timer (``docs/deploiement.md``); the web application also
purges by itself, at most every ``REWRITER_PURGE_MINUTES``. Uses the same environment as
``rewriter serve`` (``REWRITER_DATABASE_URL``, ``REWRITER_DATA_DIR``).
"""
from __future__ import annotations

import sys


def register(sub) -> None:
    c = sub.add_parser("purge", help="effacer les lettres dont la durée de conservation "
                                     "est passée (application web)")
    c.add_argument("--dry-run", action="store_true",
                   help="compter seulement, sans rien effacer")
    c.set_defaults(func=cmd_purge)


def cmd_purge(args) -> int:
    try:
        from sqlalchemy import func, select
        from sqlalchemy.orm import Session

        from webapp import config, storage
    except ImportError:
        sys.stderr.write("rewriter purge : l'application web n'est pas installée. "
                         "Installez-la avec : pip install -e \".[web]\"\n")
        return 2
    try:
        cfg = config.from_env({"SECRET_KEY": "-"})   # no key needed (nor created) here
        engine = storage.make_engine(cfg["DATABASE_URL"])
        storage.create_schema(engine)
        if args.dry_run:
            with Session(engine) as s:
                n = s.scalar(select(func.count()).select_from(storage.Review)
                             .where(storage.Review.expires_at <= storage.utcnow())) or 0
            print(f"{n} lettre(s) à effacer (rien n'a été effacé : --dry-run).")
            return 0
        n = storage.purge_expired(engine)
    except SystemExit as e:
        sys.stderr.write(f"rewriter purge : {e}\n")
        return 2
    except Exception as e:  # noqa: BLE001 - database unreachable, bad URL...
        sys.stderr.write(f"rewriter purge : base de données inaccessible ({type(e).__name__} : "
                         f"{str(e).splitlines()[0] if str(e) else ''}).\n")
        return 2
    left = storage.counts(engine)
    print(f"{n} lettre(s) effacée(s) ; il en reste {left['reviews']}.")
    return 0
