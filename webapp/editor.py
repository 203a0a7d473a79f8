"""The organisation pack editor (sign-in required): terms, changes to bundled rules,
history, statistics. Plain forms (POST → redirect → GET); every change is validated by
the engine's loader before it is stored (:mod:`webapp.orgpack`)."""
from __future__ import annotations

import logging
from datetime import date

from flask import (Blueprint, Response, abort, flash, redirect, render_template, request,
                   url_for)

from . import auth, db, i18n, orgpack, stats, storage

bp = Blueprint("editor", __name__)
log = logging.getLogger("rewriter.web")

CATEGORIES_TERMS = ("jargon", "formula", "acronym", "style", "rare_word", "spelling")
SEVERITIES = ("info", "warning", "error")
TERM_FIELDS = ("term", "replace", "category", "severity", "message", "note", "language",
               "fail", "pass")
FORM_NAMES = {"term": "terme", "replace": "remplacement", "category": "categorie",
              "severity": "gravite", "message": "message", "note": "note",
              "language": "langue", "fail": "exemple_signale", "pass": "exemple_correct"}


def _author() -> str:
    return auth.current_editor() or "?"


def _pack_context(**extra) -> dict:
    eng = db()
    version, data = orgpack.load_data(eng)
    row = storage.get_pack_version(eng, version)
    cur = orgpack.current(eng)
    terms = sorted(data["terms"], key=lambda t: (t["language"], t["term"].lower()))
    rules = sorted(data["rules"].items())
    ctx = {"version": version, "row": row, "terms": terms, "rule_changes": rules,
           "pack_problems": cur.problems, "form": {}, "field_errors": {}, "problems": None,
           "term_categories": CATEGORIES_TERMS, "severities": SEVERITIES,
           "langs": orgpack.LANGS, "editor_name": auth.current_editor(),
           "saved_at": _fmt_dt(row.at) if row else ""}
    ctx.update(extra)
    return ctx


# --- the term form ----------------------------------------------------------------------------
def _read_term_form() -> tuple[dict, dict]:
    t = i18n.t
    f = request.form
    term = {k: (f.get(FORM_NAMES[k]) or "").strip() for k in TERM_FIELDS}
    errors: dict[str, str] = {}
    for k, limit in orgpack.LIMITS.items():
        if k in term and len(term[k]) > limit:
            errors[k] = t("ed_too_long", n=limit)
    if not term["term"]:
        errors["term"] = t("ed_term_required")
    if term["category"] not in CATEGORIES_TERMS:
        errors["category"] = t("ed_bad_choice")
    if term["severity"] not in SEVERITIES:
        errors["severity"] = t("ed_bad_choice")
    if term["language"] not in orgpack.LANGS:
        errors["language"] = t("ed_bad_choice")
    for k in ("term", "replace", "message", "note", "fail", "pass"):
        if any(c in term[k] for c in "\r\n\t\x00"):
            term[k] = " ".join(term[k].split())
    return term, errors


def _stored_term(form: dict) -> dict:
    out = {"term": form["term"], "replace": orgpack.split_replace(form["replace"]),
           "category": form["category"], "severity": form["severity"],
           "language": form["language"]}
    for k in ("message", "note", "fail", "pass"):
        if form.get(k):
            out[k] = form[k]
    return out


def _form_of(term: dict) -> dict:
    f = {k: term.get(k, "") for k in TERM_FIELDS}
    f["replace"] = " | ".join(term.get("replace") or [])
    return f


def _refused(template: str, status: int, e: Exception, **ctx):
    if isinstance(e, orgpack.Conflict):
        problems, texts = [i18n.t("ed_conflict")], {}
    else:
        problems, texts = e.problems, e.yaml_texts
    log.info("organisation pack change refused (%d problem(s))", len(problems))
    return render_template(template, problems=problems, candidate=texts, **ctx), status


@bp.get("/editeur")
@auth.editor_required
def pack():
    return render_template("editor.html", **_pack_context())


@bp.post("/editeur/termes")
@auth.editor_required
def term_add():
    form, errors = _read_term_form()
    if errors:
        return render_template("editor.html", **_pack_context(form=form, field_errors=errors,
                                                              open_add=True)), 422
    new = _stored_term(form)
    key = (new["term"].lower(), new["language"])

    def change(data):
        if any((t["term"].lower(), t["language"]) == key for t in data["terms"]):
            raise ValueError(i18n.t("ed_term_exists", term=new["term"]))
        item = dict(new, id=orgpack.new_term_id(new["term"], new["language"], data))
        data["terms"].append(item)
        return None, item

    try:
        v = orgpack.save_change(db(), _author(), "term_add", new["term"], change)
    except ValueError as e:
        return render_template("editor.html", **_pack_context(
            form=form, field_errors={"term": str(e)}, open_add=True)), 422
    except (orgpack.PackError, orgpack.Conflict) as e:
        return _refused("editor.html", 422, e, **{k: v for k, v in _pack_context(
            form=form, open_add=True).items() if k not in ("problems",)})
    flash(i18n.t("ed_saved_term_add", term=new["term"], v=v), "ok")
    return redirect(url_for("editor.pack") + "#termes", code=303)


