"""Grammar and spelling backends (docs/grammaire.md).

``run(ctx, findings, settings)`` is called by the engine after the rule findings are
computed. It picks a backend:

* LanguageTool when a server URL is configured (``settings.languagetool_url`` or
  ``REWRITER_LANGUAGETOOL_URL``) or ``settings.grammar == "languagetool"``;
* else Grammalecte for French when ``grammalecte-cli`` is installed (``grammar`` "auto" or
  "grammalecte");
* else nothing (silently in "auto" mode; with a notice when a backend was asked for).

``REWRITER_GRAMMAR`` (off | languagetool | grammalecte) overrides ``grammar = "auto"``.

It returns ``(findings, notices)``: grammar / spelling / style findings with exact
paragraph offsets, and French notices. In the same backend call it checks the fixable rule
findings and turns the replacements that would create an error into advice
(:mod:`.safety`). When the backend fails the check completes without it: the notice is
returned and written once per process on stderr; nothing raises.
"""
from __future__ import annotations

import os
import re

from ..model import Finding
from . import grammalecte as gc_mod
from . import safety
from .base import (CACHE, GRAMMAR, SPELLING, STYLE, TYPOGRAPHY, BackendError, Issue,
                   mask, process_notices, reset_once, set_stderr, warn_once)
from .languagetool import LanguageToolBackend

__all__ = ["run", "choose", "process_notices", "unavailable_notices", "set_stderr", "reset",
           "CHECK_ROLES", "SEVERITY"]

MODES = ("auto", "off", "languagetool", "grammalecte")

# Paragraph roles that are checked. Address blocks (sender, recipient), references, dates
# and signatures are lists of names, codes and numbers: grammar means nothing there and
# spelling would flag every proper name.
CHECK_ROLES = ("prose", "list_item", "heading", "subject", "salutation", "closing")

SEVERITY = {GRAMMAR: "warning", SPELLING: "warning", STYLE: "info"}

N_NO_URL = ("Vérification LanguageTool demandée, mais aucun serveur n'est configuré "
            "(REWRITER_LANGUAGETOOL_URL ou clé languagetool_url) : vérification "
            "grammaticale ignorée.")
N_NO_GRAMMALECTE = ("Vérification Grammalecte demandée, mais grammalecte-cli est introuvable "
                    "(paquet Debian grammalecte-cli) : vérification grammaticale ignorée.")
N_FRENCH_ONLY = ("Grammalecte ne vérifie que le français : vérification grammaticale "
                 "ignorée pour cette lettre (langue : {lang}).")
N_BAD_MODE = ("Réglage grammar inconnu : « {mode} » (valeurs : auto, off, languagetool, "
              "grammalecte) ; « auto » est utilisé.")


# Notices that say a grammar check did not happen (the CLI may repeat them once, top
# level, when files were checked in worker processes).
_UNAVAILABLE = re.compile(r"^(Le serveur LanguageTool \(|Le paquet Python language-tool-python"
                          r"|Grammalecte n'a pas pu|Vérification (LanguageTool|Grammalecte) "
                          r"demandée|Grammalecte ne vérifie que|Réglage grammar inconnu"
                          r"|Vérification grammaticale)")


def unavailable_notices(reports) -> list[str]:
    """The distinct "grammar check skipped" notices of ``reports`` (FileReport objects or
    their dicts), in order: what a parent process prints once on stderr and puts in the
    top-level JSON ``notices`` after ``check --jobs N``."""
    out: list[str] = []
    for r in reports:
        notices = r.get("notices", []) if isinstance(r, dict) else getattr(r, "notices", [])
        for n in notices or []:
            if _UNAVAILABLE.match(n) and "remplacement" not in n and n not in out:
                out.append(n)
    return out


def reset() -> None:
    """Forget caches, clients, workers and the once-per-process notices (tests)."""
    from . import languagetool as lt_mod

    CACHE.clear()
    lt_mod.reset()
    gc_mod.reset()
    reset_once()


def _mode(settings) -> tuple[str, str | None]:
    mode = (getattr(settings, "grammar", None) or "auto").strip().lower()
    if mode == "auto":
        mode = (os.environ.get("REWRITER_GRAMMAR") or "auto").strip().lower()
    if mode not in MODES:
        return "auto", N_BAD_MODE.format(mode=mode)
    return mode, None


def _url(settings) -> str | None:
    return (getattr(settings, "languagetool_url", None) or
            os.environ.get("REWRITER_LANGUAGETOOL_URL") or "").strip() or None


def choose(settings, language: str):
    """(backend or None, notice or None)."""
    mode, notice = _mode(settings)
    lang = (language or "").split("-")[0].lower()
    if mode == "off":
        return None, notice
    url = _url(settings)
    if mode == "languagetool":
        if not url:
            return None, N_NO_URL
        return LanguageToolBackend(url, settings), notice
    if mode == "grammalecte":
        if lang != "fr":
            return None, N_FRENCH_ONLY.format(lang=lang or "?")
        if not gc_mod.available():
            return None, N_NO_GRAMMALECTE
        return gc_mod.get_backend(), notice
    if url:
        return LanguageToolBackend(url, settings), notice
    if lang == "fr" and gc_mod.available():
        return gc_mod.get_backend(), notice
    return None, notice


def _disabled(rule: str, category: str, settings) -> bool:
    rules = getattr(settings, "disabled_rules", None) or set()
    cats = getattr(settings, "disabled_categories", None) or set()
    return rule in rules or rule.split(".", 1)[0] in rules or category in cats


