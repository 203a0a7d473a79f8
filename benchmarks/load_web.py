"""Load test of the web application on the loopback interface only.

    python benchmarks/load_web.py [--seconds 60] [--clients 32] [--threads 8] [--url URL]

Without ``--url`` it starts ``rewriter serve`` on a free port of 127.0.0.1 with a
temporary data folder, then 32 clients send, for a bounded time, a mix of good letters
(the .txt samples, a .docx built with python-docx, a few corpus .docx when the shared
corpus is there) and hostile files (random bytes named .docx, a zip bomb built in memory,
an HTML page renamed .docx, a truncated .docx) to ``POST /api/v1/check``, plus some
``POST /api/v1/rewrite`` and page views. It prints requests/s, p50/p95 latency, errors by
status, the 5xx count for good files (must be 0) and the server's RSS before and after.
Exit code 1 if a good file got a 5xx or a connection failed.
"""
from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("REWRITER_CORPUS") or ROOT.parent / "shared" / "corpus")


# --- payloads ------------------------------------------------------------------------------
def build_docx(paragraphs):
    import docx
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def zip_bomb(inflated_mb: int = 300) -> bytes:
    """A .docx-shaped zip whose document.xml inflates to ``inflated_mb`` MB (streamed, so
    building it costs little memory)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Override PartName="/word/document.xml" '
                   'ContentType="application/vnd.openxmlformats-officedocument.'
                   'wordprocessingml.document.main+xml"/></Types>')
        with z.open("word/document.xml", "w") as f:
            chunk = b"<w:p/>" * (1 << 17)
            for _ in range(inflated_mb * (1 << 20) // len(chunk)):
                f.write(chunk)
    return buf.getvalue()


def payloads():
    good, hostile = [], []
    for p in sorted((ROOT / "samples").glob("*.txt")):
        good.append((p.name, p.read_bytes()))
    good.append(("aide.docx", build_docx([
        "Madame,", "Veuillez trouver ci-joint le formulaire de demande d'aide.",
        "Vous pouvez solliciter le service social à compter de lundi.",
        "Je vous prie d'agréer, Madame, mes salutations distinguées."])))
    corpus = CORPUS / "letters-public" / "fr"
    if corpus.is_dir():
        for p in sorted(corpus.rglob("*.docx"))[:6]:
            good.append((p.name, p.read_bytes()))
    docx_ok = good[-1][1]
    hostile += [
        ("aleatoire.docx", os.urandom(64 << 10)),
        ("bombe.docx", zip_bomb()),
        ("page.docx", b"<html><body>" + b"<p>x</p>" * 5000 + b"</body></html>"),
        ("tronque.docx", docx_ok[: len(docx_ok) // 2]),
    ]
    return good, hostile


def multipart(name: str, data: bytes, fields: dict | None = None) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for k, v in (fields or {}).items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n'
                     f"{v}\r\n".encode())
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                 f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode())
    parts.append(data)
    parts.append(f"\r\n--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# --- server --------------------------------------------------------------------------------
def rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_kb(pid: int) -> int:
    """RSS of a process and its children (the worker forkserver)."""
    total = rss_kb(pid)
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        kids = []
    return total + sum(tree_rss_kb(int(k)) for k in kids)


def start_server(threads: int):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = tempfile.mkdtemp(prefix="rewriter-load-")
    env = dict(os.environ, REWRITER_DATA_DIR=data, PYTHONPATH=str(ROOT))
    p = subprocess.Popen([sys.executable, "-m", "rewriter", "serve", "--host", "127.0.0.1",
                          "--port", str(port), "--threads", str(threads)],
                         env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return p, port
        except OSError:
            time.sleep(0.3)
        if p.poll() is not None:
            raise SystemExit("le serveur s'est arrêté au démarrage")
    p.kill()
    raise SystemExit("le serveur n'a pas répondu en 120 s")


# --- load ----------------------------------------------------------------------------------
def run(host, port, seconds, clients, good, hostile):
    results = []          # (kind, endpoint, status, seconds)
    lock = threading.Lock()
    deadline = time.time() + seconds
    rng = random.Random(42)

    def client(i):
        r = random.Random(rng.random() + i)
        while time.time() < deadline:
            roll = r.random()
            if roll < 0.70:
                kind, (name, data), path = "good", r.choice(good), "/api/v1/check"
            elif roll < 0.80:
                kind, (name, data), path = "good", r.choice(good), "/api/v1/rewrite"
            elif roll < 0.85:
                kind, name, data, path = "page", "", b"", r.choice(["/", "/regles"])
            else:
                kind, (name, data), path = "hostile", r.choice(hostile), "/api/v1/check"
            t0 = time.perf_counter()
            try:
                c = http.client.HTTPConnection(host, port, timeout=120)
                if kind == "page":
                    c.request("GET", path)
                else:
                    body, ctype = multipart(name, data)
                    c.request("POST", path, body=body, headers={"Content-Type": ctype})
                resp = c.getresponse()
                resp.read()
                status = resp.status
                c.close()
            except OSError as e:
                status = f"connexion : {type(e).__name__}"
            dt = time.perf_counter() - t0
            with lock:
                results.append((kind, path, status, dt))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.time() - t0


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))
    return values[k]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--threads", type=int, default=16, help="fils de waitress (serveur lancé ici)")
    ap.add_argument("--url", help="serveur déjà lancé (127.0.0.1 ou localhost seulement)")
    ap.add_argument("--json", action="store_true", help="résultat en JSON")
    a = ap.parse_args(argv)
    proc = None
    if a.url:
        u = urlparse(a.url)
        if u.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("--url : seulement l'interface locale (127.0.0.1).")
        host, port, pid = u.hostname, u.port or 80, None
    else:
        proc, port = start_server(a.threads)
        host, pid = "127.0.0.1", proc.pid
    good, hostile = payloads()
    rss_before = tree_rss_kb(pid) if pid else 0
    try:
        results, elapsed = run(host, port, a.seconds, a.clients, good, hostile)
        rss_after = tree_rss_kb(pid) if pid else 0
        c = http.client.HTTPConnection(host, port, timeout=10)
        c.request("GET", "/healthz")
        alive = c.getresponse().status == 200
    finally:
        if proc:
            proc.terminate()
            proc.wait(15)
    lat = [r[3] for r in results]
    by_kind = {k: [r[3] for r in results if r[0] == k] for k in ("good", "hostile", "page")}
    statuses = Counter((r[0], r[2]) for r in results)
    good_5xx = sum(n for (k, s), n in statuses.items()
                   if k == "good" and (not isinstance(s, int) or s >= 500))
    conn_err = sum(n for (k, s), n in statuses.items() if not isinstance(s, int))
    summary = {
        "seconds": round(elapsed, 1), "clients": a.clients, "requests": len(results),
        "requests_per_s": round(len(results) / elapsed, 1),
        "p50_ms": round(pct(lat, 50) * 1000), "p95_ms": round(pct(lat, 95) * 1000),
        "max_ms": round(max(lat) * 1000) if lat else None,
        "by_kind": {k: {"n": len(v), "p50_ms": round(pct(v, 50) * 1000) if v else None,
                        "p95_ms": round(pct(v, 95) * 1000) if v else None}
                    for k, v in by_kind.items()},
        "statuses": {f"{k} {s}": n for (k, s), n in sorted(statuses.items(), key=str)},
        "good_5xx": good_5xx, "connection_errors": conn_err,
        "rss_kb_before": rss_before, "rss_kb_after": rss_after, "alive_after": alive,
    }
    if a.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print(f"{summary['requests']} requêtes en {summary['seconds']} s, {a.clients} clients "
              f"→ {summary['requests_per_s']} req/s")
        print(f"latence p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, "
              f"max {summary['max_ms']} ms")
        print(f"{'type':<9}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}")
        for k, v in summary["by_kind"].items():
            print(f"{k:<9}{v['n']:>7}{str(v['p50_ms']):>9}{str(v['p95_ms']):>9}")
        print("statuts :")
        for k, n in summary["statuses"].items():
            print(f"  {k:<30}{n:>7}")
        print(f"5xx pour des lettres valides : {good_5xx} (attendu : 0) ; erreurs de "
              f"connexion : {conn_err}")
        if pid:
            print(f"RSS du serveur (avec ses processus de travail) : {rss_before // 1024} Mo "
                  f"avant, {rss_after // 1024} Mo après")
        print(f"serveur en vie après le test : {'oui' if alive else 'NON'}")
    return 1 if good_5xx or conn_err or not alive else 0


if __name__ == "__main__":
    sys.exit(main())
