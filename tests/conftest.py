"""Shared fixtures. The shared corpus (../shared/corpus) is used when present; tests that
need it skip with a clear reason otherwise."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The grammar backends (Grammalecte, LanguageTool) are optional external tools with their own
# tests (test_grammar.py turns them on explicitly); other tests measure rewriter alone.
os.environ.setdefault("REWRITER_GRAMMAR", "off")
CORPUS = Path(os.environ.get("REWRITER_CORPUS") or ROOT.parent / "shared" / "corpus")


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"corpus partagé absent ({CORPUS}) : définissez REWRITER_CORPUS")
    return CORPUS


@pytest.fixture(scope="session")
def samples() -> Path:
    return ROOT / "samples"
