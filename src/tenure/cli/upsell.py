"""`tenure upsell`: the ranked upsell candidates with their reasons."""

from __future__ import annotations

from typing import Annotated

import typer

from tenure.cli.common import WorkspaceOption, open_workspace
from tenure.cli.ops_output import AsOfOption, Format, FormatOption, emit, money, number, text

COLUMNS = {
    "rank": number,
    "account_id": text,
    "name": text,
    "owner_id": text,
    "mrr": money,
    "score": number,
    "engagement": text,
    "features": number,
    "tenure_days": number,
    "reasons": text,
}
MISSING = {**{k: v for k, v in COLUMNS.items() if k != "reasons"}, "missing": text}


def register(app: typer.Typer) -> None:
    """Attach `tenure upsell`."""
    app.command("upsell")(upsell)


def upsell(
    as_of: AsOfOption = None,
    all: Annotated[
        bool, typer.Option("--all", help="Every paying customer, with what each misses.")
    ] = False,
    top: Annotated[int, typer.Option(help="How many to show (0: all).")] = 25,
    format: FormatOption = Format.table,
    workspace: WorkspaceOption = None,
) -> None:
    """Paid up, engaged, using enough features, customers long enough, not at risk — ranked
    (criteria: the upsell section of tenure.toml)."""
    with open_workspace(workspace) as ws:
        frame = ws.upsell(as_of, include_all=all)
        settings = ws.settings.upsell
    notes = list(frame.attrs.get("notes", []))
    shown = frame.head(top) if top > 0 else frame
    criteria = (
        f"Criteria: no invoice overdue, engagement ≥ {settings.min_tier}, ≥ {settings.min_features}"
        f" features, ≥ {settings.min_tenure_days} days a customer, risk ≤ {settings.max_risk:.0%}"
        f", health not {'/'.join(settings.not_tiers)}."
    )
    title = f"{int(frame['eligible'].sum())} upsell candidate(s)"
    emit(shown, format, MISSING if all else COLUMNS, title, [criteria, *notes])
