"""Point-in-time signals and health scores on every backend equal DuckDB's: the signal
expressions are plain Ibis and run unchanged on Postgres and Spark."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest
from backends_common import OTHERS, REFERENCE, DemoWorkspace, differences

pytestmark = pytest.mark.backend

DAYS = (date(2024, 12, 31), date(2025, 6, 30))
Demo = Callable[[str], DemoWorkspace]


def _signals(ws_demo: DemoWorkspace, day: date) -> pd.DataFrame:
    frame = ws_demo.ws.signals(day).sort_values("account_id").reset_index(drop=True)
    return frame.astype(object).where(frame.notna(), None)


@pytest.mark.parametrize("backend", OTHERS)
@pytest.mark.parametrize("day", DAYS, ids=str)
def test_signals_match_duckdb(demo: Demo, backend: str, day: date) -> None:
    want = _signals(demo(REFERENCE), day)
    got = _signals(demo(backend), day)
    assert want["is_customer"].sum() > 10
    assert differences(got, want) == []


@pytest.mark.parametrize("backend", OTHERS)
def test_health_matches_duckdb(demo: Demo, backend: str) -> None:
    want = demo(REFERENCE).ws.health(DAYS[-1]).sort_values("account_id")
    got = demo(backend).ws.health(DAYS[-1]).sort_values("account_id")
    clean = [f.reset_index(drop=True).astype(object).where(f.notna(), None) for f in (got, want)]
    assert differences(*clean) == []
