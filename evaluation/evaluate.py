"""Measure the rule packs on the annotated evaluation set.

Prints, per language:
* recall per category on the jargon-heavy letters (an annotated span is found when a
  finding overlaps it — sentence-length findings only count for long-sentence
  annotations; "strict" also requires a compatible category);
* false alarms (findings of severity warning or error) per plain letter;
* how the score separates heavy from plain letters (every heavy below every plain?).

Usage: python evaluation/evaluate.py [--lang fr|en] [--json out.json] [--misses CAT]
The thresholds of issue #3 are checked by tests/test_evaluation.py with ``evaluate()``.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from validate import find_nth  # noqa: E402  (the same occurrence rule as the validator)

# categories that count as the same problem for the strict measure
COMPATIBLE = {
    "jargon": {"jargon", "formula", "rare_word", "style", "nominalisation", "impersonal"},
    "formula": {"formula", "jargon", "impersonal"},
    "nominalisation": {"nominalisation", "jargon"},
    "impersonal": {"impersonal", "formula", "jargon"},
    "rare_word": {"rare_word", "jargon"},
}


def _abs_offset(line_starts: list[int], line: int, col: int) -> int:
    return line_starts[line - 1] + col - 1


def evaluate(lang: str = "fr", root: Path = HERE) -> dict:
    from rewriter.config import Settings
    from rewriter.engine import check_file

    st = Settings(grammar="off")   # measure the rule packs alone

    res: dict = {"language": lang, "heavy": [], "plain": []}
    found_by_cat: Counter = Counter()
    strict_by_cat: Counter = Counter()
    total_by_cat: Counter = Counter()
    misses: dict[str, list] = defaultdict(list)
    # findings on the heavy letters, and those rewritten automatically (a safe replacement
    # that ``rewriter rewrite`` applies), per category
    flagged_by_cat: Counter = Counter()
    auto_by_cat: Counter = Counter()
    for kind in ("heavy", "plain"):
        for txt in sorted((root / lang / kind).glob("*.txt")):
            content = txt.read_text(encoding="utf-8").replace("\r\n", "\n")
            line_starts = [0]
            for i, c in enumerate(content):
                if c == "\n":
                    line_starts.append(i + 1)
            rep = check_file(txt, language=lang, settings=st)
            if kind == "heavy":
                for f in rep.findings:
                    flagged_by_cat[f.category] += 1
                    if f.fixable and f.suggestions:
                        auto_by_cat[f.category] += 1
            spans = []
            for f in rep.findings:
                s = _abs_offset(line_starts, f.line, f.column)
                spans.append((s, s + len(f.text), f))
            ann_file = txt.with_suffix(".yml")
            anns = []
            if ann_file.exists():
                anns = (yaml.safe_load(ann_file.read_text(encoding="utf-8")) or {}).get(
                    "annotations") or []
            found = 0
            for a in anns:
                start = find_nth(content, a["text"], a.get("occurrence", 1))
                end = start + len(a["text"])
                cat = a["category"]
                total_by_cat[cat] += 1
                # a sentence-level finding (long sentence) only counts for a long-sentence
                # annotation, and vice versa: otherwise it would "find" everything inside it
                hits = [f for s, e, f in spans if s < end and start < e and
                        (f.category == "long_sentence") == (cat == "long_sentence")]
                if hits:
                    found += 1
                    found_by_cat[cat] += 1
                    if any(f.category in COMPATIBLE.get(cat, {cat}) for f in hits):
                        strict_by_cat[cat] += 1
                else:
                    misses[cat].append((txt.name, a["text"]))
            alarms = [f for f in rep.findings if f.severity in ("warning", "error")]
            res[kind].append({"letter": txt.name, "score": rep.score,
                              "annotations": len(anns), "found": found,
                              "findings": len(rep.findings), "alarms": len(alarms),
                              "alarm_texts": [f"{f.rule}: {f.text[:50]}" for f in alarms]
                              if kind == "plain" else []})
    heavy = res["heavy"]
    plain = res["plain"]
    tot = sum(total_by_cat.values())
    res["recall"] = {c: round(found_by_cat[c] / total_by_cat[c], 3) for c in total_by_cat}
    res["recall_strict"] = {c: round(strict_by_cat[c] / total_by_cat[c], 3)
                            for c in total_by_cat}
    res["counts"] = dict(total_by_cat)
    res["recall_overall"] = round(sum(found_by_cat.values()) / tot, 3) if tot else None
    res["alarms_per_plain_letter"] = (round(sum(p["alarms"] for p in plain) / len(plain), 2)
                                      if plain else None)
    hs = [h["score"] for h in heavy if h["score"] is not None]
    ps = [p["score"] for p in plain if p["score"] is not None]
    res["max_heavy_score"] = max(hs) if hs else None
    res["min_plain_score"] = min(ps) if ps else None
    res["separated"] = bool(hs and ps and max(hs) < min(ps))
    res["mean_heavy_score"] = round(sum(hs) / len(hs), 1) if hs else None
    res["mean_plain_score"] = round(sum(ps) / len(ps), 1) if ps else None
    res["automatic"] = {c: {"findings": flagged_by_cat[c], "automatic": auto_by_cat[c],
                            "share": round(auto_by_cat[c] / flagged_by_cat[c], 3)}
                        for c in flagged_by_cat}
    res["misses"] = {c: v for c, v in misses.items()}
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lang", choices=["fr", "en"], action="append")
    ap.add_argument("--json", metavar="PATH")
    ap.add_argument("--misses", metavar="CATEGORY", help="list the missed spans of a category")
    a = ap.parse_args()
    out = {}
    for lang in a.lang or ["fr", "en"]:
        r = evaluate(lang)
        out[lang] = r
        print(f"== {lang} ==")
        print(f"{'catégorie':<16}{'annotés':>8}{'rappel':>9}{'strict':>9}")
        for c in sorted(r["counts"], key=lambda c: -r["counts"][c]):
            print(f"{c:<16}{r['counts'][c]:>8}{r['recall'][c]:>9.2f}{r['recall_strict'][c]:>9.2f}")
        print(f"rappel global : {r['recall_overall']}")
        print(f"alertes (warning+) par lettre claire : {r['alarms_per_plain_letter']}")
        print(f"scores : lourdes max {r['max_heavy_score']} (moy. {r['mean_heavy_score']}), "
              f"claires min {r['min_plain_score']} (moy. {r['mean_plain_score']}) → "
              f"{'séparées' if r['separated'] else 'NON séparées'}")
        print("réécrits automatiquement (lettres lourdes) : " + ", ".join(
            f"{c} {v['automatic']}/{v['findings']} ({v['share']:.0%})"
            for c, v in sorted(r["automatic"].items(), key=lambda kv: -kv[1]["findings"])))
        for p in r["plain"]:
            for t in p["alarm_texts"]:
                print(f"  alerte sur lettre claire {p['letter']}: {t}")
        if a.misses:
            for letter, text in r["misses"].get(a.misses, []):
                print(f"  manqué [{a.misses}] {letter}: {text}")
    if a.json:
        Path(a.json).write_text(json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
