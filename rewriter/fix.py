"""Apply fixable findings to text (the text view of a rewrite; .docx writers reuse the
same selection logic)."""
from __future__ import annotations

from .model import Finding


def select(findings: list[Finding]) -> list[Finding]:
    """Fixable findings that do not overlap, in reading order (the first one wins)."""
    out: list[Finding] = []
    last: dict[int, int] = {}
    for f in sorted(findings, key=lambda f: (f.paragraph, f.start, -f.end)):
        if not (f.fixable and f.suggestions):
            continue
        if f.start < last.get(f.paragraph, -1):
            continue
        out.append(f)
        last[f.paragraph] = f.end
    return out


def apply_spans(text: str, spans) -> str:
    """Replace non-overlapping ``(start, end, new)`` spans of ``text`` (right to left)."""
    for start, end, new in sorted(spans, key=lambda s: s[0], reverse=True):
        text = text[:start] + new + text[end:]
    return text


def apply_to_paragraph(text: str, findings: list[Finding]) -> str:
    """Apply non-overlapping findings of one paragraph (their first suggestion)."""
    return apply_spans(text, [(f.start, f.end, f.suggestions[0]) for f in findings])


def apply_text(paragraph_texts: list[str], findings: list[Finding]) -> list[str]:
    chosen = select(findings)
    out = list(paragraph_texts)
    by_p: dict[int, list[Finding]] = {}
    for f in chosen:
        by_p.setdefault(f.paragraph, []).append(f)
    for i, fs in by_p.items():
        out[i] = apply_to_paragraph(out[i], fs)
    return out
