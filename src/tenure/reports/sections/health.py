"""Health and its breakdown: the tier mix (company) or one account's score explained."""

from __future__ import annotations

from typing import Any

import pandas as pd

from tenure.reports import charts
from tenure.reports.context import ReportContext
from tenure.reports.format import missing, money, show
from tenure.reports.model import Figure, Section, Table
from tenure.reports.sections.common import account_names

TIERS = ("red", "yellow", "green")
TIER_COLOURS = {"red": "#b3261e", "yellow": "#e6a23c", "green": "#1b7a3a"}
WORST = 8


def build(ctx: ReportContext) -> Section:
    """Health on the period's last day."""
    section = Section(
        key="health",
        title="Health",
        intro=f"Customer health on {ctx.period.end.isoformat()}: a 0–100 score from usage, "
        "support, satisfaction and billing signals, tiered red, yellow and green.",
    )
    health = ctx.capability("health")
    if health is None:
        return section.missing("health scores (the health capability is not installed)")
    try:
        if ctx.account_id is None:
            _company(ctx, section, health(as_of=ctx.period.end))
        else:
            _account(ctx, section)
    except Exception as error:  # a score that cannot be computed is a note, not a number
        section.missing(f"health scores ({error})")
    _history(ctx, section)
    return section


def _history(ctx: ReportContext, section: Section) -> None:
    """The score as each snapshot recorded it (`tenure snapshot`), when there are several."""
    frame = ctx.ws.score_history("health", ctx.account_id, ctx.period.history_start, ctx.period.end)
    if frame.empty:
        return
    frame = frame.assign(score=pd.to_numeric(frame["score"].astype(float)))
    daily = frame.groupby("snapshot_date", as_index=False)["score"].mean()
    if len(daily) < 2:
        return
    title = "Mean health score" if ctx.account_id is None else "Health score"
    rows = [
        {"day": d, "score": v} for d, v in zip(daily["snapshot_date"], daily["score"], strict=True)
    ]
    chart = charts.daily_line(rows, "day", "score", "number")
    section.charts.append(charts.svg("health-history", f"{title} as recorded each day", chart))


def _company(ctx: ReportContext, section: Section, frame: pd.DataFrame) -> None:
    if frame.empty:
        section.missing("health scores (no paying customer on that day)")
        return
    counts = frame["tier"].value_counts()
    rows: list[dict[str, Any]] = [{"tier": t, "accounts": int(counts.get(t, 0))} for t in TIERS]
    section.figures = [
        Figure("Mean health score", show(frame["score"].mean(), "number")),
        *[
            Figure(f"{str(r['tier']).capitalize()} accounts", show(r["accounts"], "count"))
            for r in rows
        ],
    ]
    chart = charts.category_bars(rows, "tier", "accounts", TIER_COLOURS, TIERS)
    section.charts.append(charts.svg("health-mix", "Accounts per health tier", chart))
    section.tables.append(_worst(ctx, frame))


def _worst(ctx: ReportContext, frame: pd.DataFrame) -> Table:
    worst = frame.sort_values("score").head(WORST)
    names = account_names(ctx, worst["account_id"])
    return Table(
        "Least healthy customers",
        ["Account", "Score", "Tier", "Trend", "MRR"],
        [
            [
                names[str(row["account_id"])],
                show(row["score"], "number"),
                str(row.get("tier") or "—"),
                _signed(row.get("trend")),
                money(row.get("mrr"), ctx.currency),
            ]
            for row in worst.to_dict("records")
        ],
        frozenset({1, 3, 4}),
    )


def _signed(value: Any) -> str:
    return "—" if missing(value) else f"{float(value):+.1f}"


def _account(ctx: ReportContext, section: Section) -> None:
    breakdown = ctx.ws.health_breakdown(str(ctx.account_id), as_of=ctx.period.end)  # type: ignore[attr-defined,unused-ignore]
    section.figures = [
        Figure("Health score", show(breakdown.score, "number"), note=breakdown.tier or ""),
        Figure("Change", _signed(breakdown.trend), note="points since the previous score"),
    ]
    groups = _group_rows(breakdown.groups)
    if groups:
        chart = charts.horizontal_bars(groups, "group", "score")
        section.charts.append(charts.svg("health-groups", "Score per group (0–100)", chart))
    section.tables.append(_measures(breakdown.measures))


def _measures(measures: pd.DataFrame) -> Table:
    return Table(
        "What the score is made of",
        ["Group", "Signal", "Value", "Score", "Points"],
        [
            [
                _title(row["group"]),
                str(row["label"]).capitalize(),
                show(row["value"], "number"),
                show(row["score"], "number"),
                show(row["points"], "number"),
            ]
            for row in measures.to_dict("records")
        ],
        frozenset({2, 3, 4}),
        "No measure on the card.",
    )


def _group_rows(groups: pd.DataFrame) -> list[dict[str, Any]]:
    if groups.empty:
        return []
    pairs = zip(groups["group"], groups["score"], strict=True)
    return [{"group": _title(g), "score": float(s)} for g, s in pairs if not missing(s)]


def _title(name: object) -> str:
    """A group name for people ("roi" → "ROI", "adoption" → "Adoption")."""
    text = str(name).replace("_", " ")
    return text.upper() if len(text) <= 3 else text.capitalize()
