"""Objectives and progress: the goals of the reviewed period and where they stand.

Goals are set for the company, a team or a CSM (`tenure goals`); an account has none of
its own, so an account's pack says so rather than borrow someone else's.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import pandas as pd

from tenure.metrics.catalogue import CATALOGUE
from tenure.reports.context import ReportContext
from tenure.reports.format import missing, show
from tenure.reports.model import Section, Table


def build(ctx: ReportContext) -> Section:
    """The goals whose period overlaps the reviewed one, with their standing on its last day."""
    section = Section(
        key="goals",
        title="Objectives and progress",
        intro="The goals set for this period, their value on its last day, where they are "
        "heading at the current pace, and whether they are on track.",
    )
    goals = ctx.capability("goals")
    if goals is None:
        return section.missing("goals (the goals capability is not installed)")
    if ctx.account_id is not None:
        return section.missing("account goals (goals are set for the company, teams and CSMs)")
    try:
        frame = goals(as_of=ctx.period.end)
    except Exception as error:  # shown, never replaced by invented goals
        return section.missing(f"goals ({error})")
    frame = _overlapping(ctx, frame)
    if frame.empty:
        return section.missing(f"goals (none set for {ctx.period.label})")
    section.tables.append(_table(ctx, frame))
    return section


def _overlapping(ctx: ReportContext, frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    starts = pd.to_datetime(frame["start"]).dt.date
    ends = pd.to_datetime(frame["end"]).dt.date
    return frame[(starts <= ctx.period.end) & (ends >= ctx.period.start)]


def _name(row: Mapping[Hashable, Any]) -> str:
    metric = CATALOGUE.get(str(row["metric"]))
    name = metric.name if metric else str(row["metric"])
    if row.get("scope") not in (None, "company"):
        name += f" ({row['scope']} {row.get('scope_value')})"
    return name


def _progress(value: Any) -> str:
    return "—" if missing(value) else f"{float(value) * 100:.0f} %"


def _table(ctx: ReportContext, frame: pd.DataFrame) -> Table:
    rows = []
    for row in frame.to_dict("records"):
        unit = CATALOGUE[row["metric"]].unit if row["metric"] in CATALOGUE else "number"
        rows.append(
            [
                _name(row),
                str(row["period"]),
                show(row["target"], unit, ctx.currency),
                show(row["value"], unit, ctx.currency),
                show(row["projected"], unit, ctx.currency),
                _progress(row["progress"]),
                str(row["status"]),
            ]
        )
    columns = ["Goal", "Period", "Target", "Value", "Projected", "Progress", "Status"]
    return Table("Goals", columns, rows, frozenset({2, 3, 4, 5}))
