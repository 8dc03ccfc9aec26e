"""The shared maximum-likelihood machinery: optimum, Hessian, standard errors, summary."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest

from tenure.models.clv.errors import FitFailed
from tenure.models.clv.fitting import Fitter, FloatArray, maximise, numerical_hessian


class ExponentialRate(Fitter):
    """Exponential waiting times: the MLE of the rate is n / Σx with standard error λ / √n."""

    param_names: ClassVar[tuple[str, ...]] = ("rate",)

    def fit(self, waits: FloatArray) -> ExponentialRate:
        def neg_ll(params: FloatArray) -> float:
            return -float(len(waits) * np.log(params[0]) - params[0] * waits.sum())

        self._estimate = maximise(neg_ll, self.param_names, len(waits))
        return self


def test_maximum_likelihood_and_standard_error_match_the_closed_form() -> None:
    waits = np.random.default_rng(1).exponential(1 / 2.5, 400)
    model = ExponentialRate().fit(waits)
    rate = len(waits) / waits.sum()
    assert model.params_["rate"] == pytest.approx(rate, rel=1e-7)
    assert model.standard_errors_["rate"] == pytest.approx(rate / np.sqrt(400), rel=1e-4)
    assert model.log_likelihood_ == pytest.approx(400 * np.log(rate) - 400)
    summary = model.summary()
    half_width = summary["upper_95"].iloc[0] - summary["estimate"].iloc[0]
    assert half_width == pytest.approx(1.959964 * rate / 20, rel=1e-4)
    assert repr(model).startswith("<ExponentialRate: rate=")


def test_numerical_hessian_of_a_quadratic() -> None:
    matrix = np.array([[2.0, 0.5], [0.5, 1.0]])
    hessian = numerical_hessian(lambda x: float(x @ matrix @ x), np.array([0.3, -0.2]))
    np.testing.assert_allclose(hessian, 2 * matrix, rtol=1e-6)


def test_a_likelihood_without_an_optimum_fails_clearly() -> None:
    with pytest.raises(FitFailed):
        maximise(lambda params: float("nan"), ("x",), 1)
