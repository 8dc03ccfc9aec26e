"""The catalogue is valid data, every entry has a builder, and the docs are generated from it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tenure.metrics.builders import check_registry
from tenure.metrics.catalogue import CATALOGUE, METRICS, get_metric, validate
from tenure.metrics.docs import conventions_markdown, metrics_markdown
from tenure.metrics.registry import BUILDERS

DOCS = Path(__file__).resolve().parents[2] / "docs"
REQUIRED = [
    "mrr",
    "arr",
    "mrr_movements",
    "customers",
    "new_customers",
    "churned_customers",
    "reactivated_customers",
    "logo_churn_rate",
    "logo_churn_rate_seed",
    "revenue_churn_rate",
    "gross_mrr_churn_rate",
    "net_mrr_churn_rate",
    "expansion_rate",
    "expansion_mrr",
    "nrr",
    "grr",
    "nrr_12m",
    "grr_12m",
    "customer_retention_rate",
    "renewal_rate",
    "renewal_rate_revenue",
    "repeat_purchase_rate",
    "arpa",
    "average_revenue_per_customer_daily",
    "trial_to_paid",
    "quick_ratio",
    "annualised_churn",
    "cac",
    "cac_payback_months",
    "ltv",
    "ltv_to_cac",
    "customer_retention_cost",
    "arrears",
    "logo_retention_cohorts",
    "mrr_retention_cohorts",
]


def test_every_required_metric_is_declared_and_built() -> None:
    assert set(REQUIRED) <= set(CATALOGUE)
    check_registry()
    assert {k for k, m in CATALOGUE.items() if m.kind != "cohort"} == set(BUILDERS)


def test_invalid_declarations_are_refused() -> None:
    mrr = get_metric("mrr")
    with pytest.raises(ValueError, match="unknown table"):
        validate((replace(mrr, tables=("nope",)),))
    with pytest.raises(ValueError, match="unknown convention"):
        validate((replace(mrr, conventions=("nope",)),))
    with pytest.raises(ValueError, match="declared twice"):
        validate((mrr, mrr))
    with pytest.raises(KeyError, match="did you mean"):
        get_metric("mrr_movement")


def test_every_metric_has_words_and_a_unit() -> None:
    for metric in METRICS:
        assert metric.description.endswith(".") and metric.formula and metric.unit


@pytest.mark.parametrize(
    ("page", "render"), [("metrics.md", metrics_markdown), ("conventions.md", conventions_markdown)]
)
def test_committed_docs_match_the_catalogue(page: str, render: object) -> None:
    text = render()  # type: ignore[operator]
    assert (DOCS / page).read_text(encoding="utf-8") == text, (
        f"regenerate docs/{page} (tenure metrics … --markdown)"
    )
