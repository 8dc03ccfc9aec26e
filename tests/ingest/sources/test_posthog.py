"""PostHog events (JSON lines) load into events; the account is group type 0."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tenure.workspace import Workspace

Sample = Callable[[str], Path]
FILE = "posthog/events.jsonl"


def test_events_rows(with_accounts: Workspace, sample: Sample) -> None:
    (report,) = with_accounts.import_source("posthog", sample(FILE), "events")
    assert (report.rows_read, report.inserted, report.quarantined) == (5, 3, 2)
    assert report.attributes == ("plan", "report_type", "rows", "integration")
    stored = with_accounts.table("events").to_pyarrow().to_pylist()
    events = {str(row["event"]): row for row in stored}
    pageview = events["$pageview"]
    assert (pageview["account_id"], pageview["user_id"]) == ("acme", "u_1001")
    assert pageview["occurred_at"] == datetime(2026, 11, 2, 9, 5, 12, 250000)
    assert pageview["plan"] == "Team"
    built = events["report built"]  # properties written as JSON text by batch exports
    assert (built["account_id"], built["report_type"], built["rows"]) == ("acme", "funnel", 1250)
    installed = events["integration installed"]  # top-level $group_0 column
    assert (installed["account_id"], installed["integration"]) == ("brightpath", "salesforce")
    assert "$identify" not in events


def test_refusals_have_reasons(with_accounts: Workspace, sample: Sample) -> None:
    with_accounts.import_source("posthog", sample(FILE), "events")
    reasons = sorted(
        str(r["reason"]) for r in with_accounts.quarantine("events").to_dict("records")
    )
    assert reasons[0] == "account_id required value is missing"  # anonymous pageview
    assert reasons[1].startswith("occurred_at is in the future")


def test_reimport_changes_nothing(with_accounts: Workspace, sample: Sample) -> None:
    with_accounts.import_source("posthog", sample(FILE), "events")
    (report,) = with_accounts.import_source("posthog", sample(FILE), "events")
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 3)
