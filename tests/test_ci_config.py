"""Project configuration (.rewriter.toml / [tool.rewriter]): discovery, parsing, errors
(exit 2 with the file and the key path), includes/excludes, per-glob overrides, and the
command line overriding the file."""
from __future__ import annotations

import json

import pytest

from rewriter.cli import main
from rewriter.errors import ConfigError
from rewriter.projectconfig import glob_match, load_config

HEAVY = ("Madame,\n\nVeuillez trouver ci-joint le formulaire. Il vous appartient de le "
         "retourner à compter du 1er mars.\n")
PLAIN = "Madame,\n\nVous trouverez le formulaire avec cette lettre. Renvoyez-le avant le 1er mars.\n"


def run(capsys, *args):
    code = main(["check", "--no-baseline", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def proj(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "courriers" / "urgents").mkdir(parents=True)
    (tmp_path / "courriers" / "archives").mkdir()
    (tmp_path / "courriers" / "relance.txt").write_text(HEAVY, encoding="utf-8")
    (tmp_path / "courriers" / "clair.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "courriers" / "urgents" / "u.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "courriers" / "archives" / "vieux.txt").write_text(HEAVY, encoding="utf-8")
    return tmp_path


def test_no_path_checks_what_config_includes(proj, capsys):
    (proj / ".rewriter.toml").write_text(
        'include = ["courriers/**/*.txt"]\nexclude = ["courriers/archives/**"]\n'
        'fail-on = "warning"\n', encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json")
    paths = [f["path"] for f in json.loads(out)["files"]]
    assert sorted(paths) == ["courriers/clair.txt", "courriers/relance.txt",
                             "courriers/urgents/u.txt"]
    assert code == 1
    # found from a sub-folder too (upwards search); globs stay relative to the file
    sub = proj / "courriers" / "urgents"
    import os
    os.chdir(sub)
    code, out, _ = run(capsys, "--format", "json")
    assert len(json.loads(out)["files"]) == 3


def test_no_config_and_no_path_is_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "--no-config")
    assert code == 2 and ".rewriter.toml" in err


def test_pyproject_table_and_overrides(proj, capsys):
    (proj / "courriers" / "urgents" / "u.txt").write_text(HEAVY, encoding="utf-8")
    (proj / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.rewriter]\ninclude = ["courriers/*.txt", '
        '"courriers/urgents/*"]\nfail-on = "never"\nmin-score = 10\n\n'
        '[[tool.rewriter.overrides]]\nfiles = ["courriers/urgents/*"]\nmin-score = 95\n',
        encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json")
    scores = {f["path"]: f["score"] for f in json.loads(out)["files"]}
    assert scores["courriers/urgents/u.txt"] < 95 and min(scores.values()) >= 10
    assert code == 1          # only the urgent letter must score 95
    assert len(json.loads(out)["files"]) == 3
    # the command line overrides the file (and its overrides)
    assert run(capsys, "--min-score", "5")[0] == 0


def test_disable_and_categories_from_config(proj, capsys):
    (proj / ".rewriter.toml").write_text(
        'include = ["courriers/relance.txt"]\ndisable = ["fr.formule.*"]\n'
        'disable-categories = ["impersonal"]\n', encoding="utf-8")
    out = run(capsys, "--format", "json")[1]
    rules = {f["rule"] for f in json.loads(out)["files"][0]["findings"]}
    cats = {f["category"] for f in json.loads(out)["files"][0]["findings"]}
    assert not any(r.startswith("fr.formule.") for r in rules)
    assert "impersonal" not in cats and rules
    (proj / ".rewriter.toml").write_text(
        'include = ["courriers/relance.txt"]\nenable-only = ["fr.formule.ci-joint"]\n',
        encoding="utf-8")
    out = run(capsys, "--format", "json")[1]
    assert {f["rule"] for f in json.loads(out)["files"][0]["findings"]} == {"fr.formule.ci-joint"}


def test_extra_rule_pack_relative_to_config(proj, capsys):
    (proj / "regles").mkdir()
    (proj / "regles" / "mairie.yml").write_text(
        "language: fr\nrules:\n  - id: mairie.administre\n    kind: lexicon\n"
        "    category: jargon\n    severity: error\n    match: formulaire\n"
        "    replace: papier\n    message: \"Dites « papier ».\"\n", encoding="utf-8")
    (proj / "courriers" / ".rewriter.toml").write_text('rules = ["../regles/"]\n',
                                                        encoding="utf-8")
    code, out, err = run(capsys, "--config", "courriers/.rewriter.toml", "--format", "json",
                         "courriers/clair.txt")
    assert "mairie.administre" in {f["rule"] for f in json.loads(out)["files"][0]["findings"]}, err
    assert code == 1


@pytest.mark.parametrize("text, where", [
    ('min-score = "haut"\n', "min-score"),
    ('fail-on = "grave"\n', "fail-on"),
    ('includes = ["*.txt"]\n', "includes"),
    ('disable-categories = ["blabla"]\n', "disable-categories"),
    ('[[overrides]]\nmin-score = 50\n', "overrides[0].files"),
    ('[[overrides]]\nfiles = ["a/*"]\nminscore = 50\n', "overrides[0].minscore"),
    ('jobs = 0\n', "jobs"),
    ('include = [\n', ":2:"),
])
def test_config_errors_exit_2_with_key_path(tmp_path, monkeypatch, capsys, text, where):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / ".rewriter.toml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "a.txt")
    assert code == 2
    assert ".rewriter.toml" in err and where in err, err
    assert "Traceback" not in err


def test_pyproject_errors_name_the_table(tmp_path):
    p = tmp_path / "pyproject.toml"
    p.write_text('[tool.rewriter]\nlanguage = "de"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(p)
    assert "tool.rewriter.language" in str(e.value)


def test_unknown_key_suggests_the_right_one(tmp_path):
    p = tmp_path / ".rewriter.toml"
    p.write_text('min_score = 50\n', encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(p)
    assert "min-score" in str(e.value)


def test_missing_config_file_is_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(PLAIN, encoding="utf-8")
    assert run(capsys, "--config", "absent.toml", "a.txt")[0] == 2


def test_globs():
    assert glob_match("courriers/urgents/*", "courriers/urgents/a.docx")
    assert not glob_match("courriers/urgents/*", "courriers/a.docx")
    assert glob_match("templates/**/*.j2", "templates/a.txt.j2")
    assert glob_match("templates/**/*.j2", "templates/x/y/a.txt.j2")
    assert not glob_match("templates/**/*.j2", "autres/a.txt.j2")
    assert glob_match("*.md", "docs/x/README.md")
    assert glob_match("archives/", "archives/2020/a.txt")
    assert glob_match("lettre-[ab].txt", "lettre-a.txt")
