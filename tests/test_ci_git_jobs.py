"""--changed-since in a temporary git repository; --jobs N gives the same output as
--jobs 1 (order and content)."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from rewriter.cli import main

ROOT = Path(__file__).resolve().parents[1]
CI = "Madame,\n\nVeuillez trouver ci-joint le formulaire.\n"
PLAIN = "Madame,\n\nVous trouverez le formulaire avec cette lettre.\n"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git absent")


def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org",
                    "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                   capture_output=True)


def files_checked(capsys, *args) -> tuple[int, list[str]]:
    code = main(["check", "--no-config", "--no-baseline", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, sorted(f["path"] for f in json.loads(out)["files"]) if out.strip() else []


def test_changed_since(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "a.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("ignore*.txt\n", encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "un")
    git(tmp_path, "tag", "v1")
    (tmp_path / "a.txt").write_text(CI, encoding="utf-8")             # modified
    (tmp_path / "new.txt").write_text(CI, encoding="utf-8")           # untracked
    (tmp_path / "ignored.txt").write_text(CI, encoding="utf-8")       # ignored
    (tmp_path / "b.txt").unlink()                                      # deleted
    code, paths = files_checked(capsys, "--changed-since", "v1", ".")
    assert paths == ["a.txt", "new.txt"]
    # intersected with the paths given
    assert files_checked(capsys, "--changed-since", "v1", "sub")[1] == []
    assert files_checked(capsys, "--changed-since", "v1", "a.txt", "sub")[1] == ["a.txt"]
    # committed changes count too (since the merge base)
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "deux")
    assert files_checked(capsys, "--changed-since", "v1", ".")[1] == ["a.txt", "new.txt"]
    assert files_checked(capsys, "--changed-since", "HEAD", ".")[1] == []
    # unknown revision: exit 2, clear message
    assert main(["check", "--no-config", "--changed-since", "pas-une-branche", "."]) == 2
    assert "inconnue" in capsys.readouterr().err


def test_changed_since_outside_git(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "a.txt").write_text(PLAIN, encoding="utf-8")
    assert main(["check", "--no-config", "--changed-since", "HEAD", "a.txt"]) == 2
    assert "dépôt git" in capsys.readouterr().err


def test_changed_since_with_config_includes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "modeles").mkdir()
    (tmp_path / "modeles" / "a.txt.j2").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "autre.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / ".rewriter.toml").write_text('include = ["modeles/**/*.j2"]\n', encoding="utf-8")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "un")
    (tmp_path / "modeles" / "a.txt.j2").write_text(CI, encoding="utf-8")
    (tmp_path / "autre.txt").write_text(CI, encoding="utf-8")
    code = main(["check", "--no-baseline", "--format", "json", "--changed-since", "HEAD"])
    out = capsys.readouterr().out
    assert [f["path"] for f in json.loads(out)["files"]] == ["modeles/a.txt.j2"]


@pytest.mark.slow
def test_jobs_2_same_json_as_jobs_1(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    paths = ["templates", "samples"]
    outs = []
    for jobs in ("1", "2"):
        code = main(["check", "--no-config", "--no-baseline", "--format", "json", "--jobs", jobs,
                     *paths])
        outs.append((code, capsys.readouterr().out))
    assert outs[0] == outs[1]
    assert len(json.loads(outs[0][1])["files"]) >= 10


def test_progress_bar_only_for_text_on_a_terminal_outside_ci(monkeypatch):
    import io

    from rewriter import parallel

    class Tty(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(parallel.sys, "stderr", Tty())
    monkeypatch.delenv("CI", raising=False)
    assert parallel.want_progress("text")
    assert not parallel.want_progress("json")
    assert not parallel.want_progress("sarif")
    monkeypatch.setenv("CI", "true")
    assert not parallel.want_progress("text")
    monkeypatch.delenv("CI")
    monkeypatch.setattr(parallel.sys, "stderr", io.StringIO())
    assert not parallel.want_progress("text")
    bar = parallel.Progress(stream=Tty())
    bar(1, 4, "a.txt")
    bar.clear()
    assert "1/4" in bar.stream.getvalue()
