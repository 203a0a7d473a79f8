"""The rule catalogue: searchable, filterable by category and language, with examples.
A GET form: works without JavaScript, and every search has its own address."""
from __future__ import annotations

import logging

from flask import Blueprint, render_template, request

from . import db, i18n, storage

bp = Blueprint("rules", __name__)
log = logging.getLogger("rewriter.web")

RULE_LANGS = ("fr", "en")
PER_PAGE = 50


def _all_rules() -> list[dict]:
    """Loaded once per process by ``get_rules`` (cached on the files' mtimes)."""
    from rewriter.rulepack import get_rules
    from rewriter.ruletest import rule_dict

    out = []
    for lang in RULE_LANGS:
        try:
            rs = get_rules(lang, strict=False)
        except Exception as e:  # noqa: BLE001 - show what loads
            log.warning("rules for %s could not be loaded: %s", lang, type(e).__name__)
            continue
        for r in rs.rules:
            d = rule_dict(r)
            d["tests"] = [{k: v for k, v in t.items() if k != "__line__"} for t in r.tests]
            out.append(d)
    return out


def _matches(d: dict, q: str) -> bool:
    hay = " ".join(str(d.get(k) or "") for k in ("id", "message", "description", "match",
                                                 "replace", "category")).lower()
    return all(w in hay for w in q.lower().split())


@bp.get("/regles")
def catalogue():
    q = request.args.get("q", "").strip()[:200]
    cat = request.args.get("categorie", "")
    rlang = request.args.get("langue", "")
    rules = _all_rules()
    cats = sorted({r["category"] for r in rules}, key=i18n.category_label)
    shown = [r for r in rules
             if (not q or _matches(r, q)) and (not cat or r["category"] == cat)
             and (not rlang or r["language"] == rlang)]
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    pages = max(1, -(-len(shown) // PER_PAGE))
    page = min(page, pages)
    try:
        stats = storage.rule_stats(db())
    except Exception:  # noqa: BLE001
        stats = {}
    args = {k: v for k, v in (("q", q), ("categorie", cat), ("langue", rlang)) if v}
    return render_template("rules.html", rules=shown[(page - 1) * PER_PAGE: page * PER_PAGE],
                           n_shown=len(shown), total=len(rules), q=q, cat=cat, rlang=rlang,
                           categories=cats, rule_langs=RULE_LANGS, stats=stats, page=page,
                           pages=pages, page_args=args)
