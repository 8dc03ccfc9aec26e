"""Shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007, "How to
project customer retention", Journal of Interactive Marketing 21(1)).

Each customer renews at the end of every period with probability 1 − θ, θ ~ Beta(α, β)
across customers. The lifetime T is the number of periods a customer pays for (T ≥ 1):
P(T = t) = B(α+1, β+t−1) / B(α, β), S(t) = P(T > t) = B(α, β+t) / B(α, β), and the
retention rate r_t = S(t) / S(t−1) = (β+t−1) / (α+β+t−1) rises with t as the customers
most prone to leave do so first.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from scipy.special import betaln, hyp2f1

from tenure.models.clv.arrays import ArrayLike, FloatArray, as_array, as_weights, check_nonempty
from tenure.models.clv.errors import ModelDataError
from tenure.models.clv.fitting import Fitter, maximise


def log_likelihood(params: FloatArray, periods: FloatArray, churned: FloatArray) -> FloatArray:
    """Per customer: ln P(T = n) if it left after n periods, ln S(n − 1) = ln P(T ≥ n) if it is
    still a customer after paying for n periods (right-censored)."""
    alpha, beta = params
    ln_churn = betaln(alpha + 1, beta + periods - 1)
    ln_alive = betaln(alpha, beta + periods - 1)
    result: FloatArray = np.where(churned > 0, ln_churn, ln_alive) - betaln(alpha, beta)
    return result


class ShiftedBetaGeometric(Fitter):
    """sBG renewal curve fitted by maximum likelihood; parameters α (`alpha`) and β (`beta`)."""

    param_names: ClassVar[tuple[str, ...]] = ("alpha", "beta")

    def fit(
        self, periods: ArrayLike, churned: ArrayLike, weights: ArrayLike = 1.0
    ) -> ShiftedBetaGeometric:
        """Fit on customers: `periods` paid for (≥ 1) and whether each has `churned` since
        (False: still a customer when observed). `weights` counts identical customers."""
        n, left = np.broadcast_arrays(as_array("periods", periods), as_array("churned", churned))
        if np.any(n < 1) or np.any(n != np.round(n)):
            raise ModelDataError("periods must be whole numbers ≥ 1 (periods paid for)")
        if not np.all((left == 0) | (left == 1)):
            raise ModelDataError("churned must be true/false (1/0)")
        w = as_weights(weights, n.shape)
        check_nonempty("sBG", n.size)
        if not np.any(w * left > 0):
            raise ModelDataError("sBG needs some churned customers to estimate churn")

        def neg_ll(params: FloatArray) -> float:
            return -float(np.sum(w * log_likelihood(params, n, left)))

        size = round(float(np.sum(w)))
        self._estimate = maximise(neg_ll, self.param_names, size, np.array([1.0, 1.0]))
        return self

    def fit_survivors(self, survivors: ArrayLike) -> ShiftedBetaGeometric:
        """Fit on one cohort's counts still active at the start of periods 0, 1, …, k
        (survivors[0] is the cohort size; counts must not increase)."""
        counts = as_array("survivors", survivors)
        if counts.ndim != 1 or counts.size < 2:
            raise ModelDataError("survivors needs the cohort size and at least one later count")
        if np.any(counts < 0) or np.any(np.diff(counts) > 0) or counts[0] <= 0:
            raise ModelDataError("survivors must start positive and never increase")
        k = counts.size - 1
        periods = np.arange(1, k + 2, dtype=np.float64)
        churned = np.append(np.ones(k), 0.0)
        weights = np.append(-np.diff(counts), counts[-1])
        return self.fit(periods, churned, weights)

    def survival(self, t: ArrayLike) -> FloatArray:
        """S(t) = P(T > t): share of a new cohort still a customer after t renewals."""
        alpha, beta = self._values()
        time = _whole("t", t, minimum=0)
        result: FloatArray = np.exp(betaln(alpha, beta + time) - betaln(alpha, beta))
        return result

    def retention_rate(self, t: ArrayLike) -> FloatArray:
        """r_t = P(T > t | T > t − 1) = (β + t − 1) / (α + β + t − 1), for renewal t ≥ 1."""
        alpha, beta = self._values()
        time = _whole("t", t, minimum=1)
        result: FloatArray = (beta + time - 1) / (alpha + beta + time - 1)
        return result

    def churn_probability(self, t: ArrayLike) -> FloatArray:
        """P(T = t): probability that a new customer leaves at renewal t (t ≥ 1), i.e. pays for
        exactly t periods. The conditional churn rate at t is 1 − retention_rate(t)."""
        alpha, beta = self._values()
        time = _whole("t", t, minimum=1)
        result: FloatArray = np.exp(betaln(alpha + 1, beta + time - 1) - betaln(alpha, beta))
        return result

    def expected_lifetime(self) -> float:
        """E[T] = (α + β − 1) / (α − 1) periods paid for; infinite when α ≤ 1."""
        alpha, beta = self._values()
        return (alpha + beta - 1) / (alpha - 1) if alpha > 1 else float("inf")

    def discounted_expected_lifetime(self, discount_rate: float) -> float:
        """DEL = Σ_{t≥0} S(t) / (1+d)^t = ₂F₁(1, β; α+β; 1/(1+d)): discounted number of periods a
        new customer pays for, the first payment now (Fader & Hardie 2010, "Customer-base
        valuation in a contractual setting")."""
        alpha, beta = self._values()
        return float(hyp2f1(1.0, beta, alpha + beta, _discount_factor(discount_rate)))

    def discounted_expected_residual_lifetime(
        self, periods: ArrayLike, discount_rate: float
    ) -> FloatArray:
        """DERL for a customer who has paid for `periods` periods and is about to decide on the
        next renewal: Σ_{k≥0} P(T > n+k | T ≥ n) / (1+d)^k, the next payment (if it renews)
        undiscounted. With θ | T ≥ n ~ Beta(α, β+n−1) this is
        (β+n−1)/(α+β+n−1) · ₂F₁(1, β+n; α+β+n; 1/(1+d)) (Fader & Hardie 2010)."""
        alpha, beta = self._values()
        n = _whole("periods", periods, minimum=1)
        shifted = beta + n - 1
        result: FloatArray = (
            shifted
            / (alpha + shifted)
            * hyp2f1(1.0, shifted + 1, alpha + shifted + 1, _discount_factor(discount_rate))
        )
        return result


def _whole(name: str, values: ArrayLike, minimum: int) -> FloatArray:
    array = as_array(name, values)
    if np.any(array < minimum) or np.any(array != np.round(array)):
        raise ModelDataError(f"{name} must be whole numbers ≥ {minimum}")
    return array


def _discount_factor(rate: float) -> float:
    if not rate > 0:
        raise ModelDataError("the discount rate must be > 0 (the sums diverge without one)")
    return 1.0 / (1.0 + rate)
