"""``rewriter rules docs -o DIR``: a browsable HTML catalogue of the rules (standalone:
no external asset; the search box works without a server; every rule is readable without
JavaScript)."""
from __future__ import annotations

import html
import json
from pathlib import Path

from .model import CATEGORIES

CAT_FR = {"jargon": "Jargon", "formula": "Formules", "passive": "Voix passive",
          "nominalisation": "Nominalisations", "acronym": "Sigles",
          "long_sentence": "Phrases longues", "negation": "Négations",
          "impersonal": "Tournures impersonnelles", "rare_word": "Mots rares",
          "readability": "Lisibilité", "grammar": "Grammaire", "spelling": "Orthographe",
          "structure": "Structure", "style": "Style"}
SEV_FR = {"info": "conseil", "warning": "à corriger", "error": "bloquant"}

_CSS = """body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:1rem;
color:#1b1b1b}h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:2px solid #000091}
.rule{border:1px solid #ccc;border-radius:6px;padding:.6rem 1rem;margin:.8rem 0}
.rule h3{margin:.2rem 0;font-size:1rem;font-family:monospace}.sev{font-weight:bold}
.ex-fail::before{content:"✗ à signaler : ";font-weight:bold}
.ex-pass::before{content:"✓ correct : ";font-weight:bold}
.ex-fix::before{content:"→ réécrit : ";font-weight:bold}
label{font-weight:bold}input{font-size:1rem;padding:.3rem;width:20rem}
:focus{outline:3px solid #000091;outline-offset:2px}.meta{color:#3a3a3a;font-size:.9rem}"""
_JS = """document.getElementById('q').addEventListener('input',function(e){var q=e.target.value
.toLowerCase();document.querySelectorAll('.rule').forEach(function(r){r.hidden=q&&r.textContent
.toLowerCase().indexOf(q)<0;});});"""


def _e(s) -> str:
    return html.escape(str(s), quote=True)


def render(rules: list, title: str = "Catalogue des règles rewriter") -> str:
    by_cat: dict[str, list] = {}
    for r in rules:
        by_cat.setdefault(r.category, []).append(r)
    parts = [f"<!doctype html><html lang='fr'><head><meta charset='utf-8'>"
             f"<meta name='viewport' content='width=device-width,initial-scale=1'>"
             f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>"
             f"<h1>{_e(title)}</h1><p>{len(rules)} règles. Chaque règle donne ce qu'elle "
             f"repère, ce qu'elle propose, pourquoi, et des exemples vérifiés par "
             f"<code>rewriter rules test</code>.</p>"
             f"<p><label for='q'>Rechercher une règle</label><br>"
             f"<input id='q' type='search' placeholder='par exemple : ci-joint'></p>"]
    parts.append("<nav aria-label='Catégories'><ul>" + "".join(
        f"<li><a href='#{c}'>{_e(CAT_FR.get(c, c))}</a> ({len(by_cat[c])})</li>"
        for c in CATEGORIES if c in by_cat) + "</ul></nav>")
    for c in CATEGORIES:
        if c not in by_cat:
            continue
        parts.append(f"<section><h2 id='{c}'>{_e(CAT_FR.get(c, c))}</h2>")
        for r in sorted(by_cat[c], key=lambda r: r.id):
            match = r.params.get("match")
            match_txt = ", ".join(match) if isinstance(match, list) else (match or "")
            parts.append(f"<article class='rule' id='{_e(r.id)}'><h3>{_e(r.id)}</h3>"
                         f"<p>{_e(r.message)}</p><p class='meta'>"
                         f"<span class='sev'>Gravité : {_e(SEV_FR.get(r.severity, r.severity))}"
                         f"</span> · type {_e(r.kind)} · langue {_e(r.language)}"
                         f"{' · pack ' + _e(r.pack) if r.pack != 'bundled' else ''}</p>")
            if match_txt:
                parts.append(f"<p><strong>Repère :</strong> {_e(match_txt)}</p>")
            if r.replace and any(r.replace):
                parts.append(f"<p><strong>Propose :</strong> {_e(' | '.join(r.replace))}"
                             f"{'' if r.fix else ' (conseil, sans remplacement automatique)'}"
                             f"</p>")
            if r.description:
                parts.append(f"<p><strong>Pourquoi :</strong> {_e(r.description)}</p>")
            if r.source:
                parts.append(f"<p class='meta'>Source : {_e(r.source)}</p>")
            exs = []
            for t in r.tests:
                if "fail" in t:
                    exs.append(f"<li class='ex-fail'>{_e(t['fail'])}</li>")
                    if "fix" in t:
                        exs.append(f"<li class='ex-fix'>{_e(t['fix'])}</li>")
                if "pass" in t:
                    exs.append(f"<li class='ex-pass'>{_e(t['pass'])}</li>")
            if exs:
                parts.append("<ul>" + "".join(exs) + "</ul>")
            parts.append(f"<p class='meta'>Fichier : {_e(r.where())}</p></article>")
        parts.append("</section>")
    parts.append(f"</main><script>{_JS}</script></body></html>")
    return "".join(parts)


def write(rules: list, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    index = out_dir / "index.html"
    index.write_text(render(rules), encoding="utf-8")
    from .ruletest import rule_dict
    (out_dir / "rules.json").write_text(json.dumps(
        [{k: v for k, v in rule_dict(r).items()} for r in rules], ensure_ascii=False,
        indent=2, default=str), encoding="utf-8")
    return index
