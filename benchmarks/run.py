"""rewriter performance benchmarks: one command, side by side, as ratios.

    .venv/bin/python benchmarks/run.py [--json PATH] [--quick] [--only ROW,ROW] [--repeat N]

Absolute times on a shared 2-core machine are noise; what is stable is the ratio of two
things measured in the same run, interleaved (A B B A A B …) and summarised by medians.
Every row says what is compared with what, the ratio, the target and whether it is met.

Rows (ids for --only):
  en40k    `rewriter check` vs `proselint check` on the same 40,000-word English file
           (proselint goes into its own venv, benchmarks/.venv-peers; row skipped with a
           message if it cannot be installed)
  fr40k    40,000-word French text: full analysis (check_text, in-process) vs textstat's
           bare French Flesch (textstat.backend.metrics.flesch_reading_ease, new text at
           each call because of its cache); then the whole `rewriter check` command vs a
           process computing that Flesch score, with REWRITER_GRAMMAR=off and with the
           default grammar setting (Grammalecte), on the repeated letter and on a variant
           whose paragraphs are all different (Grammalecte results are cached per
           paragraph text, so the repeated letter only costs one letter of grammar)
  docx     a 2-page .docx letter: full analysis (check_bytes) vs docx.Document(...)
  rules    bundled packs vs the same + 5,000 synthetic multi-word lexicon entries
  jobs     500-letter batch: `rewriter check --jobs 1` vs `--jobs 2`
  startup  `rewriter check` on a one-line file: warm rules cache, cold rules cache
           (REWRITER_CACHE_DIR = new empty folder), default grammar; next to `python -c
           pass` (the interpreter floor) and proselint on the same file
  web      `rewriter serve` on 127.0.0.1 (free port, temporary data folder): a 2-page
           .docx posted to /api/v1/check by 1 then 8 concurrent clients, bounded in time

Everything runs with REWRITER_GRAMMAR=off (the engine alone) unless the row says
"grammar default". The rules cache of every run is a private folder (benchmarks/.cache),
never the user's. Nothing here asserts: it prints a table and, with --json, writes it.
"""
from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import platform
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
DATA = BENCH / "data"
sys.path.insert(0, str(ROOT))
PY = sys.executable
REWRITER = [PY, "-m", "rewriter"]
PEERS_VENV = Path(os.environ.get("REWRITER_BENCH_PEERS_VENV") or BENCH / ".venv-peers")
PROSELINT_SPEC = os.environ.get("REWRITER_BENCH_PROSELINT", "proselint==0.16.0")

TARGETS = {   # row id -> (comparison, limit, text)
    "en40k": ("<=", 0.5, "≤ 0.5 × proselint"),
    "fr40k": ("<=", 1.5, "≤ 1.5 × textstat (Flesch seul)"),
    "docx": ("<=", 3.0, "≤ 3 × ouverture python-docx"),
    "rules": ("<=", 1.25, "≤ 1.25 × sans les 5 000 entrées"),
    "jobs": (">=", 1.6, "--jobs 2 ≥ 1.6 × plus rapide"),
    "startup": ("<", 0.5, "< 0.5 s"),
}


