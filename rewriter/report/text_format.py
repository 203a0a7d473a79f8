"""Terminal output: ``path:line:col  severity  message  [rule]``, the suggestion, then the
score block. Colours only on a terminal (and never with NO_COLOR)."""
from __future__ import annotations

from ..model import FileReport

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "bold": "\033[1m",
           "dim": "\033[2m", "green": "\033[32m", "reset": "\033[0m"}
_SEV_FR = {"error": "erreur", "warning": "alerte", "info": "info"}


def render(reports: list[FileReport], color: bool = False, language: str = "fr") -> str:
    c = (lambda k: _COLORS[k]) if color else (lambda k: "")
    out: list[str] = []
    for r in reports:
        fr = (r.language or language) == "fr"
        if r.error:
            out.append(f"{c('bold')}{r.path}{c('reset')}: {c('error')}"
                       f"{'illisible' if fr else 'unreadable'}{c('reset')} — {r.error}")
            continue
        doc = r.document
        for f in r.findings:
            line, col = f.line, f.column
            if line is None:      # .docx: paragraph number (1-based) and column in it
                line, col = f.paragraph + 1, f.start + 1
            sev = _SEV_FR[f.severity] if fr else f.severity
            out.append(f"{r.path}:{line}:{col}  {c(f.severity)}{sev}{c('reset')}  "
                       f"{f.message}  {c('dim')}[{f.rule}]{c('reset')}")
            quote = f.text if len(f.text) <= 90 else f.text[:87] + "…"
            if f.suggestions and not f.suggestions[0].strip():
                label = ("→ supprimer" if fr else "→ delete") if f.fixable else \
                        ("→ piste : supprimer" if fr else "→ idea: delete")
                out.append(f"    « {quote.strip()} » {c('green')}{label}{c('reset')}")
            elif f.suggestions:
                label = ("→ remplacer par" if fr else "→ replace with") if f.fixable else \
                        ("→ piste" if fr else "→ idea")
                out.append(f"    « {quote} » {c('green')}{label} « {f.suggestions[0].strip()} »"
                           f"{c('reset')}")
            elif f.category != "long_sentence":
                out.append(f"    « {quote} »")
        out.append(_score_block(r, c, fr))
        for n in r.notices:
            out.append(f"  {c('dim')}note : {n}{c('reset')}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _score_block(r: FileReport, c, fr: bool) -> str:
    rd = r.readability or {}
    if r.score is None:
        return (f"{c('bold')}{r.path}{c('reset')} — " +
                ("pas de texte à évaluer." if fr else "no text to score."))
    n = len(r.findings)
    head = (f"{c('bold')}{r.path}{c('reset')} — score {c('bold')}{r.score:.0f}/100"
            f"{c('reset')} ({'langue' if fr else 'language'} {r.language}, "
            f"{n} {'remarque' if fr else 'finding'}{'s' if n > 1 else ''})")
    lines = [head]
    for k, s in (r.subscores or {}).items():
        bar = "█" * int(round(s["score"] / 10)) + "·" * (10 - int(round(s["score"] / 10)))
        lines.append(f"  {s['label']:<13} {bar} {s['score']:>5.1f}  {s['detail']}")
    flesch = rd.get("flesch")
    lines.append(("  Mesures : " if fr else "  Measures: ") +
                 f"Flesch {flesch if flesch is not None else '—'} "
                 f"({rd.get('flesch_formula', '')}), LIX {rd.get('lix', '—')}, "
                 f"{rd.get('words', 0)} {'mots' if fr else 'words'}, "
                 f"{rd.get('sentences', 0)} {'phrases' if fr else 'sentences'}, "
                 f"{rd.get('avg_sentence_words') or 0} {'mots/phrase' if fr else 'words/sentence'}")
    return "\n".join(lines)
