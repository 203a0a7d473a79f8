#!/usr/bin/env python3
"""Valide le jeu d'évaluation (evaluation/) et affiche des comptes.

Vérifications (erreur = code de sortie 1) :
- chaque lettre .txt est en UTF-8 ;
- chaque lettre « heavy » a un fichier .yml ; un .yml « plain » est facultatif ;
- le .yml cite la bonne lettre (`letter:`) et a un `service` (non vide) ;
- chaque `text` est une sous-chaîne exacte (sensible à la casse) de la lettre,
  présente au moins `occurrence` fois (occurrences comptées avec chevauchement) ;
- l'occurrence visée tombe sur des limites de mots (« AR » ne doit pas viser « MARCHAL ») ;
- chaque `category` appartient à la liste ;
- aucune annotation n'est en double (même texte, même occurrence, même catégorie) ;
- chaque `long_sentence` compte plus de 25 mots (mots = suites séparées par des blancs) ;
- chaque lettre « heavy » a au moins 12 annotations.

Avertissements (sans échec) : phrases de plus de 25 mots non annotées
`long_sentence` dans une lettre « heavy » ; phrases de plus de 25 mots dans une lettre « plain ».

Usage : .venv/bin/python evaluation/validate.py [-q] [DOSSIER]
(DOSSIER : un autre jeu de même forme, par exemple evaluation/holdout2 ; par défaut evaluation/)
"""
from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent
CATEGORIES = [
    "jargon", "formula", "passive", "nominalisation", "acronym", "long_sentence",
    "negation", "impersonal", "rare_word", "readability", "structure", "style",
]
MIN_HEAVY = 12
LONG = 25

# Abréviations après lesquelles un point ne termine pas la phrase.
ABBREV = re.compile(
    r"(?:\b(?:R|L|D|M|MM|Mme|Mmes|Mlle|Dr|art|Art|Tél|Réf|réf|n|p|cf|St|Ste|av|bd|Mr|Mrs|Ms|No|no|approx|Sec|sec|Inc|St|U\.S|e\.g|i\.e)|\b[A-Z])\.$"
)


def words(s: str) -> int:
    return len(s.split())