# --- machine -------------------------------------------------------------------------------
def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count()
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) // 1024} MiB"
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(), "usable_cores": usable, "memory": mem,
            "python": platform.python_version(), "platform": platform.platform(),
            "grammalecte_cli": shutil.which("grammalecte-cli")}


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version
    out = {}
    for name in ("rewriter", "textstat", "python-docx", "simplemma", "pyphen", "waitress",
                 "Flask"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = None
    return out


# --- timing helpers ------------------------------------------------------------------------
def interleave(cases: dict, repeat: int, warmup: bool = True, log=None) -> dict:
    """Run each callable of ``cases`` ``repeat`` times, alternating the order (A B, B A…)
    so that a slow period of the machine hits every case alike. A ``Cmd`` returns its own
    duration; any other callable is timed here (its result is ignored). Returns
    name -> list of seconds."""
    names = list(cases)
    if warmup:
        for n in names:
            cases[n]()
    out = {n: [] for n in names}
    for i in range(repeat):
        for n in (names if i % 2 == 0 else names[::-1]):
            t0 = time.perf_counter()
            r = cases[n]()
            dt = r if isinstance(cases[n], Cmd) else time.perf_counter() - t0
            out[n].append(dt)
        if log:
            log(f"    tour {i + 1}/{repeat} : " + ", ".join(
                f"{n} {out[n][-1]:.3f}s" for n in names))
    return out


def forget(*rulesets) -> None:
    """Empty the suggestions the matcher remembers per context (kinds/matcher.py
    ``_finding``) before an in-process run: every run then pays them, as the first
    analysis of a text in a new process does, instead of finding the previous run's."""
    for rs in rulesets:
        for c in rs.checkers:
            memo = getattr(c, "_memo", None)
            if memo is not None:
                memo.clear()


def med(xs) -> float:
    return statistics.median(xs)


class Cmd:
    """A command timed as a child process (wall time; CPU of the child tree from
    RUSAGE_CHILDREN)."""

    def __init__(self, argv, env=None, cwd=None, ok=(0, 1), env_fn=None):
        self.argv, self.env, self.cwd, self.ok, self.env_fn = argv, env, cwd, ok, env_fn
        self.cpu: list[float] = []

    def __call__(self) -> float:
        env = self.env_fn() if self.env_fn else self.env
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        p = subprocess.run(self.argv, env=env, cwd=self.cwd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=1800)
        dt = time.perf_counter() - t0
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        if p.returncode not in self.ok:
            raise RuntimeError(f"{' '.join(map(str, self.argv))} -> code {p.returncode}\n"
                               f"{p.stderr.decode('utf-8', 'replace')[-1500:]}")
        return dt


def env_with(**kw) -> dict:
    env = dict(os.environ)
    for k, v in kw.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return env


# --- texts ---------------------------------------------------------------------------------
def make_40k(lang: str, out: Path) -> Path:
    """As peers-runners/make-texts.sh: the letter then an empty line, until ≥ 40,000
    words."""
    letter = (DATA / f"letter-{lang}.txt").read_text(encoding="utf-8")
    words = len(letter.split())
    n = (40000 + words - 1) // words
    p = out / f"{lang}-40k.txt"
    p.write_text((letter + "\n") * n, encoding="utf-8")
    return p


def make_40k_unique(out: Path) -> Path:
    """The French letter repeated to ~40,000 words, each paragraph of copy k ending with
    " (dossier k)": same prose, but no two paragraphs are equal, so nothing is served
    from a per-paragraph cache."""
    letter = (DATA / "letter-fr.txt").read_text(encoding="utf-8").strip()
    paras = [p.strip() for p in letter.split("\n\n") if p.strip()]
    copies, total, k = [], 0, 0
    while total < 40000:
        k += 1
        cp = [f"{p} (dossier {k})" for p in paras]
        total += sum(len(p.split()) for p in cp)
        copies.append("\n\n".join(cp))
    p = out / "fr-40k-unique.txt"
    p.write_text("\n\n".join(copies) + "\n", encoding="utf-8")
    return p


def two_page_docx() -> bytes:
    """About 950 words: the French letter twice (two pages in Word's default layout) and
    a 3×2 table."""
    import docx
    letter = (DATA / "letter-fr.txt").read_text(encoding="utf-8")
    d = docx.Document()
    for _ in range(2):
        for para in letter.split("\n\n"):
            if para.strip():
                d.add_paragraph(para.strip())
    t = d.add_table(rows=3, cols=2)
    for r in range(3):
        t.cell(r, 0).text = "Pièces justificatives"
        t.cell(r, 1).text = "Il vous appartient de les transmettre à compter du 1er mars."
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def synthetic_pack(n: int, path: Path) -> None:
    """``n`` lexicon entries of 2–4 real words drawn from the evaluation letters: their
    first words are frequent, so the automaton is walked at many positions, but whole
    matches are rare (so we measure matching, not the cost of findings)."""
    rnd = random.Random(42)
    words = sorted({w for p in (ROOT / "evaluation").rglob("*.txt")
                    for w in p.read_text(encoding="utf-8").lower().split()
                    if w.isalpha() and len(w) > 3})
    lines = ["language: fr", "defaults: {kind: lexicon, category: jargon, severity: info}",
             "rules:"]
    for i in range(n):
        k = rnd.choice([2, 2, 3, 4])
        pat = " ".join(rnd.choice(words) for _ in range(k))
        lines.append(f"  - id: synth.{i}\n    match: \"{pat}\"\n    message: m")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def make_batch(n: int, out: Path) -> Path:
    """``n`` letters copied from evaluation/ (fr and en, heavy and plain) and templates/
    (Jinja models), in one folder."""
    src = sorted(p for p in (ROOT / "evaluation").rglob("*.txt")) + \
        sorted((ROOT / "templates").glob("*.j2"))
    d = out / "batch"
    d.mkdir(exist_ok=True)
    for i in range(n):
        s = src[i % len(src)]
        (d / f"{i:03d}-{s.name}").write_bytes(s.read_bytes())
    return d


# --- peers ---------------------------------------------------------------------------------
def ensure_proselint(log) -> tuple[Path | None, str]:
    exe = PEERS_VENV / "bin" / "proselint"
    if not exe.exists():
        log(f"  installation de {PROSELINT_SPEC} dans {PEERS_VENV} (venv séparé)…")
        try:
            subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True,
                           capture_output=True, timeout=300)
            pip = [str(PEERS_VENV / "bin" / "python"), "-m", "pip", "install", "-q"]
            p = subprocess.run(pip + [PROSELINT_SPEC], capture_output=True, timeout=600)
            if p.returncode != 0:
                p = subprocess.run(pip + ["proselint"], capture_output=True, timeout=600)
            if p.returncode != 0:
                return None, "pip install proselint a échoué : " + \
                    p.stderr.decode("utf-8", "replace").strip().splitlines()[-1:][0]
        except (OSError, subprocess.SubprocessError) as e:
            return None, f"venv/pip impossible ({type(e).__name__}: {e})"
    if not exe.exists():
        return None, "proselint introuvable après installation"
    v = subprocess.run([str(PEERS_VENV / "bin" / "python"), "-c",
                        "from importlib.metadata import version; print(version('proselint'))"],
                       capture_output=True, text=True).stdout.strip()
    return exe, v


