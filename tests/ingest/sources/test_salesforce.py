"""Salesforce's Account export loads into accounts with the right values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from tenure.workspace import Workspace

Rows = dict[str, dict[str, object]]
RowsOf = Callable[[Workspace, str, str], Rows]
Sample = Callable[[str], Path]
FILE = "salesforce/Account.csv"


def test_accounts_rows(workspace: Workspace, sample: Sample, rows: RowsOf) -> None:
    (report,) = workspace.import_source("salesforce", sample(FILE), "accounts")
    assert (report.rows_read, report.inserted, report.quarantined) == (4, 3, 1)
    assert report.attributes == (
        "employees",
        "annual_revenue",
        "type",
        "parent_id",
        "billing_city",
        "billing_state",
        "billing_postal_code",
        "website",
        "ownership",
        "description",
        "rating",
        "customer_tier",
        "csm",
    )
    accounts = rows(workspace, "accounts", "account_id")
    acme = accounts["0015g00000XyZ1aAAF"]
    assert acme["name"] == "Acme Analytics"
    assert acme["created_at"] == datetime(2024, 1, 10, 22, 32, 5)
    assert (acme["csm_id"], acme["csm"]) == ("0055g00000Ab1CdAAJ", "0055g00000Cs9XyAAB")
    assert (acme["industry"], acme["country"], acme["size"]) == (
        "Technology",
        "United States",
        "51-200",
    )
    assert (acme["acquisition_channel"], acme["customer_tier"]) == ("Web", "Gold")
    assert accounts["0015g00000XyZ2bAAF"]["annual_revenue"] == Decimal("310000000.50")
    assert "0015g00000XyZ3cAAF" not in accounts  # IsDeleted
    assert not {"billing_street", "phone", "system_modstamp"} & set(acme)


def test_future_creation_date_is_quarantined(workspace: Workspace, sample: Sample) -> None:
    workspace.import_source("salesforce", sample(FILE), "accounts")
    (refused,) = workspace.quarantine("accounts").to_dict("records")
    assert (refused["column"], refused["value"]) == ("created_at", "2031-01-01T00:00:00Z")
    assert "is in the future" in refused["reason"]


def test_reimport_changes_nothing(workspace: Workspace, sample: Sample) -> None:
    workspace.import_source("salesforce", sample(FILE), "accounts")
    (report,) = workspace.import_source("salesforce", sample(FILE), "accounts")
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 3)
