"""Editor accounts: who may change the organisation pack and read the statistics.

Two ways in:

* **accounts** with a password (hashed by ``werkzeug.security``), in the ``editors`` table
  (``flask --app webapp editor-add NAME``) or in ``REWRITER_EDITORS=name:hash,…``
  (hash from ``flask --app webapp editor-hash``);
* **single sign-on** through a trusted reverse proxy: when ``REWRITER_TRUSTED_USER_HEADER``
  is set (e.g. ``X-Remote-User``), the user that header names is signed in — optionally
  only the users of ``REWRITER_SSO_EDITORS``. Without that variable the header is ignored.

The session cookie (signed, HttpOnly, SameSite=Lax) holds the editor's name; every form
carries a CSRF token. Failed log-ins are counted per name in the database (all processes):
after ``MAX_FAILURES`` in ``FAILURE_MINUTES`` minutes, that name must wait.
"""
from __future__ import annotations

import functools
import logging
import re
import time
from urllib.parse import urlsplit

import click
from flask import (Blueprint, abort, current_app, g, redirect, render_template, request,
                   session, url_for)
from werkzeug.security import check_password_hash, generate_password_hash

from . import db, i18n, storage

bp = Blueprint("auth", __name__)
log = logging.getLogger("rewriter.web")

NAME_RE = re.compile(r"^[\w.@+\-]{1,80}$")
MAX_FAILURES = 10
FAILURE_MINUTES = 15
MIN_PASSWORD = 10
# Compared against when the name is unknown, so that an unknown name takes as long.
_DUMMY_HASH = generate_password_hash("rewriter-dummy-password")


def sso_user() -> str | None:
    header = current_app.config.get("TRUSTED_USER_HEADER")
    if not header:
        return None
    user = (request.headers.get(header) or "").strip()
    if not user or not NAME_RE.match(user):
        return None
    allowed = current_app.config.get("SSO_EDITORS") or []
    if allowed and user not in allowed:
        return None
    return user


def current_editor() -> str | None:
    """The signed-in editor of this request, or None."""
    if "editor" in g:
        return g.editor
    user = sso_user()
    if user is None:
        name = session.get("editor")
        if name and _still_valid(name):
            user = name
    g.editor = user
    return user


def _still_valid(name: str) -> bool:
    """An account removed (or a password changed) ends its sessions."""
    env = current_app.config.get("EDITORS") or {}
    if name in env:
        return session.get("editor_h") == _hash_tag(env[name])
    ed = storage.get_editor(db(), name)
    return bool(ed and ed.active and session.get("editor_h") == _hash_tag(ed.password_hash))


def _hash_tag(h: str) -> str:
    import hashlib
    return hashlib.sha256(h.encode()).hexdigest()[:16]


def editor_required(view):
    """Sign-in required: a page asks for it (303 to the log-in form), an action is
    refused (403)."""
    @functools.wraps(view)
    def wrapped(*a, **kw):
        if current_editor() is None:
            if request.method in ("GET", "HEAD"):
                return redirect(url_for("auth.login", suivant=request.full_path.rstrip("?")),
                                code=303)
            abort(403)
        return view(*a, **kw)
    return wrapped


def _safe_next(value: str | None) -> str:
    v = (value or "").strip()
    parts = urlsplit(v)
    if not v.startswith("/") or v.startswith("//") or parts.scheme or parts.netloc \
            or "\\" in v:
        return url_for("editor.pack")
    return v


def check_credentials(name: str, password: str) -> bool:
    env = current_app.config.get("EDITORS") or {}
    h = env.get(name)
    if h is None:
        ed = storage.get_editor(db(), name) if NAME_RE.match(name) else None
        h = ed.password_hash if ed and ed.active else None
    if h is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    try:
        return check_password_hash(h, password)
    except (ValueError, TypeError):
        return False


def _password_hash_of(name: str) -> str:
    env = current_app.config.get("EDITORS") or {}
    if name in env:
        return env[name]
    ed = storage.get_editor(db(), name)
    return ed.password_hash if ed else ""


