"""CI output formats: SARIF (schema-valid), JUnit, GitHub annotations, GitLab Code Quality,
standalone HTML; and the exit codes of --fail-on / --min-score."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from rewriter.cli import main

SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
JARGON_TPL = ("{# modèle de relance #}\n{{ collectivite.nom }}\n\nMadame,\n\n"
              "{% if relance %}\nNous vous informons que, suite à votre courrier, "
              "veuillez trouver ci-joint le formulaire.\n{% endif %}\n"
              "Il vous appartient de le retourner à compter du {{ date }}.\n\n"
              "Bien cordialement,\n")
PLAIN = "Madame,\n\nVous trouverez le formulaire avec cette lettre. Renvoyez-le avant le 1er mars.\n"


def run(capsys, *args) -> tuple[int, str, str]:
    code = main(["check", "--no-config", "--no-baseline", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def repo(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    (tmp_path / "modeles").mkdir()
    (tmp_path / "modeles" / "relance.txt.j2").write_text(JARGON_TPL, encoding="utf-8")
    (tmp_path / "modeles" / "clair.txt").write_text(PLAIN, encoding="utf-8")
    return tmp_path


def test_sarif_valid_against_schema(repo, capsys):
    code, out, _ = run(capsys, "--format", "sarif", "modeles", "absent.txt")
    assert code == 3
    data = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(data))
    assert not errors, [e.message for e in errors[:5]]
    run0 = data["runs"][0]
    drv = run0["tool"]["driver"]
    assert drv["name"] == "rewriter" and drv["version"]
    assert drv.get("informationUri", "https://").startswith("http")   # only if declared
    ids = [r["id"] for r in drv["rules"]]
    assert "fr.formule.ci-joint" in ids
    for r in drv["rules"]:
        for k in ("name", "shortDescription", "fullDescription", "help",
                  "defaultConfiguration"):
            assert k in r
        assert r["properties"]["category"]
    res = [r for r in run0["results"] if r["ruleId"] == "fr.formule.ci-joint"][0]
    reg = res["locations"][0]["physicalLocation"]["region"]
    line = JARGON_TPL.split("\n")[reg["startLine"] - 1]
    assert line[reg["startColumn"] - 1:reg["endColumn"] - 1].lower() == "veuillez trouver ci-joint"
    assert reg["snippet"]["text"].lower() == "veuillez trouver ci-joint"
    assert res["partialFingerprints"]["rewriter/v1"]
    rep = res["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert rep["insertedContent"]["text"]
    inv = run0["invocations"][0]
    assert inv["exitCode"] == 3 and inv["executionSuccessful"] is False
    assert any("absent.txt" in n["message"]["text"] for n in inv["toolExecutionNotifications"])
    # same findings -> same fingerprints from one run to the next
    data2 = json.loads(run(capsys, "--format", "sarif", "modeles")[1])
    fp1 = sorted(r["partialFingerprints"]["rewriter/v1"] for r in run0["results"])
    fp2 = sorted(r["partialFingerprints"]["rewriter/v1"] for r in data2["runs"][0]["results"])
    assert fp1 == fp2


def test_sarif_docx_uses_paragraph_numbers(tmp_path, monkeypatch, capsys):
    docx = pytest.importorskip("docx")
    monkeypatch.chdir(tmp_path)
    d = docx.Document()
    d.add_paragraph("Madame,")
    d.add_paragraph("Veuillez trouver ci-joint le formulaire de {{ nom }}.")
    d.save(tmp_path / "lettre.docx")
    data = json.loads(run(capsys, "--format", "sarif", "lettre.docx")[1])
    res = [r for r in data["runs"][0]["results"] if r["ruleId"] == "fr.formule.ci-joint"][0]
    assert res["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert res["properties"]["lineIsParagraph"] is True
    assert "paragraphe 2" in res["message"]["text"]
    assert "fixes" not in res


def test_junit_parses_and_fails_like_the_exit_code(repo, capsys):
    code, out, _ = run(capsys, "--format", "junit", "--fail-on", "warning", "modeles")
    assert code == 1
    root = ET.fromstring(out)
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert len(cases) == 2 and suite.get("tests") == "2"
    by_name = {c.get("name"): c for c in cases}
    rel = by_name["modeles/relance.txt.j2"]
    fails = rel.findall("failure")
    assert fails and all(f.get("type") for f in fails)
    assert any(f.get("type") == "fr.formule.ci-joint" for f in fails)
    assert re.match(r"modeles/relance\.txt\.j2:\d+:\d+: ", fails[0].text)
    assert not by_name["modeles/clair.txt"].findall("failure")
    assert suite.get("failures") == "1"
    # --fail-on never: no failure at all, findings listed in system-out
    code, out, _ = run(capsys, "--format", "junit", "--fail-on", "never", "modeles")
    assert code == 0
    assert not list(ET.fromstring(out).iter("failure"))


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_github_annotations_point_at_line_and_column(tmp_path, monkeypatch, capsys, eol):
    monkeypatch.chdir(tmp_path)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    src = eol.join(["{% if a and", "   b %}Bonjour.{% endif %}", "{# note :",
                    "   sur deux lignes #}", "Madame, veuillez trouver ci-joint le reçu, 100% gratuit.",
                    ""])
    (tmp_path / "m.txt.j2").write_bytes(src.encode("utf-8"))
    code, out, _ = run(capsys, "--format", "github", "--fail-on", "warning", "m.txt.j2")
    assert code == 1
    lines = [ln for ln in out.splitlines() if "fr.formule.ci-joint" in ln]
    assert lines, out
    m = re.match(r"::warning file=m\.txt\.j2,line=(\d+),col=(\d+),endColumn=(\d+),"
                 r"title=fr\.formule\.ci-joint::(.*)$", lines[0])
    assert m, lines[0]
    line, col, end = int(m.group(1)), int(m.group(2)), int(m.group(3))
    text = src.replace("\r\n", "\n").split("\n")[line - 1]
    assert (line, col) == (5, 9)
    assert text[col - 1:end - 1] == "veuillez trouver ci-joint"
    assert "\n" not in m.group(4) and "\r" not in m.group(4)
    table = summary.read_text(encoding="utf-8")
    assert "| Fichier | Score |" in table and "m.txt.j2" in table


def test_github_escaping_and_summary_notice():
    from rewriter.model import FileReport, Finding
    from rewriter.report import github
    assert github.escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert github.escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    fs = [Finding("r.x", "jargon", "warning", "m", "t", 0, 0, 1, line=i + 1, column=1)
          for i in range(12)]
    out = github.render([FileReport(path="a.txt", score=50.0, findings=fs)])
    assert out.count("::warning ") == 12
    assert "12 alertes au total" in out.splitlines()[-1]


def test_codequality_shape(repo, capsys):
    code, out, _ = run(capsys, "--format", "codequality", "--min-score", "99", "modeles")
    assert code == 1
    issues = json.loads(out)
    assert isinstance(issues, list) and issues
    for i in issues:
        assert isinstance(i["description"], str) and i["description"]
        assert isinstance(i["check_name"], str)
        assert re.fullmatch(r"[0-9a-f]{32}", i["fingerprint"])
        assert i["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert i["location"]["path"].startswith("modeles/")
        assert isinstance(i["location"]["lines"]["begin"], int)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert any(i["check_name"] == "rewriter.score" for i in issues)
    sev = {i["check_name"]: i["severity"] for i in issues}
    assert sev["fr.formule.ci-joint"] == "minor"


def test_html_standalone_and_escaped(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a<b>.txt").write_text("Veuillez trouver ci-joint <script>alert(1)</script> "
                                       "le formulaire.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(PLAIN, encoding="utf-8")
    code, out, _ = run(capsys, "--format", "html", "-o", "rapport.html", ".")
    html = (tmp_path / "rapport.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<html lang="fr">' in html
    assert "<svg" in html and html.count("<svg") >= 3
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "http://" not in html and "https://" not in html
    assert "<script" not in html and "a&lt;b&gt;.txt" in html
    assert "Répartition des scores" in html
    # every text is escaped, including messages and matched text
    from rewriter.model import FileReport, Finding
    from rewriter.report import html_report
    f = Finding("x.<r>", "jargon", "warning", "<b>m</b>", "<script>alert(1)</script>", 0, 0, 5,
                suggestions=["<i>s</i>"], fixable=True, line=1, column=1)
    page = html_report.render([FileReport(path="<p>.txt", score=40.0, findings=[f])])
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>m" not in page


def test_exit_codes_min_score_and_fail_on(repo, capsys):
    assert run(capsys, "modeles/clair.txt")[0] == 0
    assert run(capsys, "--fail-on", "warning", "modeles/relance.txt.j2")[0] == 1
    assert run(capsys, "--fail-on", "error", "modeles/relance.txt.j2")[0] == 0
    assert run(capsys, "--fail-on", "never", "--min-score", "0", "modeles")[0] == 0
    assert run(capsys, "--min-score", "100", "modeles/relance.txt.j2")[0] == 1
    with pytest.raises(SystemExit) as e:
        main(["check", "--format", "nope", "modeles"])
    assert e.value.code == 2
    assert run(capsys, "absent.txt")[0] == 3


def test_json_contract_unchanged(repo, capsys):
    code, out, _ = run(capsys, "--format", "json", "modeles/relance.txt.j2")
    data = json.loads(out)
    assert data["version"] == 1
    f = data["files"][0]
    assert set(f) >= {"path", "language", "score", "readability", "findings", "error"}
    for x in f["findings"]:
        assert set(x) >= {"rule", "category", "severity", "message", "text", "paragraph",
                          "start", "end", "line", "column", "suggestions"}
