"""BG/NBD model of repeat purchasing (Fader, Hardie & Lee 2005, "Counting your customers the
easy way: an alternative to the Pareto/NBD model", Marketing Science 24(2)).

While alive, a customer buys as a Poisson process with rate λ ~ Gamma(r, α); after each
purchase the customer becomes inactive with probability p ~ Beta(a, b). Time is in the units
of the RFM summary (e.g. weeks).
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from scipy.special import betaln, gammaln, hyp2f1

from tenure.models.clv.arrays import (
    ArrayLike,
    FloatArray,
    as_array,
    as_weights,
    check_nonempty,
    check_rfm,
)
from tenure.models.clv.errors import ModelDataError
from tenure.models.clv.fitting import Fitter, maximise


def log_likelihood(params: FloatArray, x: FloatArray, t_x: FloatArray, T: FloatArray) -> FloatArray:
    """Per-customer log-likelihood, FHL (2005) eq. 6: ln A₁ + ln A₂ + ln(A₃ + δ(x>0) A₄)."""
    r, alpha, a, b = params
    ln_a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    ln_a2 = betaln(a, b + x) - betaln(a, b)
    ln_a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore", invalid="ignore"):
        ln_a4 = np.log(a) - np.log(b + x - 1) - (r + x) * np.log(alpha + t_x)
    ln_a4 = np.where(x > 0, ln_a4, -np.inf)
    result: FloatArray = ln_a1 + ln_a2 + np.logaddexp(ln_a3, ln_a4)
    return result


class BetaGeoFitter(Fitter):
    """BG/NBD fitted by maximum likelihood on (frequency, recency, T) per customer.

    `frequency` is the number of repeat purchases x, `recency` the time t_x of the last
    purchase since the first, `T` the time since the first purchase to the calibration end.
    """

    param_names: ClassVar[tuple[str, ...]] = ("r", "alpha", "a", "b")

    def fit(
        self, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike, weights: ArrayLike = 1.0
    ) -> BetaGeoFitter:
        """Estimate r, α, a, b; `weights` counts identical customers (default one each)."""
        x, t_x, age = check_rfm(frequency, recency, T)
        w = as_weights(weights, x.shape)
        check_nonempty("BG/NBD", x.size, minimum=len(self.param_names))
        if not np.any(x > 0):
            raise ModelDataError("BG/NBD needs some customers with repeat purchases")

        def neg_ll(params: FloatArray) -> float:
            return -float(np.sum(w * log_likelihood(params, x, t_x, age)))

        n = round(float(np.sum(w)))
        self._estimate = maximise(neg_ll, self.param_names, n, np.array([1.0, 1.0, 1.0, 1.0]))
        return self

    def probability_alive(
        self, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike
    ) -> FloatArray:
        """P(still alive at T | x, t_x, T) (Fader, Hardie & Lee 2008 note "Computing P(alive)
        using the BG/NBD model"); 1 for x = 0, since BG/NBD customers can drop out only right
        after a repeat purchase."""
        r, alpha, a, b = self._values()
        x, t_x, age = check_rfm(frequency, recency, T)
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = (a / (b + x - 1)) * np.exp((r + x) * np.log((alpha + age) / (alpha + t_x)))
        result: FloatArray = 1.0 / (1.0 + np.where(x > 0, ratio, 0.0))
        return result

    def expected_purchases_new(self, t: ArrayLike) -> FloatArray:
        """E[X(t)], purchases of a new customer in its first t periods (FHL 2005, eq. 9)."""
        r, alpha, a, b = self._values()
        time = _nonnegative("t", t)
        result: FloatArray = (a + b - 1) / (a - 1) * _bracket(r, alpha, a, b, 0.0, 0.0, time)
        return result

    def expected_purchases(
        self, t: ArrayLike, frequency: ArrayLike, recency: ArrayLike, T: ArrayLike
    ) -> FloatArray:
        """E[Y(t) | x, t_x, T], expected purchases in the next t periods (FHL 2005, eq. 10).
        Like eq. 9, it needs a ≠ 1."""
        r, alpha, a, b = self._values()
        x, t_x, age = check_rfm(frequency, recency, T)
        time = _nonnegative("t", t)
        bracket = _bracket(r, alpha, a, b, x, age, time)
        numerator = (a + b + x - 1) / (a - 1) * bracket
        result: FloatArray = numerator * self.probability_alive(x, t_x, age)
        return result


def _bracket(
    r: float, alpha: float, a: float, b: float, x: ArrayLike, age: ArrayLike, time: FloatArray
) -> FloatArray:
    """1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z), z = t/(α+T+t), of eqs. 9–10.

    Evaluated after Euler's transformation as 1 − (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z),
    which avoids the huge ₂F₁ and tiny power of the direct form for frequent buyers.
    """
    z = time / (alpha + age + time)
    result: FloatArray = 1.0 - (1.0 - z) ** (a - 1) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z)
    return result


def _nonnegative(name: str, values: ArrayLike) -> FloatArray:
    array = as_array(name, values)
    if np.any(array < 0):
        raise ModelDataError(f"{name} must be ≥ 0")
    return array
