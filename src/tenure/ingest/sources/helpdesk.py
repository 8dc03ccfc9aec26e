"""The process-mining help-desk event log (one row per activity) → `accounts` + `tickets`.

Columns used: `case:concept:name` (the ticket), `concept:name` (the activity) and
`time:timestamp`. One ticket per case:

- `created_at` = the case's first activity;
- `first_response_at` = its first "Take in charge ticket";
- `resolved_at` = its last "Resolve ticket"; `reopened` = resolved more than once;
- `contacts` = how many times an agent took the ticket in charge;
- `status` = closed after a "Closed" activity, else solved when resolved, else open;
- `severity`: the public log keeps the "Assign seriousness" step but anonymises the level
  it set, so severity records whether seriousness was assessed once (`assessed`) or
  re-assessed (`reassessed`); empty when never.

The log names no customer, so every ticket belongs to one account, `helpdesk`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
from pandas.core.groupby import SeriesGroupBy

from tenure.errors import FileProblem
from tenure.ingest.sources import Source

ACCOUNT_ID = "helpdesk"
CASE, ACTIVITY, TIME = "case:concept:name", "concept:name", "time:timestamp"
TAKE, RESOLVE, CLOSE, ASSESS = (
    "Take in charge ticket",
    "Resolve ticket",
    "Closed",
    "Assign seriousness",
)


def read_log(path: Path) -> pd.DataFrame:
    """The log's case, activity and UTC time columns; a FileProblem if they are missing."""
    try:
        log = pd.read_csv(path, usecols=[CASE, ACTIVITY, TIME], dtype=str)
    except ValueError as error:
        raise FileProblem(f"{path.name}: not a help-desk event log ({error})") from None
    log["time"] = pd.to_datetime(log[TIME], utc=True, format="ISO8601").dt.tz_localize(None)
    return log


def tickets_from_log(log: pd.DataFrame) -> pd.DataFrame:
    """One row per case with the canonical ticket columns."""
    cases = log.groupby(CASE)
    tickets = pd.DataFrame({"created_at": cases["time"].min()})
    tickets["first_response_at"] = _activity(log, TAKE).min()
    tickets["resolved_at"] = _activity(log, RESOLVE).max()
    resolves = _activity(log, RESOLVE).size().reindex(tickets.index, fill_value=0)
    takes = _activity(log, TAKE).size().reindex(tickets.index, fill_value=0)
    assessments = _activity(log, ASSESS).size().reindex(tickets.index, fill_value=0)
    closed = _activity(log, CLOSE).size().reindex(tickets.index, fill_value=0) > 0
    tickets["reopened"] = resolves > 1
    tickets["contacts"] = takes.astype("int64")
    tickets["status"] = "open"
    tickets.loc[tickets["resolved_at"].notna(), "status"] = "solved"
    tickets.loc[closed, "status"] = "closed"
    tickets["severity"] = None
    tickets.loc[assessments == 1, "severity"] = "assessed"
    tickets.loc[assessments > 1, "severity"] = "reassessed"
    tickets["account_id"] = ACCOUNT_ID
    tickets["channel"] = "helpdesk"
    return tickets.rename_axis("ticket_id").reset_index()


def _activity(log: pd.DataFrame, activity: str) -> SeriesGroupBy:  # type: ignore[type-arg]
    return log[log[ACTIVITY] == activity].groupby(CASE)["time"]


def convert(path: Path) -> dict[str, pa.Table]:
    """The canonical `accounts` (one) and `tickets` tables of a help-desk log."""
    tickets = tickets_from_log(read_log(path))
    columns = [
        "ticket_id",
        "account_id",
        "created_at",
        "first_response_at",
        "resolved_at",
        "status",
        "severity",
        "channel",
        "contacts",
        "reopened",
    ]
    accounts = pd.DataFrame(
        {
            "account_id": [ACCOUNT_ID],
            "name": ["Help-desk log customers"],
            "created_at": [tickets["created_at"].min()],
        }
    )
    return {
        "accounts": pa.Table.from_pandas(accounts, preserve_index=False),
        "tickets": pa.Table.from_pandas(tickets[columns], preserve_index=False),
    }


SOURCE = Source(
    name="helpdesk-log",
    description="Process-mining help-desk event log (case, activity, timestamp) → tickets.",
    tables=("accounts", "tickets"),
    convert=convert,
    documentation=__doc__ or "",
)
