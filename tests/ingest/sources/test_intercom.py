"""Intercom conversations (REST API JSON) load into tickets with the right values."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tenure.workspace import Workspace

Rows = dict[str, dict[str, object]]
RowsOf = Callable[[Workspace, str, str], Rows]
Sample = Callable[[str], Path]
FILE = "intercom/conversations.json"


def test_conversations_become_tickets(
    with_accounts: Workspace, sample: Sample, rows: RowsOf
) -> None:
    (report,) = with_accounts.import_source("intercom", sample(FILE), "tickets")
    assert (report.rows_read, report.inserted, report.quarantined) == (4, 2, 2)
    assert report.attributes == (
        "tags",
        "updated_at",
        "title",
        "admin_assignee_id",
        "team_assignee_id",
        "issue_type",
    )
    tickets = rows(with_accounts, "tickets", "ticket_id")
    closed = tickets["1911149811"]
    assert closed["account_id"] == "acme"
    assert closed["created_at"] == datetime(2026, 9, 21, 14, 13, 20)  # epoch 1790000000
    assert closed["first_response_at"] == datetime(2026, 9, 21, 14, 22, 20)
    assert closed["resolved_at"] == datetime(2026, 9, 21, 15, 13, 20)
    assert (closed["status"], closed["priority"], closed["channel"]) == ("closed", "normal", "chat")
    assert (closed["csat"], closed["reopened"], closed["tags"]) == (4, False, "billing|vip")
    assert closed["issue_type"] == "Billing"
    reopened = tickets["1911149812"]
    assert (reopened["status"], reopened["priority"], reopened["channel"]) == (
        "open",
        "high",
        "email",
    )
    assert reopened["reopened"] is True and reopened["resolved_at"] is None


def test_refusals_have_reasons(with_accounts: Workspace, sample: Sample) -> None:
    with_accounts.import_source("intercom", sample(FILE), "tickets")
    refused = {
        json.loads(str(r["record"]))["ticket_id"]: r["reason"]
        for r in with_accounts.quarantine("tickets").to_dict("records")
    }
    assert refused["1911149813"] == "account_id required value is missing"
    assert refused["1911149814"] == "csat is not a whole number"


def test_reimport_changes_nothing(with_accounts: Workspace, sample: Sample) -> None:
    with_accounts.import_source("intercom", sample(FILE), "tickets")
    (report,) = with_accounts.import_source("intercom", sample(FILE), "tickets")
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 2)
