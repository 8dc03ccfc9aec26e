"""Shared helpers for the metric tests: load hand-built rows fast, and random ledgers.

Rows are written straight into the workspace tables (typed by the canonical schema), so a
hypothesis example costs one table swap, not an import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pyarrow as pa
from hypothesis import strategies as st

from tenure.schema import TABLES
from tenure.storage.types import arrow_schema
from tenure.workspace import Workspace

D = Decimal
ORIGIN = date(2023, 1, 1)


def load(ws: Workspace, name: str, rows: Iterable[Mapping[str, Any]], **extra: pa.DataType) -> None:
    """Replace table `name` with `rows` (canonical columns, plus `extra` attribute columns)."""
    schema = arrow_schema(TABLES[name])
    for column, dtype in extra.items():
        schema = schema.append(pa.field(column, dtype))
    rows = list(rows)
    arrays = {f.name: pa.array([r.get(f.name) for r in rows], f.type) for f in schema}
    ws.store.con.create_table(name, pa.table(arrays, schema=schema), overwrite=True)


def at(day: date | None) -> datetime | None:
    """Midnight (naive UTC) of `day`."""
    return None if day is None else datetime(day.year, day.month, day.day)


@dataclass
class Sub:
    """One subscription row of a hand-built ledger."""

    account: str
    start: date
    end: date | None
    amount: Decimal
    interval: str = "month"
    count: int = 1
    trial: bool = False
    discount: Decimal | None = None
    term: date | None = None
    plan: str = "basic"
    id: str = ""

    def row(self, index: int) -> dict[str, Any]:
        return {
            "subscription_id": self.id or f"S{index:04d}",
            "account_id": self.account,
            "started_at": at(self.start),
            "ended_at": at(self.end),
            "amount": self.amount,
            "interval": self.interval,
            "interval_count": self.count,
            "is_trial": self.trial,
            "discount": self.discount,
            "term_ends_at": at(self.term),
            "plan": self.plan,
        }


@dataclass
class Ledger:
    """Accounts (with an `industry` attribute) and their subscriptions."""

    accounts: dict[str, str]
    subs: list[Sub]
    trials: dict[str, date] = field(default_factory=dict)

    def load(self, ws: Workspace) -> None:
        load(
            ws,
            "accounts",
            [
                {"account_id": a, "industry": i, "trial_started_at": at(self.trials.get(a))}
                for a, i in self.accounts.items()
            ],
        )
        load(ws, "subscriptions", [s.row(i) for i, s in enumerate(self.subs)])


AMOUNTS = [D(0), D("9.99"), D(10), D(25), D(99.5), D(100), D(1200), D(2000)]


@st.composite
def subscriptions(draw: st.DrawFn, account: str) -> list[Sub]:
    """A chain of subscriptions of one account: plan changes on the same day, gaps,
    several concurrent rows, annual/quarterly/weekly/daily plans, trials, 100 %-off rows."""
    subs: list[Sub] = []
    start = ORIGIN + timedelta(days=draw(st.integers(0, 500)))
    for _ in range(draw(st.integers(1, 4))):
        length = draw(st.one_of(st.none(), st.integers(0, 400)))
        end = None if length is None else start + timedelta(days=length)
        full_off = draw(st.integers(0, 9)) == 0
        subs.append(
            Sub(
                account,
                start,
                end,
                D(0) if full_off else draw(st.sampled_from(AMOUNTS)),
                draw(st.sampled_from(["month", "month", "quarter", "year", "week", "day"])),
                draw(st.sampled_from([1, 1, 2])),
                trial=draw(st.integers(0, 9)) == 0,
                discount=D(50) if full_off else draw(st.sampled_from([None, D(0), D(5)])),
                term=None if end is None else start + timedelta(days=draw(st.integers(0, 400))),
            )
        )
        if end is None or draw(st.booleans()):
            start = start + timedelta(days=draw(st.integers(0, 300)))  # concurrent or later
        else:
            start = end + timedelta(days=draw(st.sampled_from([0, 0, 1, 20, 90])))  # change/gap
    return subs


@st.composite
def ledgers(draw: st.DrawFn, max_accounts: int = 5) -> Ledger:
    """A random company of 1–`max_accounts` accounts."""
    count = draw(st.integers(1, max_accounts))
    accounts = {f"A{i}": draw(st.sampled_from(["x", "y"])) for i in range(count)}
    subs = [s for a in accounts for s in draw(subscriptions(a))]
    trials = {
        a: ORIGIN + timedelta(days=draw(st.integers(0, 500)))
        for a in accounts
        if draw(st.integers(0, 3)) == 0
    }
    return Ledger(accounts, subs, trials)
