"""Validation shared by the kinds whose patterns go into the shared automaton."""
from __future__ import annotations


def validate_match(rule) -> list[str]:
    from .matcher import compile_pattern, patterns_of

    probs = []
    pats = patterns_of(rule)
    if not pats:
        return ["« match » manquant — écrivez le mot ou l'expression à repérer "
                "(une liste entre crochets pour plusieurs variantes)"]
    for p in pats:
        try:
            compile_pattern(p, rule.language)
        except ValueError:
            probs.append(f"motif « {p} » vide — il doit contenir au moins un mot")
    return probs
