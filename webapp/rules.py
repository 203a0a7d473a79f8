"""The rule catalogue: searchable, filterable by category, language, severity and pack
(bundled / organisation), with examples. A GET form: works without JavaScript, and every
search has its own address. The organisation pack (:mod:`webapp.orgpack`) is shown as it
is in force: its terms, and the bundled rules it disables or changes."""
from __future__ import annotations

import logging

from flask import Blueprint, render_template, request

from . import db, i18n, orgpack, storage

bp = Blueprint("rules", __name__)
log = logging.getLogger("rewriter.web")

RULE_LANGS = ("fr", "en")
PER_PAGE = 50
SEVERITIES = ("info", "warning", "error")
PACKS = ("fourni", "organisation")


def _dict(r) -> dict:
    from rewriter.ruletest import rule_dict
    d = rule_dict(r)
    d["tests"] = [{k: v for k, v in t.items() if k != "__line__"} for t in r.tests]
    return d


def _all_rules() -> list[dict]:
    """Loaded once per process by ``get_rules`` (cached on the files' mtimes), plus the
    organisation pack in force (reloaded when a new version is saved)."""
    out = _bundled_rules()
    try:
        pack = orgpack.current(db())
    except Exception:  # noqa: BLE001
        pack = orgpack.Loaded()
    changes = (pack.data or {}).get("rules") or {}
    for d in out:
        c = changes.get(d["id"])
        if not c:
            continue
        d["org_changed"] = True
        if c.get("disabled"):
            d["org_disabled"] = True
        elif c.get("severity"):
            d["bundled_severity"] = d["severity"]
            d["severity"] = c["severity"]
    for lang in RULE_LANGS:
        for r in pack.rules.get(lang, []):
            d = _dict(r)
            d["pack"] = "organisation"
            out.append(d)
    return out


def _bundled_rules() -> list[dict]:
    from rewriter.rulepack import get_rules

    out = []
    for lang in RULE_LANGS:
        try:
            rs = get_rules(lang, strict=False)
        except Exception as e:  # noqa: BLE001 - show what loads
            log.warning("rules for %s could not be loaded: %s", lang, type(e).__name__)
            continue
        for r in rs.rules:
            out.append(_dict(r))
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
    sev = request.args.get("gravite", "")
    pack = request.args.get("pack", "")
    rules = _all_rules()
    cats = sorted({r["category"] for r in rules}, key=i18n.category_label)

    def in_pack(r):
        if pack == "fourni":
            return r.get("pack") != "organisation"
        if pack == "organisation":
            return r.get("pack") == "organisation" or r.get("org_changed")
        return True
    shown = [r for r in rules
             if (not q or _matches(r, q)) and (not cat or r["category"] == cat)
             and (not rlang or r["language"] == rlang) and (not sev or r["severity"] == sev)
             and in_pack(r)]
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
    args = {k: v for k, v in (("q", q), ("categorie", cat), ("langue", rlang),
                              ("gravite", sev), ("pack", pack)) if v}
    return render_template("rules.html", rules=shown[(page - 1) * PER_PAGE: page * PER_PAGE],
                           n_shown=len(shown), total=len(rules), q=q, cat=cat, rlang=rlang,
                           sev=sev, pack=pack, severities=SEVERITIES, packs=PACKS,
                           categories=cats, rule_langs=RULE_LANGS, stats=stats, page=page,
                           pages=pages, page_args=args)
