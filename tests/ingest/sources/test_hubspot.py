"""HubSpot's companies export loads into accounts with the right values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from tenure.workspace import Workspace

Rows = dict[str, dict[str, object]]
RowsOf = Callable[[Workspace, str, str], Rows]
Sample = Callable[[str], Path]
FILE = "hubspot/companies.csv"


def test_companies_become_accounts(workspace: Workspace, sample: Sample, rows: RowsOf) -> None:
    (report,) = workspace.import_source("hubspot", sample(FILE), "accounts")
    assert (report.rows_read, report.inserted, report.quarantined) == (4, 3, 1)
    assert report.attributes == (
        "employees",
        "annual_revenue",
        "domain",
        "phone_number",
        "city",
        "state_region",
        "lifecycle_stage",
        "time_zone",
    )
    accounts = rows(workspace, "accounts", "account_id")
    acme = accounts["8812345001"]
    assert (acme["name"], acme["csm_id"], acme["industry"]) == (
        "Acme Analytics",
        "Maria Gonzalez",
        "Computer Software",
    )
    assert acme["created_at"] == datetime(2024, 1, 10, 14, 32)
    assert (acme["size"], acme["employees"]) == ("51-200", 180)
    assert acme["annual_revenue"] == Decimal("12500000.00")
    assert (acme["country"], acme["acquisition_channel"]) == ("United States", "Organic Search")
    assert acme["lifecycle_stage"] == "Customer"
    assert accounts["8812345002"]["size"] == "1001-5000"
    assert accounts["8812345003"]["size"] == "1-10"


def test_malformed_company_is_quarantined(workspace: Workspace, sample: Sample) -> None:
    workspace.import_source("hubspot", sample(FILE), "accounts")
    (refused,) = workspace.quarantine("accounts").to_dict("records")
    assert (refused["column"], refused["value"]) == ("created_at", "15/03/2024 08:00")


def test_reimport_changes_nothing(workspace: Workspace, sample: Sample) -> None:
    workspace.import_source("hubspot", sample(FILE), "accounts")
    (report,) = workspace.import_source("hubspot", sample(FILE), "accounts")
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 3)
