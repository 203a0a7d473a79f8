"""Grammar and spelling backends (rewriter/grammar/, docs/grammaire.md).

LanguageTool: the REAL language-tool-python client against tests/fake_languagetool.py.
Grammalecte: the Debian grammalecte-cli (skipped with a reason when it is not installed).
The rules are an isolated test pack (not the bundled rules), so these tests only depend on
the grammar layer.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rewriter import grammar
from rewriter.config import Settings
from rewriter.engine import check_text
from rewriter.grammar import base
from rewriter.grammar import grammalecte as gc_mod
from rewriter.rulepack import load_rules
from rewriter.templating import tag_spans

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fake_languagetool import FakeLanguageTool  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

PACK = """\
language: fr
defaults: {kind: lexicon, category: jargon, severity: warning}
rules:
  - id: test.courrier
    match: courrier
    replace: lettre
    message: "Écrivez « lettre »."
  - id: test.solliciter
    match: solliciter
    replace: demander
    message: "Écrivez « demander »."
"""

ENV_VARS = ("REWRITER_LANGUAGETOOL_URL", "REWRITER_GRAMMAR", "REWRITER_LANGUAGETOOL_TIMEOUT",
            "REWRITER_LANGUAGETOOL_MAX_CHARS", "REWRITER_LANGUAGETOOL_VARIANTS",
            "REWRITER_GRAMMALECTE_MODE", "REWRITER_GRAMMALECTE_CLI",
            "REWRITER_GRAMMALECTE_SERVER", "REWRITER_GRAMMALECTE_TIMEOUT",
            "REWRITER_GRAMMALECTE_OFF", "REWRITER_GRAMMALECTE_ON")

needs_grammalecte = pytest.mark.skipif(
    shutil.which("grammalecte-cli") is None,
    reason="grammalecte-cli absent (apt-get install grammalecte-cli python3-grammalecte)")


def _gone(pid: int) -> bool:
    """The process has exited (a zombie waiting for its parent counts as gone)."""
    try:
        return "zombie" in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True


def _wait_until(done, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        time.sleep(0.05)
    return done()


@pytest.fixture(autouse=True)
def clean(monkeypatch):
    for v in ENV_VARS:
        monkeypatch.delenv(v, raising=False)
    grammar.reset()
    yield
    grammar.reset()


@pytest.fixture(scope="module")
def rules_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("rules")
    (d / "fr").mkdir()
    (d / "en").mkdir()
    (d / "fr" / "test.yml").write_text(PACK, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def ruleset(rules_dir):
    return load_rules("fr", bundled_dir=rules_dir)


@pytest.fixture
def fake():
    srv = FakeLanguageTool().start()
    yield srv
    srv.stop()


def check(text, settings, ruleset, language="fr"):
    return check_text(text, language, settings, ruleset=ruleset)


def by_rule(report, prefix):
    return [f for f in report.findings if f.rule.startswith(prefix)]


def run_cli(args, env_extra, rules_dir, timeout=120):
    """``rewriter check`` in a subprocess, isolated from the repository configuration
    (--no-config, --no-baseline, cwd = the rules folder) and in one process (--jobs 1: the
    stderr notice is said once per process)."""
    env = {k: v for k, v in os.environ.items() if k not in ENV_VARS}
    env.update(env_extra)
    env["REWRITER_RULES_DIR"] = str(rules_dir)
    env["PYTHONPATH"] = str(ROOT)
    cmd, rest = args[0], args[1:]
    p = subprocess.run([sys.executable, "-m", "rewriter", cmd, "--no-config", "--no-baseline",
                        "--jobs", "1", *rest], capture_output=True,
                       text=True, timeout=timeout, env=env, cwd=rules_dir)
    return p.returncode, p.stdout, p.stderr


LETTER = "Madame,\n\nVoici la copie du lettre envoyée le 3 mars.\n\nBien cordialement,\n"


# --- masking (unit) ------------------------------------------------------------------

def test_mask_maps_offsets_back_exactly():
    text = "Réglez {{ montant }} € {% if x %}avant le\nlundi 😀 ok"
    prot = tag_spans(text)
    assert [text[s:e] for s, e in prot] == ["{{ montant }}", "{% if x %}"]
    m = base.mask(text, prot)
    assert m.text == "Réglez X € avant le lundi \ufffd ok"
    i = m.text.index("avant")
    assert m.span(i, i + 5) == (text.index("avant"), text.index("avant") + 5)
    i = m.text.index("ok")
    assert text[slice(*m.span(i, i + 2))] == "ok"
    # a span covering the stand-in covers the whole tag (then seen as protected)
    j = m.text.index("X")
    assert m.span(j, j + 3) == (7, 22)
    # a span crossing a removed control tag covers it
    k = m.text.index("€")
    assert m.span(k, k + 7) == (21, text.index("avant") + 5)
    assert text[21] == "€"


# --- LanguageTool (real client, fake server) -----------------------------------------

def test_languagetool_cli_reports_exact_finding(fake, rules_dir, tmp_path):
    f = tmp_path / "lettre.txt"
    f.write_text(LETTER, encoding="utf-8")
    code, out, err = run_cli(["check", "--format", "json", str(f)],
                             {"REWRITER_LANGUAGETOOL_URL": fake.url}, rules_dir)
    assert code == 0, err
    assert "Traceback" not in err
    rep = json.loads(out)["files"][0]
    g = [x for x in rep["findings"] if x["category"] == "grammar"]
    assert len(g) == 1, rep["findings"]
    x = g[0]
    assert x["rule"].startswith("languagetool.FR_AGREEMENT")
    assert x["text"] == "du lettre" and x["severity"] == "warning"
    paras = [p for p in LETTER.split("\n") if p.strip()]
    assert paras[x["paragraph"]][x["start"]:x["end"]] == "du lettre"
    assert x["suggestions"] == ["de la lettre"] and x["fixable"] is True
    assert (x["line"], x["column"]) == (3, 1 + LETTER.split("\n")[2].index("du lettre"))
    assert not rep.get("notices")
    checks = fake.checks()
    assert checks and all(c["language"] == "fr-FR" for c in checks)
    assert ("GET", "/v2/languages", {}) in fake.requests


def test_languagetool_unreachable_cli_notice_once_no_traceback(rules_dir, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(LETTER, encoding="utf-8")
    b.write_text(LETTER.replace("3 mars", "4 mars"), encoding="utf-8")
    ref_code, ref_out, _ = run_cli(["check", "--format", "json", str(a), str(b)],
                                   {"REWRITER_GRAMMAR": "off"}, rules_dir)
    url = "http://127.0.0.1:1"
    t0 = time.monotonic()
    code, out, err = run_cli(["check", "--format", "json", str(a), str(b)],
                             {"REWRITER_LANGUAGETOOL_URL": url}, rules_dir)
    assert code == ref_code == 0
    assert time.monotonic() - t0 < 30
    notice = f"Le serveur LanguageTool ({url}) ne répond pas : vérification grammaticale ignorée."
    assert err.count(notice) == 1, err
    assert "Traceback" not in err
    data = json.loads(out)
    for rep in data["files"]:
        assert notice in rep["notices"]
        assert not [x for x in rep["findings"] if x["rule"].startswith("languagetool.")]
    # same findings as without the grammar check
    strip = [[(x["rule"], x["start"]) for x in r["findings"]] for r in data["files"]]
    ref = [[(x["rule"], x["start"]) for x in r["findings"]]
           for r in json.loads(ref_out)["files"]]
    assert strip == ref


def test_languagetool_http_500(fake, ruleset):
    fake.mode = "error"
    st = Settings(languagetool_url=fake.url)
    rep = check(LETTER, st, ruleset)
    assert not by_rule(rep, "languagetool.")
    assert any("ne répond pas" in n and fake.url in n for n in rep.notices)
    n = len(fake.checks())
    assert n == 1
    # the failed server is not asked again for a while (a folder does not wait N times)
    rep2 = check(LETTER.replace("3 mars", "5 mars"), st, ruleset)
    assert any("ne répond pas" in x for x in rep2.notices)
    assert len(fake.checks()) == n


def test_languagetool_timeout_is_short(fake, ruleset, monkeypatch):
    fake.mode, fake.delay = "slow", 3.0
    monkeypatch.setenv("REWRITER_LANGUAGETOOL_TIMEOUT", "0.5")
    t0 = time.monotonic()
    rep = check(LETTER, Settings(languagetool_url=fake.url), ruleset)
    elapsed = time.monotonic() - t0
    assert elapsed < 2.5, elapsed          # one try of 0.5 s, not 2 x 300 s
    assert any("ne répond pas" in n for n in rep.notices)
    assert len(fake.checks()) == 1


def test_languagetool_cache_second_check_sends_nothing(fake, ruleset):
    st = Settings(languagetool_url=fake.url)
    r1 = check(LETTER, st, ruleset)
    n = len(fake.checks())
    assert n == 1
    r2 = check(LETTER, st, ruleset)
    assert len(fake.checks()) == n
    assert [f.to_dict() for f in r1.findings] == [f.to_dict() for f in r2.findings]
    # one paragraph changed: only that paragraph is sent
    check(LETTER.replace("Bien cordialement", "Cordialement"), st, ruleset)
    sent = fake.checks()[n:]
    assert len(sent) == 1 and sent[0]["text"] == "Cordialement,"


def test_languagetool_requests_respect_size_limit(fake, ruleset, monkeypatch):
    monkeypatch.setenv("REWRITER_LANGUAGETOOL_MAX_CHARS", "300")
    paras = [f"Paragraphe {i} : voici la copie du lettre numéro {i}, envoyée hier "
             f"par nos services." for i in range(12)]
    long_para = " ".join(f"Phrase {i} du lettre." for i in range(40))     # > 300 chars
    text = "Madame,\n\n" + "\n\n".join(paras + [long_para]) + "\n"
    rep = check(text, Settings(languagetool_url=fake.url), ruleset)
    checks = fake.checks()
    assert len(checks) > 3
    assert all(len(c["text"]) <= 300 for c in checks)
    g = by_rule(rep, "languagetool.FR_AGREEMENT_DU_LETTRE")
    assert len(g) == 12 + 40
    doc_paras = [p for p in text.split("\n") if p.strip()]
    for f in g:
        assert doc_paras[f.paragraph][f.start:f.end] == "du lettre" == f.text


def test_languagetool_never_in_template_tags_nor_names(fake, ruleset):
    fake.rules.append((r"\bDupond\b", "FR_SPELLING_RULE", "TYPOS", "misspelling",
                       "Faute de frappe possible.", ["Dupont"]))
    text = ("Madame,\n\nVotre référence {{ du lettre }} est notée. Nous avons écrit à "
            "Dupond hier. Le courier est parti. Dupond est venu.\n")
    rep = check(text, Settings(languagetool_url=fake.url), ruleset)
    p = [x for x in text.split("\n") if x.strip()][1]
    assert not by_rule(rep, "languagetool.FR_AGREEMENT")          # inside {{ }}
    sp = by_rule(rep, "languagetool.FR_SPELLING_RULE")
    assert [(f.text, f.start) for f in sp] == [("courier", p.index("courier")),
                                               ("Dupond", p.rindex("Dupond"))]
    assert sp[0].suggestions == ["courrier", "coursier"] and sp[0].fixable is False
    assert sp[0].category == "spelling" and sp[0].severity == "warning"
    assert "{{ du lettre }}" not in fake.checks()[0]["text"]
    # typography (two spaces) is left out by default
    rep = check("Madame,\n\nVoici  la lettre.\n", Settings(languagetool_url=fake.url),
                ruleset)
    assert not by_rule(rep, "languagetool.WHITESPACE_RULE")


def test_languagetool_english_variant(fake, monkeypatch, rules_dir):
    text = "Dear Sir,\n\nPlease find the letter enclosed.\n"
    st = Settings(languagetool_url=fake.url)
    en_rules = load_rules("en", bundled_dir=rules_dir)
    check(text, st, en_rules, "en")
    assert fake.checks()[-1]["language"] == "en-GB"
    grammar.reset()
    monkeypatch.setenv("REWRITER_LANGUAGETOOL_VARIANTS", "en=en-US")
    check(text, st, en_rules, "en")
    assert fake.checks()[-1]["language"] == "en-US"


def test_languagetool_grammar_safe_rewrites(fake, ruleset):
    text = ("Madame,\n\nLe courrier est arrivé hier. Vous avez sollicité une aide.\n\n"
            "Bien cordialement,\n")
    rep = check(text, Settings(languagetool_url=fake.url), ruleset)
    c = by_rule(rep, "test.courrier")[0]
    s = by_rule(rep, "test.solliciter")[0]
    assert c.fixable is False and c.suggestions == ["lettre"]
    assert "Remplacement automatique retiré : il créerait une faute" in c.message
    assert "lettre" in c.message and "féminin" in c.message
    assert s.fixable is True and s.suggestions == ["demandé"]
    assert any("1 remplacement automatique retiré" in n for n in rep.notices)
    # paragraphs and the candidate sentences went in one request
    assert len(fake.checks()) == 1


def test_modes_and_unavailable_backends(fake, ruleset, monkeypatch, rules_dir):
    assert grammar.choose(Settings(grammar="off"), "fr") == (None, None)
    monkeypatch.setenv("REWRITER_GRAMMAR", "off")
    rep = check(LETTER, Settings(languagetool_url=fake.url), ruleset)
    assert not fake.checks() and not rep.notices
    monkeypatch.delenv("REWRITER_GRAMMAR")
    rep = check(LETTER, Settings(grammar="languagetool"), ruleset)
    assert rep.notices == [grammar.N_NO_URL]
    monkeypatch.setenv("REWRITER_GRAMMALECTE_CLI", "/nonexistent/grammalecte-cli")
    rep = check(LETTER, Settings(grammar="grammalecte"), ruleset)
    assert rep.notices == [grammar.N_NO_GRAMMALECTE]
    rep = check(LETTER, Settings(), ruleset)      # auto, nothing available: silent
    assert rep.notices == [] and not by_rule(rep, "grammalecte.")
    rep = check("Dear Sir,\n\nThe letter is here.\n", Settings(grammar="grammalecte"),
                load_rules("en", bundled_dir=rules_dir), "en")
    assert rep.notices == [grammar.N_FRENCH_ONLY.format(lang="en")]


def test_disabled_rules_and_categories_apply(fake, ruleset):
    st = Settings(languagetool_url=fake.url,
                  disabled_rules={"languagetool.FR_AGREEMENT_DU_LETTRE"})
    assert not by_rule(check(LETTER, st, ruleset), "languagetool.")
    st = Settings(languagetool_url=fake.url, disabled_categories={"grammar"})
    assert not by_rule(check(LETTER, st, ruleset), "languagetool.")


# --- Grammalecte (Debian grammalecte-cli) ----------------------------------------------

GC_TEXT = ("Madame Kowalczyk,\n\nLes enfant sont parti. Nous avons reçu une dossier complet "
           "{{ reference }}. Votre demmande est en cours.\n\nJe vous prie d'agréer, Madame, "
           "l'expression de mes salutations : bien à vous.\n")


@needs_grammalecte
@pytest.mark.slow       # two grammalecte-cli runs (check + spelling suggestions): ~1 s
def test_grammalecte_agreement_offline_exact_offsets(ruleset, monkeypatch):
    monkeypatch.setenv("REWRITER_GRAMMALECTE_MODE", "cli")
    rep = check(GC_TEXT, Settings(), ruleset)           # auto: Grammalecte for French
    paras = [p for p in GC_TEXT.split("\n") if p.strip()]
    got = {(f.text, f.paragraph, f.start, f.end, f.category) for f in by_rule(rep, "grammalecte.")}
    p1 = paras[1]
    assert ("enfant", 1, p1.index("enfant"), p1.index("enfant") + 6, "grammar") in got
    assert ("parti", 1, p1.index("parti"), p1.index("parti") + 5, "grammar") in got
    assert ("une", 1, p1.index("une"), p1.index("une") + 3, "grammar") in got
    une = [f for f in rep.findings if f.text == "une"][0]
    assert une.suggestions == ["un"] and une.fixable is True and une.severity == "warning"
    assert "masculin" in une.message
    # "enfant"/"parti": two single fixes in one sentence -> advice only
    assert not [f for f in rep.findings if f.text in ("enfant", "parti") and f.fixable]
    sp = [f for f in rep.findings if f.category == "spelling"]
    assert [f.text for f in sp] == ["demmande"]           # not the name "Kowalczyk"
    assert "demande" in sp[0].suggestions and sp[0].fixable is False
    for f in by_rule(rep, "grammalecte."):
        assert paras[f.paragraph][f.start:f.end] == f.text
        assert not rep.document.paragraphs[f.paragraph].is_protected(f.start, f.end)
    # typography is off by default: straight apostrophes, " :" without nbsp
    assert not [f for f in rep.findings if f.paragraph == 2]
    assert not rep.notices


@needs_grammalecte
def test_grammalecte_typography_can_be_switched_on(ruleset, monkeypatch):
    monkeypatch.setenv("REWRITER_GRAMMALECTE_MODE", "cli")
    monkeypatch.setenv("REWRITER_GRAMMALECTE_OFF", "")
    rep = check("Madame,\n\nVoici l'adresse : ici.\n", Settings(), ruleset)
    rules = {f.rule for f in by_rule(rep, "grammalecte.")}
    assert "grammalecte.apostrophe_typographique" in rules
    assert all(f.category == "style" and f.severity == "info"
               for f in by_rule(rep, "grammalecte."))


@needs_grammalecte
def test_grammalecte_grammar_safe_rewrites(ruleset, monkeypatch):
    monkeypatch.setenv("REWRITER_GRAMMALECTE_MODE", "cli")
    text = ("Madame,\n\nLe courrier est arrivé hier. Vous avez sollicité une aide.\n\n"
            "Bien cordialement,\n")
    backend = gc_mod.get_backend()
    rep = check(text, Settings(grammar="grammalecte"), ruleset)
    c = by_rule(rep, "test.courrier")[0]
    s = by_rule(rep, "test.solliciter")[0]
    assert c.fixable is False
    assert c.message.startswith("Écrivez « lettre ». Remplacement automatique retiré : "
                                "il créerait une faute (")
    assert "féminin" in c.message
    assert s.fixable is True and s.suggestions == ["demandé"]
    assert any("1 remplacement automatique retiré" in n and "Grammalecte" in n
               for n in rep.notices)
    assert backend.calls == 1          # paragraphs + candidate sentences: one process


@needs_grammalecte
def test_grammalecte_failure_gives_notice(ruleset, monkeypatch, tmp_path):
    bad = tmp_path / "grammalecte-cli"
    bad.write_text("#!/bin/sh\necho 'Traceback: boom' >&2\nexit 1\n", encoding="utf-8")
    bad.chmod(0o755)
    monkeypatch.setenv("REWRITER_GRAMMALECTE_CLI", str(bad))
    monkeypatch.setenv("REWRITER_GRAMMALECTE_MODE", "cli")
    rep = check(GC_TEXT, Settings(), ruleset)
    assert not by_rule(rep, "grammalecte.")
    assert any(n.startswith("Grammalecte n'a pas pu vérifier cette lettre") for n in rep.notices)
    slow = tmp_path / "slow-cli"
    slow.write_text("#!/bin/sh\nsleep 5\n", encoding="utf-8")
    slow.chmod(0o755)
    grammar.reset()
    monkeypatch.setenv("REWRITER_GRAMMALECTE_CLI", str(slow))
    monkeypatch.setenv("REWRITER_GRAMMALECTE_TIMEOUT", "0.5")
    t0 = time.monotonic()
    rep = check(GC_TEXT, Settings(), ruleset)
    assert time.monotonic() - t0 < 4
    assert any("pas de réponse en 0.5 s" in n for n in rep.notices)


@needs_grammalecte
@pytest.mark.slow
def test_grammalecte_worker_same_results_and_cleanup(ruleset, monkeypatch):
    monkeypatch.setenv("REWRITER_GRAMMALECTE_MODE", "cli")
    ref = [f.to_dict() for f in check(GC_TEXT, Settings(), ruleset).findings]
    grammar.reset()
    monkeypatch.setenv("REWRITER_GRAMMALECTE_MODE", "server")
    backend = gc_mod.get_backend()
    got = [f.to_dict() for f in check(GC_TEXT, Settings(), ruleset).findings]
    assert got == ref
    w = backend._worker
    assert w is not None and w.alive() and w.server_pid
    t0 = time.monotonic()
    grammar.CACHE.clear()
    check(GC_TEXT.replace("en cours", "prête"), Settings(), ruleset)
    assert time.monotonic() - t0 < 1.5                  # no process start any more
    pid = w.server_pid
    backend.shutdown()
    assert _wait_until(lambda: _gone(pid), 5)


@needs_grammalecte
@pytest.mark.slow
def test_grammalecte_worker_shared_by_forked_jobs(ruleset, monkeypatch):
    """The web server starts grammalecte-server once (webapp/preload.py) and forks one
    process per job: every job posts to that server instead of starting its own, and a
    job ending (or failing) never stops it."""
    import json
    import os

    monkeypatch.delenv("REWRITER_GRAMMALECTE_MODE", raising=False)
    grammar.reset()
    backend = gc_mod.get_backend()
    assert backend.start_worker(2)                # one server per job slot
    assert len({w.port for w in backend._shared}) == 2
    for slot in (0, 1, 0):
        w = backend._shared[slot]
        port, server_pid = w.port, w.server_pid
        r, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:    # a job, in its slot
            try:
                os.environ["REWRITER_WORKER_SLOT"] = str(slot)
                grammar.CACHE.clear()
                rep = check(GC_TEXT, Settings(), ruleset)
                b = gc_mod.get_backend()
                out = {"port": b._worker.port if b._worker else None,
                       "alive": bool(b._worker and b._worker.alive()),
                       "found": sorted(f.text for f in by_rule(rep, "grammalecte."))}
                b.shutdown()                     # what a failing job may do
                os.write(wfd, json.dumps(out).encode())
            finally:
                os._exit(0)
        os.close(wfd)
        os.waitpid(pid, 0)
        got = json.loads(os.read(r, 65536).decode())
        os.close(r)
        assert got["port"] == port and got["alive"]
        assert got["found"]                      # GC_TEXT has agreement errors
        assert w.alive() and Path(f"/proc/{server_pid}").exists()
    pids = [w.server_pid for w in backend._shared]
    backend.shutdown()
    grammar.reset()
    assert _wait_until(lambda: all(_gone(p) for p in pids), 5)   # they stop with their owner


@needs_grammalecte
@pytest.mark.slow
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGKILL"])
def test_grammalecte_servers_stop_with_a_killed_service(sig):
    """A web server stopped like a service — its whole process group signalled, even with
    SIGKILL — leaves no grammalecte-server behind (they hold ~100 MB each)."""
    import os
    import signal
    import subprocess
    import sys

    code = ("import sys, time\n"
            "from rewriter.grammar import grammalecte as g\n"
            "b = g.get_backend(); assert b.start_worker(2)\n"
            "print(' '.join(str(w.server_pid) for w in b._shared), flush=True)\n"
            "time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                            start_new_session=True, text=True,
                            cwd=str(Path(__file__).resolve().parent.parent))
    try:
        pids = [int(x) for x in proc.stdout.readline().split()]
        assert len(pids) == 2 and all(Path(f"/proc/{p}").exists() for p in pids)
    finally:
        os.killpg(proc.pid, getattr(signal, sig))
        proc.wait(10)

    def group_left(p: int) -> list[int]:     # the server and its worker process
        out = []
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    if os.getpgid(int(d.name)) == p and not _gone(int(d.name)):
                        out.append(int(d.name))
                except OSError:
                    pass
        return out

    assert _wait_until(lambda: not any(group_left(p) for p in pids), 10)


def test_parallel_checks_share_cache_and_keep_offsets(fake, ruleset):
    """Thread safety: 8 threads check letters at once; offsets stay exact."""
    from concurrent.futures import ThreadPoolExecutor

    st = Settings(languagetool_url=fake.url)
    texts = [f"Madame,\n\n{'Bonjour. ' * i}Voici la copie du lettre n° {i}.\n" for i in range(8)]
    with ThreadPoolExecutor(8) as ex:
        reps = list(ex.map(lambda t: check(t, st, ruleset), texts * 2))
    for t, rep in zip(texts * 2, reps):
        g = by_rule(rep, "languagetool.FR_AGREEMENT_DU_LETTRE")
        p = [x for x in t.split("\n") if x.strip()][1]
        assert [(f.start, f.end) for f in g] == [(p.index("du lettre"), p.index("du lettre") + 9)]
    assert len(fake.checks()) <= 16


def test_markdown_inline_code_is_hidden(fake, ruleset):
    text = "Madame,\n\nLa variable `du lettre` et le courier.\n"
    rep = check(text, Settings(languagetool_url=fake.url), ruleset)
    assert not by_rule(rep, "languagetool.FR_AGREEMENT")
    assert [f.text for f in by_rule(rep, "languagetool.FR_SPELLING_RULE")] == ["courier"]
    assert "`" not in fake.checks()[0]["text"]


def test_unavailable_notices_for_parent_process(capsys):
    from rewriter.model import FileReport

    n = "Le serveur LanguageTool (http://x) ne répond pas : vérification grammaticale ignorée."
    reps = [FileReport(path="a", notices=[n, "Autre chose."]), {"notices": [n]}]
    assert grammar.unavailable_notices(reps) == [n]
    grammar.set_stderr(False)
    try:
        base.warn_once(n)
        assert n not in capsys.readouterr().err
        assert grammar.process_notices() == [n]
    finally:
        grammar.set_stderr(True)


def test_split_keeps_every_text_in_order():
    texts = [f"Paragraphe {i} " + "mot " * (i % 50) for i in range(3000)]
    for n in (1, 2, 4):
        parts = gc_mod._split(texts, n)
        assert [t for p in parts for t in p] == texts
        assert len(parts) <= max(1, n)
    assert gc_mod._split(texts[:3], 2) == [texts[:3]]          # short: one run
    sizes = [sum(len(t) for t in p) for p in gc_mod._split(texts, 2)]
    assert len(sizes) == 2 and abs(sizes[0] - sizes[1]) < 0.1 * sum(sizes)


@needs_grammalecte
@pytest.mark.slow
def test_grammalecte_long_text_split_same_results(monkeypatch):
    """A long letter is checked by two grammalecte-cli at once: the same issues, at the
    same places, as one run."""
    monkeypatch.setenv("REWRITER_GRAMMALECTE_MODE", "cli")
    base_text = GC_TEXT.split("\n")
    texts = [f"{t} (dossier {k})" for k in range(40) for t in base_text if t.strip()]
    b = gc_mod.GrammalecteBackend()
    monkeypatch.setattr(gc_mod, "SPLIT_CHARS", 10 ** 9)
    one = b._check_cli(texts)
    monkeypatch.setattr(gc_mod, "SPLIT_CHARS", 2_000)
    monkeypatch.setattr(gc_mod, "_cores", lambda: 2)
    assert len(gc_mod._split(texts, 2)) == 2
    two = b._check_cli(texts)
    assert [[(x.rule, x.start, x.end, x.replacements) for x in xs] for xs in two] == \
        [[(x.rule, x.start, x.end, x.replacements) for x in xs] for xs in one]
    assert any(two)
