"""The analysis pipeline: segment → measure → match → score, over a read Document.

Analysis never touches lxml: it sees paragraphs of text (with template tags protected) and
returns a FileReport whose findings carry exact paragraph offsets.
"""
from __future__ import annotations

import gc
from pathlib import Path

from . import language as lang_mod
from . import score as score_mod
from .config import Settings
from .errors import ReadError
from .kinds.base import DocContext, ParaContext, SentenceSpan
from .measures import measure
from .model import PROSE_ROLES, SEVERITY_RANK, Document, FileReport, Finding, Paragraph
from .nlp import tokenize
from .rulepack import get_rules
from .measures import number_continues
from .segment import split_sentences
from .structure import assign_roles
from .templating import protected_spans


def build_context(doc: Document, language: str, settings: Settings) -> DocContext:
    pcs: list[ParaContext] = []
    for i, p in enumerate(doc.paragraphs):
        extra = protected_spans(p.text)
        if extra:
            p.protected = sorted(set(p.protected) | set(extra)) if p.protected else extra
        toks = tokenize(p.text, language, p.protected) if p.text.strip() else []
        sents = split_sentences(p.text, language, p.protected) if toks else []
        spans: list[SentenceSpan] = []
        k = 0
        n = len(toks)
        for s in sents:
            s_start, s_end = s.start, s.end
            while k < n and toks[k].start < s_start:
                k += 1
            first = k
            last_start = last_end = -1
            words = 0
            while k < n:
                t = toks[k]
                if t.start >= s_end:
                    break
                if t.start != last_start or t.end != last_end:   # contraction parts
                    # share one span; « 02 43 12 34 56 » is one word (the digit test
                    # first: number_continues is only needed for numbers)
                    if not (t.text[:1].isdigit() and number_continues(toks, k, last_end)):
                        words += 1
                    last_start, last_end = t.start, t.end
                k += 1
            s.words = words
            if k > first:
                spans.append(SentenceSpan(s, first, k))
        pcs.append(ParaContext(i, p, toks, spans, p.role in PROSE_ROLES))
    return DocContext(language, pcs, settings)


class gc_paused:
    """Pause the cyclic garbage collector while a document is read and analysed.

    Reading and analysis allocate many small objects (tokens, findings, XML proxies) that
    die young; meanwhile the collector would walk the whole heap (compiled rule packs,
    lemmatiser caches: ~10^5 objects) again and again (15 % of the time on 40,000 words).
    Reference counting still frees everything; the collector is resumed afterwards (only
    by the outermost pause, and only if it was running)."""

    def __enter__(self):
        self.paused = gc.isenabled()
        if self.paused:
            gc.disable()
        return self

    def __exit__(self, *exc):
        if self.paused:
            gc.enable()
        return False


def analyze(doc: Document, language: str | None = None, settings: Settings | None = None,
            rules_paths: tuple = (), ruleset=None) -> FileReport:
    with gc_paused():
        return _analyze(doc, language, settings, rules_paths, ruleset)


def _analyze(doc: Document, language: str | None, settings: Settings | None,
             rules_paths: tuple, ruleset) -> FileReport:
    st = settings or Settings()
    assign_roles(doc.paragraphs)
    lang = language or st.language
    if not lang or lang == "auto":
        prose = " ".join(p.text for p in doc.paragraphs if p.role in PROSE_ROLES) or doc.text
        lang = lang_mod.detect(prose, st.default_language)
    ctx = build_context(doc, lang, st)
    prose_sents = []
    for pc in ctx.paragraphs:
        if pc.prose:
            for ss in pc.sentences:
                prose_sents.append((ss.sentence, pc.tokens[ss.first:ss.last]))
    readability = measure(prose_sents, lang, st)
    rules = ruleset if ruleset is not None else get_rules(
        lang, tuple(str(x) for x in (rules_paths or st.rules_paths)))
    findings: list[Finding] = []
    notices_rules: list[str] = []
    for checker in rules.checkers:
        try:
            findings.extend(checker.check(ctx))
        except Exception as e:  # a broken rule must not lose the whole report
            ids = ", ".join(sorted({r.id for r in getattr(checker, "rules", [])}))[:200]
            notices_rules.append(f"Règle(s) ignorée(s) après une erreur interne "
                                 f"({type(e).__name__}) : {ids or type(checker).__name__}.")
    findings = [f for f in findings if f.rule not in st.disabled_rules and
                f.category not in st.disabled_categories]
    notices = list(doc.notices) + notices_rules
    import os
    if st.grammar != "off" and os.environ.get("REWRITER_GRAMMAR", "").strip().lower() != "off":
        # Grammar/spelling backends add findings and drop replacements that would create
        # a new grammar error (an optional package: absent = nothing happens).
        try:
            from . import grammar
            run = getattr(grammar, "run", None)
        except ImportError:
            run = None
        if run is not None:
            try:
                extra, gnotices = run(ctx, findings, st)
                findings.extend(extra)
                notices.extend(gnotices)
            except Exception as e:  # an optional backend never breaks a check
                notices.append(f"Vérification grammaticale ignorée après une erreur "
                               f"({type(e).__name__}).")
    findings = _respect_protected(_dedupe(findings), doc)
    for f in findings:
        p = doc.paragraphs[f.paragraph]
        f.line, f.column = p.position(f.start)
    total, sub = score_mod.compute(readability, findings, lang, st.long_sentence_words)
    return FileReport(path=doc.path, language=lang, score=total, subscores=sub,
                      readability=readability, findings=findings, notices=notices,
                      document=doc)


