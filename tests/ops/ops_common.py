"""A hand-built company for the operations tests: every alert rule fires for one account and
stays quiet for another, on DAY (2026-06-30)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from tenure.schema import IMPORT_ORDER
from tenure.workspace import Workspace

DAY = date(2026, 6, 30)
LOAD_ORDER = IMPORT_ORDER
ACCOUNTS = [f"a{n}" for n in range(1, 9)]


def _stamps(day: str, count: int) -> list[str]:
    start = datetime.fromisoformat(day)
    return [(start + timedelta(minutes=i)).isoformat() for i in range(count)]


def tables() -> dict[str, pd.DataFrame]:
    """The hand-built tables."""
    csms = pd.DataFrame(
        {
            "csm_id": ["C1", "C2", "C3"],
            "name": ["Ann", "Bob", "Cid"],
            "team": ["North", "North", "South"],
            "monthly_cost": [1000, 2000, 500],
        }
    )
    accounts = pd.DataFrame(
        {
            "account_id": ACCOUNTS,
            "name": [f"Account {n}" for n in range(1, 9)],
            "created_at": ["2025-01-01"] * 8,
            "csm_id": ["C1"] * 4 + ["C2"] * 4,
        }
    )
    features = pd.DataFrame({"feature": ["reports", "alerts"], "event": ["feature:reports", ""]})
    assignments = pd.DataFrame(
        {
            "account_id": ["a2", "a2"],
            "csm_id": ["C1", "C2"],
            "from": ["2025-01-01", "2026-05-01"],
            "to": ["2026-05-01", None],
        }
    )
    renewals = {"a1": "2026-07-20", "a3": "2026-08-15", "a4": "2026-12-31"}
    subscriptions = pd.DataFrame(
        {
            "subscription_id": [f"s{n}" for n in range(1, 9)],
            "account_id": ACCOUNTS,
            "started_at": ["2025-01-01"] * 8,
            "amount": [100] * 8,
            "ended_at": [None] * 7 + ["2026-03-01"],
            "term_ends_at": [renewals.get(a) for a in ACCOUNTS],
        }
    )
    return {
        "csms": csms,
        "accounts": accounts,
        "features": features,
        "assignments": assignments,
        "subscriptions": subscriptions,
        "invoices": _invoices(),
        "events": _events(),
        "tickets": _tickets(),
        "surveys": _surveys(),
        "touchpoints": _touchpoints(),
    }


def _invoices() -> pd.DataFrame:
    rows = [
        ("i1", "a4", "2026-04-01", "2026-05-01", None, "open"),  # 60 days overdue: fires
        ("i2", "a5", "2026-06-01", "2026-06-20", None, "open"),  # 10 days: quiet
        ("i3", "a6", "2026-03-01", "2026-04-01", "2026-07-15", "paid"),  # paid after DAY: fires
        ("i4", "a7", "2026-03-01", "2026-04-01", None, "void"),  # void: quiet
        ("i5", "a1", "2026-03-01", "2026-04-01", "2026-03-20", "paid"),  # paid: quiet
    ]
    columns = ["invoice_id", "account_id", "issued_at", "due_at", "paid_at", "status"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.assign(amount=250)


def _events() -> pd.DataFrame:
    counts = {  # account: (events in May, events in June)
        "a1": (40, 10),  # −75 %: fires
        "a2": (40, 35),  # −12.5 %: quiet
        "a3": (30, 30),
    }
    rows = []
    for account, (may, june) in counts.items():
        rows += [(account, stamp, "login") for stamp in _stamps("2026-05-10T09:00", may)]
        rows += [(account, stamp, "login") for stamp in _stamps("2026-06-10T09:00", june)]
    rows += [("a1", "2026-06-11T10:00", "feature:reports")]
    return pd.DataFrame(rows, columns=["account_id", "occurred_at", "event"]).assign(user_id="u1")


def _tickets() -> pd.DataFrame:
    rows = [("a5", stamp) for stamp in _stamps("2026-06-02T08:00", 5)]  # 5 vs 1: fires
    rows += [("a5", "2026-04-15T08:00")]
    rows += [("a6", stamp) for stamp in _stamps("2026-06-02T08:00", 4)]  # 4 vs 6: quiet
    for month in ("2026-03-10", "2026-04-10", "2026-05-10"):
        rows += [("a6", stamp) for stamp in _stamps(f"{month}T08:00", 6)]
    rows += [("a7", stamp) for stamp in _stamps("2026-06-02T08:00", 3)]  # 3 < 4: quiet
    frame = pd.DataFrame(rows, columns=["account_id", "created_at"])
    return frame.assign(ticket_id=[f"t{n}" for n in range(len(frame))])


def _surveys() -> pd.DataFrame:
    rows = [
        ("r1", "a3", "2026-06-20", 3, "Too slow"),  # detractor: fires
        ("r2", "a4", "2026-06-20", 9, "Great"),  # promoter: quiet
        ("r3", "a5", "2026-01-10", 2, "Old news"),  # too old: quiet
        ("r4", "a8", "2026-06-20", 0, "Gone"),  # not a customer any more: quiet
    ]
    columns = ["response_id", "account_id", "responded_at", "score", "comment"]
    return pd.DataFrame(rows, columns=columns).assign(survey="nps")


def _touchpoints() -> pd.DataFrame:
    rows = [("a1", "2026-06-25"), ("a2", "2026-03-01")]  # a2: 121 days: fires
    rows += [(account, "2026-06-01") for account in ("a3", "a4", "a5", "a6", "a7")]
    return pd.DataFrame(rows, columns=["account_id", "occurred_at"]).assign(kind="call")


def build_hand(folder: Path) -> Path:
    """The hand-built company imported into a new workspace in `folder`."""
    files = folder / "files"
    files.mkdir(parents=True)
    with Workspace.init(folder / "ws", name="hand") as ws:
        for name, frame in tables().items():
            path = files / f"{name}.csv"
            frame.to_csv(path, index=False)
            report = ws.import_file(name, path)
            assert report.quarantined == 0, (name, report)
    return folder / "ws"


#: Health as the rules see it in the tests (the health model is tested on its own).
HEALTH = pd.DataFrame(
    {
        "account_id": ["a1", "a2", "a3", "a4", "a5", "a6", "a7"],
        "score": [80.0, 75.0, 30.0, 25.0, 55.0, 70.0, 90.0],
        "tier": ["green", "green", "red", "red", "yellow", "green", "green"],
        "previous_score": [82.0, 70.0, 45.0, 20.0, 60.0, 70.0, 88.0],
        "previous_tier": [None] * 7,
        "trend": [-2.0, 5.0, -15.0, 5.0, -5.0, 0.0, 2.0],
    }
)


def ids(frame: pd.DataFrame, rule: str) -> set[str]:
    """The accounts of `rule`'s rows."""
    return set(frame.loc[frame["rule"] == rule, "account_id"])
