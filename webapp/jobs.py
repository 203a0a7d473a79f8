"""Jobs run inside a worker process (see :mod:`webapp.worker`). Each takes plain data and
returns plain data (picklable); none of them logs anything about the letter."""
from __future__ import annotations

from pathlib import Path


def ping() -> dict:
    return {"ok": True}


class _Spans:
    """Spans the organisation's rules flagged in the document being checked."""

    def __init__(self):
        self.ctx = None
        self.spans: set = set()

    def of(self, ctx) -> set:
        if self.ctx is not ctx:
            self.ctx, self.spans = ctx, set()
        return self.spans


class _OrgChecker:
    """An organisation checker: runs first and records what it flags."""

    def __init__(self, inner, spans: _Spans):
        self.inner, self.shared = inner, spans
        self.rules = getattr(inner, "rules", [])

    def check(self, ctx):
        found = self.inner.check(ctx)
        self.shared.of(ctx).update((f.paragraph, f.start, f.end) for f in found)
        return found


class _BundledChecker:
    """A bundled checker minus the rules the organisation disables (compiled into shared
    automatons, so their findings are dropped) and minus the spans an organisation rule
    already flags (the organisation's wording wins)."""

    def __init__(self, inner, disabled: set[str], spans: _Spans):
        self.inner, self.disabled, self.shared = inner, disabled, spans
        self.rules = getattr(inner, "rules", [])

    def check(self, ctx):
        org = self.shared.of(ctx)
        return [f for f in self.inner.check(ctx) if f.rule not in self.disabled
                and (f.paragraph, f.start, f.end) not in org]


def _combine(rs, spec: dict | None, language: str):
    """The bundled rule set with the organisation pack on top (see webapp.orgpack)."""
    if not spec:
        return rs
    from rewriter.rulepack import RuleSet, compile_rules
    try:
        disabled = set(spec.get("disable") or ())
        severity = spec.get("severity") or {}
        for r in rs.rules:           # this process is thrown away after one job
            if r.id in severity:
                r.severity = severity[r.id]
        org_rules = [r for r in spec.get("rules") or () if r.language == language]
        spans = _Spans()
        checkers = [_OrgChecker(c, spans) for c in compile_rules(org_rules, language)]
        checkers += [_BundledChecker(c, disabled, spans) for c in rs.checkers]
        return RuleSet(language, [r for r in rs.rules if r.id not in disabled] + org_rules,
                       checkers, list(rs.problems))
    except Exception:  # noqa: BLE001 - a broken pack never breaks an analysis
        return rs


def use_org_pack(org: dict | None) -> None:
    """Make every rule look-up of this (worker) process add the organisation pack."""
    if not org or not org.get("langs"):
        return
    from rewriter import engine, rulepack
    base = engine.get_rules
    built: dict = {}

    def get_rules(language: str, extra: tuple = (), strict: bool = True):
        rs = base(language, extra, strict)
        if extra:
            return rs
        if language not in built:
            built[language] = _combine(rs, org["langs"].get(language), language)
        return built[language]

    engine.get_rules = get_rules
    rulepack.get_rules = get_rules


def check(data: bytes, filename: str, language: str | None = None,
          org: dict | None = None) -> dict:
    """Analyse an upload. Returns the contract dict (one ``files[]`` entry) and, for the
    web pages, the paragraph texts and each finding's stable key."""
    use_org_pack(org)
    from rewriter.engine import check_bytes, finding_key

    rep = check_bytes(data, filename, language=language)
    document = {"paragraphs": [], "keys": []}
    if rep.document is not None:
        document["paragraphs"] = [{"text": p.text, "role": p.role, "story": p.story}
                                  for p in rep.document.paragraphs]
        document["keys"] = [finding_key(f) for f in rep.findings]
    return {"report": rep.to_dict(), "document": document}


def rewrite(data: bytes, filename: str, accept: list[str] | None, track_changes: bool = False,
            language: str | None = None, org: dict | None = None) -> dict:
    """Write the letter back with the accepted findings applied. Returns
    ``{"data": bytes, "applied": n, "skipped": n, "engine": "rewrite"|"text"}``."""
    use_org_pack(org)
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
