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
    ex = rule.params.get("explain")
    if ex is not None and (not isinstance(ex, str) or not ex.strip() or len(ex) > 200
                           or "(" in ex or ")" in ex):
        probs.append("« explain » doit être une courte explication en texte simple "
                     "(200 caractères au plus, sans parenthèses : rewriter les ajoute), "
                     "par exemple « devant le tribunal administratif »")
    return probs
