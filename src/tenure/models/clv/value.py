"""Customer lifetime value from BG/NBD purchases and Gamma-Gamma spend (Fader, Hardie & Lee
2005, "RFM and CLV"): expected purchases per period × expected spend per purchase, discounted.
"""

from __future__ import annotations

import numpy as np

from tenure.models.clv.arrays import ArrayLike, FloatArray, check_rfm
from tenure.models.clv.bgnbd import BetaGeoFitter
from tenure.models.clv.errors import ModelDataError
from tenure.models.clv.gamma_gamma import GammaGammaFitter


def customer_lifetime_value(
    bgnbd: BetaGeoFitter,
    gamma_gamma: GammaGammaFitter,
    frequency: ArrayLike,
    recency: ArrayLike,
    T: ArrayLike,
    monetary: ArrayLike,
    horizon_periods: int,
    discount_rate_per_period: float = 0.0,
) -> FloatArray:
    """Σ_{i=1..H} (E[Y(i)] − E[Y(i−1)]) · E[M] / (1 + d)^i per customer.

    E[Y(i)] is the BG/NBD conditional expectation of purchases in the next i periods and E[M]
    the Gamma-Gamma expected spend per purchase; purchases in period i are discounted as if
    made at its end. Periods are the time unit the models were fitted in.
    """
    if horizon_periods < 1:
        raise ModelDataError("the CLV horizon must be at least one period")
    if not discount_rate_per_period > -1:
        raise ModelDataError("the discount rate per period must be greater than −1")
    x, t_x, age = check_rfm(frequency, recency, T)
    steps = np.arange(horizon_periods + 1, dtype=np.float64)
    cumulative = bgnbd.expected_purchases(steps[:, None], x[None], t_x[None], age[None])
    per_period = np.diff(cumulative, axis=0)
    discount = (1.0 + discount_rate_per_period) ** -steps[1:, None]
    spend = gamma_gamma.expected_average_value(x, monetary)
    result: FloatArray = np.sum(per_period * discount, axis=0) * spend
    return result
