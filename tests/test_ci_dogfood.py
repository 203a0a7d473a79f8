"""Dogfooding: the project's own letter templates (templates/**/*.j2) pass ``rewriter
check`` with the project's .rewriter.toml (fail-on = "warning")."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_templates_pass_with_project_config():
    p = subprocess.run([sys.executable, "-m", "rewriter", "check", "--no-baseline",
                        "--config", str(ROOT / ".rewriter.toml"), "--format", "json"],
                       cwd=ROOT, capture_output=True, text=True, timeout=300,
                       env={**__import__("os").environ, "CI": "1"})
    data = json.loads(p.stdout)
    paths = [f["path"] for f in data["files"]]
    assert len(paths) >= 9 and all(x.startswith("templates/") and x.endswith(".j2")
                                   for x in paths), paths
    blocking = [(f["path"], x["line"], x["rule"], x["text"]) for f in data["files"]
                for x in f["findings"] if x["severity"] in ("warning", "error")]
    assert p.returncode == 0, (blocking, [(f["path"], f["score"]) for f in data["files"]],
                               p.stderr)
    assert not any(f["error"] for f in data["files"])
