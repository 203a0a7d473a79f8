"""Pages for people: upload, report, decisions, downloads. Everything works without
JavaScript (plain forms, POST → redirect → GET); with JavaScript, decisions are sent with
fetch() and the page updates in place (``static/app.js``)."""
from __future__ import annotations

import io
import json
import logging
import re
from datetime import datetime

from flask import (Blueprint, abort, current_app, jsonify, make_response, redirect,
                   render_template, request, send_file, url_for)

from . import db, error_response, i18n, reportview, storage, uploads, wants_json

bp = Blueprint("letters", __name__)
log = logging.getLogger("rewriter.web")

KEY_RE = re.compile(r"^\d+:\d+:\d+:[\w.\-:]{1,200}$")


@bp.get("/")
def index():
    return render_template("index.html")


@bp.post("/analyser")
def analyse():
    t = i18n.t
    try:
        language = uploads.parse_language(request.form.get("language"))
        up = uploads.from_request(request.files, request.form.get("text"), uploads.PAGE_EXTS,
                                  pasted_name=("texte-colle.txt" if i18n.ui_lang() == "fr"
                                               else "pasted-text.txt"))
        res = uploads.analyse(up, language)
    except uploads.UploadError as e:
        title = t("err_unreadable_title") if e.code == "unreadable" else t("error_title")
        return render_template("index.html", error=str(e), error_title=title,
                               text=request.form.get("text", "")), e.status
    rep = res["report"]
    rid = storage.save_review(
        db(), filename=up.filename, fmt=up.fmt, original=up.data,
        language=rep.get("language"), report=rep, document=res["document"],
        retention_hours=float(current_app.config["RETENTION_HOURS"]))
    try:   # statistics: which rules were shown (rule ids only)
        storage.record_shown(db(), [f["rule"] for f in rep.get("findings") or []],
                             rep.get("language"))
    except Exception as e:  # noqa: BLE001 - statistics never break a report
        log.warning("shown counters not updated: %s", type(e).__name__)
    log.info("review created")
    return redirect(url_for("letters.report", rid=rid), code=303)


def _review_or_404(rid: str):
    r = storage.get_review(db(), rid)
    if r is None:
        resp = error_response(404, i18n.t("err_review_404_title"),
                              i18n.t("err_review_404",
                                     hours=f"{current_app.config['RETENTION_HOURS']:g}"),
                              "not_found")
        abort(make_response(*resp) if isinstance(resp, tuple) else resp)
    return r


def _shown_categories(args) -> set[str] | None:
    """Categories to show: ``?cat=a&cat=b``; ``f=1`` with no ``cat`` shows none; neither
    shows all."""
    cats = set(args.getlist("cat"))
    if cats or args.get("f"):
        return cats
    return None


def _context(review, shown):
    decisions = storage.get_decisions(db(), review.id)
    fvs = reportview.finding_views(review, decisions, shown)
    diffs, n_applied = reportview.accepted_diff(review, fvs)
    rep = review.report
    return {
        "review": review, "report": rep, "findings": fvs,
        "paragraphs": reportview.paragraphs(review, fvs),
        "subscores": reportview.subscores(rep),
        "score_band": reportview.score_band(rep.get("score")),
        "readability_lines": reportview.readability_lines(rep.get("readability") or {}),
        "categories": reportview.category_counts(fvs),
        "shown": shown, "diffs": diffs, "n_applied": n_applied,
        "created": _fmt_date(review.created_at), "expires": _fmt_date(review.expires_at),
        "filter_args": sorted(shown) if shown is not None else None,
        "n_fixable": sum(1 for f in fvs if f.fixable),
    }


def _fmt_date(d: datetime) -> str:
    return d.strftime("%d/%m/%Y %H:%M") if i18n.ui_lang() == "fr" else d.strftime("%Y-%m-%d %H:%M")


@bp.get("/rapport/<rid>")
def report(rid):
    review = _review_or_404(rid)
    return render_template("report.html", **_context(review, _shown_categories(request.args)))


def _back(rid: str, anchor: str | None = None):
    cats = request.form.getlist("cat")
    args = {}
    if cats or request.form.get("f"):
        args = {"cat": cats, "f": "1"}
    url = url_for("letters.report", rid=rid, **args)
    return redirect(url + (f"#{anchor}" if anchor else ""), code=303)


