"""Configuration from the environment (12-factor), with safe defaults for one machine.

=============================  ===========================================================
``REWRITER_DATA_DIR``          data folder (default ``./instance``, created 0700): SQLite
                               database and the generated secret key when nothing else is set
``REWRITER_SECRET_KEY``        signs the session cookie and CSRF tokens; if unset, a key is
                               generated ONCE into ``<data dir>/secret_key`` (0600), so every
                               process started on this data folder shares it
``REWRITER_DATABASE_URL``      SQLAlchemy URL (default ``sqlite:///<data dir>/rewriter.db``;
                               production: ``postgresql+psycopg://user:pw@host/db``)
``REWRITER_MAX_UPLOAD_MB``     largest upload (default 20)
``REWRITER_RETENTION_HOURS``   how long a letter and its decisions are kept (default 24)
``REWRITER_PURGE_MINUTES``     opportunistic purge at most this often (default 10)
``REWRITER_ANALYSIS_TIMEOUT``  seconds allowed to analyse or rewrite one file (default 30)
``REWRITER_WORKER_MEMORY_MB``  address space a worker may add to its start size (default 1024)
``REWRITER_COOKIE_SECURE``     1 to send cookies only over HTTPS (set it in production)
``REWRITER_BEHIND_PROXY``      number of reverse proxies to trust for X-Forwarded-* (default 0)
``REWRITER_EDITORS``           editor accounts from the environment: ``name:hash,name:hash``
                               (hashes from ``flask --app webapp editor-hash``)
``REWRITER_TRUSTED_USER_HEADER``  SSO: the header a trusted reverse proxy sets to the
                               signed-in user (e.g. ``X-Remote-User``); ignored when unset
``REWRITER_SSO_EDITORS``       SSO: comma-separated users allowed to edit (default: anyone
                               the proxy lets through)
=============================  ===========================================================
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

ENV_PREFIX = "REWRITER_"


def _int(name: str, default: int) -> int:
    v = os.environ.get(ENV_PREFIX + name, "").strip()
    if not v:
        return default
    try:
        return int(v)
    except ValueError:
        raise SystemExit(f"{ENV_PREFIX}{name} doit être un nombre entier (reçu : {v!r}).")


def _float(name: str, default: float) -> float:
    v = os.environ.get(ENV_PREFIX + name, "").strip()
    if not v:
        return default
    try:
        return float(v)
    except ValueError:
        raise SystemExit(f"{ENV_PREFIX}{name} doit être un nombre (reçu : {v!r}).")


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The data folder, created with 0700 permissions if missing."""
    p = Path(path or os.environ.get(ENV_PREFIX + "DATA_DIR") or "instance").resolve()
    p.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        if p.stat().st_mode & 0o077:
            p.chmod(0o700)
    except OSError:  # pragma: no cover - not our folder: leave it
        pass
    return p


def secret_key(ddir: Path) -> str:
    """``REWRITER_SECRET_KEY``, or a key generated once and stored in the data folder.

    Creation is atomic (O_EXCL), so several processes starting together agree on one key.
    """
    env = os.environ.get(ENV_PREFIX + "SECRET_KEY", "").strip()
    if env:
        return env
    path = ddir / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):
            key = path.read_text(encoding="ascii").strip()
            if key:
                return key
            import time
            time.sleep(0.02)     # another process is writing it
        raise SystemExit(f"Le fichier {path} est vide : supprimez-le et relancez.")
    key = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key + "\n")
    return key


def parse_editors(value: str) -> dict[str, str]:
    """``alice:scrypt:32768:8:1$…,bob:pbkdf2:sha256:…`` → {name: hash}. A werkzeug hash
    has no comma; the name is everything before the first colon."""
    out: dict[str, str] = {}
    for item in (value or "").split(","):
        item = item.strip()
        if not item:
            continue
        name, sep, h = item.partition(":")
        if not sep or not name.strip() or "$" not in h:
            raise SystemExit(f"{ENV_PREFIX}EDITORS : « {name.strip() or item[:20]} » doit "
                             f"s'écrire nom:empreinte (l'empreinte vient de « flask --app "
                             f"webapp editor-hash »).")
        out[name.strip()] = h.strip()
    return out


def from_env(overrides: dict | None = None) -> dict:
    """Build the Flask config from the environment; ``overrides`` win (tests)."""
    overrides = dict(overrides or {})
    ddir = data_dir(overrides.get("DATA_DIR"))
    max_mb = _int("MAX_UPLOAD_MB", 20)
    cfg = {
        "DATA_DIR": str(ddir),
        "DATABASE_URL": os.environ.get(ENV_PREFIX + "DATABASE_URL")
        or f"sqlite:///{ddir / 'rewriter.db'}",
        "MAX_UPLOAD_MB": max_mb,
        "RETENTION_HOURS": _float("RETENTION_HOURS", 24.0),
        "PURGE_MINUTES": _float("PURGE_MINUTES", 10.0),
        "ANALYSIS_TIMEOUT": _float("ANALYSIS_TIMEOUT", 30.0),
        "WORKER_MEMORY_MB": _int("WORKER_MEMORY_MB", 1024),
        "BEHIND_PROXY": _int("BEHIND_PROXY", 0),
        "SESSION_COOKIE_SECURE": os.environ.get(ENV_PREFIX + "COOKIE_SECURE", "")
        .strip().lower() in ("1", "true", "yes", "oui"),
        "EDITORS": parse_editors(os.environ.get(ENV_PREFIX + "EDITORS", "")),
        "TRUSTED_USER_HEADER": os.environ.get(ENV_PREFIX + "TRUSTED_USER_HEADER", "").strip(),
        "SSO_EDITORS": [x.strip() for x in
                        os.environ.get(ENV_PREFIX + "SSO_EDITORS", "").split(",") if x.strip()],
    }
    cfg.update(overrides)
    if "SECRET_KEY" not in cfg:
        cfg["SECRET_KEY"] = secret_key(Path(cfg["DATA_DIR"]))
    return cfg
