"""Turn a stored review (report JSON + paragraph texts + decisions) into what the
templates show: numbered findings, highlighted letter segments, readability in words,
the before/after diff. Pure data: every piece of letter text stays a plain string that
Jinja escapes."""
from __future__ import annotations

from dataclasses import dataclass, field

from rewriter.diff import DELETE, EQUAL, INSERT, document_diff  # noqa: F401
from rewriter.fix import apply_text, select
from rewriter.model import Finding

from . import i18n

# Findings that cover a whole sentence: underlined, so that shorter findings inside them
# keep their own highlight.
SENTENCE_CATS = {"long_sentence", "readability", "structure"}
SUBSCORE_ORDER = ("readability", "sentences", "vocabulary", "constructions")


@dataclass
class FindingView:
    n: int
    key: str
    data: dict
    decision: str | None
    visible: bool = True
    # the word before a finding that starts with punctuation (a sentence cut « , laquelle »
    # -> « . Elle »): shown before the quote and the proposal so that they make sense
    lead: str = ""

    @property
    def category(self) -> str:
        return self.data["category"]

    @property
    def fixable(self) -> bool:
        return bool(self.data.get("fixable") and self.data.get("suggestions"))

    @property
    def status(self) -> str:
        return self.decision or "pending"


@dataclass
class Segment:
    text: str
    cat: str | None = None             # innermost span finding's category (highlight)
    sentence: bool = False             # inside a long-sentence finding (underline)
    anchors: list[int] = field(default_factory=list)        # findings starting here
    markers: list[FindingView] = field(default_factory=list)  # findings ending here
    hidden: bool = False               # highlight filtered out
    cats: list[str] = field(default_factory=list)    # span categories, innermost first
    scats: list[str] = field(default_factory=list)   # sentence-level categories


@dataclass
class ParagraphView:
    index: int
    role: str
    segments: list[Segment]


def finding_views(review, decisions: dict[str, str], shown: set[str] | None) -> list[FindingView]:
    report = review.report
    keys = review.document.get("keys") or []
    paras = review.document.get("paragraphs") or []
    out = []
    for i, f in enumerate(report.get("findings", [])):
        key = keys[i] if i < len(keys) else f"{f['paragraph']}:{f['start']}:{f['end']}:{f['rule']}"
        out.append(FindingView(i + 1, key, f, decisions.get(key),
                               visible=shown is None or f["category"] in shown,
                               lead=_lead(f, paras)))
    return out


def _lead(f: dict, paras: list) -> str:
    text = f.get("text") or ""
    if not text or text[0].isalnum() or not 0 <= f.get("paragraph", -1) < len(paras):
        return ""
    para = paras[f["paragraph"]]
    para = para.get("text", "") if isinstance(para, dict) else str(para)
    before = para[:max(0, f.get("start", 0))].rstrip()
    return before.split()[-1] if before.split() else ""


def paragraphs(review, findings: list[FindingView]) -> list[ParagraphView]:
    paras = review.document.get("paragraphs") or []
    by_p: dict[int, list[FindingView]] = {}
    for fv in findings:
        by_p.setdefault(fv.data["paragraph"], []).append(fv)
    out = []
    for i, p in enumerate(paras):
        text = p["text"]
        if not text.strip():
            continue
        out.append(ParagraphView(i, p.get("role", "prose"), _segments(text, by_p.get(i, []))))
    return out