# --- rows ----------------------------------------------------------------------------------
def row(rid, name, a_label, a, b_label=None, b=None, ratio=None, target_id=None, value=None,
        note="", extra=None) -> dict:
    """``a``, ``b``: lists of seconds. ``ratio``: a / b unless given. ``value``: what is
    compared with the target (default: the ratio)."""
    ra = med(a) if a else None
    rb = med(b) if b else None
    if ratio is None and ra is not None and rb:
        ratio = ra / rb
    tgt = TARGETS.get(target_id) if target_id else None
    met = None
    v = ratio if value is None else value
    if tgt and v is not None:
        op, lim, _ = tgt
        met = {"<=": v <= lim, ">=": v >= lim, "<": v < lim}[op]
    return {"id": rid, "measure": name, "a": a_label, "a_median_s": ra, "a_runs": a,
            "b": b_label, "b_median_s": rb, "b_runs": b, "ratio": ratio,
            "target": tgt[2] if tgt else None, "met": met, "note": note, **(extra or {})}


def bench_en40k(ctx, log) -> list[dict]:
    exe, info = ensure_proselint(log)
    if exe is None:
        log(f"  ligne en40k ignorée : proselint ne peut pas être installé ({info}).")
        return [row("en40k", "40k mots anglais", "rewriter check", [], note=(
            f"IGNORÉE : proselint ne peut pas être installé ({info})"))]
    f = ctx["en40k"]
    words = len(f.read_text(encoding="utf-8").split())
    rw = Cmd(REWRITER + ["check", "--lang", "en", "--format", "json", str(f)],
             env=ctx["env_off"], cwd=ctx["tmp"])
    pl = Cmd([str(exe), "check", "-o", "json", str(f)], cwd=ctx["tmp"])
    t = interleave({"rewriter": rw, "proselint": pl}, ctx["repeat"], log=log)
    return [row("en40k", f"{words} mots anglais (fichier .txt, commande entière)",
                "rewriter check --format json (grammar off)", t["rewriter"],
                f"proselint {info} check -o json", t["proselint"], target_id="en40k",
                extra={"a_cpu_median_s": med(rw.cpu[1:]), "b_cpu_median_s": med(pl.cpu[1:])})]


