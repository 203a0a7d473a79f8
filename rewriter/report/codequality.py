"""GitLab Code Quality JSON (``artifacts: reports: codequality:``), a subset of the Code
Climate issue format: ``description``, ``check_name``, ``fingerprint`` (MD5 hex of the
stable rewriter fingerprint: rule + path + normalised text + occurrence), ``severity``
and ``location.path`` + ``location.lines.begin``.

Severities: info → ``info``, warning → ``minor``, error → ``major``; a score below
``--min-score`` is one ``major`` issue (``check_name`` ``rewriter.score``). For a .docx,
``lines.begin`` is the paragraph number.
"""
from __future__ import annotations

import hashlib
import json

from ..baseline import fingerprints
from ..model import FileReport
from .junit import gate
from .sarif import display_path, is_docx, location, quoted

SEVERITY = {"info": "info", "warning": "minor", "error": "major"}


def _md5(s: str) -> str:
    return hashlib.md5(s.encode("utf-8"), usedforsecurity=False).hexdigest()


def to_issues(reports: list[FileReport], fail_on: str = "error",
              min_score: float | None = None) -> list[dict]:
    issues = []
    for r in reports:
        path = display_path(r.path)
        if r.error:
            issues.append({"type": "issue", "check_name": "rewriter.unreadable",
                           "description": f"Fichier illisible : {r.error}",
                           "categories": ["Bug Risk"], "severity": "critical",
                           "fingerprint": _md5(f"unreadable\x1f{path}"),
                           "location": {"path": path, "lines": {"begin": 1}}})
            continue
        docx = is_docx(r)
        for f, fp in zip(r.findings, fingerprints(r)):
            line, col, el, _ec = location(r, f)
            desc = f"{f.message}{quoted(f)}"
            if f.suggestions:
                desc += f" → « {f.suggestions[0]} »"
            if docx:
                desc += f" (paragraphe {line})"
            issues.append({
                "type": "issue",
                "engine_name": "rewriter",
                "check_name": f.rule,
                "description": desc,
                "categories": ["Style"],
                "severity": SEVERITY.get(f.severity, "minor"),
                "fingerprint": _md5(fp),
                "location": {"path": path, "lines": {"begin": line, "end": el}},
            })
        _fo, ms = gate(r, fail_on, min_score)
        if ms is not None and r.score is not None and r.score < ms:
            issues.append({
                "type": "issue", "engine_name": "rewriter", "check_name": "rewriter.score",
                "description": f"Score de lisibilité {r.score:.0f}/100, sous le minimum "
                               f"demandé ({ms:g}).",
                "categories": ["Style"], "severity": "major",
                "fingerprint": _md5(f"score\x1f{path}"),
                "location": {"path": path, "lines": {"begin": 1}}})
    return issues


def render(reports: list[FileReport], fail_on: str = "error",
           min_score: float | None = None) -> str:
    return json.dumps(to_issues(reports, fail_on, min_score), ensure_ascii=False, indent=2)
