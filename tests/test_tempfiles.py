"""No letter text is left behind in temporary files: the Grammalecte exchange file and
the rewrite's temporary output are removed, whether the run succeeds or fails."""
from __future__ import annotations

import shutil
import tempfile

import pytest

from rewriter.config import Settings
from rewriter.engine import check_text
from rewriter.errors import ReadError
from rewriter.rewrite import rewrite_file

LETTER = "Madame,\n\nNous accusons réception de votre demande. Les enfant sont parti.\n"


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    d = tmp_path / "tmp"
    d.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(d))
    return d


@pytest.mark.skipif(shutil.which("grammalecte-cli") is None,
                    reason="grammalecte-cli absent (paquet Debian grammalecte-cli)")
def test_grammalecte_exchange_file_is_removed(private_tmp, monkeypatch):
    monkeypatch.setenv("REWRITER_GRAMMALECTE_MODE", "cli")
    monkeypatch.delenv("REWRITER_GRAMMAR", raising=False)
    rep = check_text(LETTER, language="fr", settings=Settings(grammar="grammalecte"))
    assert any(f.category == "grammar" for f in rep.findings)
    assert list(private_tmp.iterdir()) == []


def test_rewrite_leaves_only_the_output(tmp_path, private_tmp):
    src = tmp_path / "lettre.txt"
    src.write_text(LETTER, encoding="utf-8")
    out = tmp_path / "out" / "lettre.txt"
    out.parent.mkdir()
    rewrite_file(src, out)
    assert [p.name for p in out.parent.iterdir()] == ["lettre.txt"]
    assert list(private_tmp.iterdir()) == []
    # a failing rewrite (unreadable input) leaves nothing either
    bad = tmp_path / "abime.docx"
    bad.write_bytes(b"PK\x03\x04 pas un docx")
    with pytest.raises(ReadError):
        rewrite_file(bad, tmp_path / "out" / "abime.docx")
    assert [p.name for p in out.parent.iterdir()] == ["lettre.txt"]
    assert list(private_tmp.iterdir()) == []
