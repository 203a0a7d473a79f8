"""Shared by the pages and the API: read an upload or pasted text, run the analysis in a
worker, and map every failure to (HTTP status, code, French message)."""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from flask import abort, current_app

from . import i18n, worker

log = logging.getLogger("rewriter.web")

PAGE_EXTS = (".docx", ".txt")
API_EXTS = (".docx", ".txt", ".md")
LANG_CHOICES = ("fr", "en")


class UploadError(Exception):
    def __init__(self, status: int, code: str, message: str, report: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.report = status, code, report


@dataclass
class Upload:
    data: bytes
    filename: str

    @property
    def ext(self) -> str:
        return PurePosixPath(self.filename.lower()).suffix

    @property
    def fmt(self) -> str:
        return "docx" if self.ext == ".docx" else "txt"


def clean_filename(name: str | None, default: str = "lettre.txt") -> str:
    """The base name only (no folders), without control characters, at most 120 chars."""
    name = PureWindowsPath(PurePosixPath(name or "").name).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    if not name:
        return default
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:110] + dot + ext[:9]) if dot else name[:120]
    return name


def download_name(filename: str, suffix: str, ext: str | None = None) -> str:
    stem = PurePosixPath(filename).stem or "lettre"
    stem = re.sub(r"[\\/:*?\"<>|]+", "_", stem)
    return f"{stem}{suffix}{ext or PurePosixPath(filename).suffix or '.txt'}"


def from_request(files, text: str | None, exts: tuple[str, ...], *, pasted_name: str) -> Upload:
    t = i18n.t
    fs = files.get("file") if files else None
    has_file = fs is not None and (fs.filename or "") != ""
    text = text if text is not None else ""
    has_text = bool(text.strip())
    if has_file and has_text:
        raise UploadError(400, "both_inputs", t("err_both"))
    if not has_file and not has_text:
        if text and not has_text:
            raise UploadError(400, "empty_text", t("err_empty_text"))
        raise UploadError(400, "missing_input", t("err_no_input"))
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if has_file:
        name = clean_filename(fs.filename, "lettre.docx")
        if PurePosixPath(name.lower()).suffix not in exts:
            raise UploadError(415, "unsupported_format", t("err_ext", name=name))
        data = fs.stream.read(limit + 1)
        if len(data) > limit:
            abort(413)
        return Upload(data, name)
    data = text.encode("utf-8")
    if len(data) > limit:
        abort(413)
    return Upload(data, pasted_name)


def parse_language(value: str | None) -> str | None:
    v = (value or "").strip().lower()
    if v in ("", "auto"):
        return None
    if v not in LANG_CHOICES:
        raise UploadError(400, "bad_language", i18n.t("err_lang", lang=value[:20]))
    return v


def _run(kind: str, payload: dict) -> dict:
    cfg = current_app.config
    if current_app.testing and cfg.get("WORKER_TEST_DELAY"):
        payload["_test_delay"] = cfg["WORKER_TEST_DELAY"]
    try:
        return worker.run(kind, payload, timeout=float(cfg["ANALYSIS_TIMEOUT"]),
                          memory_mb=int(cfg["WORKER_MEMORY_MB"]))
    except worker.WorkerError as e:
        status = 503 if e.code == "unavailable" else 422
        raise UploadError(status, e.code, str(e)) from None


def org_pack(version: int | None = None):
    """The organisation pack to analyse with: the active one, or a given version (a report
    is rewritten with the rules it was checked with)."""
    from . import db, orgpack
    try:
        if version is None:
            return orgpack.current(db())
        return orgpack.loaded(db(), version)
    except Exception as e:  # noqa: BLE001 - never break an analysis
        log.warning("organisation pack unavailable: %s", type(e).__name__)
        return orgpack.Loaded()


def analyse(up: Upload, language: str | None) -> dict:
    """{"report": contract dict, "document": {...}}; UploadError if unreadable. The
    document records the organisation pack version used (``org_version``)."""
    pack = org_pack()
    res = _run("check", {"data": up.data, "filename": up.filename, "language": language,
                         "org": pack.payload})
    res["document"]["org_version"] = pack.version
    rep = res["report"]
    if rep.get("error"):
        log.info("upload refused by the reader (%s, %d bytes)", up.ext, len(up.data))
        raise UploadError(422, "unreadable", rep["error"], report=rep)
    log.info("letter analysed (%s, %d bytes, %d findings)", up.ext, len(up.data),
             len(rep.get("findings") or []))
    return res


def rewrite(data: bytes, filename: str, accept: list[str] | None, track_changes: bool,
            language: str | None, org_version: int | None = None) -> dict:
    res = _run("rewrite", {"data": data, "filename": filename, "accept": accept,
                           "track_changes": track_changes, "language": language,
                           "org": org_pack(org_version).payload})
    if res.get("error"):
        raise UploadError(422, "unreadable", res["error"])
    return res


MIMETYPES = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
}
