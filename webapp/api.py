"""JSON API for programs (DESIGN.md §2). No cookies, no CSRF token: every call carries its
own input. Errors are JSON ``{"error": "<French sentence>", "code": "<stable code>"}``
with the right 4xx status; an unreadable file gives 422 with the ``files[]`` entry whose
``error`` says why."""
from __future__ import annotations

import io
import json

from flask import Blueprint, current_app, jsonify, request, send_file
from sqlalchemy import text as sql_text

from . import db, i18n, uploads
from .openapi import openapi_document

bp = Blueprint("api", __name__)


def _err(e: uploads.UploadError):
    if e.report is not None:
        body = dict(e.report)
        body["code"] = e.code
        return jsonify(body), e.status
    return jsonify({"error": str(e), "code": e.code}), e.status


def _api_lang():
    # API messages in French unless the client asks for English.
    from flask import g
    if "ui_lang" not in g:
        g.ui_lang = request.accept_languages.best_match(i18n.LANGS, default="fr") or "fr"
        if request.args.get("lang") in i18n.LANGS:
            g.ui_lang = request.args["lang"]


@bp.before_request
def _before():
    _api_lang()


def _json_input() -> tuple[str | None, str | None, str | None]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise uploads.UploadError(400, "bad_json",
                                  "Corps JSON invalide : envoyez un objet "
                                  "{\"text\": \"…\", \"language\": \"fr\"}."
                                  if i18n.ui_lang() == "fr" else
                                  "Invalid JSON body: send an object "
                                  "{\"text\": \"…\", \"language\": \"fr\"}.")
    text = body.get("text")
    if not isinstance(text, str):
        raise uploads.UploadError(400, "missing_text",
                                  "Le champ « text » (chaîne de caractères) est obligatoire."
                                  if i18n.ui_lang() == "fr" else
                                  "The “text” field (a string) is required.")
    lang = body.get("language")
    if lang is not None and not isinstance(lang, str):
        raise uploads.UploadError(400, "bad_language", i18n.t("err_lang", lang=str(lang)))
    name = body.get("filename") if isinstance(body.get("filename"), str) else None
    return text, lang, name


def _file_upload(exts) -> tuple[uploads.Upload, str | None]:
    if request.is_json:
        text, lang, name = _json_input()
        fname = uploads.clean_filename(name, "texte.txt") if name else "texte.txt"
        if not fname.lower().endswith((".txt", ".md")):
            fname += ".txt"
        up = uploads.from_request(None, text, exts, pasted_name=fname)
        return up, uploads.parse_language(lang)
    up = uploads.from_request(request.files, None, exts, pasted_name="texte.txt")
    return up, uploads.parse_language(request.form.get("language"))


def _ext_error(e: uploads.UploadError):
    if e.code == "unsupported_format":
        e = uploads.UploadError(415, e.code, i18n.t("err_ext_api",
                                                    exts=", ".join(uploads.API_EXTS)))
    return _err(e)


@bp.post("/api/v1/check")
def check():
    try:
        up, lang = _file_upload(uploads.API_EXTS)
        res = uploads.analyse(up, lang)
    except uploads.UploadError as e:
        return _ext_error(e)
    return jsonify(res["report"])


def _bool(v) -> bool:
    return str(v).strip().lower() in ("1", "true", "yes", "on", "oui")


@bp.post("/api/v1/rewrite")
def rewrite():
    try:
        if request.is_json:
            body = request.get_json(silent=True) or {}
            up, lang = _file_upload(uploads.API_EXTS)
            accept = body.get("accept")
            tracked = _bool(body.get("track_changes", False))
        else:
            up, lang = _file_upload(uploads.API_EXTS)
            accept = _accept_list(request.form.getlist("accept"))
            tracked = _bool(request.form.get("track_changes", ""))
        if accept is not None and not (isinstance(accept, list)
                                       and all(isinstance(a, str) for a in accept)):
            raise uploads.UploadError(400, "bad_accept",
                                      "« accept » doit être une liste de clés de remarques "
                                      "(« paragraphe:début:fin:règle »).")
        res = uploads.rewrite(up.data, up.filename, accept, tracked and up.fmt == "docx", lang)
    except uploads.UploadError as e:
        return _ext_error(e)
    ext = up.ext if up.ext in uploads.MIMETYPES else ".txt"
    resp = send_file(io.BytesIO(res["data"]), mimetype=uploads.MIMETYPES[ext],
                     as_attachment=True, max_age=0,
                     download_name=uploads.download_name(up.filename, "-clair", ext))
    resp.headers["X-Rewriter-Applied"] = str(res.get("applied", 0))
    return resp


def _accept_list(values: list[str]) -> list[str] | None:
    """``accept`` repeated, or one JSON array, or one comma-free key per field. Absent:
    None (apply every safe replacement)."""
    if not values:
        return None
    if len(values) == 1 and values[0].strip().startswith("["):
        try:
            v = json.loads(values[0])
        except ValueError:
            raise uploads.UploadError(400, "bad_accept",
                                      "« accept » n'est pas une liste JSON valide.") from None
        return v
    return [v for v in values if v]


@bp.get("/healthz")
def healthz():
    try:
        with db().connect() as c:
            c.execute(sql_text("SELECT 1"))
    except Exception:  # noqa: BLE001
        return jsonify({"status": "error", "database": "unreachable"}), 503
    return jsonify({"status": "ok"})


@bp.get("/api/v1/openapi.json")
def openapi():
    return jsonify(openapi_document(current_app.config["MAX_UPLOAD_MB"]))
