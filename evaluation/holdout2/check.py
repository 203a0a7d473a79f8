#!/usr/bin/env python3
"""Vérifie le format du jeu holdout2 (sans rien mesurer).

- chaque `text` existe à l'occurrence indiquée (chevauchement admis), sur des limites de mots ;
- catégories valides, pas de doublon, long_sentence > 25 mots ;
- phrases de plus de 25 mots non annotées `long_sentence` (avertissement) ;
- nombre de mots du corps de chaque lettre ; comptes par catégorie.
Option --emit : affiche en YAML les phrases longues non annotées (aide à l'annotation).
"""
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent
CATS = ["jargon", "formula", "passive", "nominalisation", "acronym", "long_sentence",
        "negation", "impersonal", "rare_word", "readability", "structure", "style"]
ABBREV = re.compile(
    r"(?:\b(?:R|L|D|M|MM|Mme|Mmes|Mlle|Dr|art|Art|Tél|Réf|réf|n|p|cf|St|Ste|av|bd|Bât|appt)|\b[A-Z])\.$")
SALUT = re.compile(r"^(Madame|Monsieur|Mademoiselle)[^.]*,$")
CLOSE = re.compile(r"agréer|croire|recevoir, Madame|Bien cordialement")


def sentences(text):
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        start = 0
        for m in re.finditer(r"[.!?…](?:[»\")]*)\s+", line):
            chunk = line[start:m.end()].strip()
            if ABBREV.search(chunk):
                continue
            yield chunk
            start = m.end()
        if line[start:].strip():
            yield line[start:].strip()


def find_nth(hay, needle, n):
    idx = -1
    for _ in range(n):
        idx = hay.find(needle, idx + 1)
        if idx < 0:
            return -1
    return idx


def body_words(text):
    lines = text.splitlines()
    s = next(i for i, l in enumerate(lines) if SALUT.match(l.strip()))
    e = next(i for i in range(s + 1, len(lines)) if CLOSE.search(lines[i]))
    return sum(len(l.split()) for l in lines[s + 1:e])


def main():
    emit = "--emit" in sys.argv
    errors, stats = [], {}
    for kind in ("heavy", "plain"):
        for txt in sorted((ROOT / "fr" / kind).glob("*.txt")):
            text = txt.read_text(encoding="utf-8")
            ymlp = txt.with_suffix(".yml")
            anns = []
            if ymlp.exists():
                data = yaml.safe_load(ymlp.read_text(encoding="utf-8"))
                if data.get("letter") != txt.name:
                    errors.append(f"{ymlp.name}: champ letter incorrect")
                anns = data.get("annotations") or []
            else:
                errors.append(f"{txt.name}: pas de .yml")
            seen = set()
            for a in anns:
                t, cat, occ = a["text"], a["category"], a.get("occurrence", 1)
                where = f"{txt.name}: {t[:50]!r}"
                if cat not in CATS:
                    errors.append(f"{where}: catégorie {cat!r}")
                pos = find_nth(text, t, occ)
                if pos < 0:
                    errors.append(f"{where}: introuvable (occ {occ}, {text.count(t)} fois)")
                    continue
                b = text[pos - 1] if pos else " "
                af = text[pos + len(t)] if pos + len(t) < len(text) else " "
                if (t[0].isalnum() and b.isalnum()) or (t[-1].isalnum() and af.isalnum()):
                    errors.append(f"{where}: milieu de mot")
                if (t, occ, cat) in seen:
                    errors.append(f"{where}: doublon")
                seen.add((t, occ, cat))
                if cat == "long_sentence" and len(t.split()) <= 25:
                    errors.append(f"{where}: long_sentence de {len(t.split())} mots")
                stats.setdefault(kind, Counter())[cat] += 1
            longs = {a["text"] for a in anns if a["category"] == "long_sentence"}
            for s in sentences(text):
                n = len(s.split())
                if n > 25 and s not in longs:
                    print(f"  ! {txt.name}: phrase de {n} mots non annotée")
                    if emit:
                        print(f'  - text: "{s}"\n    category: long_sentence')
                elif kind == "heavy" and 23 <= n <= 25:
                    print(f"  ~ {txt.name}: phrase de {n} mots : {s[:60]}…")
            nsent = [len(s.split()) for s in sentences(text)]
            print(f"{kind}/{txt.name}: corps {body_words(text)} mots, {len(anns)} annotations, "
                  f"phrase max {max(nsent)} mots")
    for kind, c in stats.items():
        print(kind, dict(sorted(c.items())), "total", sum(c.values()))
    for e in errors:
        print("ERREUR", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