@bp.post("/rapport/<rid>/decision")
def decide(rid):
    review = _review_or_404(rid)
    key = request.form.get("key", "")
    decision = request.form.get("decision", "")
    if decision not in ("accepted", "refused", "reset"):
        return error_response(400, i18n.t("err_400_title"), i18n.t("err_bad_decision"),
                              "bad_decision")
    keys = review.document.get("keys") or []
    if not KEY_RE.match(key) or key not in keys:
        return error_response(400, i18n.t("err_400_title"), i18n.t("err_bad_key"), "bad_key")
    finding = review.report["findings"][keys.index(key)]
    storage.set_decision(db(), review.id, key, None if decision == "reset" else decision,
                         rule=finding["rule"], language=review.language)
    n = keys.index(key) + 1
    if wants_json():
        return jsonify(_decision_payload(review, key, n))
    return _back(rid, f"f-{n}")


def _decision_payload(review, key: str | None, n: int | None) -> dict:
    ctx = _context(review, None)
    fv = next((f for f in ctx["findings"] if f.key == key), None) if key else None
    diff_html = render_template("_diff.html", **ctx)
    out = {"ok": True, "n_applied": ctx["n_applied"], "diff_html": diff_html,
           "applied_text": i18n.t("dl_accepted", n=ctx["n_applied"]),
           "decisions": {f.key: f.status for f in ctx["findings"]},
           "labels": {f.key: i18n.t(f"status_{f.status}") for f in ctx["findings"]}}
    if fv is not None:
        out.update(key=key, n=n, decision=fv.status,
                   label=i18n.t(f"status_{fv.status}"))
    return out


@bp.post("/rapport/<rid>/tout-accepter")
def accept_all(rid):
    review = _review_or_404(rid)
    keys = review.document.get("keys") or []
    items = [(k, f["rule"]) for k, f in zip(keys, review.report.get("findings") or [])
             if f.get("fixable") and f.get("suggestions")]
    if items:
        storage.set_decisions(db(), review.id, items, "accepted", review.language)
    if wants_json():
        return jsonify(_decision_payload(review, None, None))
    return _back(rid, "avant-apres")


@bp.get("/rapport/<rid>/lettre")
def download(rid):
    review = _review_or_404(rid)
    tracked = request.args.get("suivi") in ("1", "true", "oui") and review.format == "docx"
    decisions = storage.get_decisions(db(), review.id)
    accept = sorted(k for k, d in decisions.items() if d == "accepted")
    try:
        res = uploads.rewrite(review.original, review.filename, accept, tracked,
                              review.language, review.document.get("org_version"))
    except uploads.UploadError as e:
        return error_response(e.status, i18n.t("error_title"),
                              i18n.t("err_rewrite", msg=str(e)), e.code)
    ext = ".docx" if review.format == "docx" else (
        ".md" if review.filename.lower().endswith(".md") else ".txt")
    suffix = "-clair-suivi" if tracked else "-clair"
    name = uploads.download_name(review.filename, suffix, ext)
    log.info("rewritten letter downloaded (%s, %d change(s) accepted)", ext, len(accept))
    return send_file(io.BytesIO(res["data"]), mimetype=uploads.MIMETYPES[ext],
                     as_attachment=True, download_name=name, max_age=0)


@bp.get("/rapport/<rid>/rapport.json")
def export_json(rid):
    review = _review_or_404(rid)
    from rewriter.report.json_format import VERSION
    decisions = storage.get_decisions(db(), review.id)
    rep = review.report
    keys = review.document.get("keys") or []
    body = {"version": VERSION, "files": [rep],
            "decisions": [{"key": k, "rule": f["rule"], "decision": decisions[k]}
                          for k, f in zip(keys, rep.get("findings") or []) if k in decisions]}
    data = json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8")
    return send_file(io.BytesIO(data), mimetype="application/json", as_attachment=True,
                     download_name=uploads.download_name(review.filename, "-rapport", ".json"),
                     max_age=0)


@bp.get("/rapport/<rid>/rapport.html")
def export_html(rid):
    review = _review_or_404(rid)
    ctx = _context(review, None)
    css = (current_app.static_folder and
           open(f"{current_app.static_folder}/report-export.css", encoding="utf-8").read())
    html = render_template("report_export.html", css=css, **ctx)
    resp = send_file(io.BytesIO(html.encode("utf-8")), mimetype="text/html",
                     as_attachment=True, max_age=0,
                     download_name=uploads.download_name(review.filename, "-rapport", ".html"))
    # A standalone file: its own <style>, never any script.
    resp.headers["Content-Security-Policy"] = ("default-src 'none'; style-src 'unsafe-inline'; "
                                               "img-src data:; base-uri 'none'; "
                                               "form-action 'none'; frame-ancestors 'none'")
    return resp


@bp.post("/rapport/<rid>/effacer")
def delete(rid):
    review = _review_or_404(rid)
    storage.delete_review(db(), review.id)
    log.info("review deleted by its user")
    return render_template("error.html", title=i18n.t("deleted"), message=i18n.t("deleted"),
                           status_page=True)
