"""``rewriter rules lint|test|list|explain``: rule files as a product for the people who
own them. Each rule's ``tests`` are run in isolation (like ``vale test``): a ``fail``
example must be flagged by that rule, and rewritten exactly as ``fix`` says; a ``pass``
example must not be flagged."""
from __future__ import annotations

import json
import sys

from .errors import RuleFileError
from .rulepack import RuleSet, compile_rules, load_rules


def _load(langs, extra, strict=True) -> dict[str, RuleSet]:
    out, problems = {}, []
    for lang in langs:
        try:
            out[lang] = load_rules(lang, extra, strict=strict)
        except RuleFileError as e:
            problems += e.problems
    if problems:
        raise RuleFileError(problems)
    return out


def lint(langs, extra) -> int:
    sets = _load(langs, extra)
    n = sum(len(s.rules) for s in sets.values())
    print(f"{n} règles valides ({', '.join(f'{k} : {len(v.rules)}' for k, v in sets.items())}).")
    warnings = [w for s in sets.values() for w in shadowed_patterns(s)]
    for w in warnings:
        print(f"attention : {w}")
    if warnings:
        print(f"{len(warnings)} motif(s) en double (simple avertissement : les règles restent "
              f"valides, mais la règle citée en second ne signale jamais ce motif).")
    return 0


def shadowed_patterns(rs: RuleSet) -> list[str]:
    """Patterns written twice, in two rules of the same pack: the same words (same lemmas
    and same forms). For the same text only the first rule is reported, so the second one
    never fires on it — usually a copy left behind when a rule was split. Patterns that
    differ only by inflection (« il vous appartient de » / « il vous appartiendra de ») are
    not duplicates: the pattern closest to the text wins."""
    from .kinds import KINDS
    from .kinds.matcher import compile_pattern, patterns_of

    seen: dict = {}
    out = []
    for r in rs.rules:
        if not getattr(KINDS.get(r.kind), "USES_TRIE", False):
            continue
        for pat in patterns_of(r):
            try:
                words = compile_pattern(pat, r.language)
            except ValueError:
                continue
            key = (r.pack, tuple((w.key, w.norm) if w is not None else None for w in words))
            first = seen.setdefault(key, (r, pat))
            if first[0] is not r:
                r0, p0 = first
                out.append(f"{r.origin}:{r.line}: règle {r.id} : le motif « {pat} » est déjà "
                           f"celui de la règle {r0.id} ({r0.origin}:{r0.line}, « {p0} ») — "
                           f"seule la première le signale : retirez-le de l'une des deux")
    return out


def run_rule_tests(rule) -> list[str]:
    """Run one rule's examples; return failure descriptions (empty = all pass)."""
    from .engine import check_text
    from .fix import apply_text

    from .config import Settings

    st = Settings(grammar="off")   # examples test the rule alone
    rs = RuleSet(rule.language, [rule])
    rs.checkers = compile_rules([rule], rule.language)
    failures = []
    for t in rule.tests:
        if "fail" in t:
            text = str(t["fail"])
            rep = check_text(text, language=rule.language, ruleset=rs, settings=st)
            mine = [f for f in rep.findings if f.rule == rule.id]
            if not mine:
                failures.append(f"{rule.where()}: {rule.id} : l'exemple « {text} » devrait "
                                f"être signalé, il ne l'est pas")
                continue
            if "fix" in t:
                doc = rep.document
                paras = apply_text([p.text for p in doc.paragraphs], mine)
                got = "\n".join(paras)
                want = str(t["fix"])
                if got != want:
                    failures.append(f"{rule.where()}: {rule.id} : réécriture de « {text} »\n"
                                    f"      attendu : « {want} »\n      obtenu  : « {got} »")
        if "pass" in t:
            text = str(t["pass"])
            rep = check_text(text, language=rule.language, ruleset=rs, settings=st)
            mine = [f for f in rep.findings if f.rule == rule.id]
            if mine:
                failures.append(f"{rule.where()}: {rule.id} : l'exemple « {text} » ne devrait "
                                f"pas être signalé (trouvé : « {mine[0].text} »)")
    return failures


def run_tests(langs, extra) -> int:
    sets = _load(langs, extra)
    failures, n_tests, n_rules, untested = [], 0, 0, []
    for lang, rs in sets.items():
        for rule in rs.rules:
            n_rules += 1
            n_tests += len(rule.tests)
            if not rule.tests:
                untested.append(rule.id)
            failures += run_rule_tests(rule)
    for f in failures:
        print(f)
    if untested:
        print(f"{len(untested)} règle(s) sans exemple : {', '.join(untested[:10])}"
              f"{' …' if len(untested) > 10 else ''}")
    ok = n_tests - len(failures)
    print(f"{ok} passed, {len(failures)} failed")
    print(f"{n_rules} règles, {n_tests} exemples, {len(failures)} échec(s).")
    return 1 if failures else 0


def rule_dict(r) -> dict:
    return {"id": r.id, "kind": r.kind, "category": r.category, "severity": r.severity,
            "language": r.language, "message": r.message, "replace": r.replace,
            "fix": r.fix, "source": r.source, "description": r.description,
            "match": r.params.get("match"), "tests": r.tests, "origin": r.origin,
            "line": r.line, "pack": r.pack}


def list_rules(langs, extra, fmt) -> int:
    sets = _load(langs, extra)
    rules = [r for rs in sets.values() for r in rs.rules]
    if fmt == "json":
        clean = []
        for r in rules:
            d = rule_dict(r)
            d["tests"] = [{k: v for k, v in t.items() if k != "__line__"} for t in r.tests]
            clean.append(d)
        json.dump({"version": 1, "rules": clean}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for r in rules:
            print(f"{r.id:<45} {r.category:<15} {r.severity:<8} {r.message}")
        print(f"{len(rules)} règles.")
    return 0


def explain(langs, extra, rule_id) -> int:
    sets = _load(langs, extra)
    for rs in sets.values():
        for r in rs.rules:
            if r.id == rule_id:
                print(f"{r.id}  ({r.kind}, {r.category}, {r.severity}, langue {r.language})")
                print(f"  Message : {r.message}")
                if r.params.get("match"):
                    print(f"  Repère  : {r.params['match']}")
                rmap = r.params.get("replace_map")
                if rmap:
                    print("  Remplace par :" +
                          ("" if r.fix else " (conseil, pas de remplacement automatique)"))
                    for pat, reps in rmap.items():
                        print(f"    {pat} → {' | '.join(reps)}")
                elif r.replace:
                    print(f"  Remplace par : {' | '.join(r.replace)}"
                          f"{'' if r.fix else ' (conseil, pas de remplacement automatique)'}")
                if r.description:
                    print(f"  Pourquoi : {r.description}")
                if r.source:
                    print(f"  Source  : {r.source}")
                for t in r.tests:
                    if "fail" in t:
                        print(f"  ✗ {t['fail']}" + (f"\n    → {t['fix']}" if "fix" in t else ""))
                    if "pass" in t:
                        print(f"  ✓ {t['pass']}")
                print(f"  Fichier : {r.where()}")
                return 0
    print(f"Aucune règle « {rule_id} ». La liste : rewriter rules list", file=sys.stderr)
    return 2