def _respect_protected(findings: list[Finding], doc: Document) -> list[Finding]:
    """No finding starts or ends inside a template tag or an address; a replacement never
    swallows one (the finding stays, as advice)."""
    out = []
    for f in findings:
        prot = doc.paragraphs[f.paragraph].protected
        if any(s < f.start < e or s < f.end < e for s, e in prot):
            continue
        if f.fixable and any(f.start <= s and e <= f.end for s, e in prot):
            f.fixable = False
        out.append(f)
    return out


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop exact duplicates (same rule and span), rare-word findings on words another
    rule already flags, and sort in reading order."""
    seen = set()
    out = []
    flagged: dict[int, list[tuple[int, int]]] = {}
    for f in findings:
        if f.category not in ("rare_word", "long_sentence"):
            flagged.setdefault(f.paragraph, []).append((f.start, f.end))
    findings = [f for f in findings if f.category != "rare_word" or not any(
        s < f.end and f.start < e for s, e in flagged.get(f.paragraph, ()))]
    # the same span flagged twice for the same kind of problem (a phrase rule and the
    # generic nominalisation check…) is reported once, preferring a fixable finding
    # and a finding inside another of the same category (two passive rules on "n'ont pas
    # été retournés" and "ont pas été retournés") is dropped
    kept: dict[tuple, list[Finding]] = {}
    for f in sorted(findings, key=lambda f: (f.paragraph, f.start, -f.end, not f.fixable,
                                             f.rule)):
        key = (f.category, f.paragraph, f.start, f.end)
        if key in seen:
            continue
        same = kept.setdefault((f.category, f.paragraph), [])
        if any(k.start <= f.start and f.end <= k.end and not (k.fixable is False and f.fixable)
               for k in same):
            continue
        seen.add(key)
        same.append(f)
        out.append(f)
    return out


def check_document(doc: Document, language: str | None = None,
                   settings: Settings | None = None, rules_paths: tuple = ()) -> FileReport:
    return analyze(doc, language, settings, rules_paths)


def check_text(text: str, language: str | None = None, settings: Settings | None = None,
               rules_paths: tuple = (), path: str = "<texte>", ruleset=None) -> FileReport:
    from .readers.text import document_from_text

    return analyze(document_from_text(text, path), language, settings, rules_paths, ruleset)


def check_file(path: str | Path, language: str | None = None,
               settings: Settings | None = None, rules_paths: tuple = ()) -> FileReport:
    """Read and analyse a file. An unreadable file gives a report with ``error`` set."""
    from .readers import read_path

    with gc_paused():
        try:
            doc = read_path(path)
        except ReadError as e:
            return FileReport(path=str(path), error=str(e))
        return analyze(doc, language, settings, rules_paths)


def check_bytes(data: bytes, filename: str, language: str | None = None,
                settings: Settings | None = None, rules_paths: tuple = ()) -> FileReport:
    """Read and analyse an uploaded file (the reader is chosen from ``filename``). An
    unreadable file gives a report with ``error`` set; nothing raises for bad input."""
    from .readers import read_bytes

    with gc_paused():
        try:
            doc = read_bytes(data, filename)
        except ReadError as e:
            return FileReport(path=filename, error=str(e))
        doc.path = filename
        return analyze(doc, language, settings, rules_paths)


def finding_key(f: Finding) -> str:
    """A stable identifier of a finding within one document (same input, same rules)."""
    return f"{f.paragraph}:{f.start}:{f.end}:{f.rule}"


def worst_severity(findings: list[Finding]) -> int:
    return max((SEVERITY_RANK[f.severity] for f in findings), default=-1)
