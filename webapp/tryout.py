"""« Essayer » : type a sentence, see which rules fire (highlighted, with message and
suggestion) and the rewrite. A POST form (the sentence never goes into an address, so
never into a proxy's access log); with JavaScript the result comes back as it is typed
(``static/app.js``). Nothing is stored: the text goes to a worker process and back.
The active organisation pack is used, so an editor sees a new term at once."""
from __future__ import annotations

import logging
from types import SimpleNamespace

from flask import Blueprint, jsonify, render_template, request

from . import i18n, reportview, uploads, wants_json

bp = Blueprint("tryout", __name__)
log = logging.getLogger("rewriter.web")

MAX_CHARS = 3000


def _result(text: str, language: str | None) -> dict:
    from rewriter.fix import apply_text, select

    pack = uploads.org_pack()
    res = uploads._run("check", {"data": text.encode("utf-8"), "filename": "essai.txt",
                                 "language": language, "org": pack.payload})
    rep = res["report"]
    if rep.get("error"):
        raise uploads.UploadError(422, "unreadable", rep["error"])
    review = SimpleNamespace(report=rep, document=res["document"])
    fvs = reportview.finding_views(review, {}, None)
    for fv in fvs:
        fv.decision = "accepted" if fv.fixable else None
    diffs, n_applied = reportview.accepted_diff(review, fvs)
    paras = [p["text"] for p in res["document"].get("paragraphs") or []]
    chosen = select(reportview.as_findings([fv for fv in fvs if fv.fixable]))
    rewritten = "\n".join(p for p in apply_text(paras, chosen) if p.strip()) if chosen else ""
    for fv in fvs:
        fv.decision = None
    log.info("try-out checked (%d chars, %d findings)", len(text), len(fvs))
    return {"findings": fvs, "paragraphs": reportview.paragraphs(review, fvs),
            "diffs": diffs, "n_applied": n_applied, "rewritten": rewritten,
            "score": rep.get("score"), "language": rep.get("language"),
            "org_version": pack.version}


@bp.route("/essayer", methods=["GET", "POST"])
def page():
    t = i18n.t
    text = ""
    language = "auto"
    result = error = None
    status = 200
    if request.method == "POST":
        text = (request.form.get("texte") or "")
        language = request.form.get("langue") or "auto"
        try:
            lang = uploads.parse_language(language)
            if not text.strip():
                raise uploads.UploadError(400, "empty_text", t("try_empty"))
            if len(text) > MAX_CHARS:
                raise uploads.UploadError(400, "too_long", t("try_too_long", n=MAX_CHARS))
            result = _result(text, lang)
        except uploads.UploadError as e:
            error, status = str(e), e.status
        if wants_json():
            html = render_template("_try_result.html", result=result, error=error)
            return jsonify({"ok": error is None, "html": html}), status
    return render_template("try.html", text=text, language=language, result=result,
                           error=error, max_chars=MAX_CHARS), status
