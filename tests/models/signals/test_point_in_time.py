"""Signals (and health) as of a day use nothing after that day.

The demo company is loaded twice: as it is, and as it was known on day D — every row
stamped after D removed and every later fact (a ticket resolved, an invoice paid, a
subscription ended, onboarding completed) blanked. The full company is the known one
with the future appended; signals and health as of D must be identical in both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta

import pandas as pd
import pyarrow as pa
import pytest
from models_common import SMALL, demo_tables, load_tables

from tenure.workspace import Workspace

DAYS = (date(2024, 11, 30), date(2025, 2, 14))

#: Per table: the column that dates a row, and the later facts that are blanked.
Edit = Callable[[pd.DataFrame, datetime], pd.DataFrame]


def _blank(frame: pd.DataFrame, cutoff: datetime, *columns: str) -> pd.DataFrame:
    for column in columns:
        later = frame[column] >= cutoff
        frame[column] = frame[column].where(~later)
    return frame


def _tickets(frame: pd.DataFrame, cutoff: datetime) -> pd.DataFrame:
    later = frame["resolved_at"] >= cutoff
    frame.loc[later, "status"] = "open"
    frame["csat"] = frame["csat"].where(~later)
    return _blank(frame, cutoff, "resolved_at", "first_response_at")


def _invoices(frame: pd.DataFrame, cutoff: datetime) -> pd.DataFrame:
    frame.loc[frame["paid_at"] >= cutoff, "status"] = "open"
    return _blank(frame, cutoff, "paid_at")


KNOWN: dict[str, tuple[str | None, Edit]] = {
    "accounts": ("created_at", lambda f, c: _blank(f, c, "onboarding_completed_at")),
    "subscriptions": ("started_at", lambda f, c: _blank(f, c, "ended_at")),
    "invoices": ("issued_at", _invoices),
    "events": ("occurred_at", lambda f, c: f),
    "tickets": ("created_at", _tickets),
    "surveys": ("responded_at", lambda f, c: f),
    "touchpoints": ("occurred_at", lambda f, c: f),
    "assignments": ("from", lambda f, c: _blank(f, c, "to")),
}


def as_known_on(tables: dict[str, pa.Table], day: date) -> dict[str, pa.Table]:
    """The tables as they stood at the end of `day`."""
    cutoff = datetime.combine(day + timedelta(days=1), datetime.min.time())
    known = {}
    for name, table in tables.items():
        if name not in KNOWN:
            known[name] = table
            continue
        column, edit = KNOWN[name]
        frame = table.to_pandas()
        if column is not None:
            frame = frame[frame[column].isna() | (frame[column] < cutoff)].copy()
        frame = edit(frame, cutoff)
        known[name] = pa.Table.from_pandas(frame, schema=table.schema, preserve_index=False)
    return known


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pa.Table]:
    return demo_tables(SMALL, tmp_path_factory.mktemp("pit-files"))


@pytest.fixture(scope="module")
def full(small_ws: Workspace) -> Workspace:
    return small_ws


@pytest.fixture(scope="module", params=DAYS, ids=str)
def known(
    request: pytest.FixtureRequest,
    tables: dict[str, pa.Table],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[date, Workspace]]:
    day: date = request.param
    folder = tmp_path_factory.mktemp("pit-known")
    with Workspace.init(folder / "ws", backend="duckdb://:memory:") as ws:
        yield day, load_tables(ws, as_known_on(tables, day))


def test_the_future_really_differs(full: Workspace, known: tuple[date, Workspace]) -> None:
    day, ws = known
    for name in ("events", "subscriptions", "tickets"):
        assert full.table(name).count().execute() > ws.table(name).count().execute()
    assert ws.table("tickets").resolved_at.max().execute() < pd.Timestamp(day + timedelta(days=1))


def test_signals_as_of_a_day_ignore_everything_later(
    full: Workspace, known: tuple[date, Workspace]
) -> None:
    day, ws = known
    now, then = full.signals(day), ws.signals(day)
    assert len(now) > 100 and now["is_customer"].sum() > 50
    pd.testing.assert_frame_equal(now, then)


def test_health_as_of_a_day_ignores_everything_later(
    full: Workspace, known: tuple[date, Workspace]
) -> None:
    day, ws = known
    pd.testing.assert_frame_equal(full.health(day), ws.health(day))