def sentences(text: str):
    """Découpage simple : lignes, puis ponctuation forte suivie d'un blanc."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        start = 0
        for m in re.finditer(r"[.!?…](?:[»\")]*)\s+", line):
            chunk = line[start:m.end()].strip()
            if ABBREV.search(chunk.rstrip()):
                continue
            yield chunk
            start = m.end()
        rest = line[start:].strip()
        if rest:
            yield rest


def find_nth(hay: str, needle: str, n: int) -> int:
    idx = -1
    for _ in range(n):
        idx = hay.find(needle, idx + 1)
        if idx < 0:
            return -1
    return idx


def check_folder(folder: Path, heavy: bool, problems: list, stats: dict, quiet: bool,
                 root: Path = ROOT):
    letters = sorted(folder.glob("*.txt"))
    for txt in letters:
        rel = txt.relative_to(root)
        try:
            text = txt.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(f"{rel}: pas en UTF-8")
            continue
        stats["letters"][str(folder.relative_to(root))] += 1
        yml = txt.with_suffix(".yml")
        anns = []
        service = None
        if yml.exists():
            data = yaml.safe_load(yml.read_text(encoding="utf-8")) or {}
            if data.get("letter") != txt.name:
                problems.append(f"{yml.relative_to(root)}: letter={data.get('letter')!r} au lieu de {txt.name!r}")
            service = data.get("service")
            if not service:
                problems.append(f"{yml.relative_to(root)}: service manquant")
            anns = data.get("annotations") or []
        elif heavy:
            problems.append(f"{rel}: fichier .yml manquant")
        if service:
            stats["services"][(str(folder.relative_to(root)), service)] += 1
        seen = set()
        long_spans = []
        for i, a in enumerate(anns):
            where = f"{yml.name} #{i + 1}"
            t = a.get("text")
            cat = a.get("category")
            occ = a.get("occurrence", 1)
            if not isinstance(t, str) or not t:
                problems.append(f"{where}: text manquant")
                continue
            if cat not in CATEGORIES:
                problems.append(f"{where}: catégorie inconnue {cat!r}")
            if not isinstance(occ, int) or occ < 1:
                problems.append(f"{where}: occurrence invalide {occ!r}")
                continue
            pos = find_nth(text, t, occ)
            if pos < 0:
                problems.append(f"{where}: {t[:70]!r} introuvable (occurrence {occ}, trouvé {text.count(t)} fois)")
            else:
                # La correspondance doit tomber sur des limites de mots.
                before = text[pos - 1] if pos > 0 else " "
                after = text[pos + len(t)] if pos + len(t) < len(text) else " "
                if (t[0].isalnum() and before.isalnum()) or (t[-1].isalnum() and after.isalnum()):
                    problems.append(f"{where}: {t[:40]!r} (occurrence {occ}) tombe au milieu d'un mot")
            key = (t, occ, cat)
            if key in seen:
                problems.append(f"{where}: annotation en double {t[:50]!r}")
            seen.add(key)
            if cat == "long_sentence":
                if words(t) <= LONG:
                    problems.append(f"{where}: long_sentence de {words(t)} mots (<= {LONG})")
                long_spans.append(t)
            unknown = set(a) - {"text", "occurrence", "category", "plain", "note"}
            if unknown:
                problems.append(f"{where}: clés inconnues {sorted(unknown)}")
            stats["cats"][(str(folder.relative_to(root)), cat)] += 1
        stats["anns"][str(rel)] = len(anns)
        if heavy and len(anns) < MIN_HEAVY:
            problems.append(f"{rel}: {len(anns)} annotations (< {MIN_HEAVY})")
        # Avertissements sur les phrases longues.
        for s in sentences(text):
            n = words(s)
            if n <= LONG:
                continue
            covered = any(s in span or span in s for span in long_spans)
            if heavy and not covered and not quiet:
                print(f"  avertissement {rel}: phrase de {n} mots non annotée : {s[:90]}…")
            if not heavy and not covered and not quiet:
                print(f"  avertissement {rel}: phrase de {n} mots dans une lettre simple : {s[:90]}…")


def main() -> int:
    quiet = "-q" in sys.argv
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    root = Path(args[0]).resolve() if args else ROOT
    problems: list[str] = []
    stats = {"letters": Counter(), "services": Counter(), "cats": Counter(), "anns": {}}
    for lang in ("fr", "en"):
        for kind in ("heavy", "plain"):
            folder = root / lang / kind
            if folder.is_dir():
                check_folder(folder, kind == "heavy", problems, stats, quiet, root)
    orphans = [p for p in root.glob("*/*/*.yml") if not p.with_suffix(".txt").exists()]
    for p in orphans:
        problems.append(f"{p.relative_to(root)}: .yml sans lettre")

    print("Lettres par dossier :")
    for k, v in sorted(stats["letters"].items()):
        print(f"  {k:12} {v}")
    print("Lettres par service :")
    by_folder = defaultdict(list)
    for (folder, svc), v in sorted(stats["services"].items()):
        by_folder[folder].append(f"{svc} ({v})")
    for folder, items in by_folder.items():
        print(f"  {folder}: " + ", ".join(items))
    print("Annotations par catégorie :")
    folders = sorted({f for f, _ in stats["cats"]})
    print("  " + f"{'catégorie':16}" + "".join(f"{f:>10}" for f in folders) + f"{'total':>8}")
    for cat in CATEGORIES:
        row = [stats["cats"][(f, cat)] for f in folders]
        print("  " + f"{cat:16}" + "".join(f"{n:>10}" for n in row) + f"{sum(row):>8}")
    tot = [sum(stats["cats"][(f, c)] for c in CATEGORIES) for f in folders]
    print("  " + f"{'TOTAL':16}" + "".join(f"{n:>10}" for n in tot) + f"{sum(tot):>8}")
    heavy_counts = [n for p, n in stats["anns"].items() if "/heavy/" in p]
    if heavy_counts:
        print(f"Annotations par lettre « heavy » : min {min(heavy_counts)}, max {max(heavy_counts)}, "
              f"moyenne {sum(heavy_counts) / len(heavy_counts):.1f}")
    if problems:
        print(f"\n{len(problems)} problème(s) :")
        for p in problems:
            print("  - " + p)
        return 1
    print("\nOK : aucun problème.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
