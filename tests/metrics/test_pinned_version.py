"""The data version is read once per computation, and a table's schema is read again
after a write: an attribute column added by an import can split the next metric."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tenure.metrics import cache
from tenure.metrics.errors import MetricError
from tenure.workspace import Workspace

SUBSCRIPTIONS = (
    "subscription_id,account_id,plan,started_at,amount,interval\n"
    "s1,a1,basic,2024-01-05,100,month\ns2,a2,pro,2024-02-10,300,month\n"
)


@pytest.fixture
def subscribed(accounts_workspace: Workspace, write_file: Callable[[str, str], Path]) -> Workspace:
    """The accounts workspace with two subscriptions imported."""
    accounts_workspace.import_file("subscriptions", write_file("subs.csv", SUBSCRIPTIONS))
    return accounts_workspace


def recorded_queries(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SQL text of every query the workspace's backend runs from now on."""
    queries: list[str] = []
    raw_sql = ws.store.con.raw_sql  # type: ignore[attr-defined]

    def counting(sql: Any, **kwargs: Any) -> Any:
        queries.append(str(sql))
        return raw_sql(sql, **kwargs)

    monkeypatch.setattr(ws.store.con, "raw_sql", counting)
    return queries


def test_the_data_version_is_read_once_per_computation(
    subscribed: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = subscribed
    queries = recorded_queries(ws, monkeypatch)
    ws.metric("mrr", "month", "2024-01-01", "2024-03-31", by=["plan"])
    assert sum("duckdb_tables()" in sql for sql in queries) == 1
    assert cache.pinned_version(ws) is None  # unpinned once the computation is over


def test_a_column_added_by_an_import_splits_the_next_metric(
    subscribed: Workspace, write_file: Callable[[str, str], Path]
) -> None:
    ws = subscribed
    with pytest.raises(MetricError, match="region"):
        ws.metric("mrr", "month", "2024-03-01", "2024-03-31", by=["region"])
    regions = "account_id,name,region\na1,Acme,north\na2,Beta,south\n"
    ws.import_file("accounts", write_file("regions.csv", regions))
    frame = ws.metric("mrr", "month", "2024-03-01", "2024-03-31", by=["region"])
    named = frame[frame["region"].notna()]
    assert dict(zip(named["region"], named["value"], strict=True)) == {"north": 100, "south": 300}


def test_a_refresh_reads_the_data_version_once(
    subscribed: Workspace,
    write_file: Callable[[str, str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ws = subscribed
    series = [(key, "month", by) for key in ("mrr", "customers") for by in ((), ("plan",))]
    ws.refresh_series(series)
    ws.import_file(
        "subscriptions", write_file("more.csv", SUBSCRIPTIONS + "s3,a3,pro,2024-03-02,50,month\n")
    )
    queries = recorded_queries(ws, monkeypatch)
    _, report = ws.refresh_series(series)
    assert len(report.partial) + len(report.whole) == len(series)
    assert sum("duckdb_tables()" in sql for sql in queries) == 1
