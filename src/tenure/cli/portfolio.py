"""`tenure portfolio`: every CSM's book and the capacity planner."""

from __future__ import annotations

import json

import typer

from tenure.cli.common import WorkspaceOption, console, open_workspace
from tenure.cli.ops_output import (
    AsOfOption,
    Format,
    FormatOption,
    emit,
    money,
    number,
    percent,
    plain,
    print_table,
    rows,
    table,
    text,
)
from tenure.ops.capacity import Capacity

CSM_COLUMNS = {
    "csm_id": text,
    "name": text,
    "team": text,
    "accounts": number,
    "mrr": money,
    "arr": money,
    "green": number,
    "yellow": number,
    "red": number,
    "churn_rate": percent,
    "nrr": percent,
    "open_tasks": number,
    "cost_ratio": percent,
}
TEAM_COLUMNS = {
    "team": text,
    "csms": number,
    "accounts": number,
    "mrr": money,
    "arpa": money,
    "suggested_accounts_per_csm": number,
    "accounts_per_csm": number,
    "csms_needed": number,
    "cost_ratio": percent,
}


def register(app: typer.Typer) -> None:
    """Attach `tenure portfolio`."""
    app.command("portfolio")(portfolio)


def portfolio(
    as_of: AsOfOption = None, format: FormatOption = Format.table, workspace: WorkspaceOption = None
) -> None:
    """Per CSM: accounts, MRR/ARR, health mix, churn per rep, NRR, open tasks, cost ratio;
    then the capacity planner (the portfolio section of tenure.toml) and its warnings."""
    with open_workspace(workspace) as ws:
        plan = ws.capacity(as_of)
    if format is Format.json:
        typer.echo(json.dumps(_json(plan), indent=2, ensure_ascii=False))
        return
    if format is Format.csv:
        emit(plan.csms, format, CSM_COLUMNS)
        return
    print_table(table(plan.csms, CSM_COLUMNS, f"CSM portfolios on {plan.day}"))
    print_table(table(plan.teams, TEAM_COLUMNS, "Capacity by team"))
    _summary(plan)


def _summary(plan: Capacity) -> None:
    c = plan.company
    lines = [
        f"Target book {c['target_mrr']:,.0f} MRR; ARPA {money(c['arpa'])} → suggested"
        f" accounts per CSM {number(c['suggested_accounts_per_csm'])}"
        f" (now {number(c['accounts_per_csm'])}).",
        f"MRR {money(c['mrr'])} needs {c['csms_needed']} CSM(s) at target; {c['csms']} on staff.",
        f"CS cost ratio {percent(c['cost_ratio'])} (target {percent(c['cost_ratio_target'])});"
        f" teams of at most {c['max_team_size']}.",
    ]
    lines += [f"warning: {warning}" for warning in plan.warnings]
    for line in lines:
        console.print(line, highlight=False, markup=False)


def _json(plan: Capacity) -> dict[str, object]:
    return {
        "as_of": plan.day.isoformat(),
        "company": {key: plain(value) for key, value in plan.company.items()},
        "csms": rows(plan.csms),
        "teams": rows(plan.teams),
        "warnings": plan.warnings,
    }
