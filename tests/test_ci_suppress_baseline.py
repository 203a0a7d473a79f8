"""Silencing: inline ``rewriter:`` directives (Jinja comments, .docx paragraphs and Word
comments) and the baseline file (round trip, robust to edits elsewhere)."""
from __future__ import annotations

import json

import pytest

from rewriter.cli import main

CI = "Veuillez trouver ci-joint le formulaire."
APP = "Il vous appartient de répondre."


def check_json(capsys, *args) -> tuple[int, list[dict]]:
    code = main(["check", "--no-config", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out)["files"][0]["findings"]


def rules_at(findings) -> set[tuple[str, int]]:
    return {(f["rule"], f["line"]) for f in findings}


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_jinja_disable_enable_next_line_file(here, capsys):
    text = "\n".join([
        CI,                                                        # 1 reported
        "",
        "{# rewriter: disable=fr.formule.ci-joint #}",             # 3
        CI,                                                        # 4 silenced
        "",
        APP,                                                       # 6 reported
        "{# rewriter: enable=fr.formule.ci-joint #}",              # 7
        "",
        CI,                                                        # 9 reported
        "",
        "{# rewriter: disable-next-line #}",                       # 11
        CI + " " + APP,                                            # 12 all silenced
        "",
        "{# rewriter: disable-next-line=fr.impersonnel.* #}",      # 14
        CI + " " + APP,                                            # 15 only ci-joint
        "",
        APP + " {# rewriter: disable-line #}",                     # 17 silenced
        "",
    ])
    (here / "m.txt.j2").write_text(text, encoding="utf-8")
    _code, fs = check_json(capsys, "m.txt.j2")
    got = rules_at(fs)
    ci = {ln for r, ln in got if r == "fr.formule.ci-joint"}
    app = {ln for r, ln in got if r.startswith("fr.impersonnel")}
    assert ci == {1, 9, 15}, got
    assert app == {6}, got
    # --ignore-inline shows everything
    _code, fs = check_json(capsys, "--ignore-inline", "m.txt.j2")
    assert {ln for r, ln in rules_at(fs) if r == "fr.formule.ci-joint"} == {1, 4, 9, 12, 15}


def test_jinja_disable_file(here, capsys):
    (here / "m.j2").write_text("{# rewriter: disable-file=fr.formule.ci-joint #}\n" + CI +
                               "\n\n" + APP + "\n", encoding="utf-8")
    _code, fs = check_json(capsys, "m.j2")
    assert {f["rule"] for f in fs} and "fr.formule.ci-joint" not in {f["rule"] for f in fs}
    (here / "m.j2").write_text("{# rewriter: disable-file #}\n" + CI + "\n", encoding="utf-8")
    code, fs = check_json(capsys, "--fail-on", "info", "m.j2")
    assert fs == [] and code == 0


def test_docx_directive_paragraph_and_word_comment(here, capsys):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("Madame,")
    d.add_paragraph(CI)                                                     # 2 reported
    d.add_paragraph("{# rewriter: disable-next-line=fr.formule.ci-joint #}")
    d.add_paragraph(CI)                                                     # 4 silenced
    p = d.add_paragraph(CI)                                                 # 5 Word comment
    d.add_comment(p.runs, text="rewriter: disable=fr.formule.ci-joint", author="Relecture")
    d.add_paragraph(CI)                                                     # 6 reported
    d.save(here / "lettre.docx")
    _code, fs = check_json(capsys, "lettre.docx")
    paras = sorted(f["paragraph"] for f in fs if f["rule"] == "fr.formule.ci-joint")
    assert paras == [1, 5], fs


def test_baseline_round_trip(here, capsys):
    letter = here / "lettre.txt"
    letter.write_text("Madame,\n\n" + CI + "\n\n" + APP + "\n", encoding="utf-8")
    assert main(["check", "--no-config", "--fail-on", "warning", "lettre.txt"]) == 1
    capsys.readouterr()
    assert main(["baseline", "--no-config", "lettre.txt"]) == 0
    out = capsys.readouterr().out
    assert ".rewriter-baseline.json" in out
    data = json.loads((here / ".rewriter-baseline.json").read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["findings"]
    assert all("line" not in e for e in data["findings"])
    # the baseline (found in the current folder) hides the accepted findings
    code, fs = check_json(capsys, "--fail-on", "warning", "lettre.txt")
    assert code == 0 and fs == []
    # editing elsewhere (new lines at the top) keeps them accepted; a new finding shows
    letter.write_text("Mairie de Belleville\n\nMadame,\n\nNous avons bien reçu votre lettre.\n\n"
                      + CI + "\n\n" + APP + "\n\nÀ compter du 1er mars, le tarif change.\n",
                      encoding="utf-8")
    code, fs = check_json(capsys, "--fail-on", "warning", "lettre.txt")
    assert [f["rule"] for f in fs] == ["fr.jargon.a-compter-de"] and code == 1
    # a second identical occurrence is new
    letter.write_text("Madame,\n\n" + CI + "\n\n" + APP + "\n\n" + CI + "\n", encoding="utf-8")
    _code, fs = check_json(capsys, "lettre.txt")
    assert [f["rule"] for f in fs] == ["fr.formule.ci-joint"]
    # --no-baseline shows everything again; --baseline FILE that does not exist: exit 2
    _code, fs = check_json(capsys, "--no-baseline", "lettre.txt")
    assert len(fs) >= 3
    assert main(["check", "--no-config", "--baseline", "absent.json", "lettre.txt"]) == 2


def test_baseline_paths_relative_to_baseline_file(here, capsys, monkeypatch):
    (here / "courriers").mkdir()
    (here / "courriers" / "a.txt").write_text(CI + "\n", encoding="utf-8")
    assert main(["baseline", "--no-config", "-o", "ref.json", "courriers"]) == 0
    capsys.readouterr()
    monkeypatch.chdir(here / "courriers")
    code, fs = check_json(capsys, "--baseline", "../ref.json", "--fail-on", "warning", "a.txt")
    assert fs == [] and code == 0


def test_corrupt_baseline_is_usage_error(here, capsys):
    (here / "a.txt").write_text(CI, encoding="utf-8")
    (here / ".rewriter-baseline.json").write_text("{not json", encoding="utf-8")
    assert main(["check", "--no-config", "a.txt"]) == 2
    assert "JSON invalide" in capsys.readouterr().err
