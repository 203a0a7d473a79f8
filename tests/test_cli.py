"""The CLI contract (DESIGN.md §2): formats, exit codes, stdin, folders, errors."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from rewriter.cli import main

HEAVY = ("Veuillez trouver ci-joint le formulaire. Il vous appartient de le retourner "
         "à compter du 1er mars.")


def run(args, stdin=None, cwd=None):
    p = subprocess.run([sys.executable, "-m", "rewriter", *args], input=stdin,
                       capture_output=True, text=True, timeout=120, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def test_json_shape_and_exact_spans(tmp_path):
    f = tmp_path / "lettre.txt"
    f.write_text("Madame,\n\n" + HEAVY + "\n", encoding="utf-8")
    code, out, err = run(["check", "--format", "json", str(f)])
    assert code == 0, err
    data = json.loads(out)
    assert data["version"] == 1 and len(data["files"]) == 1
    rep = data["files"][0]
    assert rep["language"] == "fr" and rep["error"] is None
    assert 0 <= rep["score"] <= 100
    for key in ("flesch", "lix", "words", "sentences", "avg_sentence_words", "long_sentences"):
        assert key in rep["readability"]
    paras = [p for p in f.read_text(encoding="utf-8").split("\n") if p.strip()]
    lines = f.read_text(encoding="utf-8").split("\n")
    by_rule = {x["rule"]: x for x in rep["findings"]}
    ci = by_rule["fr.formule.ci-joint"]
    assert ci["text"] == "Veuillez trouver ci-joint" and ci["category"] == "formula"
    assert ci["paragraph"] == 1 and ci["start"] == 0 and ci["end"] == 25
    assert ci["line"] == 3 and ci["column"] == 1
    assert ci["suggestions"] == ["Vous trouverez avec cette lettre"]
    for x in rep["findings"]:
        assert paras[x["paragraph"]][x["start"]:x["end"]] == x["text"]
        assert lines[x["line"] - 1][x["column"] - 1:].startswith(x["text"].split("\n")[0])


def test_exit_codes(tmp_path):
    heavy = tmp_path / "a.txt"
    heavy.write_text(HEAVY, encoding="utf-8")
    plain = tmp_path / "b.txt"
    plain.write_text("Vous trouverez le formulaire avec cette lettre. Renvoyez-le avant le "
                     "1er mars.", encoding="utf-8")
    assert run(["check", str(plain)])[0] == 0
    assert run(["check", "--fail-on", "warning", str(heavy)])[0] == 1
    assert run(["check", "--fail-on", "warning", str(plain)])[0] == 0
    assert run(["check", "--min-score", "99", str(heavy)])[0] == 1
    assert run(["check", "--min-score", "10", str(plain)])[0] == 0
    assert run(["check", "--format", "yaml", str(plain)])[0] == 2
    assert run(["check"], cwd=tmp_path)[0] == 2      # no path and no configuration
    bad_rules = tmp_path / "r.yml"
    bad_rules.write_text("rules: [\n", encoding="utf-8")
    code, out, err = run(["check", "--rules", str(bad_rules), str(plain)])
    assert code == 2 and "r.yml:" in err and "Traceback" not in err


def test_unreadable_file_exit_3_others_still_checked(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text(HEAVY, encoding="utf-8")
    bad = tmp_path / "casse.docx"
    bad.write_bytes(b"ceci n'est pas un document word")
    code, out, err = run(["check", "--format", "json", str(good), str(bad),
                          str(tmp_path / "absent.txt")])
    assert code == 3
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert files["ok.txt"]["findings"] and files["ok.txt"]["error"] is None
    assert files["casse.docx"]["error"] and not files["casse.docx"]["findings"]
    assert "introuvable" in files["absent.txt"]["error"]
    assert "Traceback" not in err


def test_stdin_and_folder(tmp_path):
    code, out, _ = run(["check", "--format", "json", "-"], stdin=HEAVY)
    assert code == 0 and json.loads(out)["files"][0]["findings"]
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text(HEAVY, encoding="utf-8")
    (tmp_path / "sub" / "image.png").write_bytes(b"\x89PNG")
    code, out, _ = run(["check", "--format", "json", str(tmp_path)])
    assert [Path(f["path"]).name for f in json.loads(out)["files"]] == ["x.txt"]


def test_text_output_format(tmp_path, capsys):
    f = tmp_path / "l.txt"
    f.write_text("Bonjour,\n" + HEAVY, encoding="utf-8")
    assert main(["check", str(f)]) == 0
    out = capsys.readouterr().out
    assert f"{f}:2:1  alerte  Formule administrative" in out
    assert "[fr.formule.ci-joint]" in out and "score" in out and "\033[" not in out


def test_rules_commands():
    code, out, _ = run(["rules", "list", "--format", "json"])
    assert code == 0
    rules = json.loads(out)["rules"]
    assert any(r["id"] == "fr.formule.ci-joint" and r["tests"] for r in rules)
    code, out, _ = run(["rules", "explain", "fr.formule.ci-joint"])
    assert code == 0 and "Veuillez trouver ci-joint" in out
    assert run(["rules", "explain", "nimporte.quoi"])[0] == 2
    code, out, _ = run(["rules", "test"])
    assert code == 0 and " 0 failed" in out
