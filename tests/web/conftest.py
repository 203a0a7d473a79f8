"""Fixtures of the web tests: an app per test (SQLite in a temporary data folder), a real
PostgreSQL server started by the tests themselves, a waitress server in a thread and a
headless Debian Chromium for the browser tests. Anything missing (PostgreSQL binaries,
Chromium, axe-core) makes the tests that need it skip with a clear reason."""
from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

flask = pytest.importorskip("flask", reason="extra web absent : pip install -e '.[web]'")

CORPUS = Path(os.environ.get("REWRITER_CORPUS") or ROOT.parent / "shared" / "corpus")
CORPUS_DOCX = CORPUS / "letters-public" / "fr" / "histologe-signal-logement" / "3_Mise_en_demeure.docx"
PG_BIN = Path(os.environ.get("REWRITER_PG_BIN", "/usr/lib/postgresql/15/bin"))
CHROMIUM = os.environ.get("REWRITER_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]

JARGON_TEXT = (ROOT / "samples" / "relance-eau-jargon.txt").read_text(encoding="utf-8")


# --- the app ---------------------------------------------------------------------------
@pytest.fixture
def make_app(tmp_path):
    from webapp import create_app

    def make(**overrides):
        cfg = {"DATA_DIR": str(tmp_path / "data"), "TESTING": True, "PURGE_MINUTES": 0,
               "SECRET_KEY": "test-secret"}
        cfg.update(overrides)
        return create_app(cfg)
    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client, path: str = "/") -> str:
    r = client.get(path)
    m = CSRF_RE.search(r.get_data(as_text=True))
    assert m, f"pas de jeton CSRF dans {path}"
    return m.group(1)


def upload_text(client, text: str = JARGON_TEXT, **extra):
    tok = csrf_token(client)
    return client.post("/analyser", data={"csrf_token": tok, "text": text, **extra})


def upload_file(client, data: bytes, name: str, **extra):
    tok = csrf_token(client)
    return client.post("/analyser", data={"csrf_token": tok, "file": (io.BytesIO(data), name),
                                          **extra},
                       content_type="multipart/form-data")


def review_id(resp) -> str:
    assert resp.status_code == 303, resp.get_data(as_text=True)[:2000]
    return resp.headers["Location"].rsplit("/", 1)[-1]


# --- letters ---------------------------------------------------------------------------
from fixtures_docx import build_docx  # noqa: E402,F401  (shared with the other tests)


LETTER_PARAS = [
    "Mairie de Saint-Aubin",
    "Madame,",
    "Veuillez trouver ci-joint le formulaire de demande d'aide.",
    "Vous pouvez solliciter le service social à compter de lundi.",
    "Je vous prie d'agréer, Madame, mes salutations distinguées.",
]


@pytest.fixture(scope="session")
def letter_docx() -> bytes:
    return build_docx(LETTER_PARAS)


def docx_text(data: bytes) -> str:
    import docx
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


@pytest.fixture(scope="session")
def corpus_docx() -> Path:
    if not CORPUS_DOCX.is_file():
        pytest.skip(f"corpus partagé absent ({CORPUS_DOCX}) : définissez REWRITER_CORPUS")
    return CORPUS_DOCX


# --- PostgreSQL, started by the tests ----------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_user() -> str | None:
    """Run postgres as an unprivileged user when we are root (CI)."""
    if os.geteuid() != 0:
        return None
    for user in ("postgres", "nobody"):
        try:
            import pwd
            pwd.getpwnam(user)
            return user
        except KeyError:
            continue
    return None


@pytest.fixture(scope="session")
def pg_url():
    initdb, pg_ctl = PG_BIN / "initdb", PG_BIN / "pg_ctl"
    if not (initdb.exists() and pg_ctl.exists()):
        pytest.skip(f"PostgreSQL absent ({PG_BIN}) : apt-get install postgresql")
    pytest.importorskip("psycopg", reason="psycopg absent : pip install -e '.[web]'")
    base = Path(tempfile.mkdtemp(prefix="rewriter-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    user = _pg_user()
    prefix: list[str] = []
    if user:
        import pwd
        pw = pwd.getpwnam(user)
        for p in (base, sock):
            os.chown(p, pw.pw_uid, pw.pw_gid)
        prefix = ["runuser", "-u", user, "--"]
    port = _free_port()
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    try:
        subprocess.run(prefix + [str(initdb), "-D", str(data), "-A", "trust", "-U", "postgres",
                                 "-E", "UTF8", "--no-sync"],
                       check=True, capture_output=True, env=env, timeout=120)
        subprocess.run(prefix + [str(pg_ctl), "-D", str(data), "-l", str(base / "log"), "-w",
                                 "-t", "60", "-o",
                                 f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 "
                                 "-c fsync=off -c full_page_writes=off", "start"],
                       check=True, capture_output=True, env=env, timeout=90)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as e:
        log = (base / "log").read_text(errors="replace") if (base / "log").exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        out = getattr(e, "stderr", b"") or b""
        pytest.fail(f"PostgreSQL n'a pas démarré : {out.decode(errors='replace')}\n{log}")
    import psycopg
    with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres",
                         autocommit=True) as c:
        c.execute("CREATE DATABASE rewriter_test")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/rewriter_test"
    finally:
        subprocess.run(prefix + [str(pg_ctl), "-D", str(data), "-m", "fast", "-w", "stop"],
                       capture_output=True, env=env, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


# --- live server and browser ---------------------------------------------------------------
@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    from rewriter.commands.serve import build_server
    from webapp import create_app

    app = create_app({"DATA_DIR": str(tmp_path_factory.mktemp("live")), "PURGE_MINUTES": 0})
    srv = build_server("127.0.0.1", 0, threads=4, app=app)
    th = threading.Thread(target=srv.run, daemon=True)
    th.start()
    url = f"http://127.0.0.1:{srv.effective_port}"
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", srv.effective_port), 0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield url
    srv.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium absent ({CHROMIUM}) : apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright absent : pip install -e '.[dev]'")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(locale="fr-FR", accept_downloads=True,
                              viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(20000)
    yield pg
    ctx.close()


@pytest.fixture
def axe_page(browser):
    """A page where axe-core may be injected: ``add_script_tag`` inlines the script, which
    our CSP (rightly) blocks, so this context bypasses CSP. The CSP itself is tested with
    the ordinary ``page`` fixture."""
    ctx = browser.new_context(locale="fr-FR", bypass_csp=True,
                              viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.set_default_timeout(20000)
    yield pg
    ctx.close()


class AxeAudit:
    """Runs axe on each page visited and keeps the violations by page name; the test
    asserts ``not audit.failures`` at the end, so one run lists every failing page."""

    def __init__(self, page):
        self.page = page
        self.failures: dict[str, list] = {}

    def check(self, name: str) -> None:
        v = run_axe(self.page)
        if v:
            self.failures[name] = v


def run_axe(page) -> list[dict]:
    """Serious or critical axe-core violations of the current page."""
    if not AXE.is_file():
        pytest.skip(f"axe-core absent ({AXE}) : npm ci (package.json à la racine)")
    page.add_script_tag(path=str(AXE))
    res = page.evaluate("""async () => await axe.run(document, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}
    })""")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in res["violations"] if v["impact"] in ("serious", "critical")]
