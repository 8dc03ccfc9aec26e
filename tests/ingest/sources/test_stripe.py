"""Stripe Dashboard exports (customers, subscriptions, invoices) load with the right values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tenure.cli.main import app
from tenure.errors import FileProblem
from tenure.workspace import Workspace

Rows = dict[str, dict[str, object]]
RowsOf = Callable[[Workspace, str, str], Rows]
Sample = Callable[[str], Path]


def test_customers_become_accounts(workspace: Workspace, sample: Sample, rows: RowsOf) -> None:
    (report,) = workspace.import_source("stripe", sample("stripe/customers.csv"), "accounts")
    assert (report.table, report.rows_read, report.inserted, report.quarantined) == (
        "accounts",
        4,
        3,
        1,
    )
    assert report.attributes == (
        "balance",
        "description",
        "email",
        "delinquent",
        "currency",
        "metadata_region",
        "metadata_segment",
    )
    accounts = rows(workspace, "accounts", "account_id")
    acme = accounts["cus_PA1n7xQd2Lk9Zr"]
    assert acme["name"] == "Acme Analytics"
    assert acme["created_at"] == datetime(2024, 1, 15, 9, 30, 12)
    assert acme["country"] == "US"
    assert acme["metadata_region"] == "EMEA"
    assert acme["delinquent"] is False
    assert accounts["cus_PB5t0yRk8Mw3Hs"]["balance"] == Decimal("-25.50")
    assert not any(name.startswith("card") for name in acme)


def test_bad_customer_date_is_quarantined(workspace: Workspace, sample: Sample) -> None:
    workspace.import_source("stripe", sample("stripe/customers.csv"), "accounts")
    (refused,) = workspace.quarantine("accounts").to_dict("records")
    assert refused["column"] == "created_at"
    assert refused["value"] == "2024-13-40 12:00:00"
    assert "is not an ISO 8601 date" in refused["reason"]
    assert "cus_PD2v8aTm5Oy0Ku" in refused["record"]


def test_subscriptions_rows(workspace: Workspace, sample: Sample, rows: RowsOf) -> None:
    reports = workspace.import_source("stripe", sample("stripe/subscriptions.csv"), "subscriptions")
    accounts, subscriptions = reports
    assert (accounts.table, accounts.inserted) == ("accounts", 3)
    assert (subscriptions.rows_read, subscriptions.inserted, subscriptions.quarantined) == (7, 6, 1)
    assert subscriptions.attributes == (
        "status",
        "canceled_at",
        "product",
        "coupon",
        "metadata_sales_rep",
    )
    stored = rows(workspace, "subscriptions", "subscription_id")
    team = stored["sub_1PA0aa2eZvKYlo2CtTeam"]
    assert team["account_id"] == "cus_PA1n7xQd2Lk9Zr"
    assert team["amount"] == Decimal("245.00")  # 5 seats × 49.00
    assert (team["quantity"], team["currency"], team["interval"]) == (5, "USD", "month")
    assert team["started_at"] == datetime(2024, 2, 1, 10, 0)
    assert team["ended_at"] is None and team["term_ends_at"] is None
    assert team["is_trial"] is False
    canceled = stored["sub_1PC0cc2eZvKYlo2CPro"]
    assert canceled["amount"] == Decimal("199.00")
    assert canceled["ended_at"] == datetime(2025, 2, 20, 8, 5)
    assert canceled["canceled_at"] == datetime(2025, 1, 28, 14, 22, 9)
    scheduled = stored["sub_1PD0dd2eZvKYlo2CAdd"]
    assert scheduled["ended_at"] == datetime(2026, 12, 3, 12, 0)  # cancels at period end
    assert "sub_1PF0ff2eZvKYlo2CInc" not in stored  # incomplete_expired: never started


def test_trials_split_into_free_and_paid_rows(
    workspace: Workspace, sample: Sample, rows: RowsOf
) -> None:
    workspace.import_source("stripe", sample("stripe/subscriptions.csv"), "subscriptions")
    stored = rows(workspace, "subscriptions", "subscription_id")
    trial = stored["sub_1PB0bb2eZvKYlo2CBiz-trial"]
    paid = stored["sub_1PB0bb2eZvKYlo2CBiz"]
    assert trial["is_trial"] is True and trial["amount"] == Decimal("0")
    assert (trial["started_at"], trial["ended_at"]) == (
        datetime(2024, 3, 2, 17, 10),
        datetime(2024, 3, 16, 17, 10),
    )
    assert paid["is_trial"] is False and paid["amount"] == Decimal("4800.00")
    assert paid["started_at"] == trial["ended_at"]
    assert (paid["interval"], paid["currency"]) == ("year", "EUR")
    assert paid["term_ends_at"] == datetime(2027, 3, 16, 17, 10)
    assert paid["coupon"] == "LAUNCH20"
    trialing = stored["sub_1PE0ee2eZvKYlo2CTri-trial"]
    assert trialing["ended_at"] == datetime(2026, 12, 4, 8, 0)
    assert "sub_1PE0ee2eZvKYlo2CTri" not in stored  # still in trial: no paid row yet


def test_malformed_subscription_amount_is_quarantined(workspace: Workspace, sample: Sample) -> None:
    workspace.import_source("stripe", sample("stripe/subscriptions.csv"), "subscriptions")
    (refused,) = workspace.quarantine("subscriptions").to_dict("records")
    assert (refused["column"], refused["value"]) == ("amount", "forty-nine")
    assert "is not a decimal number" in refused["reason"]


def test_invoices_rows(workspace: Workspace, sample: Sample, rows: RowsOf) -> None:
    accounts, invoices = workspace.import_source(
        "stripe", sample("stripe/invoices.csv"), "invoices"
    )
    assert accounts.inserted == 3
    assert (invoices.rows_read, invoices.inserted, invoices.quarantined) == (6, 5, 1)
    stored = rows(workspace, "invoices", "invoice_id")
    paid = stored["in_1QA1aa2eZvKYlo2C0001"]
    assert paid["amount"] == Decimal("245.00") and paid["status"] == "paid"
    assert paid["issued_at"] == paid["paid_at"] == datetime(2026, 10, 1, 10, 0, 5)
    assert paid["metadata_order_ref"] == "PO-7781"
    open_invoice = stored["in_1QB1bb2eZvKYlo2C0002"]
    assert open_invoice["status"] == "open" and open_invoice["paid_at"] is None
    assert open_invoice["due_at"] == datetime(2026, 4, 15, 17, 10)
    assert open_invoice["amount_remaining"] == Decimal("4774.50")
    assert open_invoice["currency"] == "EUR"
    assert stored["in_1QD1dd2eZvKYlo2C0004"]["status"] == "open"  # uncollectible: still owed
    assert stored["in_1QC1cc2eZvKYlo2C0003"]["status"] == "void"
    assert stored["in_1QF1ff2eZvKYlo2C0006"]["amount"] == Decimal("245.0049")
    assert "in_1QE1ee2eZvKYlo2C0005" not in stored  # draft
    (refused,) = workspace.quarantine("invoices").to_dict("records")
    assert (refused["column"], refused["value"]) == ("amount", "12.345678")


def test_reimport_changes_nothing(workspace: Workspace, sample: Sample) -> None:
    files = {"accounts": "customers", "subscriptions": "subscriptions", "invoices": "invoices"}
    for table, name in files.items():
        workspace.import_source("stripe", sample(f"stripe/{name}.csv"), table)
    refused = len(workspace.quarantine())
    for table, name in files.items():
        for report in workspace.import_source("stripe", sample(f"stripe/{name}.csv"), table):
            assert report.inserted == report.updated == 0, report
    assert len(workspace.quarantine()) == refused


def test_customers_after_subscriptions_fill_in_the_accounts(
    workspace: Workspace, sample: Sample, rows: RowsOf
) -> None:
    workspace.import_source("stripe", sample("stripe/subscriptions.csv"), "subscriptions")
    workspace.import_source("stripe", sample("stripe/customers.csv"), "accounts")
    workspace.import_source("stripe", sample("stripe/invoices.csv"), "invoices")
    assert rows(workspace, "accounts", "account_id")["cus_PC9u4zSl1Nx6Jt"]["name"] == "Corvid Labs"


def test_the_file_must_be_the_export_for_the_table(workspace: Workspace, sample: Sample) -> None:
    with pytest.raises(FileProblem, match="is a Stripe subscriptions export"):
        workspace.import_source("stripe", sample("stripe/subscriptions.csv"), "accounts")
    with pytest.raises(FileProblem, match="produces accounts, subscriptions, invoices"):
        workspace.import_source("stripe", sample("stripe/subscriptions.csv"), "events")


def test_the_export_is_recognised_without_a_table(workspace: Workspace, sample: Sample) -> None:
    reports = workspace.import_source("stripe", sample("stripe/invoices.csv"))
    assert [report.table for report in reports] == ["accounts", "invoices"]


def test_cli_import_reports_attribute_columns(tmp_path: Path, sample: Sample) -> None:
    runner = CliRunner()
    folder = tmp_path / "ws"
    assert runner.invoke(app, ["init", str(folder)]).exit_code == 0
    result = runner.invoke(
        app,
        [
            "import",
            "--source",
            "stripe",
            "subscriptions",
            str(sample("stripe/subscriptions.csv")),
            "--workspace",
            str(folder),
        ],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "inserted 6" in result.output and "quarantined 1" in result.output
    assert "attribute columns kept: status, canceled_at, product, coupon" in result.output
    assert "amount is not a decimal number" in result.output
