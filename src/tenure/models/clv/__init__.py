"""Customer lifetime value and contractual retention models.

- `BetaGeoFitter` (BG/NBD) — how many purchases a customer will make, P(alive);
- `GammaGammaFitter` — how much a customer spends per purchase;
- `customer_lifetime_value` — the two combined over a horizon, discounted;
- `ShiftedBetaGeometric` (sBG) — renewal curves of subscription cohorts;
- `rfm_summary` — the per-customer input of the first two, from a transaction log.
"""

from __future__ import annotations

from tenure.models.clv.bgnbd import BetaGeoFitter
from tenure.models.clv.errors import FitFailed, ModelDataError, ModelError, NotFittedError
from tenure.models.clv.gamma_gamma import GammaGammaFitter
from tenure.models.clv.sbg import ShiftedBetaGeometric
from tenure.models.clv.summary import rfm_summary
from tenure.models.clv.value import customer_lifetime_value

__all__ = [
    "BetaGeoFitter",
    "FitFailed",
    "GammaGammaFitter",
    "ModelDataError",
    "ModelError",
    "NotFittedError",
    "ShiftedBetaGeometric",
    "customer_lifetime_value",
    "rfm_summary",
]
