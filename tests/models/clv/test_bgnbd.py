"""BG/NBD: the published CDNOW fit, hand-computed formulas, recovery of simulated parameters."""

from __future__ import annotations

import math

import clv_published
import clv_simulate as simulate
import numpy as np
import pandas as pd
import pytest
from scipy.special import hyp2f1

from tenure.models.clv import BetaGeoFitter, ModelDataError, NotFittedError
from tenure.models.clv.bgnbd import log_likelihood

PUBLISHED = clv_published.BGNBD
TRUE = {"r": 0.8, "alpha": 6.0, "a": 0.9, "b": 3.0}


@pytest.fixture(scope="module")
def fitted(cdnow_summary: pd.DataFrame) -> BetaGeoFitter:
    s = cdnow_summary
    return BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])


def test_cdnow_fit_reproduces_the_published_estimates(fitted: BetaGeoFitter) -> None:
    """Fader, Hardie & Lee (2005): r = 0.2426, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4."""
    for name, published in PUBLISHED.items():
        assert clv_published.rounds_to(fitted.params_[name], published), name
    assert fitted.log_likelihood_ == pytest.approx(-9582.4, abs=0.05)
    assert fitted.n_ == 2357


def test_summary_has_estimates_and_standard_errors(fitted: BetaGeoFitter) -> None:
    table = fitted.summary()
    assert list(table.index) == ["r", "alpha", "a", "b"]
    assert list(table.columns) == ["estimate", "std_error", "lower_95", "upper_95"]
    assert (table["std_error"] > 0).all()
    assert (table["lower_95"] < table["estimate"]).all()
    assert table.loc["r", "std_error"] == pytest.approx(0.0126, abs=0.001)


def test_holdout_forecast_is_close_to_the_actual_repeat_purchases(
    fitted: BetaGeoFitter, cdnow_summary: pd.DataFrame
) -> None:
    """Weeks 40–78: the model's total is within 15 % of the 1,882 repeat purchase days."""
    s = cdnow_summary
    forecast = fitted.expected_purchases(39, s["frequency"], s["recency"], s["T"]).sum()
    actual = s["frequency_holdout"].sum()
    assert actual == 1882
    assert forecast == pytest.approx(actual, rel=0.15)


def test_likelihood_by_hand() -> None:
    params = np.array([0.5, 3.0, 1.2, 2.5])
    r, alpha, a, b = params
    # x = 0: no purchase in (0, T] while alive for sure, P = (α / (α + T))^r
    no_repeat = log_likelihood(params, np.array([0.0]), np.array([0.0]), np.array([10.0]))
    assert no_repeat[0] == pytest.approx(r * math.log(alpha / (alpha + 10)))
    # x = 2, t_x = 4, T = 10 from FHL (2005) eq. 6 written out
    a1 = math.gamma(r + 2) * alpha**r / math.gamma(r)
    a2 = math.gamma(a + b) * math.gamma(b + 2) / (math.gamma(b) * math.gamma(a + b + 2))
    a3 = (1 / (alpha + 10)) ** (r + 2)
    a4 = a / (b + 1) * (1 / (alpha + 4)) ** (r + 2)
    value = log_likelihood(params, np.array([2.0]), np.array([4.0]), np.array([10.0]))
    assert value[0] == pytest.approx(math.log(a1 * a2 * (a3 + a4)))


def test_probability_alive_by_hand() -> None:
    model = BetaGeoFitter.from_params({"r": 0.5, "alpha": 3.0, "a": 1.2, "b": 2.5})
    assert model.probability_alive(0, 0, 25.0) == 1.0  # no repeat purchase: cannot have died
    expected = 1 / (1 + 1.2 / (2.5 + 2 - 1) * ((3 + 10) / (3 + 4)) ** (0.5 + 2))
    assert model.probability_alive(2, 4.0, 10.0) == pytest.approx(expected)
    assert model.probability_alive(2, 10.0, 10.0) > model.probability_alive(2, 4.0, 10.0)


def test_conditional_expectation_of_a_brand_new_customer_is_the_unconditional_one() -> None:
    model = BetaGeoFitter.from_params(TRUE)
    t = np.array([0.0, 1.0, 10.0, 52.0])
    conditional = model.expected_purchases(t, 0, 0, 0)
    np.testing.assert_allclose(conditional, model.expected_purchases_new(t), rtol=1e-12)
    assert conditional[0] == 0.0
    assert np.all(np.diff(conditional) > 0)


