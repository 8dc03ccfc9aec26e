"""Several splits from one query (`Workspace.metric_splits`) on every backend: each split
equals DuckDB's single request for it. A few metrics of each family stand for the rest
(tests/metrics/test_splits.py checks every metric on DuckDB)."""

from __future__ import annotations

from typing import Any

import pytest
from backends_common import BACKENDS, REFERENCE, differences, sorted_result

pytestmark = pytest.mark.backend

START, END = "2024-07-01", "2025-06-30"
KEYS = (
    "mrr",
    "logo_churn_rate",
    "active_users",
    "nps",
    "ticket_volume",
    "average_revenue_per_customer_daily",
)
SPLITS = ((), ("plan",), ("csm_id",), ("signup_cohort",))


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("key", KEYS)
def test_stacked_splits_equal_duckdbs_single_requests(key: str, backend: str, demo: Any) -> None:
    got = demo(backend).ws.metric_splits(key, "month", START, END, splits=SPLITS)
    reference = demo(REFERENCE).ws
    for by, frame in zip(SPLITS, got, strict=True):
        want = sorted_result(reference.metric(key, "month", START, END, by=by))
        assert len(want) > 0
        assert differences(sorted_result(frame), want) == [], (key, by)