@bp.route("/editeur/connexion", methods=["GET", "POST"])
def login():
    t = i18n.t
    nxt = _safe_next(request.values.get("suivant"))
    if current_editor() is not None and request.method == "GET":
        return redirect(nxt, code=303)
    if request.method == "GET":
        return render_template("login.html", suivant=nxt, name="")
    name = (request.form.get("nom") or "").strip()[:80]
    password = request.form.get("mot_de_passe") or ""
    error = None
    if not name or not password:
        error = t("login_missing")
    elif storage.login_failures(db(), name, FAILURE_MINUTES) >= MAX_FAILURES:
        error = t("login_throttled", minutes=FAILURE_MINUTES)
    elif not check_credentials(name, password):
        storage.add_login_failure(db(), name)
        log.info("editor log-in refused")
        time.sleep(float(current_app.config.get("LOGIN_FAIL_DELAY", 0.2)))
        error = t("login_wrong")
    if error:
        return render_template("login.html", suivant=nxt, name=name, error=error), 401
    storage.clear_login_failures(db(), name)
    lang = session.get("lang")
    session.clear()                      # a new session for the signed-in editor
    if lang:
        session["lang"] = lang
    session["editor"] = name
    session["editor_h"] = _hash_tag(_password_hash_of(name))
    log.info("editor signed in")
    return redirect(nxt, code=303)


@bp.post("/editeur/deconnexion")
def logout():
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("letters.index"), code=303)


# --- command line: flask --app webapp editor-add NAME ------------------------------------------
def _read_password(prompt_twice: bool, from_stdin: bool) -> str:
    import sys
    if from_stdin:
        pw = sys.stdin.readline().rstrip("\n")
    else:
        again = "Le même, encore une fois" if prompt_twice else False
        pw = click.prompt("Mot de passe", hide_input=True, confirmation_prompt=again)
    if len(pw) < MIN_PASSWORD:
        raise click.ClickException(f"mot de passe trop court : {MIN_PASSWORD} caractères au "
                                   f"moins.")
    return pw


def register_cli(app) -> None:
    @app.cli.command("editor-add")
    @click.argument("name")
    @click.option("--password-stdin", is_flag=True,
                  help="lire le mot de passe sur l'entrée standard (scripts)")
    def editor_add(name, password_stdin):
        """Créer un compte d'éditeur (ou changer son mot de passe)."""
        if not NAME_RE.match(name):
            raise click.ClickException("nom invalide : lettres, chiffres et . _ - @ + "
                                       "(80 caractères au plus).")
        pw = _read_password(True, password_stdin)
        created = storage.set_editor(db(app), name, generate_password_hash(pw))
        click.echo(f"Éditeur « {name} » {'créé' if created else 'mis à jour'}.")

    @app.cli.command("editor-remove")
    @click.argument("name")
    def editor_remove(name):
        """Supprimer un compte d'éditeur (ses sessions prennent fin)."""
        if not storage.remove_editor(db(app), name):
            raise click.ClickException(f"aucun éditeur « {name} ».")
        click.echo(f"Éditeur « {name} » supprimé.")

    @app.cli.command("editor-list")
    def editor_list():
        """Lister les comptes d'éditeurs."""
        names = storage.list_editors(db(app))
        env = sorted((app.config.get("EDITORS") or {}))
        for n in names:
            click.echo(n)
        for n in env:
            click.echo(f"{n} (REWRITER_EDITORS)")
        if not names and not env:
            click.echo("Aucun éditeur. Créez-en un : flask --app webapp editor-add NOM")

    @app.cli.command("editor-hash")
    @click.option("--password-stdin", is_flag=True,
                  help="lire le mot de passe sur l'entrée standard (scripts)")
    def editor_hash(password_stdin):
        """Afficher l'empreinte d'un mot de passe, pour REWRITER_EDITORS=nom:empreinte."""
        click.echo(generate_password_hash(_read_password(True, password_stdin)))
