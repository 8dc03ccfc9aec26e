"""Benchmarks: declared once with their sources (quoted verbatim from the seeds), beside the
company's own values computed by hand on the hand-built company."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from ops_common import DAY

from tenure.ops.benchmark_data import BENCHMARKS
from tenure.ops.benchmarks import COMPANY, assess
from tenure.workspace import Workspace

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_benchmark_has_a_value_a_source_and_a_company_figure() -> None:
    keys = [b.key for b in BENCHMARKS]
    assert len(set(keys)) == len(keys) and set(keys) == set(COMPANY)
    values = {b.key: (b.low, b.high) for b in BENCHMARKS}
    assert values["churn_ideal_annual"] == (0.05, 0.05)
    assert values["churn_acceptable_monthly"] == (0.005, 0.005)
    assert values["churn_acceptable_annual"] == (0.06, 0.06)
    assert values["csm_book_arr"] == (1_000_000, 2_000_000)
    assert values["cs_cost_ratio"] == (0.10, 0.10)
    assert values["team_size"] == (8, 8)
    assert values["acquisition_vs_retention"] == (5, 7)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed texts are not beside the checkout")
def test_every_quote_is_in_its_seed() -> None:
    for benchmark in BENCHMARKS:
        for source in benchmark.sources:
            text = _flat((SEEDS / source.seed).read_text(encoding="utf-8"))
            assert _flat(source.quote) in text, (benchmark.key, source.seed)


def test_assessments() -> None:
    by_key = {b.key: b for b in BENCHMARKS}
    assert assess(by_key["churn_ideal_annual"], 0.04) == "meets"
    assert assess(by_key["churn_ideal_annual"], 0.07) == "above"
    assert assess(by_key["csm_book_arr"], 1_500_000) == "within"
    assert assess(by_key["csm_book_arr"], 500_000) == "below"
    assert assess(by_key["csm_book_mrr"], 120_000) == "meets"
    assert assess(by_key["team_size"], None) == "unknown"


def test_company_values_by_hand(hand: Workspace) -> None:
    found = hand.benchmarks(DAY).set_index("key")["company"]
    # 7 customers × 100 MRR; CSMs C1 (a1–a4) and C2 (a5–a7) own paying accounts.
    assert found["csm_book_mrr"] == pytest.approx(700 / 2)
    assert found["csm_book_arr"] == pytest.approx(700 / 2 * 12)
    assert found["cs_cost_ratio"] == pytest.approx((1000 + 2000 + 500) / 700)
    assert found["team_size"] == 2
    # One churn (a8, March 2026) among 8 customers in the last 12 complete months.
    assert found["churn_ideal_annual"] == pytest.approx(0.125)
    assert found["churn_acceptable_annual"] == found["churn_ideal_annual"]
    monthly = hand.metric("logo_churn_rate", start="2025-07-01", end="2026-06-30")
    pooled = monthly["numerator"].astype(float).sum() / monthly["denominator"].astype(float).sum()
    assert found["churn_acceptable_monthly"] == pytest.approx(pooled)
    assert found.isna()["acquisition_vs_retention"]  # no costs table rows: unknown
