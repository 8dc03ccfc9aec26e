"""`tenure risk fit|score|report|drivers`: the churn-risk model of the workspace."""

from __future__ import annotations

import json
from typing import Annotated, Any

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
    rows,
    text,
)
from tenure.models.risk.fitter import ChurnRiskModel

AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="The day, YYYY-MM-DD (default: the last day with data)."),
]

app = typer.Typer(
    help="Churn risk: P(churn within the horizon), learned from the workspace's history.",
    no_args_is_help=True,
)

Top = Annotated[int, typer.Option(help="Accounts to show in a table (riskiest first).")]
Save = Annotated[
    bool, typer.Option("--save", help="Keep the scores in tenure_risk_scores (replaces the day).")
]

SCORE_COLUMNS: dict[str, Show] = {
    "account_id": text,
    "probability": lambda v: f"{float(v):.3f}",
    "band": text,
    "mrr": money,
    "revenue_at_risk": money,
    "drivers": text,
}
FIGURES: dict[str, Show] = {
    "model": text,
    "auc": lambda v: "—" if v is None or pd.isna(v) else f"{float(v):.3f}",
    "precision_at_10": lambda v: f"{float(v) * 100:.1f} %",
    "lift_at_10": lambda v: "—" if v is None or pd.isna(v) else f"{float(v):.2f}×",
    "base_rate": lambda v: f"{float(v) * 100:.1f} %",
    "n": number,
    "positives": number,
}


def register(parent: typer.Typer) -> None:
    """Attach `tenure risk …` to the main app."""
    parent.add_typer(app, name="risk")


def report_data(model: ChurnRiskModel) -> dict[str, Any]:
    """The backtest as JSON-ready data: figures beside the baseline, split, calibration."""
    return {
        "model": model.kind_,
        "fitted_at": model.fitted_at_,
        "data_horizon": model.data_horizon_,
        "horizon_days": model.horizon_days,
        "test": model.metrics_,
        "health_baseline": model.baseline_,
        "validation_auc": model.candidates_,
        "split": model.split_,
        "calibration": rows(model.calibration_),
    }


def _report(model: ChurnRiskModel, format: Format) -> None:
    if format is Format.json:
        typer.echo(json.dumps(report_data(model), indent=2, default=str))
        return
    summary = model.summary().reset_index(names="model")
    split = model.split_
    title = (
        f"Churn within {model.horizon_days} days: test snapshots {split.get('test_from')} to "
        f"{split.get('test_to')} ({split['test_rows']:,} rows), trained on "
        f"{split.get('train_from')} to {split.get('train_to')} ({split['train_rows']:,} rows)"
    )
    emit(summary, format, FIGURES, title)
    if format is Format.table:
        calibration: dict[str, Show] = {
            "accounts": number,
            "predicted": lambda v: f"{float(v):.3f}",
            "observed": lambda v: f"{float(v):.3f}",
        }
        emit(model.calibration_, format, calibration, "Calibration (deciles of predicted risk)")


@app.command("fit")
def fit(format: FormatOption = Format.table, workspace: WorkspaceOption = None) -> None:
    """Fit the model on monthly snapshots, backtest it beside the health score, keep it."""
    with open_workspace(workspace) as ws:
        model = ws.fit_risk()
    if format is Format.table:
        console.print(f"Fitted {model.kind_} on {model.n_examples_:,} snapshot rows.")
    _report(model, format)


@app.command("report")
def report(format: FormatOption = Format.table, workspace: WorkspaceOption = None) -> None:
    """The saved model's backtest: AUC, precision and lift at the top 10 %, calibration."""
    with open_workspace(workspace) as ws:
        model = ws.risk_model()
    _report(model, format)


@app.command("score")
def score(
    as_of: AsOf = None,
    top: Top = 30,
    save: Save = False,
    format: FormatOption = Format.table,
    workspace: WorkspaceOption = None,
) -> None:
    """P(churn) of every paying customer, with band, revenue at risk and top drivers."""
    with open_workspace(workspace) as ws:
        scores = ws.risk(as_of, top if format is Format.table else None)
        if save:
            ws.save_risk(as_of)
    shown = scores.head(top) if format is Format.table else scores
    day = scores["as_of"].iloc[0] if len(scores) else "—"
    at_risk = f"Revenue at risk: {scores['revenue_at_risk'].sum():,.2f} (Σ P × MRR)"
    emit(shown, format, SCORE_COLUMNS, f"Churn risk on {day} (riskiest first)", [at_risk])


@app.command("drivers")
def drivers(
    account_id: Annotated[str, typer.Argument(help="The account to explain.")],
    as_of: AsOf = None,
    format: FormatOption = Format.table,
    workspace: WorkspaceOption = None,
) -> None:
    """What raises (positive effect) or lowers one account's churn risk."""
    with open_workspace(workspace) as ws:
        table = ws.risk_drivers(account_id, as_of)
    columns: dict[str, Show] = {
        "feature": text,
        "value": number,
        "typical": number,
        "effect": lambda v: f"{float(v) * 100:+.1f} pts",
    }
    emit(table, format, columns, f"Drivers of {account_id}'s churn risk")
