"""Zendesk ticket exports (CSV and JSON) load into tickets with the right values."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tenure.workspace import Workspace

Rows = dict[str, dict[str, object]]
RowsOf = Callable[[Workspace, str, str], Rows]
Sample = Callable[[str], Path]


def test_csv_export(with_accounts: Workspace, sample: Sample, rows: RowsOf) -> None:
    (report,) = with_accounts.import_source("zendesk", sample("zendesk/tickets.csv"), "tickets")
    assert (report.rows_read, report.inserted, report.quarantined) == (6, 4, 2)
    assert report.attributes[:4] == (
        "ticket_type",
        "updated_at",
        "requester_id",
        "requester_domain",
    )
    assert "requester_email" not in report.attributes and "requester" not in report.attributes
    assert "first_reply_time_in_minutes_within_business_hours" in report.attributes
    tickets = rows(with_accounts, "tickets", "ticket_id")
    solved = tickets["10231"]
    assert solved["account_id"] == "acme"
    assert solved["created_at"] == datetime(2026, 9, 14, 8, 15)
    assert solved["first_response_at"] == datetime(2026, 9, 14, 8, 57)  # + 42 minutes
    assert solved["resolved_at"] == datetime(2026, 9, 15, 9, 45)
    assert (solved["status"], solved["priority"], solved["channel"]) == ("solved", "high", "web")
    assert (solved["contacts"], solved["reopened"], solved["csat"]) == (3, False, 5)
    closed = tickets["10232"]
    assert (closed["status"], closed["priority"], closed["channel"]) == (
        "closed",
        "urgent",
        "email",
    )
    assert (closed["reopened"], closed["csat"]) == (True, 1)
    on_hold = tickets["10235"]
    assert (on_hold["status"], on_hold["csat"], on_hold["resolved_at"]) == ("pending", None, None)
    assert tickets["10233"]["channel"] == "chat"


def test_csv_refusals_have_reasons(with_accounts: Workspace, sample: Sample) -> None:
    with_accounts.import_source("zendesk", sample("zendesk/tickets.csv"), "tickets")
    refused = {json.loads(str(r["record"]))["ticket_id"]: r for r in _refusals(with_accounts)}
    assert refused["10234"]["reason"] == "account_id required value is missing"
    assert "priority is not one of: low, normal, high, urgent" in refused["10236"]["reason"]
    assert refused["10236"]["value"] == "critical"


def test_json_export(with_accounts: Workspace, sample: Sample, rows: RowsOf) -> None:
    (report,) = with_accounts.import_source("zendesk", sample("zendesk/tickets.jsonl"), "tickets")
    assert (report.rows_read, report.inserted, report.quarantined) == (3, 2, 1)
    assert "description" not in report.attributes and "tags" in report.attributes
    tickets = rows(with_accounts, "tickets", "ticket_id")
    first = tickets["20501"]
    assert first["account_id"] == "360001111"
    assert first["first_response_at"] == datetime(2026, 10, 5, 9, 5)  # 07:30 + 95 min
    assert first["resolved_at"] == datetime(2026, 10, 6, 10, 55)
    assert (first["channel"], first["csat"], first["contacts"]) == ("email", 5, 2)
    assert first["tags"] == "reports|scheduling"
    second = tickets["20502"]
    assert second["created_at"] == datetime(2026, 11, 10, 14, 0)  # +01:00 stored as UTC
    assert (second["status"], second["reopened"], second["csat"]) == ("open", True, None)
    (refused,) = _refusals(with_accounts)
    assert (refused["column"], refused["value"]) == ("created_at", "yesterday")


def test_reimport_changes_nothing(with_accounts: Workspace, sample: Sample) -> None:
    for name in ("zendesk/tickets.csv", "zendesk/tickets.jsonl"):
        with_accounts.import_source("zendesk", sample(name), "tickets")
    for name in ("zendesk/tickets.csv", "zendesk/tickets.jsonl"):
        (report,) = with_accounts.import_source("zendesk", sample(name), "tickets")
        assert report.inserted == report.updated == 0
    assert len(_refusals(with_accounts)) == 3


def _refusals(ws: Workspace) -> list[dict[str, object]]:
    records: list[dict[str, object]] = ws.quarantine("tickets").to_dict("records")
    return records
