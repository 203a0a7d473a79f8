"""JUnit XML (GitLab test report widget, Jenkins, Azure DevOps…).

One ``<testsuite name="rewriter">``, one ``<testcase>`` per file. A finding at or above the
``--fail-on`` severity is a ``<failure>`` (``type`` = rule id); a score below
``--min-score`` is a ``<failure type="rewriter.score">``; an unreadable file is an
``<error>``. Findings below the threshold are listed in the test case's ``<system-out>``,
so the test report fails exactly when ``rewriter check`` exits with code 1 (or 3).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from ..model import SEVERITY_RANK, FileReport
from .sarif import display_path, location, quoted

_SEV_FR = {"error": "erreur", "warning": "alerte", "info": "info"}


def gate(r: FileReport, fail_on: str = "error", min_score: float | None = None):
    fo = getattr(r, "ci_fail_on", None) or fail_on
    ms = getattr(r, "ci_min_score", min_score)
    return fo, ms


def is_blocking(severity: str, fail_on: str) -> bool:
    return fail_on != "never" and SEVERITY_RANK[severity] >= SEVERITY_RANK[fail_on]


def _line(r: FileReport, f) -> str:
    line, col, _el, _ec = location(r, f)
    s = (f"{display_path(r.path)}:{line}:{col}: {_SEV_FR[f.severity]} {f.message}"
         f"{quoted(f)} [{f.rule}]")
    if f.suggestions:
        s += f" → {f.suggestions[0]}"
    return s


def to_xml(reports: list[FileReport], fail_on: str = "error",
           min_score: float | None = None, elapsed: float = 0.0) -> ET.Element:
    suites = ET.Element("testsuites", name="rewriter")
    suite = ET.SubElement(suites, "testsuite", name="rewriter")
    n_fail = n_err = 0
    for r in reports:
        shown = display_path(r.path)
        tc = ET.SubElement(suite, "testcase", name=shown, classname="rewriter.langage-clair",
                           file=shown, time=f"{getattr(r, 'ci_seconds', 0.0):.3f}")
        if r.error:
            e = ET.SubElement(tc, "error", type="rewriter.unreadable",
                              message=f"Fichier illisible : {r.error}")
            e.text = f"{shown}: {r.error}"
            n_err += 1
            continue
        fo, ms = gate(r, fail_on, min_score)
        failed = False
        below = []
        for f in r.findings:
            if is_blocking(f.severity, fo):
                el = ET.SubElement(tc, "failure", type=f.rule,
                                   message=f"{f.message}{quoted(f)}")
                el.text = _line(r, f)
                failed = True
            else:
                below.append(_line(r, f))
        if ms is not None and r.score is not None and r.score < ms:
            el = ET.SubElement(tc, "failure", type="rewriter.score",
                               message=f"Score {r.score:.0f}/100 inférieur au minimum {ms:g}")
            el.text = f"{shown}: score {r.score:.0f}/100 < {ms:g}"
            failed = True
        out = [f"Score : {r.score:.0f}/100" if r.score is not None else "Pas de texte évalué."]
        out += below
        out += [f"note : {n}" for n in r.notices]
        so = ET.SubElement(tc, "system-out")
        so.text = "\n".join(out)
        n_fail += failed
    for el in (suites, suite):
        el.set("tests", str(len(reports)))
        el.set("failures", str(n_fail))
        el.set("errors", str(n_err))
        el.set("time", f"{elapsed:.3f}")
    suite.set("skipped", "0")
    return suites


def render(reports: list[FileReport], fail_on: str = "error", min_score: float | None = None,
           elapsed: float = 0.0) -> str:
    root = to_xml(reports, fail_on, min_score, elapsed)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")