_CODE = re.compile(r"`[^`\n]+`")


def hidden_spans(pc) -> list[tuple[int, int]]:
    """Spans the backends never see and findings never touch: template tags
    (``Paragraph.protected``) and Markdown inline code (`` `nom_variable` ``)."""
    spans = list(pc.paragraph.protected)
    if "`" in pc.text:
        for m in _CODE.finditer(pc.text):
            if not any(s < m.end() and m.start() < e for s, e in spans):
                spans.append((m.start(), m.end()))
    return sorted(spans)


def _overlaps(spans, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def looks_like_name(pc, start: int, end: int) -> bool:
    """A word the spelling check leaves alone: acronym, word with digits, or capitalised
    word that does not start a sentence (a proper name)."""
    word = pc.text[start:end]
    if any(ch.isdigit() for ch in word) or (len(word) > 1 and word.isupper()):
        return True
    return bool(word[:1].isupper()) and not pc.starts_sentence(start)


def _sentence_index(pc, offset: int) -> int:
    for k, ss in enumerate(pc.sentences):
        if ss.sentence.start <= offset < ss.sentence.end:
            return k
    return -1


def to_findings(pc, masked, issues: list[Issue], settings, hidden=None) -> list[Finding]:
    """Backend issues of one paragraph -> findings with exact paragraph offsets."""
    hidden = pc.paragraph.protected if hidden is None else hidden
    typography = bool(getattr(settings, "grammar_typography", False)) or \
        os.environ.get("REWRITER_GRAMMAR_TYPOGRAPHY", "") in ("1", "true", "yes")
    kept: list[tuple[Issue, int, int, str]] = []
    for x in issues:
        if x.kind == TYPOGRAPHY and not typography:
            continue
        s, e = masked.span(x.start, x.end)
        if e <= s or _overlaps(hidden, s, e):
            continue
        if x.kind == SPELLING and looks_like_name(pc, s, e):
            continue
        category = STYLE if x.kind == TYPOGRAPHY else x.kind
        if _disabled(x.rule, category, settings):
            continue
        kept.append((x, s, e, category))
    # A grammar error with exactly one replacement is fixable, unless another such error
    # is in the same sentence: two automatic fixes may contradict each other ("Ils a":
    # "Ils" -> "Il" and "a" -> "ont" give "Il ont").
    per_sentence: dict[int, int] = {}
    prepared = []
    for x, s, e, cat in kept:
        text = pc.text[s:e]
        sugg: list[str] = []
        for r in x.replacements:
            if r != text and r not in sugg:
                sugg.append(r)
        single = (cat == GRAMMAR and len(x.replacements) == 1 and len(sugg) == 1 and
                  bool(sugg[0].strip()))
        k = _sentence_index(pc, s)
        if single:
            per_sentence[k] = per_sentence.get(k, 0) + 1
        prepared.append((x, s, e, cat, text, sugg, single, k))
    out: list[Finding] = []
    for x, s, e, cat, text, sugg, single, k in prepared:
        fixable = single and per_sentence.get(k, 0) == 1
        out.append(Finding(rule=x.rule, category=cat, severity=SEVERITY[cat],
                           message=x.message.strip(), text=text, paragraph=pc.index,
                           start=s, end=e, suggestions=sugg, fixable=fixable))
    return out


def run(ctx, findings: list[Finding], settings) -> tuple[list[Finding], list[str]]:
    notices: list[str] = []
    try:
        backend, notice = choose(settings, ctx.language)
    except Exception as e:  # noqa: BLE001 - a grammar backend never breaks a check
        backend, notice = None, f"Vérification grammaticale ignorée : {e}"
    if notice:
        notices.append(notice)
        warn_once(notice)
    if backend is None:
        return [], notices
    paras = [pc for pc in ctx.paragraphs
             if pc.paragraph.role in CHECK_ROLES and pc.text.strip()]
    hidden = [hidden_spans(pc) for pc in paras]
    masks = [mask(pc.text, h) for pc, h in zip(paras, hidden)]
    cands = []
    if getattr(settings, "grammar_safe_rewrites", True):
        cands = safety.candidates(ctx, findings)
    texts = [m.text for m in masks] + safety.texts(cands)

    def wants(i: int, x: Issue) -> bool:
        # spelling suggestions only for the words that become findings
        if i >= len(paras):
            return False
        s, e = masks[i].span(x.start, x.end)
        return (e > s and not _overlaps(hidden[i], s, e) and
                not looks_like_name(paras[i], s, e))

    try:
        results = backend.check_texts(texts, ctx.language, wants)
    except BackendError as e:
        warn_once(e.notice, e.detail)
        notices.append(e.notice)
        return [], notices
    except Exception as e:  # noqa: BLE001 - never a traceback because of a backend
        n = f"Vérification grammaticale ({backend.label}) ignorée : erreur inattendue."
        warn_once(n, f"{type(e).__name__}: {e}")
        notices.append(n)
        return [], notices
    extra: list[Finding] = []
    for pc, m, h, issues in zip(paras, masks, hidden, results):
        extra.extend(to_findings(pc, m, issues, settings, h))
    dropped = safety.apply(cands, results[len(paras):]) if cands else []
    if dropped:
        notices.append(safety.notice(len(dropped), backend.label))
    return extra, notices
