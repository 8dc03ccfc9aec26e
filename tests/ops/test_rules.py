"""Each alert rule fires on its hand-built case and stays quiet on the negative ones."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from ops_common import DAY, HEALTH, ids

from tenure.ops import alerts
from tenure.ops.alerts import AlertError, evaluate, run_alerts
from tenure.ops.rules import Firing
from tenure.workspace import Workspace


def firings(ws: Workspace, day: date = DAY) -> pd.DataFrame:
    found, _ = evaluate(ws, day)
    return pd.DataFrame([vars(f) for f in found], columns=list(Firing.__dataclass_fields__))


@pytest.fixture(scope="module")
def fired(hand_folder: Path) -> Iterator[pd.DataFrame]:
    """The firings on DAY (evaluating writes nothing, so the session workspace serves)."""
    with pytest.MonkeyPatch.context() as patch, Workspace.open(hand_folder) as ws:
        patch.setattr(alerts, "health", lambda ws, day, notes=None: HEALTH.copy())
        yield firings(ws)


def test_usage_drop_fires_on_a_fall_of_more_than_the_percent(fired: pd.DataFrame) -> None:
    # a1: 40 → 11 activity events (10 logins, 1 feature use); a2: 40 → 35; a3: 30 → 30
    assert ids(fired, "usage_drop") == {"a1"}
    evidence = fired.loc[fired["rule"] == "usage_drop", "evidence"].iloc[0]
    assert evidence == {"current": 11, "previous": 40, "change": -0.725, "window_days": 30}


def test_detractor_fires_on_a_recent_low_answer_of_a_customer(fired: pd.DataFrame) -> None:
    assert ids(fired, "detractor") == {"a3"}  # a4 promoter, a5 too old, a8 not a customer
    row = fired[fired["rule"] == "detractor"].iloc[0]
    assert row["anchor"] == "r1"
    assert row["evidence"]["score"] == 3 and row["evidence"]["comment"] == "Too slow"


def test_invoice_overdue_uses_what_was_known_on_the_day(hand: Workspace) -> None:
    fired = firings(hand)
    assert ids(fired, "invoice_overdue") == {"a4", "a6"}  # a5 10 days, a7 void, a1 paid
    evidence = fired.loc[fired["account_id"] == "a4", "evidence"]
    assert {"days_overdue": 60, "invoices": ["i1"]}.items() <= next(
        e for e in evidence if "invoices" in e
    ).items()
    later = firings(hand, date(2026, 7, 20))  # a6 paid on 2026-07-15; a5 now 30 days late
    assert ids(later, "invoice_overdue") == {"a4", "a5"}


def test_ticket_spike_compares_with_the_usual_windows(fired: pd.DataFrame) -> None:
    assert ids(fired, "ticket_spike") == {"a5"}  # a6 4 vs usual 6; a7 3 < min_tickets
    row = fired[fired["rule"] == "ticket_spike"].iloc[0]
    assert row["evidence"] == {"tickets": 5, "usual": 0.33, "window_days": 30}


def test_no_touchpoint_fires_after_the_days(fired: pd.DataFrame) -> None:
    assert ids(fired, "no_touchpoint") == {"a2"}
    row = fired[fired["rule"] == "no_touchpoint"].iloc[0]
    assert row["evidence"] == {"last_touchpoint": "2026-03-01", "days_since": 121}


def test_health_red_fires_for_red_customers_only(fired: pd.DataFrame) -> None:
    assert ids(fired, "health_red") == {"a3", "a4"}


def test_renewal_with_low_health_needs_both(fired: pd.DataFrame) -> None:
    # a3: red, renews 2026-08-15 (46 days); a1 renews sooner but is green; a4 red, renews
    # after the 90-day horizon.
    assert ids(fired, "renewal_low_health") == {"a3"}
    row = fired[fired["rule"] == "renewal_low_health"].iloc[0]
    assert row["evidence"]["days_to_renewal"] == 46
    assert row["due_on"] == date(2026, 7, 7)


def test_disabled_rules_and_settings_change_what_fires(hand: Workspace) -> None:
    hand.settings.alerts.rules.usage_drop.percent = 80
    hand.settings.alerts.rules.no_touchpoint.enabled = False
    fired = firings(hand)
    assert ids(fired, "usage_drop") == set()
    assert ids(fired, "no_touchpoint") == set()


def test_tasks_go_to_the_owner_on_the_day(hand: Workspace) -> None:
    run = run_alerts(hand, DAY)
    owners = {(t["rule"], t["account_id"]): t["owner_id"] for t in run.created}
    assert owners[("no_touchpoint", "a2")] == "C2"  # reassigned on 2026-05-01
    assert owners[("detractor", "a3")] == "C1"
    task = next(t for t in run.created if t["rule"] == "detractor")
    assert task["status"] == "open" and task["due_on"] == date(2026, 7, 2)
    assert json.loads(task["evidence"])["response_id"] == "r1"
    assert task["playbook"]


def test_an_unknown_rule_is_refused(hand: Workspace) -> None:
    with pytest.raises(AlertError, match="unknown rule"):
        run_alerts(hand, DAY, ("nope",))
