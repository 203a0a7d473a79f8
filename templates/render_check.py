#!/usr/bin/env python3
"""Vérifie que chaque modèle templates/*.txt.j2 se remplit avec son exemple.

- chaque modèle a un contexte dans exemples.yml (et inversement) ;
- le rendu réussit avec StrictUndefined (toute variable manquante est une erreur) ;
- le texte rendu ne contient plus de balise Jinja ;
- le texte rendu reste en langage clair : pas de formule figée de la liste INTERDITS,
  phrases de 25 mots au plus, « Bien cordialement, » présent (sauf attestation) ;
- pas plus d'une ligne vide d'affilée.

Usage :
  .venv/bin/python templates/render_check.py           # vérifie
  .venv/bin/python templates/render_check.py --show X  # affiche le rendu du modèle X
Code de sortie non nul en cas de problème.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

HERE = Path(__file__).resolve().parent
MAX_MOTS = 25

# Tournures qu'un modèle en langage clair ne doit jamais produire (minuscules).
INTERDITS = [
    "j'ai l'honneur", "veuillez agréer", "je vous prie d'agréer", "salutations distinguées",
    "ci-joint", "susvisé", "susmentionné", "ledit", "ladite", "lesdits", "le cas échéant",
    "nonobstant", "afférent", "sous quinzaine", "délai de rigueur", "il vous appartient",
    "il convient de", "il est rappelé", "dans le cadre de", "à compter de", "eu égard",
    "au titre de", "faire l'objet", "procéder à", "solliciter", "pétitionnaire", "requérant",
    "en date du", "suite à votre", "nous accusons réception", "dans l'hypothèse où",
    "je reste à votre disposition", "dûment", "ampliation", "sans réponse de votre part",
]


def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(HERE)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def phrases(texte: str):
    for ligne in texte.splitlines():
        ligne = ligne.strip()
        if not ligne:
            continue
        for p in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Ý«])", ligne):
            if p:
                yield p


def verifier(nom: str, texte: str) -> list[str]:
    pb = []
    if "{{" in texte or "{%" in texte or "{#" in texte:
        pb.append("balise Jinja restante")
    bas = texte.lower().replace("’", "'")
    for f in INTERDITS:
        if f in bas:
            pb.append(f"formule à éviter : « {f} »")
    for p in phrases(texte):
        n = len(p.split())
        if n > MAX_MOTS:
            pb.append(f"phrase de {n} mots : {p[:80]}…")
    if "\n\n\n" in texte:
        pb.append("plusieurs lignes vides d'affilée")
    if not nom.startswith("attestation") and "Bien cordialement," not in texte:
        pb.append("« Bien cordialement, » absent")
    return pb


def main() -> int:
    env = environment()
    exemples = yaml.safe_load((HERE / "exemples.yml").read_text(encoding="utf-8"))
    exemples = {k: v for k, v in exemples.items() if not k.startswith("_")}
    modeles = sorted(p.name for p in HERE.glob("*.txt.j2"))
    if "--show" in sys.argv:
        nom = sys.argv[sys.argv.index("--show") + 1]
        nom = nom if nom.endswith(".txt.j2") else nom + ".txt.j2"
        print(env.get_template(nom).render(**exemples[nom]), end="")
        return 0
    problemes = []
    for nom in modeles:
        if nom not in exemples:
            problemes.append(f"{nom} : pas d'exemple dans exemples.yml")
            continue
        try:
            texte = env.get_template(nom).render(**exemples[nom])
        except Exception as exc:  # noqa: BLE001 — on veut tout signaler
            problemes.append(f"{nom} : échec du rendu : {type(exc).__name__}: {exc}")
            continue
        pb = verifier(nom, texte)
        m = re.search(r"^(?:Madame|Monsieur)[^\n]*,$", texte, re.M)
        corps = texte[m.end():] if m else texte
        corps = corps.split("Bien cordialement,")[0]
        n_phr = list(phrases(corps))
        moy = sum(len(p.split()) for p in n_phr) / max(len(n_phr), 1)
        print(f"{nom:38} {'OK' if not pb else 'PROBLÈME'}  ({len(texte.split())} mots, "
              f"{moy:.1f} mots par phrase en moyenne dans le corps)")
        problemes += [f"{nom} : {p}" for p in pb]
    for nom in exemples:
        if nom not in modeles:
            problemes.append(f"exemples.yml : « {nom} » ne correspond à aucun modèle")
    if problemes:
        print(f"\n{len(problemes)} problème(s) :")
        for p in problemes:
            print("  - " + p)
        return 1
    print(f"\n{len(modeles)} modèles rendus sans problème.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
