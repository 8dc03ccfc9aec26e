"""MRR, movements, customers and churn metrics equal a brute-force day-by-day computation
on random ledgers, for every grain, with and without a segment, under several presets."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from metrics_common import Ledger, ledgers
from metrics_compare import check
from metrics_oracle import Oracle, expected

from tenure.metrics.conventions import MetricSettings
from tenure.metrics.presets import resolve
from tenure.workspace import Workspace

RANGES = {
    "day": (date(2023, 6, 20), date(2023, 8, 10)),
    "week": (date(2023, 3, 1), date(2023, 12, 31)),
    "month": (date(2023, 1, 1), date(2024, 12, 31)),
    "quarter": (date(2023, 1, 1), date(2024, 12, 31)),
    "year": (date(2023, 1, 1), date(2025, 12, 31)),
}
REVENUE = (
    "mrr",
    "arr",
    "mrr_movements",
    "net_new_mrr",
    "new_mrr",
    "expansion_mrr",
    "reactivation_mrr",
    "contraction_mrr",
    "churned_mrr",
    "customers",
    "new_customers",
    "churned_customers",
    "reactivated_customers",
    "arpa",
    "quick_ratio",
    "expansion_rate",
)
CHURN = (
    "logo_churn_rate",
    "logo_churn_rate_seed",
    "customer_retention_rate",
    "revenue_churn_rate",
    "gross_mrr_churn_rate",
    "net_mrr_churn_rate",
    "nrr",
    "grr",
    "nrr_12m",
    "grr_12m",
)
PRESETS = ("default", "chartmogul", "stripe", "baremetrics", "profitwell", "seed")
EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _compare(
    ws: Workspace, ledger: Ledger, grain: str, segment: bool, preset: str, keys: tuple[str, ...]
) -> None:
    ledger.load(ws)
    first, last = RANGES[grain]
    oracle = Oracle(ledger, resolve(MetricSettings(), preset))
    groups = sorted(set(ledger.accounts.values())) if segment else [None]
    wanted = {
        group: expected(
            oracle,
            grain,
            first,
            last,
            [a for a, i in ledger.accounts.items() if group in (None, i)],
        )
        for group in groups
    }
    for key in keys:
        frame = ws.metric(
            key, grain, first, last, by=["industry"] if segment else [], preset=preset
        )
        for group in groups:
            rows = frame if group is None else frame[frame.industry == group]
            rows = rows.reset_index(drop=True)
            check(rows, [r[key] for r in wanted[group]], key, f" [{preset} {grain} {group}]")


@EXAMPLES
@given(
    ledger=ledgers(),
    grain=st.sampled_from(list(RANGES)),
    segment=st.booleans(),
    preset=st.sampled_from(PRESETS),
)
def test_revenue_metrics_match_the_oracle(
    ws: Workspace, ledger: Ledger, grain: str, segment: bool, preset: str
) -> None:
    _compare(ws, ledger, grain, segment, preset, REVENUE)


@EXAMPLES
@given(
    ledger=ledgers(),
    grain=st.sampled_from(list(RANGES)),
    segment=st.booleans(),
    preset=st.sampled_from(PRESETS),
)
def test_churn_and_retention_match_the_oracle(
    ws: Workspace, ledger: Ledger, grain: str, segment: bool, preset: str
) -> None:
    _compare(ws, ledger, grain, segment, preset, CHURN)
