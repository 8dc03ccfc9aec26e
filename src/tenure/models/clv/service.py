"""CLV on a workspace's invoices: purchases, the BG/NBD and Gamma-Gamma fits, account scores.

Fronts (CLI, API) call these with `workspace.table("invoices")`; they never fit models
themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis.expr.types as ir
import pandas as pd

from tenure.models.clv.bgnbd import BetaGeoFitter
from tenure.models.clv.errors import ModelDataError
from tenure.models.clv.gamma_gamma import GammaGammaFitter
from tenure.models.clv.summary import UNIT_DAYS, DateLike, TimeUnit, as_day, as_days, rfm_summary
from tenure.models.clv.value import customer_lifetime_value

#: Invoice statuses that are not purchases.
NOT_PURCHASES = ("void", "refunded")
_YEAR_DAYS = 365.25


def invoice_purchases(invoices: ir.Table) -> pd.DataFrame:
    """Purchases (customer, date, amount) from invoices: not void or refunded, amount ≥ 0
    (credit notes are not purchases); money becomes float only here, for the models."""
    kept = invoices.filter(
        invoices.status.isnull() | ~invoices.status.isin(NOT_PURCHASES), invoices.amount >= 0
    )
    frame: pd.DataFrame = kept.select(
        customer=kept.account_id, date=kept.issued_at, amount=kept.amount.cast("float64")
    ).to_pandas()
    if frame.empty:
        raise ModelDataError("no invoices to fit CLV on: import invoices first")
    return frame


@dataclass(frozen=True)
class ClvFit:
    """The RFM summary at the calibration end and the two models fitted on it."""

    summary: pd.DataFrame
    bgnbd: BetaGeoFitter
    gamma_gamma: GammaGammaFitter
    calibration_end: pd.Timestamp
    time_unit: TimeUnit

    def parameters(self) -> dict[str, float | int | str]:
        """The fitted parameters under their published names, with fit statistics."""
        return {
            **{str(k): float(v) for k, v in self.bgnbd.params_.items()},
            **{str(k): float(v) for k, v in self.gamma_gamma.params_.items()},
            "bgnbd_log_likelihood": self.bgnbd.log_likelihood_,
            "gamma_gamma_log_likelihood": self.gamma_gamma.log_likelihood_,
            "n_customers": self.bgnbd.n_,
            "n_repeat_buyers": self.gamma_gamma.n_,
            "calibration_end": self.calibration_end.date().isoformat(),
            "time_unit": self.time_unit,
        }

    def scores(self, horizon_months: float = 12, annual_discount_rate: float = 0.1) -> pd.DataFrame:
        """Per customer, best first: P(alive), expected purchases over the horizon, expected
        spend per purchase and CLV (discounted at the annual rate, compounded per period)."""
        if not horizon_months > 0:
            raise ModelDataError("the CLV horizon must be more than 0 months")
        if not annual_discount_rate > -1:
            raise ModelDataError("the annual discount rate must be greater than −1")
        unit = UNIT_DAYS[self.time_unit]
        periods = max(1, round(horizon_months * UNIT_DAYS["month"] / unit))
        rate = (1.0 + annual_discount_rate) ** (unit / _YEAR_DAYS) - 1.0
        s = self.summary
        rfm = (s["frequency"], s["recency"], s["T"])
        scores = s.assign(
            p_alive=self.bgnbd.probability_alive(*rfm),
            expected_purchases=self.bgnbd.expected_purchases(periods, *rfm),
            expected_value=self.gamma_gamma.expected_average_value(s["frequency"], s["monetary"]),
            clv=customer_lifetime_value(
                self.bgnbd, self.gamma_gamma, *rfm, s["monetary"], periods, rate
            ),
        )
        return scores.sort_values("clv", ascending=False, kind="stable")


def fit_clv(
    purchases: pd.DataFrame,
    calibration_end: DateLike | None = None,
    time_unit: TimeUnit = "week",
) -> ClvFit:
    """Summarise purchases (customer, date, amount) up to `calibration_end` (default: the last
    purchase day) and fit BG/NBD on every customer, Gamma-Gamma on repeat buyers."""
    last = as_days(purchases["date"]).max()
    end = as_day("calibration_end", last if calibration_end is None else calibration_end)
    summary = rfm_summary(purchases, end, time_unit)
    bgnbd = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    buyers = summary[(summary["frequency"] > 0) & (summary["monetary"] > 0)]
    if len(buyers) < len(GammaGammaFitter.param_names):
        raise ModelDataError(
            f"Gamma-Gamma needs repeat buyers; only {len(buyers)} up to {end.date()}"
        )
    spend = GammaGammaFitter().fit(buyers["frequency"], buyers["monetary"])
    return ClvFit(summary, bgnbd, spend, end, time_unit)
