"""Shifted-beta-geometric: Fader & Hardie (2007) Table 1 fits, identities, recovery."""

from __future__ import annotations

import clv_published
import clv_simulate as simulate
import numpy as np
import pandas as pd
import pytest

from tenure.models.clv import ModelDataError, NotFittedError, ShiftedBetaGeometric


def _cohort(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """One cohort of the table: `recency` periods paid for; `recency` = `T` is still active."""
    return table[table["cohort"] == name]


@pytest.mark.parametrize("cohort", ["highend", "regular"])
def test_table_1_fits_reproduce_the_published_estimates(
    sbg_table: pd.DataFrame, cohort: str
) -> None:
    rows = _cohort(sbg_table, cohort)
    model = ShiftedBetaGeometric().fit(rows["recency"], rows["recency"] < rows["T"])
    for name, published in clv_published.SBG[cohort].items():
        assert clv_published.rounds_to(model.params_[name], published), name
    assert model.n_ == 1000


@pytest.mark.parametrize("cohort", ["highend", "regular"])
def test_survivor_counts_give_the_same_fit(sbg_table: pd.DataFrame, cohort: str) -> None:
    rows = _cohort(sbg_table, cohort)
    survivors = [int((rows["recency"] > k).sum()) for k in range(8)]
    if cohort == "highend":
        assert survivors == [1000, 869, 743, 653, 593, 551, 517, 491]  # Table 1
    by_counts = ShiftedBetaGeometric().fit_survivors(survivors)
    by_customer = ShiftedBetaGeometric().fit(rows["recency"], rows["recency"] < rows["T"])
    np.testing.assert_allclose(by_counts.params_, by_customer.params_, rtol=1e-5)
    assert by_counts.log_likelihood_ == pytest.approx(by_customer.log_likelihood_)


MODEL = ShiftedBetaGeometric.from_params({"alpha": 0.704, "beta": 1.182})


def test_survival_is_the_product_of_retention_rates() -> None:
    t = np.arange(1, 13)
    np.testing.assert_allclose(MODEL.survival(t), np.cumprod(MODEL.retention_rate(t)))
    assert MODEL.survival(0) == 1.0
    assert MODEL.churn_probability(1) == pytest.approx(0.704 / (0.704 + 1.182))
    assert np.all(np.diff(MODEL.retention_rate(t)) > 0)  # retention rises with tenure


def test_churn_probabilities_and_survival_add_up() -> None:
    t = np.arange(1, 9)
    total = MODEL.churn_probability(t).sum() + MODEL.survival(8)
    assert total == pytest.approx(1.0)
    np.testing.assert_allclose(
        MODEL.churn_probability(t), MODEL.survival(t - 1) - MODEL.survival(t)
    )


def test_lifetimes_against_direct_sums() -> None:
    t = np.arange(0, 4000)
    discount = 0.1
    direct = np.sum(MODEL.survival(t) / (1 + discount) ** t)
    assert MODEL.discounted_expected_lifetime(discount) == pytest.approx(direct)
    n = 3  # paid for 3 periods, still a customer: next payment now if it renews
    residual = np.sum(MODEL.survival(n + t) / MODEL.survival(n - 1) / (1 + discount) ** t)
    derl = MODEL.discounted_expected_residual_lifetime(n, discount)
    assert derl == pytest.approx(residual)
    assert MODEL.expected_lifetime() == float("inf")  # α < 1: a heavy tail of loyal customers
    finite = ShiftedBetaGeometric.from_params({"alpha": 3.0, "beta": 2.0})
    assert finite.expected_lifetime() == pytest.approx(np.sum(finite.survival(t)), rel=1e-6)


def test_recovers_simulated_parameters() -> None:
    periods, churned = simulate.sbg(np.random.default_rng(2), 1.5, 4.0, n=5000, observed=10)
    model = ShiftedBetaGeometric().fit(periods, churned)
    for name, truth in {"alpha": 1.5, "beta": 4.0}.items():
        estimate, error = model.params_[name], model.standard_errors_[name]
        assert abs(estimate - truth) < 3 * error, name


def test_invalid_data_is_a_clear_error() -> None:
    with pytest.raises(ModelDataError, match="never increase"):
        ShiftedBetaGeometric().fit_survivors([100, 80, 90])
    with pytest.raises(ModelDataError, match="cohort size and at least one"):
        ShiftedBetaGeometric().fit_survivors([100])
    with pytest.raises(ModelDataError, match="whole numbers ≥ 1"):
        ShiftedBetaGeometric().fit([0, 1, 2], [1, 1, 0])
    with pytest.raises(ModelDataError, match="true/false"):
        ShiftedBetaGeometric().fit([1, 1, 2], [1, 2, 0])
    with pytest.raises(ModelDataError, match="some churned"):
        ShiftedBetaGeometric().fit([1, 2, 3], [0, 0, 0])
    with pytest.raises(ModelDataError, match="discount rate must be > 0"):
        MODEL.discounted_expected_lifetime(0.0)
    with pytest.raises(ModelDataError, match="t must be whole numbers ≥ 1"):
        MODEL.retention_rate(0)
    with pytest.raises(NotFittedError):
        ShiftedBetaGeometric().survival(1)
