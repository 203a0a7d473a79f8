"""Jobs run inside a worker process (see :mod:`webapp.worker`). Each takes plain data and
returns plain data (picklable); none of them logs anything about the letter."""
from __future__ import annotations

from pathlib import Path


def ping() -> dict:
    return {"ok": True}


def check(data: bytes, filename: str, language: str | None = None) -> dict:
    """Analyse an upload. Returns the contract dict (one ``files[]`` entry) and, for the
    web pages, the paragraph texts and each finding's stable key."""
    from rewriter.engine import check_bytes, finding_key

    rep = check_bytes(data, filename, language=language)
    document = {"paragraphs": [], "keys": []}
    if rep.document is not None:
        document["paragraphs"] = [{"text": p.text, "role": p.role, "story": p.story}
                                  for p in rep.document.paragraphs]
        document["keys"] = [finding_key(f) for f in rep.findings]
    return {"report": rep.to_dict(), "document": document}


def rewrite(data: bytes, filename: str, accept: list[str] | None, track_changes: bool = False,
            language: str | None = None) -> dict:
    """Write the letter back with the accepted findings applied. Returns
    ``{"data": bytes, "applied": n, "skipped": n, "engine": "rewrite"|"text"}``."""
    accept_set = set(accept) if accept is not None else None
    try:
        from rewriter.rewrite import rewrite_bytes
    except ImportError:
        rewrite_bytes = None
    if rewrite_bytes is not None:
        from rewriter.errors import ReadError
        try:
            out, res = rewrite_bytes(data, filename, accept=accept_set,
                                     track_changes=track_changes, language=language)
        except ReadError as e:
            return {"error": str(e)}
        after = res.report_after
        return {"data": out, "applied": len(res.applied or []),
                "skipped": len([s for s in res.skipped if s.reason != "refused"]),
                "score_after": after.score if after is not None else None,
                "engine": "rewrite"}
    return _rewrite_text_fallback(data, filename, accept_set, language)


def _rewrite_text_fallback(data: bytes, filename: str, accept: set[str] | None,
                           language: str | None) -> dict:
    """Without ``rewriter.rewrite``: text files only, through :func:`rewriter.fix.apply_text`
    on the paragraphs (line layout inside a paragraph is kept; paragraphs are separated by
    one blank line)."""
    from rewriter.engine import check_bytes, finding_key
    from rewriter.fix import apply_text, select

    if Path(filename).suffix.lower() not in (".txt", ".md", ".text"):
        raise RuntimeError("rewrite unavailable for this format")
    rep = check_bytes(data, filename, language=language)
    if rep.error or rep.document is None:
        return {"error": rep.error or "unreadable"}
    chosen = [f for f in rep.findings if accept is None or finding_key(f) in accept]
    paras = apply_text([p.text for p in rep.document.paragraphs], chosen)
    text = "\n\n".join(p for p in paras)
    return {"data": (text + "\n").encode("utf-8"), "applied": len(select(chosen)),
            "skipped": 0, "engine": "text"}
