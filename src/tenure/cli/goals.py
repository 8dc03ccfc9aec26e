"""`tenure goals add|list|remove|suggest` and `tenure benchmarks`."""

from __future__ import annotations

from typing import Annotated, Any

import pandas as pd
import typer

from tenure.cli.common import WorkspaceOption, console, fail, open_workspace
from tenure.cli.ops_output import AsOfOption, Format, FormatOption, emit, number, percent, text
from tenure.metrics.catalogue import get_metric

goals_app = typer.Typer(help="Targets per metric, period and scope, with status.")

Team = Annotated[str | None, typer.Option(help="A team's goal (segment `team`).")]
Csm = Annotated[str | None, typer.Option(help="A CSM's goal (their book, `csm_id`).")]

GOAL_COLUMNS = {
    "goal_id": text,
    "metric": text,
    "scope": text,
    "scope_value": text,
    "period": text,
    "target_shown": text,
    "value_shown": text,
    "projected_shown": text,
    "progress": percent,
    "status": text,
}
SUGGEST_COLUMNS = {
    "metric": text,
    "period": text,
    "scope": text,
    "scope_value": text,
    "last_shown": text,
    "target_shown": text,
    "basis": text,
}
BENCH_COLUMNS = {
    "name": text,
    "benchmark": text,
    "company_shown": text,
    "assessment": text,
    "seeds": text,
}


def register(app: typer.Typer) -> None:
    """Attach `tenure goals …` and `tenure benchmarks`."""
    app.add_typer(goals_app, name="goals")
    app.command("benchmarks")(benchmarks)


def _scope(team: str | None, csm: str | None) -> tuple[str, str | None]:
    if team and csm:
        fail("give --team or --csm, not both")
    return ("team", team) if team else ("csm", csm) if csm else ("company", None)


def shown(value: Any, unit: str) -> str:
    """A value in its unit: rates as percentages, money and counts with separators."""
    if value is None or value != value:
        return "—"
    if unit == "ratio":
        return percent(value)
    if unit == "multiple":
        return f"{float(value):.2f}×"
    return f"{float(value):,.2f}" if unit in ("currency", "number") else number(value)


@goals_app.command("add")
def add(
    metric: Annotated[str, typer.Argument(help="Metric key, e.g. logo_churn_rate, mrr, nps.")],
    target: Annotated[float, typer.Argument(help="Target value (rates as fractions: 0.05).")],
    period: Annotated[str, typer.Option(help="2026, 2026-Q3 or 2026-07.")],
    team: Team = None,
    csm: Csm = None,
    note: Annotated[str | None, typer.Option(help="Why this target.")] = None,
    workspace: WorkspaceOption = None,
) -> None:
    """Add a goal."""
    scope, value = _scope(team, csm)
    with open_workspace(workspace) as ws:
        row = ws.add_goal(metric, target, period, scope, value, note, by="cli")
    where = f" for {scope} {value}" if value else ""
    console.print(f"Goal {row['goal_id']}: {metric} {target:g} in {row['period']}{where}.")


def with_shown(frame: pd.DataFrame, columns: tuple[str, ...], units: list[str]) -> pd.DataFrame:
    """`frame` with a `<column>_shown` text column per column, in each row's unit."""
    shown_frame = frame.copy()
    for column in columns:
        values = list(shown_frame[column])
        shown_frame[f"{column}_shown"] = [shown(v, u) for v, u in zip(values, units, strict=True)]
    return shown_frame


def _units(frame: pd.DataFrame) -> list[str]:
    return [get_metric(str(key)).unit for key in frame["metric"]]


@goals_app.command("list")
def list_goals(
    as_of: AsOfOption = None, format: FormatOption = Format.table, workspace: WorkspaceOption = None
) -> None:
    """Every goal with its value so far, projection, progress and status."""
    with open_workspace(workspace) as ws:
        frame = ws.goals(as_of)
    if format is Format.table:
        frame = with_shown(frame, ("target", "value", "projected"), _units(frame))
    emit(frame, format, GOAL_COLUMNS, f"{len(frame)} goal(s)")


@goals_app.command("remove")
def remove(goal_id: str, workspace: WorkspaceOption = None) -> None:
    """Delete a goal."""
    with open_workspace(workspace) as ws:
        row = ws.remove_goal(goal_id)
    console.print(f"Removed goal {row['goal_id']} ({row['metric']} {row['period']}).")


@goals_app.command("suggest")
def suggest(
    period: Annotated[str | None, typer.Option(help="Period to plan (default: next year).")] = None,
    metric: Annotated[list[str] | None, typer.Option(help="Metric key (repeatable).")] = None,
    team: Team = None,
    csm: Csm = None,
    as_of: AsOfOption = None,
    format: FormatOption = Format.table,
    workspace: WorkspaceOption = None,
) -> None:
    """Suggested targets from history (e.g. next year's churn below last year's)."""
    scope, value = _scope(team, csm)
    with open_workspace(workspace) as ws:
        frame = ws.suggest_goals(period, tuple(metric or ()), scope, value, as_of)
    if format is Format.table:
        frame = with_shown(frame, ("last", "target"), _units(frame))
    hint = "Add one: tenure goals add METRIC TARGET --period PERIOD [--team T | --csm C]"
    emit(frame, format, SUGGEST_COLUMNS, "Suggested targets", [hint])


def benchmarks(
    as_of: AsOfOption = None, format: FormatOption = Format.table, workspace: WorkspaceOption = None
) -> None:
    """The seeds' reference values, with their sources, beside the company's own."""
    with open_workspace(workspace) as ws:
        frame = ws.benchmarks(as_of)
    if format is Format.table:
        frame = with_shown(frame, ("company",), list(frame["unit"]))
    bases = [f"{row['name']}: {row['basis']}." for row in frame.to_dict("records")]
    emit(frame, format, BENCH_COLUMNS, "Benchmarks from the seed texts, beside the company", bases)
