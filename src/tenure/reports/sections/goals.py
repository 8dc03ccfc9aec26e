"""Objectives and progress: the goals set for the period and how far along they are."""

from __future__ import annotations

from typing import Any

import pandas as pd

from tenure.reports.context import ReportContext
from tenure.reports.format import day, missing
from tenure.reports.model import Section, Table

#: Column names a goals result may use, by preference.
NAME = ("name", "title", "goal", "metric")
TARGET = ("target", "target_value")
ACTUAL = ("actual", "value", "current")
PROGRESS = ("progress", "attainment", "share")
STATUS = ("status", "state", "on_track")
DUE = ("due", "end", "period_end", "deadline")


def build(ctx: ReportContext) -> Section:
    """The goals of the scope and their progress, when goals exist."""
    section = Section(
        key="goals",
        title="Objectives and progress",
        intro="The goals set for this period and where they stand.",
    )
    goals = ctx.capability("goals")
    if goals is None:
        return section.missing("goals (the goals capability is not installed)")
    try:
        frame = _frame(goals(as_of=ctx.period.end))
    except Exception as error:  # shown, never replaced by invented goals
        return section.missing(f"goals ({error})")
    frame = _of_scope(ctx, frame)
    if frame.empty:
        return section.missing("goals (none set for this scope)")
    section.tables.append(_table(frame))
    return section


def _frame(result: Any) -> pd.DataFrame:
    if isinstance(result, pd.DataFrame):
        return result
    return pd.DataFrame([getattr(item, "__dict__", item) for item in result])


def _of_scope(ctx: ReportContext, frame: pd.DataFrame) -> pd.DataFrame:
    if "account_id" not in frame.columns:
        return frame if ctx.account_id is None else frame.iloc[0:0]
    if ctx.account_id is None:
        return frame[frame["account_id"].isna()]
    return frame[frame["account_id"] == ctx.account_id]


def _pick(row: dict[str, Any], names: tuple[str, ...]) -> Any:
    return next((row[name] for name in names if name in row), None)


def _progress(value: Any) -> str:
    return "—" if missing(value) else f"{float(value) * 100:.0f} %"


def _table(frame: pd.DataFrame) -> Table:
    rows = []
    for row in frame.to_dict("records"):
        rows.append(
            [
                str(_pick(row, NAME) or "—"),
                str(_pick(row, TARGET) if _pick(row, TARGET) is not None else "—"),
                str(_pick(row, ACTUAL) if _pick(row, ACTUAL) is not None else "—"),
                _progress(_pick(row, PROGRESS)),
                str(_pick(row, STATUS) or "—"),
                day(_pick(row, DUE)) or "—",
            ]
        )
    return Table(
        "Goals", ["Goal", "Target", "Actual", "Progress", "Status", "Due"], rows, frozenset({1, 2, 3})
    )
