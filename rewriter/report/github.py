"""GitHub Actions workflow commands (annotations in the pull request, no permission needed).

    ::warning file=modeles/relance.txt.j2,line=3,col=42,endColumn=50,title=fr.formule.ci-joint::message

``::error`` for errors, ``::warning`` for warnings, ``::notice`` for info. Escaping (from
the runner's source): in the message ``%`` → ``%25``, CR → ``%0D``, LF → ``%0A``; in
property values also ``:`` → ``%3A`` and ``,`` → ``%2C``. ``endColumn`` is only given
when the finding is on one line (``endLine`` otherwise). For a .docx, ``line`` is the
paragraph number (the message says so).

GitHub shows at most 10 annotations of each kind per step (and 50 per job): when there are
more, a final ``::notice`` gives the totals. When ``$GITHUB_STEP_SUMMARY`` is set, a
Markdown table (one row per file) is appended to it.
"""
from __future__ import annotations

import os
from collections import Counter

from ..model import FileReport
from .junit import gate
from .sarif import display_path, is_docx, location, quoted

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}
LIMIT_PER_KIND = 10
_KIND_FR = {"error": "erreurs", "warning": "alertes", "notice": "infos"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def annotation(kind: str, message: str, **props) -> str:
    ps = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind}{' ' + ps if ps else ''}::{escape_data(message)}"


def render(reports: list[FileReport], fail_on: str = "error",
           min_score: float | None = None) -> str:
    out: list[str] = []
    counts: Counter = Counter()
    for r in reports:
        path = display_path(r.path)
        if r.error:
            out.append(annotation("error", f"Fichier illisible : {r.error}", file=path,
                                  title="rewriter : fichier illisible"))
            counts["error"] += 1
            continue
        docx = is_docx(r)
        for f in r.findings:
            kind = COMMAND.get(f.severity, "warning")
            line, col, el, ec = location(r, f)
            msg = f"{f.message}{quoted(f)}"
            if f.suggestions:
                msg += (" → remplacer par « " if f.fixable else " → piste : « ") + \
                    f.suggestions[0] + " »"
            if docx:
                msg += f" (document Word : paragraphe {line})"
            props = {"file": path, "line": line, "col": col}
            if el == line:
                props["endColumn"] = ec
            else:
                props["endLine"] = el
            props["title"] = f.rule
            out.append(annotation(kind, msg, **props))
            counts[kind] += 1
        _fo, ms = gate(r, fail_on, min_score)
        if ms is not None and r.score is not None and r.score < ms:
            out.append(annotation("error", f"Score {r.score:.0f}/100, sous le minimum {ms:g}.",
                                  file=path, title="rewriter : score"))
            counts["error"] += 1
        for n in r.notices:
            out.append(annotation("notice", n, file=path, title="rewriter : note"))
            counts["notice"] += 1
    over = [k for k in ("error", "warning", "notice") if counts[k] > LIMIT_PER_KIND]
    if over:
        detail = ", ".join(f"{counts[k]} {_KIND_FR[k]}" for k in ("error", "warning", "notice")
                           if counts[k])
        out.append(annotation("notice", f"rewriter : {detail} au total. GitHub n'affiche que "
                              f"{LIMIT_PER_KIND} annotations de chaque type : voir le journal "
                              "de l'étape ou le résumé du job.", title="rewriter : résumé"))
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        try:
            with open(summary, "a", encoding="utf-8") as fh:
                fh.write(step_summary(reports, fail_on, min_score))
        except OSError:
            pass
    return "\n".join(out) + ("\n" if out else "")


def _md(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def step_summary(reports: list[FileReport], fail_on: str = "error",
                 min_score: float | None = None) -> str:
    lines = ["## rewriter — langage clair", "",
             "| Fichier | Score | Erreurs | Alertes | Infos | Statut |",
             "|---|---:|---:|---:|---:|---|"]
    rules: Counter = Counter()
    for r in reports:
        path = _md(display_path(r.path))
        if r.error:
            lines.append(f"| `{path}` | — | — | — | — | ❌ illisible : {_md(r.error)} |")
            continue
        c = Counter(f.severity for f in r.findings)
        rules.update(f.rule for f in r.findings)
        fo, ms = gate(r, fail_on, min_score)
        from .junit import is_blocking
        bad = any(is_blocking(f.severity, fo) for f in r.findings) or (
            ms is not None and r.score is not None and r.score < ms)
        score = f"{r.score:.0f}" if r.score is not None else "—"
        lines.append(f"| `{path}` | {score} | {c['error']} | {c['warning']} | {c['info']} | "
                     f"{'❌' if bad else '✅'} |")
    if rules:
        lines += ["", "Règles les plus fréquentes : " +
                  ", ".join(f"`{k}` ({v})" for k, v in rules.most_common(5))]
    return "\n".join(lines) + "\n\n"
