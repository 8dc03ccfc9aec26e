"""Every signal of a hand-built company, on one day, against values computed by hand.

The day is 2025-03-31: what was known then is everything stamped before 2025-04-01
00:00. Rows and field values after that (an event at midnight, a ticket resolved in
April, an invoice paid in April, a subscription ending in May) must not count.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from models_common import at, load_rows

from tenure.models.signals.catalogue import SIGNAL_NAMES
from tenure.workspace import Workspace

DAY = date(2025, 3, 31)


def _accounts() -> list[dict[str, object]]:
    return [
        {
            "account_id": "A",
            "created_at": at("2024-01-10"),
            "onboarding_completed_at": at("2024-01-20"),
        },
        {"account_id": "B", "created_at": at("2025-03-01")},
        {"account_id": "C", "created_at": at("2025-05-01")},
        {
            "account_id": "D",
            "created_at": at("2024-06-01"),
            "onboarding_completed_at": at("2025-04-15"),
        },
    ]


def _sub(
    sid: str,
    account: str,
    start: str,
    end: str | None,
    amount: int,
    plan: str,
    seats: int,
    trial: bool = False,
) -> dict[str, object]:
    return {
        "subscription_id": sid,
        "account_id": account,
        "started_at": at(start),
        "ended_at": at(end),
        "amount": Decimal(amount),
        "interval": "month",
        "interval_count": 1,
        "plan": plan,
        "quantity": seats,
        "is_trial": trial,
    }


def _subscriptions() -> list[dict[str, object]]:
    return [
        _sub("S1", "A", "2024-02-01", "2025-02-01", 100, "basic", 5),
        _sub("S2", "A", "2025-02-01", None, 200, "pro", 10),
        _sub("S3", "B", "2025-03-01", "2025-03-15", 0, "basic", 2, trial=True),
        _sub("S4", "B", "2025-03-15", "2025-05-01", 50, "basic", 2),
        _sub("S5", "D", "2024-06-01", "2025-03-01", 300, "enterprise", 20),
    ]


def _event(when: object, event: str, user: str = "u1", account: str = "A") -> dict[str, object]:
    return {
        "account_id": account,
        "occurred_at": when,
        "event": event,
        "user_id": user,
        "quantity": 1.0,
    }


def _events() -> list[dict[str, object]]:
    return [
        _event(at("2025-03-10"), "login"),
        _event(at("2025-03-20"), "feature:f1", "u2"),
        _event(at("2025-03-31", 23), "f2"),
        _event(at("2025-04-01"), "login"),  # at the cutoff: not known on the day
        _event(at("2025-04-05"), "feature:f3"),
        _event(at("2025-02-10"), "login"),
        _event(at("2025-02-20"), "login", "u3"),
        _event(at("2025-01-15"), "login"),
        _event(at("2024-12-20"), "feature:f3"),
        _event(at("2025-03-15"), "onboarding_email_sent"),  # not usage
        _event(at("2024-06-01"), "integration_installed"),
    ]


def _features() -> list[dict[str, object]]:
    return [
        {"feature": "f1", "event": "feature:f1", "is_key": True, "plans": ""},
        {"feature": "f2", "event": "", "is_key": False, "plans": "pro"},
        {"feature": "f3", "event": "feature:f3", "is_key": True, "plans": "pro|enterprise"},
        {"feature": "f4", "event": "feature:f4", "is_key": False, "plans": "enterprise"},
    ]


def _ticket(
    tid: str, created: object, response: object, resolved: object, priority: str, csat: int | None
) -> dict[str, object]:
    return {
        "ticket_id": tid,
        "account_id": "A",
        "created_at": created,
        "first_response_at": response,
        "resolved_at": resolved,
        "priority": priority,
        "csat": csat,
    }


def _tickets() -> list[dict[str, object]]:
    return [
        _ticket("T1", at("2025-03-05", 9), at("2025-03-05", 11), at("2025-03-06", 9), "high", 4),
        _ticket("T2", at("2025-03-20"), at("2025-03-21"), at("2025-03-25"), "normal", 2),
        _ticket("T3", at("2025-03-30"), None, at("2025-04-10"), "urgent", 1),
        _ticket("T4", at("2024-12-01"), None, None, "low", None),
    ]


def _surveys() -> list[dict[str, object]]:
    answers = [
        ("nps", "2024-10-01", 9),
        ("nps", "2025-02-01", 5),
        ("nps", "2025-04-02", 10),
        ("csat", "2025-03-01", 4),
        ("csat", "2024-12-01", 5),
        ("ces", "2025-03-15", 6),
    ]
    return [
        {
            "response_id": f"R{i}",
            "account_id": "A",
            "responded_at": at(day),
            "survey": kind,
            "score": score,
        }
        for i, (kind, day, score) in enumerate(answers)
    ]


def _invoice(
    iid: str, issued: str, due: str, paid: str | None, status: str, amount: int = 200
) -> dict[str, object]:
    return {
        "invoice_id": iid,
        "account_id": "A",
        "issued_at": at(issued),
        "due_at": at(due),
        "paid_at": at(paid),
        "status": status,
        "amount": Decimal(amount),
    }


def _invoices() -> list[dict[str, object]]:
    return [
        _invoice("I1", "2025-02-01", "2025-02-15", "2025-02-10", "paid"),
        _invoice("I2", "2025-03-01", "2025-03-15", "2025-03-20", "paid"),
        _invoice("I3", "2025-03-10", "2025-03-20", "2025-04-05", "paid"),
        _invoice("I4", "2025-03-11", "2025-03-21", None, "void"),
        _invoice("I5", "2024-05-01", "2024-05-15", "2024-06-01", "paid"),
    ]


def _touchpoints() -> list[dict[str, object]]:
    days = [at("2025-03-28", 12), at("2025-01-15"), at("2024-11-01")]
    return [{"account_id": "A", "occurred_at": d, "kind": "call"} for d in days]


@pytest.fixture(scope="module")
def signals(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pd.DataFrame]:
    folder: Path = tmp_path_factory.mktemp("signals-by-hand")
    with Workspace.init(folder / "ws", backend="duckdb://:memory:") as ws:
        load_rows(ws, "accounts", _accounts())
        load_rows(ws, "subscriptions", _subscriptions())
        load_rows(ws, "events", _events())
        load_rows(ws, "features", _features())
        load_rows(ws, "tickets", _tickets())
        load_rows(ws, "surveys", _surveys())
        load_rows(ws, "invoices", _invoices())
        load_rows(ws, "touchpoints", _touchpoints())
        yield ws.signals(DAY).set_index("account_id")


A_EXPECTED = {
    "mrr": 200.0,
    "mrr_90d_ago": 100.0,
    "mrr_change_90d": 1.0,
    "seats": 10.0,
    "tenure_months": (DAY - date(2024, 2, 1)).days / 30.4375,
    "account_age_days": (date(2025, 4, 1) - date(2024, 1, 10)).days,
    "events_30d": 3.0,
    "events_90d": 6.0,
    "events_prev_30d": 2.0,
    "events_61_90d": 1.0,
    "events_per_seat_30d": 0.3,
    "active_users_30d": 2.0,
    "active_users_90d": 3.0,
    "active_users_per_seat_30d": 0.2,
    "active_days_30d": 3.0,
    "usage_trend": 0.5,
    "usage_trend_90d": 2.0,
    "integrations_365d": 1.0,
    "features_available": 3.0,
    "features_used_90d": 2.0,
    "adoption_breadth": 2 / 3,
    "key_features_used_90d": 1.0,
    "key_feature_use": 0.5,
    "onboarding_completed": 1.0,
    "onboarding_late": 0.0,
    "tickets_90d": 3.0,
    "tickets_open": 2.0,
    "tickets_slow_90d": 1.0,
    "urgent_tickets_90d": 2.0,
    "resolution_hours_90d": 72.0,
    "first_response_hours_90d": 13.0,
    "ticket_csat_90d": 3.0,
    "nps_last": 5.0,
    "nps_detractor": 1.0,
    "nps_detractors_180d": 1.0,
    "days_since_nps": 59.0,
    "csat_90d": 4.0,
    "ces_90d": 6.0,
    "invoices_overdue": 1.0,
    "days_overdue": 12.0,
    "amount_overdue": 200.0,
    "late_payments_365d": 2.0,
    "late_payments_90d": 1.0,
    "touchpoints_90d": 2.0,
    "days_since_touch": 3.5,
}


def _same(actual: object, expected: object) -> bool:
    if expected is None:
        return actual is None or (isinstance(actual, float) and math.isnan(actual))
    return actual == pytest.approx(expected, abs=1e-9)


def test_the_expected_table_covers_every_signal() -> None:
    assert set(A_EXPECTED) == set(SIGNAL_NAMES)


@pytest.mark.parametrize("name", sorted(A_EXPECTED))
def test_each_signal_of_a_busy_account(signals: pd.DataFrame, name: str) -> None:
    assert _same(signals.loc["A", name], A_EXPECTED[name]), (name, signals.loc["A", name])


def test_accounts_created_after_the_day_are_unknown(signals: pd.DataFrame) -> None:
    assert sorted(signals.index) == ["A", "B", "D"]
    assert (signals["as_of"] == DAY.isoformat()).all()


def test_a_subscription_ending_later_is_still_active(signals: pd.DataFrame) -> None:
    b = signals.loc["B"]
    assert (b["mrr"], b["plan"], b["seats"], bool(b["is_customer"])) == (50.0, "basic", 2.0, True)
    assert _same(b["mrr_change_90d"], None)  # nothing 90 days before
    assert b["tenure_months"] == pytest.approx(16 / 30.4375)
    assert (b["onboarding_completed"], b["onboarding_late"]) == (0.0, 1.0)  # 31 days, undone
    assert (b["features_available"], b["events_30d"], b["tickets_open"]) == (1.0, 0.0, 0.0)


def test_a_churned_account_and_onboarding_completed_later(signals: pd.DataFrame) -> None:
    d = signals.loc["D"]
    assert (d["mrr"], d["mrr_90d_ago"], d["mrr_change_90d"]) == (0.0, 300.0, -1.0)
    assert not d["is_customer"]
    assert _same(d["seats"], None) and pd.isna(d["plan"])
    assert (d["onboarding_completed"], d["onboarding_late"]) == (0.0, 1.0)
