"""Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: using
iso-value curves for customer base analysis", JMR 42(4); Fader & Hardie 2013, "The Gamma-Gamma
model of monetary value").

Transaction values of a customer are Gamma(p, ν); across customers ν ~ Gamma(q, γ). The
model is fitted on repeat buyers' number of repeat transactions x and their mean value m_x,
and assumes spend independent of purchase frequency.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from scipy.special import gammaln

from tenure.models.clv.arrays import ArrayLike, FloatArray, as_array, as_weights, check_nonempty
from tenure.models.clv.errors import ModelDataError
from tenure.models.clv.fitting import Fitter, maximise


def log_likelihood(params: FloatArray, x: FloatArray, m_x: FloatArray) -> FloatArray:
    """Per-customer log density of the mean spend m_x over x transactions (FH 2013 note):
    Γ(px+q) / (Γ(px) Γ(q)) · γ^q m_x^(px−1) x^(px) / (γ + x m_x)^(px+q)."""
    p, q, gamma = params
    px = p * x
    result: FloatArray = (
        gammaln(px + q)
        - gammaln(px)
        - gammaln(q)
        + q * np.log(gamma)
        + (px - 1) * np.log(m_x)
        + px * np.log(x)
        - (px + q) * np.log(gamma + x * m_x)
    )
    return result


class GammaGammaFitter(Fitter):
    """Gamma-Gamma spend model fitted by maximum likelihood; parameters p, q, γ (`gamma`)."""

    param_names: ClassVar[tuple[str, ...]] = ("p", "q", "gamma")

    def fit(
        self, frequency: ArrayLike, monetary: ArrayLike, weights: ArrayLike = 1.0
    ) -> GammaGammaFitter:
        """Estimate p, q, γ from repeat buyers only: every frequency and monetary must be > 0."""
        x, m_x = _check_spend(frequency, monetary)
        if np.any(x <= 0):
            raise ModelDataError(
                f"Gamma-Gamma is fitted on repeat buyers only: {int(np.sum(x <= 0))} row(s)"
                " have frequency 0 (select the rows with frequency > 0)"
            )
        if np.any(m_x <= 0):
            raise ModelDataError("Gamma-Gamma needs a positive mean transaction value (monetary)")
        w = as_weights(weights, x.shape)
        check_nonempty("Gamma-Gamma", x.size, minimum=len(self.param_names))

        def neg_ll(params: FloatArray) -> float:
            return -float(np.sum(w * log_likelihood(params, x, m_x)))

        start = np.array([1.0, 1.0, float(np.mean(m_x))])
        self._estimate = maximise(neg_ll, self.param_names, round(float(np.sum(w))), start)
        return self

    def expected_average_value(self, frequency: ArrayLike, monetary: ArrayLike) -> FloatArray:
        """E[M | p, q, γ, m_x, x] = (γ + m_x x) p / (px + q − 1): a weighted mean of the
        population mean pγ/(q−1) and the customer's own m_x (FHL 2005 "RFM and CLV").
        Customers without repeat purchases (x = 0) get the population mean; where the
        denominator is not positive (x = 0 with q ≤ 1: infinite population mean) it is NaN."""
        p, q, gamma = self._values()
        x, m_x = _check_spend(frequency, monetary)
        m_x = np.where(x > 0, m_x, 0.0)
        denominator = p * x + q - 1
        with np.errstate(divide="ignore", invalid="ignore"):
            value = (gamma + m_x * x) * p / denominator
        result: FloatArray = np.where(denominator > 0, value, np.nan)
        return result

    def population_mean(self) -> float:
        """E[Z] = pγ / (q − 1), the mean transaction value across customers (infinite if q ≤ 1)."""
        p, q, gamma = self._values()
        return p * gamma / (q - 1) if q > 1 else float("inf")


def _check_spend(frequency: ArrayLike, monetary: ArrayLike) -> tuple[FloatArray, FloatArray]:
    x, m_x = np.broadcast_arrays(as_array("frequency", frequency), as_array("monetary", monetary))
    if np.any(x < 0) or np.any(x != np.round(x)):
        raise ModelDataError("frequency must be whole numbers ≥ 0 (repeat purchases)")
    if np.any(m_x < 0):
        raise ModelDataError("monetary must be ≥ 0")
    return x, m_x
