"""Segment messages (JSON lines) load into events; the account comes from the group."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tenure.workspace import Workspace

Sample = Callable[[str], Path]
FILE = "segment/messages.jsonl"


def _events(ws: Workspace) -> dict[tuple[str, str], dict[str, object]]:
    stored = ws.table("events").to_pyarrow().to_pylist()
    return {(str(row["event"]), str(row["user_id"])): row for row in stored}


def test_track_page_and_screen_calls_become_events(
    with_accounts: Workspace, sample: Sample
) -> None:
    (report,) = with_accounts.import_source("segment", sample(FILE), "events")
    assert (report.rows_read, report.inserted, report.quarantined) == (6, 4, 2)
    assert report.attributes == (
        "report_type",
        "rows",
        "plan",
        "channel_shared",
        "path",
        "url",
        "method",
        "format",
    )
    events = _events(with_accounts)
    built = events[("Report Built", "u_1001")]
    assert built["account_id"] == "acme"  # context.groupId
    assert built["occurred_at"] == datetime(2026, 11, 2, 9, 5, 12, 250000)
    assert (built["report_type"], built["rows"], built["quantity"]) == ("funnel", 1250, 1.0)
    shared = events[("Dashboard Shared", "u_1001")]
    assert shared["account_id"] == "acme"  # from the user's group call
    assert shared["occurred_at"] == datetime(2026, 11, 2, 8, 7)  # 09:07+01:00
    assert events[("page:Pricing", "u_2002")]["account_id"] == "brightpath"
    assert events[("screen:Home", "u_2002")]["url"] is None
    assert not any(kind in name for name, _ in events for kind in ("identify", "group"))


def test_events_without_an_account_are_refused_not_dropped(
    with_accounts: Workspace, sample: Sample
) -> None:
    with_accounts.import_source("segment", sample(FILE), "events")
    refused = with_accounts.quarantine("events").to_dict("records")
    reasons = sorted(str(row["reason"]) for row in refused)
    assert reasons[0] == "account_id required value is missing"  # the anonymous sign-in
    assert reasons[1].startswith("occurred_at is not an ISO 8601 date")
    assert any("anon-77" in str(row["record"]) for row in refused)


def test_reimport_changes_nothing(with_accounts: Workspace, sample: Sample) -> None:
    with_accounts.import_source("segment", sample(FILE), "events")
    (report,) = with_accounts.import_source("segment", sample(FILE), "events")
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 4)
    assert len(with_accounts.quarantine("events")) == 2
