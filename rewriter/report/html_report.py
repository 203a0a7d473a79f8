"""A standalone HTML report (French): one file, no external asset (inline CSS, inline SVG
charts, no script), every text escaped. Charts: score distribution, most frequent rules,
files with the lowest scores; then one section per file with its findings."""
from __future__ import annotations

import datetime as _dt
from collections import Counter
from html import escape

from .. import __version__
from ..model import FileReport
from .junit import gate, is_blocking
from .sarif import display_path, location

_SEV_FR = {"error": "erreur", "warning": "alerte", "info": "info"}
_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;
color:#1b1b1b;background:#f6f6f6;line-height:1.45}
header{background:#000091;color:#fff;padding:1.2rem 2rem}
header h1{margin:0;font-size:1.5rem}
main{padding:1rem 2rem;max-width:1100px}
section{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem;margin:1rem 0}
.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.8rem 1.2rem;min-width:9rem}
.card b{display:block;font-size:1.6rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1rem}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eee;vertical-align:top}
td.num,th.num{text-align:right}
.sev-error{color:#b00020;font-weight:bold}.sev-warning{color:#8a5300;font-weight:bold}
.sev-info{color:#005b96}
.ok{color:#18753c;font-weight:bold}.ko{color:#b00020;font-weight:bold}
q{font-style:italic}code{background:#f0f0f0;padding:0 .2rem}
details summary{cursor:pointer;font-weight:bold}
.muted{color:#666;font-size:.9em}
svg text{font-size:11px;fill:#1b1b1b}
"""


def _bar_chart(title: str, items: list[tuple[str, float]], unit: str = "",
               color: str = "#000091", max_value: float | None = None) -> str:
    """Horizontal bars; labels escaped."""
    if not items:
        return (f"<figure><figcaption><b>{escape(title)}</b></figcaption>"
                "<p class=muted>Rien à afficher.</p></figure>")
    bar_h, gap, label_w, width = 18, 6, 210, 520
    top = max_value or max(v for _, v in items) or 1
    h = len(items) * (bar_h + gap) + 10
    rows = []
    for i, (label, v) in enumerate(items):
        y = 5 + i * (bar_h + gap)
        w = max(1.0, (width - label_w - 60) * v / top)
        short = label if len(label) <= 34 else "…" + label[-33:]
        rows.append(
            f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{color}">'
            f"<title>{escape(label)} : {v:g}{escape(unit)}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + 13}">{v:g}{escape(unit)}</text>')
    return (f"<figure><figcaption><b>{escape(title)}</b></figcaption>"
            f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{h}" '
            f'viewBox="0 0 {width} {h}">{"".join(rows)}</svg></figure>')


def _histogram(title: str, scores: list[float]) -> str:
    bins = [0] * 10
    for s in scores:
        bins[min(9, int(s // 10))] += 1
    width, height, left, bottom = 520, 190, 30, 30
    top = max(bins) or 1
    bw = (width - left - 10) / 10
    parts = []
    for i, n in enumerate(bins):
        h = (height - bottom - 15) * n / top
        x = left + i * bw
        y = height - bottom - h
        color = "#b00020" if i < 5 else ("#c77c00" if i < 7 else "#18753c")
        parts.append(f'<rect x="{x + 2:.1f}" y="{y:.1f}" width="{bw - 4:.1f}" height="{h:.1f}" '
                     f'fill="{color}"><title>{i * 10}–{i * 10 + 10} : {n} fichier(s)</title>'
                     f"</rect>")
        if n:
            parts.append(f'<text x="{x + bw / 2:.1f}" y="{y - 3:.1f}" '
                         f'text-anchor="middle">{n}</text>')
        parts.append(f'<text x="{x + bw / 2:.1f}" y="{height - bottom + 14}" '
                     f'text-anchor="middle">{i * 10}</text>')
    parts.append(f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" '
                 f'y2="{height - bottom}" stroke="#999"/>')
    parts.append(f'<text x="{width / 2}" y="{height - 2}" text-anchor="middle">score '
                 f"(tranches de 10 points)</text>")
    return (f"<figure><figcaption><b>{escape(title)}</b></figcaption>"
            f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}">{"".join(parts)}</svg></figure>')


def render(reports: list[FileReport], fail_on: str = "error", min_score: float | None = None,
           notices: list[str] | None = None, title: str = "Rapport de langage clair") -> str:
    ok = [r for r in reports if not r.error]
    scores = [r.score for r in ok if r.score is not None]
    sev = Counter(f.severity for r in ok for f in r.findings)
    rules = Counter(f.rule for r in ok for f in r.findings)
    n_blocking = 0
    for r in ok:
        fo, ms = gate(r, fail_on, min_score)
        if any(is_blocking(f.severity, fo) for f in r.findings) or (
                ms is not None and r.score is not None and r.score < ms):
            n_blocking += 1
    mean = sum(scores) / len(scores) if scores else None
    when = _dt.datetime.now().strftime("%d/%m/%Y %H:%M")
    h = ["<!DOCTYPE html>", '<html lang="fr"><head><meta charset="utf-8">',
         '<meta name="viewport" content="width=device-width, initial-scale=1">',
         f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
         f"<header><h1>{escape(title)}</h1><div>rewriter {escape(__version__)} — {when}"
         "</div></header><main>"]
    h.append('<div class="cards">')
    for label, val in (("Fichiers", len(reports)),
                       ("Score moyen", f"{mean:.0f}/100" if mean is not None else "—"),
                       ("Fichiers à revoir", n_blocking),
                       ("Erreurs", sev["error"]), ("Alertes", sev["warning"]),
                       ("Infos", sev["info"]),
                       ("Illisibles", len(reports) - len(ok))):
        h.append(f'<div class="card">{escape(label)}<b>{escape(str(val))}</b></div>')
    h.append("</div>")
    for n in notices or []:
        h.append(f"<p class=muted>Note : {escape(n)}</p>")
    worst = sorted((r for r in ok if r.score is not None), key=lambda r: (r.score, r.path))[:10]
    h.append('<section><h2>Vue d\'ensemble</h2><div class="charts">')
    h.append(_histogram("Répartition des scores", scores))
    h.append(_bar_chart("Règles les plus fréquentes", [(k, v) for k, v in rules.most_common(10)],
                        color="#6a6af4"))
    h.append(_bar_chart("Fichiers les moins clairs (score)",
                        [(display_path(r.path), round(r.score)) for r in worst],
                        unit="/100", color="#b00020", max_value=100))
    h.append("</div></section>")
    h.append("<section><h2>Fichiers</h2><table><thead><tr><th>Fichier</th>"
             '<th class="num">Score</th><th class="num">Erreurs</th><th class="num">Alertes'
             '</th><th class="num">Infos</th><th>Statut</th></tr></thead><tbody>')
    for i, r in enumerate(reports):
        path = escape(display_path(r.path))
        if r.error:
            h.append(f'<tr><td><a href="#f{i}">{path}</a></td><td class="num">—</td>'
                     f'<td colspan=3></td><td class="ko">illisible</td></tr>')
            continue
        c = Counter(f.severity for f in r.findings)
        fo, ms = gate(r, fail_on, min_score)
        bad = any(is_blocking(f.severity, fo) for f in r.findings) or (
            ms is not None and r.score is not None and r.score < ms)
        score = f"{r.score:.0f}" if r.score is not None else "—"
        h.append(f'<tr><td><a href="#f{i}">{path}</a></td><td class="num">{score}</td>'
                 f'<td class="num">{c["error"]}</td><td class="num">{c["warning"]}</td>'
                 f'<td class="num">{c["info"]}</td>'
                 f'<td class="{"ko" if bad else "ok"}">{"à revoir" if bad else "ok"}</td></tr>')
    h.append("</tbody></table></section>")
    for i, r in enumerate(reports):
        path = escape(display_path(r.path))
        h.append(f'<section id="f{i}"><h2>{path}</h2>')
        if r.error:
            h.append(f'<p class="ko">Fichier illisible : {escape(r.error)}</p></section>')
            continue
        if r.score is not None:
            h.append(f"<p>Score <b>{r.score:.0f}/100</b> (langue {escape(r.language or '—')}, "
                     f"{len(r.findings)} remarque{'s' if len(r.findings) > 1 else ''}).</p>")
            rows = []
            for s in (r.subscores or {}).values():
                rows.append(f"<tr><td>{escape(str(s.get('label', '')))}</td>"
                            f"<td class=num>{float(s.get('score', 0)):.0f}</td>"
                            f"<td>{escape(str(s.get('detail', '')))}</td></tr>")
            if rows:
                h.append("<details><summary>Détail du score</summary><table>" + "".join(rows) +
                         "</table></details>")
        for n in r.notices:
            h.append(f"<p class=muted>Note : {escape(n)}</p>")
        if r.findings:
            h.append("<table><thead><tr><th>Où</th><th>Gravité</th><th>Remarque</th>"
                     "<th>Règle</th></tr></thead><tbody>")
            for f in r.findings:
                line, col, _el, _ec = location(r, f)
                where = f"{line}:{col}" if f.line is not None else f"§{line}, car. {col}"
                sugg = ""
                if f.suggestions:
                    label = "→ remplacer par" if f.fixable else "→ piste :"
                    sugg = f"<br>{label} <q>{escape(f.suggestions[0])}</q>"
                h.append(f"<tr><td>{escape(where)}</td><td class=\"sev-{escape(f.severity)}\">"
                         f"{_SEV_FR.get(f.severity, escape(f.severity))}</td>"
                         f"<td>{escape(f.message)}<br><q>{escape(f.text)}</q>{sugg}</td>"
                         f"<td><code>{escape(f.rule)}</code></td></tr>")
            h.append("</tbody></table>")
        else:
            h.append("<p class=ok>Aucune remarque.</p>")
        h.append("</section>")
    h.append('<p class="muted">Pour un .docx, « §N » est le numéro du paragraphe dans l\'ordre '
             "de lecture. Le score mesure le texte tel qu'il est (les remarques masquées ou "
             "acceptées dans la référence comptent toujours).</p></main></body></html>")
    return "\n".join(h) + "\n"
