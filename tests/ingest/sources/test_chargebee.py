"""Chargebee's Subscriptions.csv loads into subscriptions and the accounts they name."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from tenure.workspace import Workspace

Rows = dict[str, dict[str, object]]
RowsOf = Callable[[Workspace, str, str], Rows]
Sample = Callable[[str], Path]
FILE = "chargebee/Subscriptions.csv"


def test_reports_and_attributes(workspace: Workspace, sample: Sample) -> None:
    accounts, subscriptions = workspace.import_source("chargebee", sample(FILE), "subscriptions")
    assert (accounts.table, accounts.inserted) == ("accounts", 4)
    assert (subscriptions.rows_read, subscriptions.inserted, subscriptions.quarantined) == (
        6,
        5,
        1,
    )
    assert subscriptions.attributes == (
        "status",
        "activated_at",
        "auto_collection",
        "po_number",
        "cf_region",
    )


def test_subscription_rows(workspace: Workspace, sample: Sample, rows: RowsOf) -> None:
    workspace.import_source("chargebee", sample(FILE), "subscriptions")
    stored = rows(workspace, "subscriptions", "subscription_id")
    growth = stored["AzZlGvT1a2b3"]
    assert growth["account_id"] == "16BjnqTK1x"
    assert growth["amount"] == Decimal("290.00")
    assert (growth["plan"], growth["quantity"], growth["interval"]) == (
        "growth-monthly-usd",
        10,
        "month",
    )
    assert growth["started_at"] == datetime(2025, 4, 1, 9, 12, 44)
    assert growth["status"] == "active" and growth["cf_region"] == "EMEA"
    cancelled = stored["CwXnIxV7e8f9"]
    assert cancelled["ended_at"] == datetime(2025, 9, 15)
    assert cancelled["status"] == "cancelled"
    quarterly = stored["DvWoJyW1g2h3-trial"]
    assert (quarterly["interval"], quarterly["interval_count"]) == ("month", 3)
    assert quarterly["is_trial"] is True and quarterly["ended_at"] == datetime(2026, 12, 2, 10)
    assert "DvWoJyW1g2h3" not in stored  # in trial: no paid row yet
    assert "EuVpKzX4i5j6" not in stored  # future subscription


def test_non_renewing_annual_with_trial(workspace: Workspace, sample: Sample, rows: RowsOf) -> None:
    workspace.import_source("chargebee", sample(FILE), "subscriptions")
    stored = rows(workspace, "subscriptions", "subscription_id")
    trial, paid = stored["BxYmHwU4c5d6-trial"], stored["BxYmHwU4c5d6"]
    assert (trial["started_at"], trial["ended_at"]) == (
        datetime(2025, 1, 10),
        datetime(2025, 1, 24),
    )
    assert trial["amount"] == Decimal("0")
    assert paid["started_at"] == datetime(2025, 1, 24)
    assert paid["ended_at"] == datetime(2027, 1, 24)  # scheduled cancellation
    assert paid["amount"] == Decimal("9600.00") and paid["currency"] == "EUR"
    assert paid["status"] == "non_renewing"


def test_malformed_row_is_quarantined(workspace: Workspace, sample: Sample) -> None:
    workspace.import_source("chargebee", sample(FILE), "subscriptions")
    (refused,) = workspace.quarantine("subscriptions").to_dict("records")
    assert "account_id required value is missing" in refused["reason"]
    assert "interval is not one of: day, week, month, quarter, year" in refused["reason"]
    assert "FtUqLaY7k8m9" in refused["record"]


def test_personal_details_are_dropped(workspace: Workspace, sample: Sample, rows: RowsOf) -> None:
    workspace.import_source("chargebee", sample(FILE), "subscriptions")
    columns = set(rows(workspace, "subscriptions", "subscription_id")["AzZlGvT1a2b3"])
    assert not {"customers_email", "email", "addr", "addresses_city", "city"} & columns


def test_reimport_changes_nothing(workspace: Workspace, sample: Sample) -> None:
    workspace.import_source("chargebee", sample(FILE), "subscriptions")
    for report in workspace.import_source("chargebee", sample(FILE), "subscriptions"):
        assert report.inserted == report.updated == 0
    assert len(workspace.quarantine()) == 1
