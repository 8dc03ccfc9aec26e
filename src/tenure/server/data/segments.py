"""The values the segment pickers offer (account attributes; teams from the CSM table)."""

from __future__ import annotations

from tenure.server.api.params import SEGMENT_COLUMNS
from tenure.workspace import Workspace


def segment_choices(ws: Workspace) -> dict[str, list[str]]:
    """Column → its distinct values (only columns the workspace has)."""
    accounts = ws.table("accounts")
    choices: dict[str, list[str]] = {}
    for column in SEGMENT_COLUMNS:
        table = ws.table("csms") if column == "team" else accounts
        if column not in table.columns:
            continue
        values = table.select(column).distinct().to_pyarrow().column(0).to_pylist()
        found = sorted(str(v) for v in values if v not in (None, ""))
        if found:
            choices[column] = found
    return choices
