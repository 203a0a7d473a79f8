"""rewriter: a plain-language assistant for administrative letters (French first).

Python API (DESIGN.md §2)::

    import rewriter
    report = rewriter.check_text("Veuillez trouver ci-joint…", language="fr")
    report.to_dict()            # one files[] entry of the JSON contract
    rewriter.check_file("lettre.docx")
    rewriter.count_syllables("administration", language="fr")
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["check_text", "check_file", "count_syllables", "__version__"]


def check_text(text: str, language: str | None = None, **kw):
    """Analyse a letter given as text. ``language``: "fr", "en" or None (detect)."""
    from .engine import check_text as _ct
    return _ct(text, language=language, **kw)


def check_file(path, language: str | None = None, **kw):
    """Read and analyse a file (.docx, .txt, .md, Jinja template). An unreadable file gives
    a report whose ``error`` says why, in French."""
    from .engine import check_file as _cf
    return _cf(path, language=language, **kw)


def count_syllables(word: str, language: str = "fr") -> int:
    from .syllables import count_syllables as _cs
    return _cs(word, language)
