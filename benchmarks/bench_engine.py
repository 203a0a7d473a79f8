"""Engine cost, measured as ratios in one run (absolute times on a shared machine are noise).

* a 2-page .docx letter: full analysis vs merely opening it with python-docx;
* rule scaling: the bundled packs vs the same plus N synthetic lexicon entries (one trie:
  matching must not grow with the number of entries);
* a 40,000-word French text: full analysis vs textstat's bare French Flesch score.

Usage: python benchmarks/bench_engine.py [--entries 5000] [--repeat 7] [--json out.json]
"""
from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def timeit(fn, repeat: int) -> float:
    fn()  # warm-up (caches, lazy imports)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def two_page_docx() -> bytes:
    import docx
    letter = (ROOT / "samples" / "relance-eau-jargon.txt").read_text(encoding="utf-8")
    d = docx.Document()
    for _ in range(2):
        for para in letter.split("\n\n"):
            d.add_paragraph(para)
    t = d.add_table(rows=3, cols=2)
    for r in range(3):
        t.cell(r, 0).text = "Pièces justificatives"
        t.cell(r, 1).text = "Il vous appartient de les transmettre à compter du 1er mars."
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def synthetic_pack(n: int, path: Path) -> None:
    import simplemma  # noqa: F401  (vocabulary source: real French lemmas)
    rnd = random.Random(42)
    words = [w for w in (ROOT / "evaluation").rglob("*.txt")
             for w in w.read_text(encoding="utf-8").lower().split() if w.isalpha() and len(w) > 3]
    words = sorted(set(words))
    lines = ["language: fr", "defaults: {kind: lexicon, category: jargon, severity: info}",
             "rules:"]
    for i in range(n):
        k = rnd.choice([2, 2, 3, 4])   # multi-word: the trie is walked, matches are rare
        pat = " ".join(rnd.choice(words) for _ in range(k))
        lines.append(f"  - id: synth.{i}\n    match: \"{pat}\"\n    message: m")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--entries", type=int, default=5000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--json")
    a = ap.parse_args()
    import docx
    from rewriter.engine import analyze, check_bytes, check_text
    from rewriter.readers import read_bytes
    from rewriter.config import Settings
    from rewriter.rulepack import load_rules

    OFF = Settings(grammar="off")   # the engine alone (grammar backends are optional)

    rows = []
    data = two_page_docx()
    t_open = timeit(lambda: docx.Document(io.BytesIO(data)), a.repeat)
    t_read = timeit(lambda: read_bytes(data, "l.docx"), a.repeat)
    t_full = timeit(lambda: check_bytes(data, "l.docx", language="fr", settings=OFF), a.repeat)
    rows.append(("2-page .docx: python-docx open", t_open, 1.0))
    rows.append(("2-page .docx: rewriter read (preflight + walk)", t_read, t_read / t_open))
    rows.append(("2-page .docx: full analysis", t_full, t_full / t_open))

    # rule scaling: same text, bundled rules vs bundled + N synthetic entries
    text = "\n\n".join(p.read_text(encoding="utf-8")
                       for p in sorted((ROOT / "evaluation" / "fr" / "heavy").glob("*.txt")))
    base = load_rules("fr")
    with tempfile.TemporaryDirectory() as d:
        pack = Path(d) / "synth.yml"
        synthetic_pack(a.entries, pack)
        t_load = time.perf_counter()
        big = load_rules("fr", [pack])
        t_load = time.perf_counter() - t_load
    t_base = timeit(lambda: check_text(text, language="fr", ruleset=base, settings=OFF), a.repeat)
    t_big = timeit(lambda: check_text(text, language="fr", ruleset=big, settings=OFF), a.repeat)
    words = len(text.split())
    rows.append((f"{words}-word French text, bundled rules ({len(base.rules)})", t_base, 1.0))
    rows.append((f"same + {a.entries} synthetic lexicon entries", t_big, t_big / t_base))
    rows.append((f"(compiling the {len(big.rules)} rules once)", t_load, None))

    # 40k words French vs textstat bare FRE
    import textstat.backend.metrics as tm
    reps = max(1, 40000 // max(words, 1))
    big_text = "\n\n".join([text] * reps)
    big_words = len(big_text.split())
    salt = iter(range(10**6))   # a new text each call: textstat caches on the whole text
    t_ts = timeit(lambda: tm.flesch_reading_ease(big_text + f" mot{next(salt)}.", "fr"), 3)
    t_us = timeit(lambda: check_text(big_text, language="fr", ruleset=base, settings=OFF), 3)
    rows.append((f"{big_words}-word French: textstat bare French Flesch", t_ts, 1.0))
    rows.append((f"{big_words}-word French: rewriter full analysis", t_us, t_us / t_ts))

    print(f"{'measure':<62}{'median s':>10}{'ratio':>8}")
    for name, t, r in rows:
        print(f"{name:<62}{t:>10.4f}{(f'{r:.2f}' if r is not None else ''):>8}")
    if a.json:
        Path(a.json).write_text(json.dumps([{"measure": n, "seconds": t, "ratio": r}
                                            for n, t, r in rows], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
