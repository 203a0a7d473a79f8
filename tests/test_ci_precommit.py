"""The pre-commit hook (.pre-commit-hooks.yaml), run offline by pre-commit itself in a
temporary git repository: a ``repo: local`` hook with the manifest's id, entry and files
pattern, ``language: system`` (the installed ``rewriter``; ``language: python`` would
build a virtualenv and download the dependencies)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(shutil.which("git") is None, reason="git absent")]


def _pre_commit() -> str | None:
    exe = BIN / "pre-commit"
    return str(exe) if exe.exists() else shutil.which("pre-commit")


def test_manifest_is_valid():
    exe = _pre_commit()
    if exe is None:
        pytest.skip("pre-commit absent (pip install pre-commit)")
    p = subprocess.run([exe, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stdout + p.stderr
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks[0]["id"] == "rewriter" and hooks[0]["entry"].startswith("rewriter check")


def test_hook_fails_on_jargon_and_passes_on_plain(tmp_path):
    exe = _pre_commit()
    if exe is None:
        pytest.skip("pre-commit absent (pip install pre-commit)")
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))[0]
    local = {k: hook[k] for k in ("id", "name", "entry", "files") if k in hook}
    local["language"] = "system"
    cfg = {"repos": [{"repo": "local", "hooks": [local]}]}
    (tmp_path / ".pre-commit-config.yaml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    (tmp_path / ".rewriter.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
    (tmp_path / "jargon.txt.j2").write_text(
        "Madame,\n\nVeuillez trouver ci-joint le formulaire de {{ nom }}.\n", encoding="utf-8")
    (tmp_path / "clair.txt.j2").write_text(
        "Madame,\n\nVous trouverez le formulaire de {{ nom }} avec cette lettre.\n",
        encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    env = dict(os.environ, PRE_COMMIT_HOME=str(tmp_path / ".cache"),
               PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", CI="1",
               GIT_CONFIG_NOSYSTEM="1")
    env.pop("GITHUB_STEP_SUMMARY", None)
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True, env=env)

    def run(*files):
        return subprocess.run([exe, "run", "--files", *files], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=300)

    bad = run("jargon.txt.j2", "image.png")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout and "jargon.txt.j2:3:1" in bad.stdout
    assert "fr.formule.ci-joint" in bad.stdout
    good = run("clair.txt.j2", "image.png")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
