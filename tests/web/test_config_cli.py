"""Configuration from the environment, the shared secret key, and the serve/purge
commands."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def test_defaults_create_data_dir_and_secret_key(tmp_path, monkeypatch):
    from webapp import config, create_app
    monkeypatch.delenv("REWRITER_SECRET_KEY", raising=False)
    monkeypatch.delenv("REWRITER_DATABASE_URL", raising=False)
    monkeypatch.setenv("REWRITER_DATA_DIR", str(tmp_path / "inst"))
    a = create_app()
    ddir = tmp_path / "inst"
    assert stat.S_IMODE(ddir.stat().st_mode) == 0o700
    key = ddir / "secret_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert a.config["DATABASE_URL"] == f"sqlite:///{ddir / 'rewriter.db'}"
    assert a.config["MAX_UPLOAD_MB"] == 20 and a.config["RETENTION_HOURS"] == 24
    b = create_app()                        # a second process: the same key
    assert a.config["SECRET_KEY"] == b.config["SECRET_KEY"] == key.read_text().strip()
    assert config.secret_key(ddir) == a.config["SECRET_KEY"]


def test_env_overrides(tmp_path, monkeypatch):
    from webapp import create_app
    monkeypatch.setenv("REWRITER_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("REWRITER_SECRET_KEY", "s3cret")
    monkeypatch.setenv("REWRITER_MAX_UPLOAD_MB", "5")
    monkeypatch.setenv("REWRITER_RETENTION_HOURS", "2")
    monkeypatch.setenv("REWRITER_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    app = create_app()
    assert app.config["SECRET_KEY"] == "s3cret"
    assert not (tmp_path / "d" / "secret_key").exists()
    assert app.config["MAX_CONTENT_LENGTH"] < 6 << 20
    assert app.config["RETENTION_HOURS"] == 2
    assert (tmp_path / "x.db").exists()


def test_csrf_token_valid_across_processes(tmp_path, monkeypatch):
    """Two app instances (two waitress processes) share the key: a token from one is
    accepted by the other."""
    from webapp import create_app
    monkeypatch.delenv("REWRITER_SECRET_KEY", raising=False)
    monkeypatch.setenv("REWRITER_DATA_DIR", str(tmp_path / "inst"))
    a, b = create_app({"TESTING": True}), create_app({"TESTING": True})
    ca = a.test_client()
    from .conftest import csrf_token
    tok = csrf_token(ca)
    cookie = ca.get_cookie("rewriter_session")
    cb = b.test_client()
    cb.set_cookie("rewriter_session", cookie.value)
    r = cb.post("/analyser", data={"csrf_token": tok, "text": ""})
    assert r.status_code == 400 and "Choisissez un fichier" in r.get_data(as_text=True)


def _cli(args, env_extra, cwd):
    env = dict(os.environ, PYTHONPATH=str(ROOT), **env_extra)
    return subprocess.run([sys.executable, "-m", "rewriter", *args], capture_output=True,
                          text=True, env=env, cwd=cwd, timeout=60)


def test_purge_command(tmp_path):
    from datetime import timedelta

    from webapp import storage
    url = f"sqlite:///{tmp_path / 'p.db'}"
    eng = storage.make_engine(url)
    storage.create_schema(eng)
    storage.save_review(eng, filename="a.txt", fmt="txt", original=b"x", language="fr",
                        report={}, document={}, retention_hours=-1)
    storage.save_review(eng, filename="b.txt", fmt="txt", original=b"x", language="fr",
                        report={}, document={}, retention_hours=5)
    env = {"REWRITER_DATABASE_URL": url, "REWRITER_DATA_DIR": str(tmp_path / "d")}
    r = _cli(["purge", "--dry-run"], env, tmp_path)
    assert r.returncode == 0 and "1 lettre(s) à effacer" in r.stdout
    r = _cli(["purge"], env, tmp_path)
    assert r.returncode == 0, r.stderr
    assert "1 lettre(s) effacée(s) ; il en reste 1" in r.stdout
    assert not (tmp_path / "d" / "secret_key").exists()
    assert timedelta


def test_purge_bad_database_is_exit_2(tmp_path):
    r = _cli(["purge"], {"REWRITER_DATABASE_URL": "postgresql+psycopg://x@127.0.0.1:1/x",
                         "REWRITER_DATA_DIR": str(tmp_path)}, tmp_path)
    assert r.returncode == 2 and "base de données inaccessible" in r.stderr


def test_serve_help():
    r = _cli(["serve", "--help"], {}, ROOT)
    assert r.returncode == 0 and "--port" in r.stdout and "--host" in r.stdout


def test_serve_runs_and_answers(tmp_path):
    import socket
    import time
    import urllib.request
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, PYTHONPATH=str(ROOT), REWRITER_DATA_DIR=str(tmp_path / "d"))
    p = subprocess.Popen([sys.executable, "-m", "rewriter", "serve", "--port", str(port)],
                         env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 40
        body = None
        while time.time() < deadline:
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        assert body == b'{"status":"ok"}\n', p.stderr.read1().decode() if p.poll() else ""
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/check",
                                     data=b'{"text": "Veuillez trouver ci-joint le dossier."}',
                                     headers={"Content-Type": "application/json"})
        d = __import__("json").loads(urllib.request.urlopen(req, timeout=30).read())
        assert d["findings"]
        # waitress refuses a body beyond its own limit
        try:
            big = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/check",
                                         data=b"a" * (25 << 20),
                                         headers={"Content-Type": "application/json"})
            urllib.request.urlopen(big, timeout=30)
            raise AssertionError("should be refused")
        except urllib.error.HTTPError as e:
            assert e.code == 413
        except (ConnectionError, urllib.error.URLError):
            pass
    finally:
        p.terminate()
        p.wait(10)
    assert Path(tmp_path / "d" / "secret_key").exists()