def _find_term(data: dict, tid: str) -> dict | None:
    return next((t for t in data["terms"] if t["id"] == tid), None)


@bp.route("/editeur/termes/<tid>", methods=["GET", "POST"])
@auth.editor_required
def term_edit(tid):
    _, data = orgpack.load_data(db())
    term = _find_term(data, tid)
    if term is None:
        abort(404)
    if request.method == "GET":
        return render_template("term_edit.html", term=term, form=_form_of(term),
                               field_errors={}, problems=None,
                               term_categories=CATEGORIES_TERMS, severities=SEVERITIES,
                               langs=orgpack.LANGS)
    form, errors = _read_term_form()
    ctx = {"term": term, "form": form, "term_categories": CATEGORIES_TERMS,
           "severities": SEVERITIES, "langs": orgpack.LANGS}
    if errors:
        return render_template("term_edit.html", field_errors=errors, problems=None,
                               **ctx), 422
    new = _stored_term(form)

    def change(d):
        cur = _find_term(d, tid)
        if cur is None:
            raise ValueError(i18n.t("ed_term_gone"))
        if any(t["id"] != tid and (t["term"].lower(), t["language"]) ==
               (new["term"].lower(), new["language"]) for t in d["terms"]):
            raise ValueError(i18n.t("ed_term_exists", term=new["term"]))
        before = dict(cur)
        for k in TERM_FIELDS:
            cur.pop(k, None)
        cur.update(new)
        return before, dict(cur)

    try:
        v = orgpack.save_change(db(), _author(), "term_edit", tid, change)
    except ValueError as e:
        return render_template("term_edit.html", field_errors={"term": str(e)},
                               problems=None, **ctx), 422
    except (orgpack.PackError, orgpack.Conflict) as e:
        return _refused("term_edit.html", 422, e, field_errors={}, **ctx)
    flash(i18n.t("ed_saved_term_edit", term=new["term"], v=v), "ok")
    return redirect(url_for("editor.pack") + "#termes", code=303)


@bp.post("/editeur/termes/<tid>/supprimer")
@auth.editor_required
def term_delete(tid):
    def change(d):
        cur = _find_term(d, tid)
        if cur is None:
            raise ValueError(i18n.t("ed_term_gone"))
        d["terms"].remove(cur)
        return cur, None

    try:
        v = orgpack.save_change(db(), _author(), "term_delete", tid, change)
    except ValueError as e:
        flash(str(e), "error")
        return redirect(url_for("editor.pack") + "#termes", code=303)
    except (orgpack.PackError, orgpack.Conflict) as e:
        return _refused("editor.html", 422, e, **{k: v for k, v in _pack_context().items()
                                                  if k != "problems"})
    flash(i18n.t("ed_saved_term_delete", v=v), "ok")
    return redirect(url_for("editor.pack") + "#termes", code=303)


# --- bundled rules: disable, change the severity ---------------------------------------------
def _bundled(rid: str):
    for lang in orgpack.LANGS:
        r = orgpack.bundled_rules(lang).get(rid)
        if r is not None:
            return r
    return None


@bp.get("/editeur/regle")
@auth.editor_required
def rule_form():
    rid = (request.args.get("id") or "").strip()[:255]
    if not rid:
        return redirect(url_for("editor.pack") + "#regles-fournies", code=303)
    rule = _bundled(rid)
    if rule is None:
        return render_template("editor.html", **_pack_context(
            rule_lookup=rid, rule_lookup_error=i18n.t("ed_rule_unknown", id=rid))), 404
    _, data = orgpack.load_data(db())
    return render_template("rule_edit.html", rule=rule, change=data["rules"].get(rid) or {},
                           severities=SEVERITIES, problems=None)