TEXTSTAT_SCRIPT = ("import sys, textstat.backend.metrics as tm; "
                   "t = open(sys.argv[1], encoding='utf-8').read(); "
                   "print(tm.flesch_reading_ease(t, 'fr'))")


def bench_fr40k(ctx, log) -> list[dict]:
    import textstat.backend.metrics as tm

    from rewriter import grammar
    from rewriter.config import Settings
    from rewriter.engine import check_text
    f = ctx["fr40k"]
    text = f.read_text(encoding="utf-8")
    words = len(text.split())
    rows = []
    salt = iter(range(10 ** 9))
    off = Settings(grammar="off")
    from rewriter.rulepack import get_rules
    fr = get_rules("fr")
    t = interleave({
        "rewriter": lambda: (forget(fr), check_text(text, language="fr", settings=off)),
        "textstat": lambda: tm.flesch_reading_ease(text + f" mot{next(salt)}.", "fr"),
    }, ctx["repeat"], log=log)
    rows.append(row("fr40k", f"{words} mots français, dans le processus (moteur seul)",
                    "rewriter check_text (analyse complète, grammar off)", t["rewriter"],
                    "textstat flesch_reading_ease(text, 'fr')", t["textstat"],
                    target_id="fr40k", note="ligne de référence pour l'objectif"))
    # the whole command, as a user runs it, next to a process computing textstat's score
    ts = Cmd([PY, "-c", TEXTSTAT_SCRIPT, str(f)], env=ctx["env_off"], cwd=ctx["tmp"])
    cli_off = Cmd(REWRITER + ["check", "--lang", "fr", "--format", "json", str(f)],
                  env=ctx["env_off"], cwd=ctx["tmp"])
    cli_def = Cmd(REWRITER + ["check", "--lang", "fr", "--format", "json", str(f)],
                  env=ctx["env_default"], cwd=ctx["tmp"])
    cases = {"textstat": ts, "off": cli_off}
    if ctx["grammar"]:
        cases["default"] = cli_def
    t = interleave(cases, ctx["repeat"], log=log)
    rows.append(row("fr40k-cli", f"{words} mots français, commande entière",
                    "rewriter check (grammar off)", t["off"],
                    "python -c textstat Flesch (processus)", t["textstat"],
                    target_id="fr40k", note="même objectif, démarrage compris"))
    if ctx["grammar"]:
        rows.append(row("fr40k-cli-grammar", f"{words} mots français, commande entière, "
                        "grammaire par défaut (lettre répétée)",
                        "rewriter check (grammar par défaut : Grammalecte)", t["default"],
                        "python -c textstat Flesch (processus)", t["textstat"],
                        target_id="fr40k", note="Grammalecte ne voit que ~15 paragraphes "
                        "distincts (résultats mis en cache par texte de paragraphe)"))
        u = ctx["fr40k_unique"]
        uw = len(u.read_text(encoding="utf-8").split())
        ts_u = Cmd([PY, "-c", TEXTSTAT_SCRIPT, str(u)], env=ctx["env_off"], cwd=ctx["tmp"])
        off_u = Cmd(REWRITER + ["check", "--lang", "fr", "--format", "json", str(u)],
                    env=ctx["env_off"], cwd=ctx["tmp"])
        def_u = Cmd(REWRITER + ["check", "--lang", "fr", "--format", "json", str(u)],
                    env=ctx["env_default"], cwd=ctx["tmp"])
        t = interleave({"textstat": ts_u, "off": off_u, "default": def_u},
                       max(1, ctx["repeat"] // 2), warmup=False, log=log)
        rows.append(row("fr40k-unique-off", f"{uw} mots français, paragraphes tous "
                        "différents, commande entière", "rewriter check (grammar off)",
                        t["off"], "python -c textstat Flesch (processus)", t["textstat"],
                        target_id="fr40k"))
        rows.append(row("fr40k-unique-grammar", f"{uw} mots français, paragraphes tous "
                        "différents, grammaire par défaut", "rewriter check (Grammalecte)",
                        t["default"], "python -c textstat Flesch (processus)", t["textstat"],
                        target_id="fr40k", note="coût réel de Grammalecte sur 40k mots"))
    grammar.reset()
    return rows


def bench_docx(ctx, log) -> list[dict]:
    import docx

    from rewriter.config import Settings
    from rewriter.engine import check_bytes
    from rewriter.readers import read_bytes
    from rewriter.rulepack import get_rules
    fr = get_rules("fr")
    data = ctx["docx"]
    off = Settings(grammar="off")
    t = interleave({
        "open": lambda: docx.Document(io.BytesIO(data)),
        "read": lambda: read_bytes(data, "lettre.docx"),
        "full": lambda: (forget(fr), check_bytes(data, "lettre.docx", language="fr",
                                                 settings=off)),
    }, ctx["repeat"] * 3, log=None)
    words = ctx["docx_words"]
    return [
        row("docx", f"lettre .docx de 2 pages ({words} mots) : analyse complète",
            "check_bytes (lecture + analyse, grammar off)", t["full"],
            "docx.Document(BytesIO) (ouverture seule)", t["open"], target_id="docx"),
        row("docx-read", "… dont lecture rewriter (contrôles + parcours)", "read_bytes",
            t["read"], "docx.Document(BytesIO)", t["open"]),
    ]


def bench_rules(ctx, log, entries: int) -> list[dict]:
    from rewriter.config import Settings
    from rewriter.engine import check_text
    from rewriter.rulepack import load_rules
    text = "\n\n".join(p.read_text(encoding="utf-8")
                       for p in sorted((ROOT / "evaluation" / "fr").rglob("*.txt")))
    text = "\n\n".join([text] * max(1, 10000 // len(text.split())))
    words = len(text.split())
    base = load_rules("fr")
    pack = ctx["tmp"] / "synth.yml"
    synthetic_pack(entries, pack)
    t0 = time.perf_counter()
    big = load_rules("fr", [pack])
    t_load = time.perf_counter() - t0
    off = Settings(grammar="off")
    t = interleave({
        "base": lambda: (forget(base), check_text(text, language="fr", ruleset=base,
                                                  settings=off)),
        "big": lambda: (forget(big), check_text(text, language="fr", ruleset=big,
                                                settings=off)),
    }, ctx["repeat"], log=log)
    r_base = check_text(text, language="fr", ruleset=base, settings=off)
    r_big = check_text(text, language="fr", ruleset=big, settings=off)
    synth = sum(1 for f in r_big.findings if f.rule.startswith("synth."))
    return [row("rules", f"{words} mots français (lettres d'evaluation/) : "
                f"{len(base.rules)} règles + {entries} entrées synthétiques",
                f"avec +{entries} entrées", t["big"], f"règles livrées ({len(base.rules)})",
                t["base"], target_id="rules",
                note=f"{synth} remarques synthétiques sur {len(r_big.findings)} "
                     f"(sans : {len(r_base.findings)}) ; compilation des {len(big.rules)} "
                     f"règles une fois : {t_load:.2f} s",
                extra={"compile_s": t_load, "synthetic_findings": synth})]


def bench_jobs(ctx, log, n: int) -> list[dict]:
    d = make_batch(n, ctx["tmp"])
    j1 = Cmd(REWRITER + ["check", "--format", "json", "-o", os.devnull, "--jobs", "1",
                         str(d)], env=ctx["env_off"], cwd=ctx["tmp"])
    j2 = Cmd(REWRITER + ["check", "--format", "json", "-o", os.devnull, "--jobs", "2",
                         str(d)], env=ctx["env_off"], cwd=ctx["tmp"])
    rep = max(2, ctx["repeat"] // 2)
    t = interleave({"jobs1": j1, "jobs2": j2}, rep, warmup=False, log=log)
    speedup = med(t["jobs1"]) / med(t["jobs2"])
    return [row("jobs", f"lot de {n} lettres (evaluation/ + templates/)", "--jobs 1",
                t["jobs1"], "--jobs 2", t["jobs2"], ratio=speedup, target_id="jobs",
                note=f"accélération = durée --jobs 1 / durée --jobs 2 ; CPU des processus : "
                     f"{med(j1.cpu):.1f} s (--jobs 1), {med(j2.cpu):.1f} s (--jobs 2)",
                extra={"a_cpu_median_s": med(j1.cpu), "b_cpu_median_s": med(j2.cpu)})]


def bench_startup(ctx, log) -> list[dict]:
    tiny = ctx["tmp"] / "fr-tiny.txt"
    tiny.write_text("Bonjour.\n", encoding="utf-8")
    cold_dirs = []

    def cold_env():
        d = tempfile.mkdtemp(prefix="rw-cold-cache-")
        cold_dirs.append(d)
        return env_with(REWRITER_GRAMMAR="off", REWRITER_CACHE_DIR=d)

    args = REWRITER + ["check", str(tiny)]
    cases = {
        "python": Cmd([PY, "-c", "pass"], cwd=ctx["tmp"]),
        "warm": Cmd(args, env=ctx["env_off"], cwd=ctx["tmp"]),
        "cold": Cmd(args, env_fn=cold_env, cwd=ctx["tmp"]),
    }
    if ctx["grammar"]:
        cases["grammar"] = Cmd(args, env=ctx["env_default"], cwd=ctx["tmp"])
    if ctx.get("proselint"):
        cases["proselint"] = Cmd([str(ctx["proselint"]), "check", str(tiny)], cwd=ctx["tmp"])
    rep = max(5, ctx["repeat"] + 2)
    try:
        t = interleave(cases, rep, log=log)
    finally:
        for d in cold_dirs:
            shutil.rmtree(d, ignore_errors=True)
    rows = [
        row("startup", "démarrage : rewriter check sur une ligne, cache des règles chaud",
            "rewriter check (grammar off)", t["warm"], "python -c pass", t["python"],
            target_id="startup", value=med(t["warm"])),
        row("startup-cold", "démarrage, cache des règles froid (REWRITER_CACHE_DIR vide)",
            "rewriter check (grammar off, cache vide)", t["cold"], "python -c pass",
            t["python"], target_id="startup", value=med(t["cold"])),
    ]
    if "grammar" in t:
        rows.append(row("startup-grammar", "démarrage, grammaire par défaut (Grammalecte)",
                        "rewriter check (grammar par défaut)", t["grammar"],
                        "python -c pass", t["python"], target_id="startup",
                        value=med(t["grammar"])))
    if "proselint" in t:
        rows.append(row("startup-peer", "pour comparaison : proselint sur le même fichier",
                        "proselint check", t["proselint"], "python -c pass", t["python"]))
    return rows


# --- web -----------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _post(port: int, body: bytes, ctype: str, timeout: float) -> tuple[int | str, float]:
    t0 = time.perf_counter()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        c.request("POST", "/api/v1/check", body=body, headers={"Content-Type": ctype})
        r = c.getresponse()
        r.read()
        c.close()
        status = r.status
    except OSError as e:
        status = type(e).__name__
    return status, time.perf_counter() - t0


def _load(port, body, ctype, clients, seconds):
    results, lock = [], threading.Lock()
    deadline = time.time() + seconds

    def client():
        while time.time() < deadline:
            st, dt = _post(port, body, ctype, 60)
            with lock:
                results.append((st, dt))

    th = [threading.Thread(target=client) for _ in range(clients)]
    t0 = time.perf_counter()
    for x in th:
        x.start()
    for x in th:
        x.join()
    return results, time.perf_counter() - t0


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))]


def bench_web(ctx, log, seconds: float, clients: int) -> list[dict]:
    rows = _bench_web(ctx, seconds, clients, grammar=False)
    if ctx["grammar"]:
        # the default settings on a machine with Grammalecte: every job checks French
        # grammar through the grammalecte-server the web server started once
        rows += _bench_web(ctx, seconds / 2, clients, grammar=True)
    return rows


def _bench_web(ctx, seconds: float, clients: int, grammar: bool) -> list[dict]:
    sys.path.insert(0, str(BENCH))
    from load_web import multipart
    port = _free_port()
    data_dir = tempfile.mkdtemp(prefix="rw-bench-web-")
    base = ctx["env_default"] if grammar else ctx["env_off"]
    env = dict(base, REWRITER_DATA_DIR=data_dir, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(REWRITER + ["serve", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, cwd=ctx["tmp"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.time() + 120
        while True:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                c.request("GET", "/healthz")
                if c.getresponse().status == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                return [row("web", "application web", "", [], note="IGNORÉE : le serveur "
                            "n'a pas démarré")]
            time.sleep(0.3)
        body, ctype = multipart("lettre.docx", ctx["docx"])
        for _ in range(3):                     # warm-up (forkserver, rule packs)
            _post(port, body, ctype, 60)
        one, el1 = _load(port, body, ctype, 1, max(3.0, seconds / 4))
        many, el8 = _load(port, body, ctype, clients, seconds)
    finally:
        try:
            os.killpg(proc.pid, 15)             # the server and its forkserver children
        except ProcessLookupError:
            pass
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait(5)
        shutil.rmtree(data_dir, ignore_errors=True)
    ok1 = [dt for st, dt in one if st == 200]
    ok8 = [dt for st, dt in many if st == 200]
    bad = len(many) - len(ok8) + len(one) - len(ok1)
    rps1, rps8 = len(ok1) / el1, len(ok8) / el8
    p95 = pct(ok8, 95) if ok8 else float("nan")
    inproc = None if grammar else ctx.get("docx_full_s")
    rid, label = ("web-grammar", ", grammaire par défaut") if grammar else ("web", "")
    return [row(rid + "-1", f"web : lettre .docx de 2 pages, 1 client{label}",
                "latence (médiane)", ok1,
                note=f"{rps1:.1f} req/s", extra={"requests_per_s": rps1,
                                                  "p95_s": pct(ok1, 95) if ok1 else None}),
            row(rid, f"web : même lettre, {clients} clients simultanés, {seconds:.0f} s{label}",
                "latence (médiane)", ok8, ratio=(rps8 / rps1 if rps1 else None),
                note=f"{rps8:.1f} req/s, p95 {p95 * 1000:.0f} ms, {len(many)} requêtes, "
                     f"{bad} erreurs ; ratio = débit à {clients} clients / débit à 1 client"
                     + (f" ; analyse seule dans le processus : {inproc * 1000:.0f} ms"
                        if inproc else ""),
                extra={"requests_per_s": rps8, "p95_s": p95, "errors": bad,
                       "requests": len(many), "clients": clients})]


# --- main ----------------------------------------------------------------------------------
def fmt_s(x):
    if x is None:
        return "—"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def print_table(rows, out=sys.stdout):
    w = 64
    out.write(f"\n{'mesure':<{w}} {'A (médiane)':>12} {'B (médiane)':>12} {'A/B':>7}  "
              f"{'objectif':<30} atteint\n")
    out.write("-" * (w + 80) + "\n")
    for r in rows:
        ratio = "—" if r["ratio"] is None else f"{r['ratio']:.2f}"
        met = {True: "oui", False: "NON", None: ""}[r["met"]]
        out.write(f"{r['measure'][:w]:<{w}} {fmt_s(r['a_median_s']):>12} "
                  f"{fmt_s(r['b_median_s']):>12} {ratio:>7}  {(r['target'] or ''):<30} "
                  f"{met}\n")
        out.write(f"    A = {r['a']}" + (f" ; B = {r['b']}" if r['b'] else "") + "\n")
        if r["note"]:
            out.write(f"    {r['note']}\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", metavar="PATH", help="écrire les résultats en JSON")
    ap.add_argument("--repeat", type=int, default=5, help="tours par ligne (défaut 5)")
    ap.add_argument("--only", default="", help="lignes : en40k,fr40k,docx,rules,jobs,"
                    "startup,web")
    ap.add_argument("--quick", action="store_true", help="moins de tours, lot de 100 "
                    "lettres, 8 s de charge web (pour essayer le script)")
    ap.add_argument("--entries", type=int, default=5000)
    ap.add_argument("--batch", type=int, default=500)
    ap.add_argument("--web-seconds", type=float, default=20)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--no-grammar-rows", action="store_true",
                    help="sans les lignes « grammaire par défaut »")
    a = ap.parse_args(argv)
    if a.quick:
        a.repeat, a.batch, a.web_seconds = min(a.repeat, 3), min(a.batch, 100), 8
    only = {x.strip() for x in a.only.split(",") if x.strip()}
    want = (lambda k: not only or k in only)

    def log(msg):
        sys.stderr.write(msg + "\n")
        sys.stderr.flush()

    cache = BENCH / ".cache" / "rules"
    cache.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="rw-bench-"))
    # A frozen copy of the bundled rule packs: the compiled-pack cache is keyed on the rule
    # files' mtimes, so a rule file edited during the run (a shared checkout) would make a
    # "warm" run recompile 900+ rules (~1 s) and blur every row.
    shutil.copytree(ROOT / "rules", tmp / "rules")
    os.environ["REWRITER_RULES_DIR"] = str(tmp / "rules")
    os.environ["REWRITER_CACHE_DIR"] = str(cache)
    os.environ["REWRITER_GRAMMAR"] = "off"      # the engine alone, in this process too
    info = {"machine": machine(), "versions": versions(), "load_start": loadavg(),
            "started": time.strftime("%Y-%m-%d %H:%M:%S"), "argv": sys.argv[1:]}
    log(f"machine : {info['machine']['cpu']}, {info['machine']['cores']} cœurs "
        f"({info['machine']['usable_cores']} utilisables), charge {info['load_start']}")
    grammar_ok = bool(shutil.which("grammalecte-cli")) and not a.no_grammar_rows
    ctx = {
        "tmp": tmp, "repeat": a.repeat, "grammar": grammar_ok,
        "env_off": env_with(REWRITER_GRAMMAR="off", REWRITER_CACHE_DIR=str(cache)),
        "env_default": env_with(REWRITER_GRAMMAR=None, REWRITER_CACHE_DIR=str(cache)),
        "en40k": make_40k("en", tmp), "fr40k": make_40k("fr", tmp),
        "fr40k_unique": make_40k_unique(tmp),
    }
    ctx["docx"] = two_page_docx()
    from rewriter.readers import read_bytes
    ctx["docx_words"] = len(read_bytes(ctx["docx"], "l.docx").text.split())
    # warm the private rules cache once (the "warm" rows), and check the command works
    subprocess.run(REWRITER + ["check", str(ctx["fr40k"])], env=ctx["env_off"],
                   cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(REWRITER + ["check", "--lang", "en", str(ctx["en40k"])],
                   env=ctx["env_off"], cwd=tmp, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    rows: list[dict] = []
    steps = [
        ("en40k", lambda: bench_en40k(ctx, log)),
        ("fr40k", lambda: bench_fr40k(ctx, log)),
        ("docx", lambda: bench_docx(ctx, log)),
        ("rules", lambda: bench_rules(ctx, log, a.entries)),
        ("jobs", lambda: bench_jobs(ctx, log, a.batch)),
        ("startup", lambda: bench_startup(ctx, log)),
        ("web", lambda: bench_web(ctx, log, a.web_seconds, a.clients)),
    ]
    if want("startup") and PEERS_VENV.joinpath("bin", "proselint").exists():
        ctx["proselint"] = PEERS_VENV / "bin" / "proselint"
    try:
        for key, fn in steps:
            if not want(key):
                continue
            log(f"[{key}] …")
            t0 = time.time()
            try:
                new = fn()
            except Exception as e:  # one broken row must not lose the others
                new = [row(key, key, "", [], note=f"ÉCHEC : {type(e).__name__}: "
                           f"{str(e)[:400]}")]
            if key == "en40k" and PEERS_VENV.joinpath("bin", "proselint").exists():
                ctx["proselint"] = PEERS_VENV / "bin" / "proselint"
            if key == "docx" and new and new[0]["a_median_s"]:
                ctx["docx_full_s"] = new[0]["a_median_s"]
            rows.extend(new)
            log(f"[{key}] {time.time() - t0:.0f} s")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    info["load_end"] = loadavg()
    info["finished"] = time.strftime("%Y-%m-%d %H:%M:%S")
    m = info["machine"]
    print(f"machine : {m['cpu']} — {m['cores']} cœurs ({m['usable_cores']} utilisables), "
          f"{m['memory']}, Python {m['python']}")
    print(f"charge moyenne (1, 5, 15 min) : début {info['load_start']}, fin "
          f"{info['load_end']}")
    print("versions : " + ", ".join(f"{k} {v}" for k, v in info["versions"].items() if v))
    print_table(rows)
    if a.json:
        Path(a.json).write_text(json.dumps({**info, "rows": rows}, indent=2,
                                           ensure_ascii=False), encoding="utf-8")
        print(f"\nJSON : {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
