"""Mixpanel's raw event export loads into events; the account is the group key."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tenure.workspace import Workspace

Sample = Callable[[str], Path]
FILE = "mixpanel/export.jsonl"


def test_events_rows(with_accounts: Workspace, sample: Sample) -> None:
    (report,) = with_accounts.import_source("mixpanel", sample(FILE), "events")
    assert (report.rows_read, report.inserted, report.quarantined) == (5, 3, 2)
    assert report.attributes == ("report_type", "plan_tier", "share_channel", "method", "format")
    stored = with_accounts.table("events").to_pyarrow().to_pylist()
    events = {str(row["event"]): row for row in stored}
    built = events["Report Built"]
    assert (built["account_id"], built["user_id"]) == ("acme", "u_1001")
    assert built["occurred_at"] == datetime(2026, 11, 2, 9, 5, 12)  # epoch seconds
    assert built["plan_tier"] == "Team"
    signed_in = events["Signed In"]
    assert signed_in["account_id"] == "brightpath"  # properties.account_id
    assert signed_in["occurred_at"] == datetime(2026, 11, 3, 10, 0, 0, 123000)  # milliseconds
    assert "$identify" not in events
    assert not any(name.startswith(("browser", "mp_", "insert")) for name in built)


def test_refusals_have_reasons(with_accounts: Workspace, sample: Sample) -> None:
    with_accounts.import_source("mixpanel", sample(FILE), "events")
    refused = with_accounts.quarantine("events").to_dict("records")
    reasons = sorted(str(row["reason"]) for row in refused)
    assert reasons[0] == "account_id required value is missing"  # anonymous device
    assert reasons[1].startswith("occurred_at is not an ISO 8601 date")
    assert "soon" in {row["value"] for row in refused}


def test_reimport_changes_nothing(with_accounts: Workspace, sample: Sample) -> None:
    with_accounts.import_source("mixpanel", sample(FILE), "events")
    (report,) = with_accounts.import_source("mixpanel", sample(FILE), "events")
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 3)
