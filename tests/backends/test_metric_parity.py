"""One metric test body on every backend: each catalogue metric, monthly over the demo
company, company-wide and by a segment, equals DuckDB's result (decimals and counts
exactly, floats to 1e-9). A metric a backend cannot compute is declared in
`tenure.storage.backends.UNSUPPORTED` with its error, and the test expects that error.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import ibis
import pandas as pd
import pytest
from backends_common import BACKENDS, REFERENCE, differences, sorted_result

from tenure.metrics.catalogue import METRICS
from tenure.storage.backends import unsupported
from tenure.workspace import Workspace

pytestmark = pytest.mark.backend

START, END = "2024-07-01", "2025-06-30"
COHORT_KINDS = {"logo_retention_cohorts": "logo", "mrr_retention_cohorts": "revenue"}

Case = tuple[str, str]  # (metric key, segment column or "")
Outcome = pd.DataFrame | Exception

CASES: list[Case] = [
    (metric.key, segment)
    for metric in METRICS
    for segment in ("", "team" if metric.segments == "team" else "plan")
    if metric.segments != "none" or not segment
]

#: Spark answers each query in a second or two of planning and scheduling, mostly idle
#: waiting: a few queries at once keep its two cores busy.
THREADS = {"pyspark": 3}


def compute(ws: Workspace, key: str, segment: str, plan: str) -> pd.DataFrame:
    """The metric monthly over the test range, by `segment` (cohort tables: filtered by plan)."""
    if key in COHORT_KINDS:
        where = {"plan": plan} if segment else None
        return ws.cohorts(COHORT_KINDS[key], start=START, end=END, where=where)
    return ws.metric(key, "month", START, END, by=(segment,) if segment else ())


def _outcome(ws: Workspace, case: Case, plan: str) -> Outcome:
    try:
        return sorted_result(compute(ws, *case, plan))
    except Exception as error:  # recorded, then checked against the declared errors
        return error


def _a_plan(ws: Workspace) -> str:
    """The most common plan (the segment the cohort tables are filtered by)."""
    counts = ws.table("subscriptions").plan.value_counts()
    top = counts.order_by([ibis.desc("plan_count"), "plan"]).limit(1).to_pyarrow()
    return str(top["plan"][0])


@pytest.fixture(scope="session")
def outcomes(demo: Any) -> Callable[[str], dict[Case, Outcome]]:
    """`outcomes(backend)`: every case's result (or error) on that backend, computed once."""
    done: dict[str, dict[Case, Outcome]] = {}

    def get(backend: str) -> dict[Case, Outcome]:
        if backend not in done:
            ws = demo(backend).ws
            plan = _a_plan(ws)
            with ThreadPoolExecutor(THREADS.get(backend, 1)) as pool:
                results = pool.map(lambda case: _outcome(ws, case, plan), CASES)
                done[backend] = dict(zip(CASES, results, strict=True))
        return done[backend]

    return get


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("key", "segment"), CASES)
def test_the_metric_is_the_same_as_on_duckdb(
    key: str, segment: str, backend: str, outcomes: Callable[[str], dict[Case, Outcome]]
) -> None:
    got = outcomes(backend)[(key, segment)]
    declared = unsupported(backend, key)
    if declared is not None:
        assert isinstance(got, declared), f"{backend} was declared to raise {declared.__name__}"
        return
    if isinstance(got, Exception):
        raise got
    want = outcomes(REFERENCE)[(key, segment)]
    assert isinstance(want, pd.DataFrame)
    assert len(want) > 0
    assert differences(got, want) == []