@bp.post("/editeur/regle")
@auth.editor_required
def rule_save():
    rid = (request.form.get("id") or "").strip()[:255]
    state = request.form.get("etat", "active")
    sev = request.form.get("gravite", "")
    rule = _bundled(rid) if rid else None
    if rule is None:
        # unknown id: let the pack validation word it (path:line: …) — it refuses it
        if not rid:
            abort(400)
    if state not in ("active", "disabled") or sev not in ("",) + SEVERITIES:
        abort(400)
    lang = rule.language if rule is not None else (rid.split(".", 1)[0]
                                                   if rid.split(".", 1)[0] in orgpack.LANGS
                                                   else "fr")
    want = {"language": lang, "disabled": state == "disabled",
            "severity": (sev if sev and (rule is None or sev != rule.severity) else None)}

    if rule is None and not want["disabled"] and not want["severity"]:
        return render_template("editor.html", **_pack_context(
            rule_lookup=rid, rule_lookup_error=i18n.t("ed_rule_unknown", id=rid))), 404
    _, cur = orgpack.load_data(db())
    if (cur["rules"].get(rid) or None) == (want if want["disabled"] or want["severity"]
                                           else None):
        flash(i18n.t("ed_nothing_changed", id=rid), "ok")
        return redirect(url_for("editor.pack") + "#regles-fournies", code=303)

    def change(d):
        before = d["rules"].get(rid)
        if not want["disabled"] and not want["severity"]:
            d["rules"].pop(rid, None)
            return before, None
        d["rules"][rid] = dict(want)
        return before, dict(want)

    try:
        v = orgpack.save_change(db(), _author(), "rule_set", rid, change)
    except (orgpack.PackError, orgpack.Conflict) as e:
        if rule is None:
            return _refused("editor.html", 422, e, **{
                k: x for k, x in _pack_context(rule_lookup=rid).items() if k != "problems"})
        _, data = orgpack.load_data(db())
        return _refused("rule_edit.html", 422, e, rule=rule,
                        change=data["rules"].get(rid) or {}, severities=SEVERITIES)
    flash(i18n.t("ed_saved_rule", id=rid, v=v), "ok")
    return redirect(url_for("editor.pack") + "#regles-fournies", code=303)


# --- history ----------------------------------------------------------------------------------
def _diff_fields(before: dict | None, after: dict | None) -> list[tuple[str, str, str]]:
    keys = []
    for d in (before or {}, after or {}):
        keys += [k for k in d if k not in keys and k not in ("id", "language")]

    def show(v, k=""):
        if k == "category" and isinstance(v, str):
            return i18n.category_label(v)
        if v is None or v == "" or v == []:
            return "—"
        if isinstance(v, bool):
            return i18n.t("yes") if v else i18n.t("no")
        if isinstance(v, list):
            return " | ".join(str(x) for x in v)
        if v in SEVERITIES:
            return i18n.severity_label(v)
        return str(v)
    return [(k, show((before or {}).get(k), k), show((after or {}).get(k), k)) for k in keys]


@bp.get("/editeur/historique")
@auth.editor_required
def history():
    try:
        page = max(1, int(request.args.get("page", "1")))
    except ValueError:
        page = 1
    per = 50
    rows = storage.pack_history(db(), limit=per + 1, offset=(page - 1) * per)
    more = len(rows) > per
    items = [{"row": r, "fields": _diff_fields(r.before, r.after)} for r in rows[:per]]
    return render_template("history.html", items=items, page=page, more=more,
                           fmt=_fmt_dt)


def _fmt_dt(d) -> str:
    from datetime import timezone

    from .storage import _aware
    d = _aware(d).astimezone(timezone.utc)
    return d.strftime("%d/%m/%Y %H:%M") if i18n.ui_lang() == "fr" else d.strftime("%Y-%m-%d %H:%M")


@bp.get("/editeur/pack/<lang>.yml")
@auth.editor_required
def pack_yaml(lang):
    if lang not in orgpack.LANGS:
        abort(404)
    v, data = orgpack.load_data(db())
    row = storage.get_pack_version(db(), v)
    text = getattr(row, f"yaml_{lang}") if row else orgpack.build_yaml(data, lang)
    return Response(text, mimetype="text/yaml; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="organisation-{lang}.yml"',
        "Cache-Control": "no-store"})


# --- statistics ---------------------------------------------------------------------------------
@bp.get("/editeur/statistiques")
@auth.editor_required
def statistics():
    period = request.args.get("periode", "90")
    if period not in stats.PERIODS:
        period = "90"
    today = date.today()
    since, until = stats.period_bounds(period, today)
    rows = storage.rule_activity(db(), since, until)
    view = stats.build(rows, since, until, today, q=(request.args.get("q") or "")[:100],
                       only_flagged=request.args.get("suspects") == "1")
    return render_template("stats.html", periods=stats.PERIODS, period=period, view=view,
                           min_decisions=stats.MIN_DECISIONS,
                           threshold_pct=round(stats.REFUSAL_THRESHOLD * 100),
                           q=(request.args.get("q") or "")[:100],
                           only_flagged=request.args.get("suspects") == "1")
