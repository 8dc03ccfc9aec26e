"""`tenure clv`: BG/NBD + Gamma-Gamma fitted on the workspace's invoices; accounts scored by CLV."""

from __future__ import annotations

import json
import math
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.table import Table as RichTable

from tenure.cli.common import WorkspaceOption, console, open_workspace
from tenure.models.clv.service import ClvFit, fit_clv, invoice_purchases

app = typer.Typer(
    help="Customer lifetime value: BG/NBD purchases × Gamma-Gamma spend, fitted on invoices.",
    no_args_is_help=True,
)


class TimeUnit(StrEnum):
    day = "day"
    week = "week"
    month = "month"


class Format(StrEnum):
    table = "table"
    json = "json"


CalibrationEnd = Annotated[
    str | None,
    typer.Option(help="Last day of the calibration period, YYYY-MM-DD (default: last invoice)."),
]
TimeUnitOption = Annotated[TimeUnit, typer.Option(help="Time unit of the models.")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def register(parent: typer.Typer) -> None:
    """Attach `tenure clv …` to the main app."""
    parent.add_typer(app, name="clv")


def _fit(workspace: Path | None, calibration_end: str | None, time_unit: TimeUnit) -> ClvFit:
    with open_workspace(workspace) as ws:
        purchases = invoice_purchases(ws.table("invoices"))
    return fit_clv(purchases, calibration_end, time_unit.value)


@app.command("fit")
def fit(
    calibration_end: CalibrationEnd = None,
    time_unit: TimeUnitOption = TimeUnit.week,
    format: FormatOption = Format.table,
    workspace: WorkspaceOption = None,
) -> None:
    """Fit BG/NBD (r, alpha, a, b) and Gamma-Gamma (p, q, gamma) on non-void invoices."""
    model = _fit(workspace, calibration_end, time_unit)
    if format is Format.json:
        typer.echo(json.dumps(model.parameters(), indent=2))
        return
    grid = RichTable("model", "parameter", "estimate", "std. error", title=_title(model))
    for name, fitter in (("BG/NBD", model.bgnbd), ("Gamma-Gamma", model.gamma_gamma)):
        for key, row in fitter.summary().iterrows():
            grid.add_row(name, str(key), f"{row['estimate']:.4g}", f"{row['std_error']:.3g}")
    console.print(grid)
    console.print(
        f"{model.bgnbd.n_:,} customers (log-likelihood {model.bgnbd.log_likelihood_:,.1f}), "
        f"{model.gamma_gamma.n_:,} repeat buyers "
        f"(log-likelihood {model.gamma_gamma.log_likelihood_:,.1f})",
        highlight=False,
    )


@app.command("score")
def score(
    horizon_months: Annotated[float, typer.Option(help="CLV horizon in months.")] = 12,
    discount_rate: Annotated[float, typer.Option(help="Annual discount rate.")] = 0.10,
    top: Annotated[int, typer.Option(help="Accounts to show.")] = 20,
    calibration_end: CalibrationEnd = None,
    time_unit: TimeUnitOption = TimeUnit.week,
    format: FormatOption = Format.table,
    workspace: WorkspaceOption = None,
) -> None:
    """The accounts with the highest CLV, with P(alive) and expected purchases."""
    model = _fit(workspace, calibration_end, time_unit)
    best = model.scores(horizon_months, discount_rate).head(max(top, 0)).reset_index()
    best = best.rename(columns={"customer": "account_id"})
    if format is Format.json:
        typer.echo(best.to_json(orient="records", indent=2))
        return
    console.print(_score_table(best, model, horizon_months))


def _score_table(best: pd.DataFrame, model: ClvFit, months: float) -> RichTable:
    grid = RichTable(
        "account",
        "purchase days",
        "P(alive)",
        "exp. purchases",
        "exp. spend",
        "CLV",
        title=f"{_title(model)}, horizon {months:g} months",
    )
    for row in best.to_dict("records"):
        grid.add_row(
            str(row["account_id"]),
            f"{row['frequency'] + 1:,}",
            f"{row['p_alive']:.2f}",
            f"{row['expected_purchases']:.2f}",
            _money(row["expected_value"]),
            _money(row["clv"]),
        )
    return grid


def _money(value: float) -> str:
    """Two decimals; n/a where the spend model gives no value (see GammaGammaFitter)."""
    return "n/a" if math.isnan(value) else f"{value:,.2f}"


def _title(model: ClvFit) -> str:
    return f"calibration to {model.calibration_end.date()}, time unit: {model.time_unit}"