def _segments(text: str, fvs: list[FindingView]) -> list[Segment]:
    n = len(text)
    spans = [(max(0, min(fv.data["start"], n)), max(0, min(fv.data["end"], n)), fv)
             for fv in fvs]
    cuts = {0, n}
    for s, e, _ in spans:
        cuts.update((s, e))
    cuts = sorted(cuts)
    segs: list[Segment] = []
    for a, b in zip(cuts, cuts[1:]):
        cover = [(s, e, fv) for s, e, fv in spans if s <= a and b <= e and s < e]
        seg = Segment(text[a:b])
        inner = [(e - s, fv) for s, e, fv in cover if fv.category not in SENTENCE_CATS]
        visible_inner = [(w, fv) for w, fv in inner if fv.visible]
        if visible_inner:
            seg.cat = min(visible_inner, key=lambda x: x[0])[1].category
        elif inner:
            seg.cat = min(inner, key=lambda x: x[0])[1].category
            seg.hidden = True
        seg.cats = list(dict.fromkeys(fv.category for _, fv in sorted(inner, key=lambda x: x[0])))
        seg.scats = sorted({fv.category for _, _, fv in cover if fv.category in SENTENCE_CATS})
        seg.sentence = any(fv.category in SENTENCE_CATS and fv.visible for _, _, fv in cover)
        seg.anchors = [fv.n for s, _, fv in spans if s == a]
        segs.append(seg)
    # each finding's marker goes after its last segment
    for s, e, fv in spans:
        idx = next((k for k in range(len(segs)) if cuts[k + 1] == e and cuts[k] >= s), None)
        if idx is None:   # empty span: after the segment that reaches its position
            idx = next((k for k in range(len(segs)) if cuts[k + 1] >= e), len(segs) - 1)
        if segs:
            segs[idx].markers.append(fv)
    for seg in segs:
        seg.markers.sort(key=lambda fv: fv.n)
    return segs


def as_findings(findings: list[FindingView]) -> list[Finding]:
    out = []
    for fv in findings:
        d = fv.data
        out.append(Finding(rule=d["rule"], category=d["category"], severity=d["severity"],
                           message=d["message"], text=d["text"], paragraph=d["paragraph"],
                           start=d["start"], end=d["end"],
                           suggestions=list(d.get("suggestions") or []),
                           fixable=bool(d.get("fixable"))))
    return out


@dataclass
class DiffPara:
    n: int
    ops: list[tuple[str, str]]


def accepted_diff(review, findings: list[FindingView]) -> tuple[list[DiffPara], int]:
    """Word diff of the paragraphs changed by the accepted (fixable) findings, and the
    number of changes that will be applied."""
    paras = [p["text"] for p in review.document.get("paragraphs") or []]
    accepted = [fv for fv in findings if fv.decision == "accepted" and fv.fixable]
    chosen = select(as_findings(accepted))
    if not chosen:
        return [], 0
    after = apply_text(paras, chosen)
    diffs = [DiffPara((d.index or 0) + 1, d.ops) for d in document_diff(paras, after)]
    return diffs, len(chosen)


def readability_lines(readability: dict) -> list[str]:
    t = i18n.t
    num = i18n.number
    lines = []
    asl = readability.get("avg_sentence_words")
    total = readability.get("sentences") or 0
    if asl is not None and total:
        key = "rd_sentences_ok" if asl <= 20 else "rd_sentences"
        lines.append(t(key, n=num(asl)))
        long_n = readability.get("long_sentences") or 0
        lines.append(t("rd_long", n=long_n, total=total) if long_n
                     else t("rd_long_none", total=total))
        if readability.get("max_sentence_words") and long_n:
            lines.append(t("rd_max", n=readability["max_sentence_words"]))
    fl = readability.get("flesch")
    if fl is not None:
        from rewriter.score import band
        lines.append(t("rd_flesch", v=num(fl), band=band(fl, i18n.ui_lang())))
    lix = readability.get("lix")
    if lix is not None:
        b = t("rd_lix_easy") if lix < 40 else t("rd_lix_mid") if lix < 50 else t("rd_lix_hard")
        lines.append(t("rd_lix", v=num(lix), band=b))
    lw = readability.get("long_words_share")
    if lw is not None:
        lines.append(t("rd_longwords", pct=num(lw * 100)))
    if readability.get("words"):
        lines.append(t("rd_words", words=readability["words"], sentences=total))
    return lines


def score_band(score: float | None) -> str:
    if score is None:
        return ""
    if score >= 75:
        return "good"
    if score >= 50:
        return "mid"
    return "bad"


def subscores(report: dict) -> list[dict]:
    sub = report.get("subscores") or {}
    out = []
    for k in SUBSCORE_ORDER:
        if k in sub:
            d = dict(sub[k])
            d["key"] = k
            from rewriter.score import LABELS
            d["label"] = LABELS.get(i18n.ui_lang(), LABELS["fr"]).get(k, d.get("label", k))
            d["band"] = score_band(d.get("score"))
            out.append(d)
    return out


def category_counts(findings: list[FindingView]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for fv in findings:
        counts[fv.category] = counts.get(fv.category, 0) + 1
    from rewriter.model import CATEGORIES
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(counts.items(), key=lambda kv: order.get(kv[0], 99))