def test_unconditional_expectation_matches_a_simulation() -> None:
    """E[X(20)] (FHL 2005, eq. 9) against the mean of 100,000 simulated customers."""
    model = BetaGeoFitter.from_params(TRUE)
    x, _ = simulate.bgnbd(np.random.default_rng(3), **TRUE, T=np.full(100_000, 20.0))
    standard_error = x.std() / math.sqrt(len(x))
    assert model.expected_purchases_new(20.0) == pytest.approx(x.mean(), abs=4 * standard_error)


def test_recovers_simulated_parameters() -> None:
    rng = np.random.default_rng(7)
    T = rng.uniform(26, 52, 6000)
    x, t_x = simulate.bgnbd(rng, **TRUE, T=T)
    model = BetaGeoFitter().fit(x, t_x, T)
    for name, truth in TRUE.items():
        estimate, error = model.params_[name], model.standard_errors_[name]
        assert abs(estimate - truth) < 3 * error, name
        assert estimate == pytest.approx(truth, rel=0.2), name


def test_weights_count_identical_customers() -> None:
    rng = np.random.default_rng(11)
    T = rng.choice([30.0, 40.0], 400)
    x, t_x = simulate.bgnbd(rng, **TRUE, T=np.round(T))
    t_x = np.round(t_x)
    rows = pd.DataFrame({"x": x, "t_x": t_x, "T": T}).value_counts().reset_index()
    weighted = BetaGeoFitter().fit(rows["x"], rows["t_x"], rows["T"], weights=rows["count"])
    plain = BetaGeoFitter().fit(x, t_x, T)
    np.testing.assert_allclose(weighted.params_, plain.params_, rtol=1e-4)
    assert weighted.n_ == plain.n_ == 400


def test_not_fitted_is_a_clear_error() -> None:
    model = BetaGeoFitter()
    with pytest.raises(NotFittedError, match="BetaGeoFitter is not fitted"):
        model.probability_alive(1, 1, 2)
    with pytest.raises(NotFittedError):
        _ = model.params_
    assert "not fitted" in repr(model)


@pytest.mark.parametrize(
    ("frequency", "recency", "T", "message"),
    [
        ([1, -1, 0, 0], [1, 0, 0, 0], [2, 2, 2, 2], "whole numbers"),
        ([1.5, 1, 0, 0], [1, 1, 0, 0], [2, 2, 2, 2], "whole numbers"),
        ([1, 1, 0, 0], [3, 1, 0, 0], [2, 2, 2, 2], "between 0 and T"),
        ([1, 1, 0, 0], [1, 1, 1, 0], [2, 2, 2, 2], "recency must be 0"),
        ([0, 0, 0, 0], [0, 0, 0, 0], [2, 2, 2, 2], "repeat purchases"),
        ([1, 1, 0], [1, 1, 0], [2, 2, 2], "at least 4 rows"),
        ([1, 1, 0, None], [1, 1, 0, 0], [2, 2, 2, 2], "missing"),
    ],
)
def test_invalid_data_is_a_clear_error(
    frequency: list[float], recency: list[float], T: list[float], message: str
) -> None:
    with pytest.raises(ModelDataError, match=message):
        BetaGeoFitter().fit(frequency, recency, T)


def test_from_params_checks_names_and_values() -> None:
    with pytest.raises(ModelDataError, match="r, alpha, a, b"):
        BetaGeoFitter.from_params({"r": 1.0})
    with pytest.raises(ModelDataError, match="positive"):
        BetaGeoFitter.from_params({"r": 1.0, "alpha": -1.0, "a": 1.0, "b": 1.0})


def test_conditional_expectation_by_hand() -> None:
    """FHL (2005) eq. 10 written out directly for x = 2, t_x = 30.43, T = 38.86, t = 39."""
    r, alpha, a, b = 0.2426, 4.414, 0.793, 2.426
    model = BetaGeoFitter.from_params({"r": r, "alpha": alpha, "a": a, "b": b})
    x, t_x, T, t = 2, 30.43, 38.86, 39.0
    z = t / (alpha + T + t)
    top = (a + b + x - 1) / (a - 1)
    top *= 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    bottom = 1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x)
    assert model.expected_purchases(t, x, t_x, T) == pytest.approx(top / bottom, rel=1e-10)
