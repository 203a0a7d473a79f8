"""SARIF 2.1.0 (GitHub code scanning, and any SARIF viewer).

Valid against the OASIS schema (tests/data/sarif-schema-2.1.0.json). One run; the driver
lists the rules that have results, with their category, default level and help; each
result has a region (1-based, end column exclusive, columns in Unicode code points), a
snippet, a ``partialFingerprints`` entry (``rewriter/v1``: rule + path + normalised text
+ occurrence, no line number, the same as the baseline) and, when the replacement is
safe, a ``fix``. For a .docx there are no lines: ``startLine`` is the paragraph number
(1-based, reading order) and ``startColumn`` the position in that paragraph; the message
and ``properties.lineIsParagraph`` say so, and no fix is given (it is not a text edit).
The invocation carries the exit code and one notification per unreadable file or notice.

This module also holds the location helpers shared by the other CI formats.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import quote

from .. import __version__
from ..model import FileReport, Finding

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"info": "note", "warning": "warning", "error": "error"}


def information_uri() -> str | None:
    """The project's home page from the package metadata ([project.urls]); None when the
    package declares none (the SARIF field is then left out rather than invented)."""
    try:
        from importlib.metadata import metadata
        md = metadata("rewriter")
        for v in md.get_all("Project-URL") or []:
            label, _, url = v.partition(",")
            if url.strip().startswith(("https://", "http://")):
                return url.strip()
        home = md.get("Home-page")
        if home and home.startswith(("https://", "http://")):
            return home
    except Exception:
        pass
    return None


# --- shared location helpers ------------------------------------------------------------------
def is_docx(report: FileReport) -> bool:
    return Path(report.path).suffix.lower() in (".docx", ".docm", ".dotx", ".dotm", ".doc")


def location(report: FileReport, f: Finding) -> tuple[int, int, int, int]:
    """(start line, start column, end line, end column exclusive), 1-based. For a .docx:
    paragraph number and positions in the paragraph."""
    if f.line is not None:
        line, col = f.line, f.column or 1
        el = getattr(f, "end_line", None) or line
        ec = getattr(f, "end_column", None)
        if ec is None:
            ec = col + len(f.text) if "\n" not in f.text else col + 1
        if el == line and ec <= col:
            ec = col + 1
        return line, col, el, ec
    line = f.paragraph + 1
    return line, f.start + 1, line, max(f.end + 1, f.start + 2)


def quoted(f: Finding, limit: int = 80) -> str:
    """`` « matched text »`` for messages (nothing for a long sentence: the message says
    it all), shortened to ``limit`` characters, on one line."""
    if f.category == "long_sentence":
        return ""
    t = " ".join(f.text.split())
    if len(t) > limit:
        t = t[:limit - 1] + "…"
    return f" « {t} »"


def display_path(path: str) -> str:
    """The path as shown in CI formats: relative to the current folder when possible, with /."""
    if path == "-":
        return "-"
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return p.as_posix()
    s = p.as_posix()
    return s[2:] if s.startswith("./") else s


def artifact_uri(path: str) -> tuple[str, bool]:
    """(uri, relative?) of a file for SARIF."""
    shown = display_path(path)
    if shown == "-":
        return "stdin", True
    if os.path.isabs(shown):
        return Path(shown).as_uri(), False
    return quote(shown, safe="/-._~"), True


def rule_name(rule_id: str) -> str:
    parts = re.split(r"[^0-9A-Za-z]+", rule_id)
    return "".join(p[:1].upper() + p[1:] for p in parts if p) or "Rule"


def _first_sentence(s: str) -> str:
    m = re.match(r"(.+?[.!?…])(\s|$)", s)
    return (m.group(1) if m else s).strip()


# --- rendering ---------------------------------------------------------------------------------
def to_sarif(reports: list[FileReport], rules_index: dict | None = None, exit_code: int = 0,
             fingerprints: dict | None = None, notices: list[str] | None = None) -> dict:
    """``rules_index``: rule id -> rulepack.Rule (for descriptions); ``fingerprints``:
    id(finding) -> fingerprint (default: computed like the baseline)."""
    from ..baseline import fingerprints as compute_fps

    rules_index = rules_index or {}
    used: dict[str, dict] = {}
    results = []
    notifications = []
    for r in reports:
        uri, rel = artifact_uri(r.path)
        art = {"uri": uri}
        if rel:
            art["uriBaseId"] = "%SRCROOT%"
        if r.error:
            notifications.append({
                "level": "error",
                "message": {"text": f"{display_path(r.path)} : fichier illisible — {r.error}"},
                "locations": [{"physicalLocation": {"artifactLocation": dict(art)}}],
                "descriptor": {"id": "rewriter.unreadable"},
            })
            continue
        for n in r.notices:
            notifications.append({
                "level": "note",
                "message": {"text": f"{display_path(r.path)} : {n}"},
                "locations": [{"physicalLocation": {"artifactLocation": dict(art)}}],
            })
        fps = compute_fps(r) if fingerprints is None else None
        docx = is_docx(r)
        for k, f in enumerate(r.findings):
            if f.rule not in used:
                used[f.rule] = _rule_descriptor(f, rules_index.get(f.rule))
            line, col, el, ec = location(r, f)
            msg = f.message
            if f.suggestions:
                msg += (" Proposition : « " if f.fixable else " Piste : « ") + \
                    f.suggestions[0] + " »."
            if docx:
                msg += f" (document Word : paragraphe {line}, caractère {col})"
            region = {"startLine": line, "startColumn": col, "endLine": el, "endColumn": ec,
                      "snippet": {"text": f.text}}
            res = {
                "ruleId": f.rule,
                "level": LEVEL.get(f.severity, "warning"),
                "message": {"text": msg},
                "locations": [{"physicalLocation": {"artifactLocation": dict(art),
                                                    "region": region}}],
                "partialFingerprints": {
                    "rewriter/v1": fps[k] if fps is not None else fingerprints[id(f)]},
                "properties": {"category": f.category, "severity": f.severity,
                               "paragraph": f.paragraph, "start": f.start, "end": f.end,
                               "suggestions": list(f.suggestions), "fixable": f.fixable,
                               "lineIsParagraph": docx},
            }
            if f.fixable and f.suggestions and not docx:
                res["fixes"] = [{
                    "description": {"text": f"Remplacer « {f.text} » par "
                                            f"« {f.suggestions[0]} »"},
                    "artifactChanges": [{
                        "artifactLocation": dict(art),
                        "replacements": [{
                            "deletedRegion": {"startLine": line, "startColumn": col,
                                              "endLine": el, "endColumn": ec},
                            "insertedContent": {"text": f.suggestions[0]}}]}]}]
            results.append(res)
    rule_ids = sorted(used)
    index = {rid: i for i, rid in enumerate(rule_ids)}
    for res in results:
        res["ruleIndex"] = index[res["ruleId"]]
    for n in notices or []:
        notifications.append({"level": "note", "message": {"text": n}})
    uri = information_uri()
    run = {
        "tool": {"driver": {**({"informationUri": uri} if uri else {}),
            "name": "rewriter",
            "version": __version__,
            "semanticVersion": __version__,
            "language": "fr",
            "rules": [used[rid] for rid in rule_ids],
        }},
        "invocations": [{
            "executionSuccessful": exit_code in (0, 1),
            "exitCode": exit_code,
            "toolExecutionNotifications": notifications,
        }],
        "originalUriBaseIds": {"%SRCROOT%": {"uri": _cwd_uri()}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"scores": [
            {"path": display_path(r.path), "score": r.score, "language": r.language}
            for r in reports if not r.error]},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _cwd_uri() -> str:
    u = Path.cwd().resolve().as_uri()
    return u if u.endswith("/") else u + "/"


def _rule_descriptor(f: Finding, rule) -> dict:
    message = getattr(rule, "message", None) or f.message
    description = getattr(rule, "description", None)
    source = getattr(rule, "source", None)
    severity = getattr(rule, "severity", None) or f.severity
    category = getattr(rule, "category", None) or f.category
    short = description or _first_sentence(message)
    full = message if not description else f"{description} {message}"
    help_text = message + (f"\nSource : {source}" if source else "") + \
        f"\nPlus de détails : rewriter rules explain {f.rule}"
    help_md = message + (f"\n\n*Source : {source}*" if source else "") + \
        f"\n\n`rewriter rules explain {f.rule}`"
    return {
        "id": f.rule,
        "name": rule_name(f.rule),
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text, "markdown": help_md},
        "defaultConfiguration": {"level": LEVEL.get(severity, "warning")},
        "properties": {"category": category, "tags": ["langage-clair", category]},
    }


def render(reports: list[FileReport], rules_index: dict | None = None, exit_code: int = 0,
           notices: list[str] | None = None) -> str:
    return json.dumps(to_sarif(reports, rules_index, exit_code, notices=notices),
                      ensure_ascii=False, indent=2)
