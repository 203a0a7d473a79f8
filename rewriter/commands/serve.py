"""``rewriter serve``: the web application through waitress (DESIGN.md §2).

Configuration comes from the environment (``REWRITER_*``, see ``docs/web.md``); the
command line only chooses where to listen. Flask and waitress are imported lazily (the
``web`` extra), so the other commands work without them.
"""
from __future__ import annotations

import sys


def register(sub) -> None:
    c = sub.add_parser("serve", help="lancer l'application web (waitress)")
    c.add_argument("--host", default="127.0.0.1",
                   help="adresse d'écoute (défaut : 127.0.0.1 ; 0.0.0.0 pour toutes)")
    c.add_argument("--port", type=int, default=8000, help="port (défaut : 8000)")
    c.add_argument("--threads", type=int, default=16,
                   help="fils de traitement de waitress (défaut : 16 ; les analyses "
                        "elles-mêmes sont limitées par REWRITER_WORKERS)")
    c.set_defaults(func=cmd_serve)


def build_server(host: str = "127.0.0.1", port: int = 8000, threads: int = 8, app=None):
    """A waitress server for the app (``port=0``: any free port; tests and benchmarks)."""
    from waitress.server import create_server

    from webapp import create_app
    from webapp.worker import warm_up

    app = app or create_app()
    # waitress refuses bodies beyond this itself (1 GiB by default); Flask answers 413 with
    # a French page below it, so leave a margin above Flask's own limit.
    body_limit = int(app.config["MAX_CONTENT_LENGTH"]) + (1 << 20)
    server = create_server(app, host=host, port=port, threads=threads,
                           max_request_body_size=body_limit, ident="rewriter",
                           clear_untrusted_proxy_headers=True, channel_timeout=120)
    warm_up()
    return server


def cmd_serve(args) -> int:
    try:
        import flask  # noqa: F401
        import waitress  # noqa: F401
    except ImportError:
        sys.stderr.write("rewriter serve : l'application web n'est pas installée. "
                         "Installez-la avec : pip install -e \".[web]\"\n")
        return 2
    import logging
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: "
                        "%(message)s")
    try:
        server = build_server(args.host, args.port, args.threads)
    except OSError as e:
        sys.stderr.write(f"rewriter serve : impossible d'écouter sur {args.host}:{args.port} "
                         f"({e.strerror or e}).\n")
        return 2
    except SystemExit as e:        # a configuration error, already worded in French
        sys.stderr.write(f"rewriter serve : {e}\n")
        return 2
    host = args.host if ":" not in args.host else f"[{args.host}]"
    sys.stderr.write(f"rewriter : http://{host}:{server.effective_port}/ "
                     f"(Ctrl+C pour arrêter)\n")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    return 0
