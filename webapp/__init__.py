"""The rewriter web application (Flask).

``create_app(config=None)`` builds the app from the environment (see :mod:`webapp.config`);
``config`` overrides it (tests). Blueprints: :mod:`.letters` (upload, report, decisions,
downloads), :mod:`.api` (JSON API, CSRF-exempt, no cookies), :mod:`.rules` (catalogue),
:mod:`.tryout` (« Essayer »), :mod:`.auth` and :mod:`.editor` (the organisation pack
editor, history and statistics, for signed-in editors; ``flask --app webapp editor-add``).
Untrusted files are processed in a worker process with time and memory limits
(:mod:`.worker`); web processes keep no state between requests (:mod:`.storage`).
"""
from __future__ import annotations

import logging
import secrets

from flask import Flask, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.exceptions import HTTPException

from . import config as config_mod
from . import i18n, storage

csrf = CSRFProtect()
log = logging.getLogger("rewriter.web")

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=False)
    cfg = config_mod.from_env(config)
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="rewriter_session",
        WTF_CSRF_TIME_LIMIT=None,          # the token lives as long as the session cookie
        JSON_SORT_KEYS=False,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.config.update(cfg)
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    # Flask refuses bodies over this with 413 (the page says so in French); a little room
    # is left for the multipart envelope and the other fields.
    max_bytes = int(app.config["MAX_UPLOAD_MB"] * (1 << 20))
    app.config["MAX_UPLOAD_BYTES"] = max_bytes
    app.config["MAX_CONTENT_LENGTH"] = max_bytes + (256 << 10)
    app.config["MAX_FORM_MEMORY_SIZE"] = max_bytes + (64 << 10)   # pasted text

    if app.config.get("BEHIND_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix
        n = int(app.config["BEHIND_PROXY"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)

    engine = storage.make_engine(app.config["DATABASE_URL"])
    storage.create_schema(engine)
    app.extensions["rewriter_db"] = engine

    csrf.init_app(app)
    from . import api, auth, editor, letters, rules, tryout
    app.register_blueprint(letters.bp)
    app.register_blueprint(rules.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(tryout.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(editor.bp)
    csrf.exempt(api.bp)
    auth.register_cli(app)

    _install_template_helpers(app)
    _install_headers(app)
    _install_errors(app)
    _install_purge(app)
    return app


def db(app=None):
    from flask import current_app
    return (app or current_app).extensions["rewriter_db"]


def csp_nonce() -> str:
    """Lazy (CSRF's before_request may abort before any hook of ours runs). Unused by the
    policy today (no inline script at all) but kept for templates that may need it."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _install_template_helpers(app: Flask) -> None:
    from flask import url_for

    def lang_url(code: str) -> str:
        args = request.args.to_dict(flat=False)
        args["lang"] = [code]
        view = request.endpoint or "letters.index"
        try:
            return url_for(view, **(request.view_args or {}), **args)
        except Exception:  # noqa: BLE001 - e.g. on an error page
            return url_for("letters.index", lang=code)

    @app.context_processor
    def helpers():
        return {"t": i18n.t, "ui_lang": i18n.ui_lang(), "cat_label": i18n.category_label,
                "sev_label": i18n.severity_label, "num": i18n.number, "lang_url": lang_url,
                "retention_hours": _hours(app.config["RETENTION_HOURS"]),
                "max_upload_mb": app.config["MAX_UPLOAD_MB"],
                "current_editor": _current_editor}

    def _current_editor():
        from . import auth
        try:
            return auth.current_editor()
        except Exception:  # noqa: BLE001 - e.g. an error page without a database
            return None


def _hours(h: float) -> str:
    return f"{h:g}"


def _install_headers(app: Flask) -> None:
    @app.after_request
    def security_headers(r):
        h = r.headers
        h.setdefault("Content-Security-Policy", CSP)
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "same-origin"
        h["X-Frame-Options"] = "DENY"
        h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.path.startswith(("/rapport/", "/api/", "/editeur", "/essayer")):
            h.setdefault("Cache-Control", "no-store")
        if "Content-Language" not in h and r.mimetype == "text/html":
            h["Content-Language"] = i18n.ui_lang()
        vary = h.get("Vary", "")
        if "Accept-Language" not in vary:
            h["Vary"] = (vary + ", " if vary else "") + "Accept-Language"
        return r


def wants_json() -> bool:
    if request.path.startswith("/api/"):
        return True
    m = request.accept_mimetypes
    return m.best == "application/json" or (m.accept_json and not m.accept_html)


def error_response(status: int, title: str, message: str, code: str | None = None):
    if wants_json():
        body = {"error": message}
        if code:
            body["code"] = code
        return jsonify(body), status
    return render_template("error.html", title=title, message=message), status


def _install_errors(app: Flask) -> None:
    t = i18n.t

    @app.errorhandler(CSRFError)
    def csrf_error(e):
        return error_response(400, t("err_csrf_title"), t("err_csrf"), "csrf")

    @app.errorhandler(413)
    def too_big(e):
        return error_response(413, t("err_413_title"),
                              t("err_too_big", mb=app.config["MAX_UPLOAD_MB"]), "too_big")

    @app.errorhandler(404)
    def not_found(e):
        return error_response(404, t("err_404_title"), t("err_404"), "not_found")

    @app.errorhandler(405)
    def not_allowed(e):
        return error_response(405, t("err_405_title"), t("err_405"), "method_not_allowed")

    @app.errorhandler(HTTPException)
    def other_http(e):
        if e.code and e.code >= 500:
            return error_response(e.code, t("err_500_title"), t("err_500"), "server_error")
        return error_response(e.code or 400, t("err_400_title"), t("err_400"), "bad_request")

    @app.errorhandler(Exception)
    def unexpected(e):
        # The type only: an exception message could quote the letter.
        log.error("unexpected error on %s %s: %s", request.method, request.path,
                  type(e).__name__)
        return error_response(500, t("err_500_title"), t("err_500"), "server_error")


def _install_purge(app: Flask) -> None:
    every = float(app.config.get("PURGE_MINUTES", 10))

    @app.before_request
    def opportunistic_purge():
        if every <= 0 or request.endpoint in (None, "static", "api.healthz"):
            return
        try:
            n = storage.maybe_purge(db(app), every)
        except Exception as e:  # noqa: BLE001 - a purge never breaks a request
            log.warning("purge failed: %s", type(e).__name__)
            return
        if n:
            log.info("purged %d expired review(s)", n)
