"""Gamma-Gamma spend model: the published CDNOW fit, hand-computed formulas, recovery."""

from __future__ import annotations

import math

import clv_published
import clv_simulate as simulate
import numpy as np
import pandas as pd
import pytest

from tenure.models.clv import GammaGammaFitter, ModelDataError, NotFittedError
from tenure.models.clv.gamma_gamma import log_likelihood

PUBLISHED = clv_published.GAMMA_GAMMA
TRUE = {"p": 4.0, "q": 5.0, "gamma": 30.0}


@pytest.fixture(scope="module")
def fitted(cdnow_summary: pd.DataFrame) -> GammaGammaFitter:
    buyers = cdnow_summary[cdnow_summary["frequency"] > 0]
    return GammaGammaFitter().fit(buyers["frequency"], buyers["monetary"])


def test_cdnow_fit_reproduces_the_published_estimates(fitted: GammaGammaFitter) -> None:
    """Fader & Hardie's Gamma-Gamma note on the 946 CDNOW repeat buyers: 6.25, 3.74, 15.44."""
    for name, published in PUBLISHED.items():
        assert clv_published.rounds_to(fitted.params_[name], published), name
    assert fitted.n_ == 946
    assert (fitted.summary()["std_error"] > 0).all()


def test_likelihood_by_hand() -> None:
    p, q, gamma, x, m = 2.0, 3.0, 10.0, 3.0, 25.0
    density = (
        math.gamma(p * x + q)
        / (math.gamma(p * x) * math.gamma(q))
        * gamma**q
        * m ** (p * x - 1)
        * x ** (p * x)
        / (gamma + m * x) ** (p * x + q)
    )
    value = log_likelihood(np.array([p, q, gamma]), np.array([x]), np.array([m]))
    assert value[0] == pytest.approx(math.log(density))


def test_expected_average_value_weights_population_and_customer_means() -> None:
    model = GammaGammaFitter.from_params({"p": 2.0, "q": 3.0, "gamma": 10.0})
    population = 2.0 * 10.0 / (3.0 - 1)
    assert model.population_mean() == pytest.approx(population)
    assert model.expected_average_value(0, 0.0) == pytest.approx(population)
    weight = 2.0 * 4 / (2.0 * 4 + 3.0 - 1)
    blended = (1 - weight) * population + weight * 50.0
    assert model.expected_average_value(4, 50.0) == pytest.approx(blended)
    assert model.expected_average_value(10_000, 50.0) == pytest.approx(50.0, rel=1e-3)


def test_undefined_population_mean_gives_nan_for_one_time_buyers() -> None:
    """q ≤ 1: spend per purchase has no finite population mean (e.g. fixed-price invoices)."""
    model = GammaGammaFitter.from_params({"p": 2.0, "q": 0.5, "gamma": 10.0})
    assert model.population_mean() == float("inf")
    values = model.expected_average_value([0, 3], [0.0, 20.0])
    assert np.isnan(values[0])
    assert values[1] == pytest.approx((10 + 60) * 2 / (6 + 0.5 - 1))


def test_recovers_simulated_parameters() -> None:
    rng = np.random.default_rng(5)
    x = rng.integers(1, 12, 4000)
    model = GammaGammaFitter().fit(x, simulate.gamma_gamma(rng, **TRUE, x=x))
    for name, truth in TRUE.items():
        estimate, error = model.params_[name], model.standard_errors_[name]
        assert abs(estimate - truth) < 3 * error, name
        assert estimate == pytest.approx(truth, rel=0.25), name


def test_one_time_buyers_are_refused_with_a_hint() -> None:
    with pytest.raises(ModelDataError, match=r"repeat buyers only: 1 row\(s\) have frequency 0"):
        GammaGammaFitter().fit([0, 1, 2, 3], [0.0, 5.0, 6.0, 7.0])
    with pytest.raises(ModelDataError, match="positive mean transaction value"):
        GammaGammaFitter().fit([1, 1, 2, 3], [0.0, 5.0, 6.0, 7.0])
    with pytest.raises(ModelDataError, match="at least 3 rows"):
        GammaGammaFitter().fit([1, 2], [5.0, 6.0])
    with pytest.raises(NotFittedError):
        GammaGammaFitter().expected_average_value(1, 2.0)
