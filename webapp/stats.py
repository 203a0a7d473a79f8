"""Rule statistics for the editors: how often each rule was shown, accepted and refused,
week by week, and the rules mostly refused (probable false positives). Pure computation
from :func:`webapp.storage.rule_activity`; the charts are SVG drawn here, server-side
(no script), with their numbers also written as text."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from . import i18n

PERIODS = {"7": 7, "30": 30, "90": 90, "365": 365, "tout": None}
MIN_DECISIONS = 5            # a rule is judged on at least this many decisions…
REFUSAL_THRESHOLD = 0.6      # …and flagged when at least this share was refused
MAX_WEEKS = 104
MAX_RULES = 200


def period_bounds(period: str, today: date) -> tuple[date | None, date]:
    days = PERIODS.get(period)
    return (today - timedelta(days=days - 1) if days else None), today


def week_of(d: date) -> date:
    return d - timedelta(days=d.weekday())


@dataclass
class RuleStat:
    rule: str
    shown: int = 0
    accepted: int = 0
    refused: int = 0
    weekly: dict = field(default_factory=dict)      # week -> [shown, accepted, refused]
    spark: list = field(default_factory=list)
    spark_title: str = ""

    @property
    def decisions(self) -> int:
        return self.accepted + self.refused

    @property
    def refusal_rate(self) -> float | None:
        return self.refused / self.decisions if self.decisions else None

    @property
    def flagged(self) -> bool:
        return self.decisions >= MIN_DECISIONS and (self.refusal_rate or 0) >= REFUSAL_THRESHOLD


@dataclass
class StatsView:
    weeks: list
    rules: list
    totals: dict
    chart: dict
    n_rules: int
    n_flagged: int
    since: date | None
    until: date


EVENTS = ("shown", "accepted", "refused")


def build(rows, since: date | None, until: date, today: date, q: str = "",
          only_flagged: bool = False) -> StatsView:
    by_rule: dict[str, RuleStat] = {}
    weekly_total: dict[date, list[int]] = {}
    first = None
    for rule, day, event, n in rows:
        if event not in EVENTS:
            continue
        st = by_rule.setdefault(rule, RuleStat(rule))
        setattr(st, event, getattr(st, event) + n)
        w = week_of(day)
        st.weekly.setdefault(w, [0, 0, 0])[EVENTS.index(event)] += n
        weekly_total.setdefault(w, [0, 0, 0])[EVENTS.index(event)] += n
        first = day if first is None or day < first else first
    start = week_of(since or first or until)
    weeks = []
    w = start
    while w <= week_of(until):
        weeks.append(w)
        w += timedelta(days=7)
    weeks = weeks[-MAX_WEEKS:]
    rules = list(by_rule.values())
    n_flagged = sum(1 for r in rules if r.flagged)
    if q:
        rules = [r for r in rules if q.lower() in r.rule.lower()]
    if only_flagged:
        rules = [r for r in rules if r.flagged]
    rules.sort(key=lambda r: (not r.flagged, -(r.refusal_rate or 0) if r.flagged else 0,
                              -r.decisions, -r.shown, r.rule))
    n_rules = len(rules)
    rules = rules[:MAX_RULES]
    for r in rules:
        r.spark, r.spark_title = sparkline(r, weeks)
    totals = {e: sum(getattr(r, e) for r in by_rule.values()) for e in EVENTS}
    return StatsView(weeks=weeks, rules=rules, totals=totals,
                     chart=weekly_chart(weeks, weekly_total), n_rules=n_rules,
                     n_flagged=n_flagged, since=since, until=until)


def fmt_day(d: date) -> str:
    return d.strftime("%d/%m") if i18n.ui_lang() == "fr" else d.strftime("%d %b")


def fmt_full(d: date) -> str:
    return d.strftime("%d/%m/%Y") if i18n.ui_lang() == "fr" else d.isoformat()


def weekly_chart(weeks: list[date], totals: dict) -> dict:
    """Grouped bars per week (shown, accepted, refused) in a 640 × 220 box."""
    W, H, left, bottom, top = 640, 220, 44, 28, 10
    plot_w, plot_h = W - left - 8, H - bottom - top
    data = [(w, *(totals.get(w) or [0, 0, 0])) for w in weeks]
    vmax = max([max(s, a, r) for _, s, a, r in data] + [1])
    n = max(1, len(data))
    slot = plot_w / n
    bw = max(1.0, min(14.0, (slot - 2) / 3))
    bars = []
    for i, (w, s, a, r) in enumerate(data):
        x0 = left + i * slot + (slot - 3 * bw) / 2
        for j, (cls, v) in enumerate((("shown", s), ("accepted", a), ("refused", r))):
            h = plot_h * v / vmax
            bars.append({"x": round(x0 + j * bw, 2), "y": round(top + plot_h - h, 2),
                         "w": round(bw - 0.5, 2), "h": round(h, 2), "cls": cls, "v": v,
                         "week": fmt_full(w)})
    ticks = [{"y": round(top + plot_h - plot_h * f, 2), "v": round(vmax * f)}
             for f in (0, 0.5, 1)]
    labels = []
    if data:
        step = max(1, len(data) // 6)
        for i in range(0, len(data), step):
            labels.append({"x": round(left + i * slot + slot / 2, 2), "text": fmt_day(data[i][0])})
    return {"w": W, "h": H, "left": left, "top": top, "plot_h": plot_h, "plot_w": plot_w,
            "base": top + plot_h, "bars": bars, "ticks": ticks, "labels": labels,
            "rows": [{"week": fmt_full(w), "shown": s, "accepted": a, "refused": r}
                     for w, s, a, r in data], "max": vmax}


def sparkline(r: RuleStat, weeks: list[date]) -> tuple[list[dict], str]:
    """Stacked bars per week (accepted below, refused above) in a 120 × 28 box."""
    W, H = 120, 28
    shown = weeks[-26:]
    vals = [(w, *(r.weekly.get(w) or [0, 0, 0])[1:]) for w in shown]
    vmax = max([a + x for _, a, x in vals] + [1])
    slot = W / max(1, len(vals))
    out = []
    parts = []
    for i, (w, a, x) in enumerate(vals):
        ha = (H - 2) * a / vmax
        hr = (H - 2) * x / vmax
        xx = round(i * slot + 0.5, 2)
        bw = round(max(1.0, slot - 1), 2)
        if a:
            out.append({"x": xx, "y": round(H - ha, 2), "w": bw, "h": round(ha, 2),
                        "cls": "accepted"})
        if x:
            out.append({"x": xx, "y": round(H - ha - hr, 2), "w": bw, "h": round(hr, 2),
                        "cls": "refused"})
        if a or x:
            parts.append(i18n.t("st_spark_week", week=fmt_day(w), a=a, r=x))
    title = i18n.t("st_spark_title", n=len(vals)) + " " + ("; ".join(parts) if parts else
                                                          i18n.t("st_spark_none"))
    return out, title
