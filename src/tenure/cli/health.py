"""`tenure health`: health scorecards of every customer, by segment, or one account's breakdown."""

from __future__ import annotations

import json
from typing import Annotated

import pandas as pd
import typer

from tenure.cli.common import WorkspaceOption, console, open_workspace
from tenure.cli.ops_output import (
    Format,
    FormatOption,
    Show,
    emit,
    money,
    number,
    percent,
    rows,
    text,
)
from tenure.models.health.breakdown import HealthBreakdown
from tenure.models.health.settings import TIERS

AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="The day, YYYY-MM-DD (default: the last day with data)."),
]

By = Annotated[
    list[str] | None, typer.Option("--by", help="Summarise by this attribute (repeatable).")
]
Save = Annotated[
    bool, typer.Option("--save", help="Keep the scores in the health history (replaces the day).")
]
Top = Annotated[int, typer.Option(help="Accounts to show in a table (lowest scores first).")]

ACCOUNT_COLUMNS: dict[str, Show] = {
    "account_id": text,
    "card": text,
    "score": number,
    "tier": text,
    "previous_score": number,
    "trend": number,
    "mrr": money,
    "plan": text,
}


def register(app: typer.Typer) -> None:
    """Attach `tenure health` to the main app."""
    app.command("health")(health)


def health(
    account_id: Annotated[
        str | None, typer.Argument(help="Show this account's breakdown instead.")
    ] = None,
    as_of: AsOf = None,
    by: By = None,
    format: FormatOption = Format.table,
    save: Save = False,
    top: Top = 30,
    workspace: WorkspaceOption = None,
) -> None:
    """Health scores (0–100, red/yellow/green, trend) of paying customers as of a day."""
    with open_workspace(workspace) as ws:
        if account_id is not None:
            _breakdown(ws.health_breakdown(account_id, as_of), format)
            return
        scores = ws.health(as_of, by or ())
        if save:
            ws.save_health(as_of)
    if by:
        _summary(scores, list(by), format)
        return
    shown = scores if format is not Format.table else scores.sort_values("score").head(top)
    groups: dict[str, Show] = {str(c): number for c in scores if str(c).startswith("score_")}
    columns = {**ACCOUNT_COLUMNS, **groups}
    emit(shown, format, columns, _title(scores), [_mix(scores)])


def _title(scores: pd.DataFrame) -> str:
    day = scores["as_of"].iloc[0] if len(scores) else "—"
    return f"Health of {len(scores):,} customers on {day} (lowest first)"


def _mix(scores: pd.DataFrame) -> str:
    counts = scores["tier"].value_counts()
    parts = [f"{tier} {int(counts.get(tier, 0)):,}" for tier in TIERS]
    return f"Tier mix: {', '.join(parts)}; mean score {scores['score'].mean():.1f}"


def _summary(scores: pd.DataFrame, by: list[str], format: Format) -> None:
    from tenure.models.health.summary import health_summary

    table = health_summary(scores, by)
    columns: dict[str, Show] = {name: text for name in by}
    columns |= {"accounts": number, "mean_score": number, "mrr": money}
    columns |= {tier: number for tier in TIERS}
    columns |= {f"{tier}_mrr": money for tier in TIERS}
    emit(table, format, columns, f"Health by {', '.join(by)}")


def _breakdown(result: HealthBreakdown, format: Format) -> None:
    if format is Format.json:
        typer.echo(json.dumps(_plain(result.to_dict()), indent=2, ensure_ascii=False))
        return
    measures: dict[str, Show] = {
        "group": text,
        "label": text,
        "value": number,
        "score": number,
        "weight": number,
        "points": number,
    }
    if format is Format.csv:
        emit(result.measures, format, measures)
        return
    title = (
        f"{result.account_id} on {result.as_of}: {number(result.score)} ({text(result.tier)}),"
        f" card {result.card}, trend {number(result.trend)}"
    )
    groups: dict[str, Show] = {"group": text, "weight": number, "score": number, "share": percent}
    emit(result.groups, format, groups, title)
    emit(result.measures, format, measures, "Measures")
    console.print("Points add up to the score.", highlight=False)


def _plain(data: dict[str, object]) -> object:
    frame = pd.DataFrame([data])
    return rows(frame)[0]
