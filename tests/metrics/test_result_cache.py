"""Metric results kept in memory: a kept result is always the one a new computation would
give — any import or direct write, a settings change or a new day computes afresh."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest

from tenure.metrics import api, cache
from tenure.workspace import Workspace

WriteFile = Callable[[str, str], Path]
SUBS = "subscription_id,account_id,started_at,amount\ns1,a1,2024-01-01,100\n"
MORE = "subscription_id,account_id,started_at,amount\ns2,a2,2024-01-15,50\n"


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The metric keys the engine really computed."""
    calls: list[str] = []
    real = api.metric

    def metric(ws: Workspace, request: api.Request) -> object:
        calls.append(request.key)
        return real(ws, request)

    monkeypatch.setattr(api, "metric", metric)
    cache.clear()
    return calls


def mrr(ws: Workspace) -> float:
    frame = ws.metric("mrr", "month", "2024-02-01", "2024-02-01")
    return float(frame["value"].iloc[0])


def test_a_repeated_request_is_answered_from_memory(
    accounts_workspace: Workspace, write_file: WriteFile, counted: list[str]
) -> None:
    accounts_workspace.import_file("subscriptions", write_file("s.csv", SUBS))
    assert mrr(accounts_workspace) == mrr(accounts_workspace) == 100
    assert counted == ["mrr"]
    first = accounts_workspace.metric("mrr", "month", "2024-02-01", "2024-02-01")
    first.loc[0, "value"] = -1  # a caller's change never reaches the kept result
    assert mrr(accounts_workspace) == 100


def test_an_import_computes_afresh(
    accounts_workspace: Workspace, write_file: WriteFile, counted: list[str]
) -> None:
    accounts_workspace.import_file("subscriptions", write_file("s.csv", SUBS))
    assert mrr(accounts_workspace) == 100
    accounts_workspace.import_file("subscriptions", write_file("more.csv", MORE))
    assert mrr(accounts_workspace) == 150
    assert counted == ["mrr", "mrr"]


def test_a_direct_write_computes_afresh(
    accounts_workspace: Workspace, write_file: WriteFile, counted: list[str]
) -> None:
    accounts_workspace.import_file("subscriptions", write_file("s.csv", SUBS))
    assert mrr(accounts_workspace) == 100
    schema = accounts_workspace.store.table("features").schema().to_pyarrow()
    row = {name: [None] for name in schema.names} | {"feature": ["reports"]}
    accounts_workspace.store.insert("features", pa.table(row, schema=schema))
    assert mrr(accounts_workspace) == 100
    assert counted == ["mrr", "mrr"]


def test_a_settings_change_or_off_computes_afresh(
    accounts_workspace: Workspace, write_file: WriteFile, counted: list[str]
) -> None:
    accounts_workspace.import_file("subscriptions", write_file("s.csv", SUBS))
    mrr(accounts_workspace)
    accounts_workspace.settings.workspace.result_cache = "off"
    mrr(accounts_workspace)
    mrr(accounts_workspace)
    assert counted == ["mrr", "mrr", "mrr"]


def test_explain_sql_shows_the_whole_computation(accounts_workspace: Workspace) -> None:
    accounts_workspace.metric("dau", "month", "2024-02-01", "2024-02-01")  # keeps user days
    sql = accounts_workspace.explain("dau", "2024-02-01").sql
    assert "tenure_kept_" not in sql and "events" in sql
