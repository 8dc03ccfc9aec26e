"""NPS with verbatims: the score's trend, its promoters and detractors, and their words."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from tenure.reports import charts
from tenure.reports.context import ReportContext
from tenure.reports.format import day, show
from tenure.reports.model import Figure, Quote, Section, Table
from tenure.reports.sections.common import account_names, figure, rows_of

#: Verbatims shown: detractors first (what to fix), then promoters, then passives.
QUOTES_PER_GROUP = {"detractors": 3, "promoters": 2, "passives": 1}
THEMES = 6


def build(ctx: ReportContext) -> Section:
    """How likely customers are to recommend us, and what they say."""
    section = Section(
        key="nps",
        title="NPS and what customers say",
        intro="Net Promoter Score (promoters 9–10 minus detractors 0–6, in points) and the "
        "comments left with the answers in the period.",
    )
    section.figures = [figure(ctx, "nps", "NPS"), *_groups(ctx)]
    nps = rows_of(ctx.metric("nps"))
    if nps:
        chart = charts.line(nps, "value", "number", zero=False)
        section.charts.append(charts.svg("nps", "NPS by month", chart))
    else:
        section.missing("NPS (no NPS answer in the window)")
    _verbatims(ctx, section)
    return section


def _groups(ctx: ReportContext) -> list[Figure]:
    found = []
    for column in ("promoters", "passives", "detractors"):
        value = ctx.value("nps", column)
        found.append(Figure(column.capitalize(), show(value, "count"), note="answers"))
    return found


def _verbatims(ctx: ReportContext, section: Section) -> None:
    feedback = ctx.capability("feedback")
    if feedback is None:
        section.missing("verbatims (the feedback capability is not installed)")
        return
    try:
        found = feedback(survey="nps", start=ctx.period.start, end=ctx.period.end, where=ctx.where)
    except Exception as error:  # shown as a note, not hidden
        section.missing(f"verbatims ({error})")
        return
    names = account_names(ctx, found.comments["account_id"]) if ctx.account_id is None else {}
    section.quotes = quotes(found.comments, names)
    if not section.quotes:
        section.notes.append("No NPS comment was left in the period.")
    if ctx.account_id is None and len(found.themes):
        section.tables.append(themes(found.themes))


def quotes(comments: pd.DataFrame, names: dict[str, str]) -> list[Quote]:
    """The newest comments of each score group, detractors first (`names`: who said it)."""
    picked: list[Quote] = []
    for group, count in QUOTES_PER_GROUP.items():
        rows = comments[comments["group"] == group].head(count)
        picked += [_quote(row, names) for row in rows.to_dict("records")]
    return picked


def _quote(row: Mapping[Hashable, Any], names: dict[str, str]) -> Quote:
    return Quote(
        text=str(row["comment"]),
        score=str(row["score"]),
        group=str(row["group"]),
        when=day(row["responded_at"]),
        who=names.get(str(row.get("account_id")), ""),
    )


def themes(frame: pd.DataFrame) -> Table:
    """The recurring themes of detractors and promoters (one line each, widest first)."""
    rows = []
    for group in ("detractors", "promoters"):
        found = frame[frame["group"] == group].sort_values("mentions", ascending=False)
        for row in _distinct(found).head(THEMES // 2).to_dict("records"):
            rows.append([group.capitalize(), str(row["theme"]), f"{int(row['mentions'])}"])
    return Table("Recurring themes", ["Group", "Theme", "Mentions"], rows, frozenset({2}))


def _distinct(frame: pd.DataFrame) -> pd.DataFrame:
    """Themes that are not part of a theme already listed ("reports" vs "hard to use reports")."""
    kept: list[int] = []
    seen: list[str] = []
    for index, theme in zip(frame.index, frame["theme"].astype(str), strict=True):
        if not any(theme in other or other in theme for other in seen):
            kept.append(index)
            seen.append(theme)
    return frame.loc[kept]
