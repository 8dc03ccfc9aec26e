"""Health scores and churn risk on the Workspace facade (thin: the work is in tenure.models)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from tenure.dates import parse_day as _day
from tenure.facade import facade

if TYPE_CHECKING:
    from tenure.models.health.breakdown import HealthBreakdown
    from tenure.models.risk.fitter import ChurnRiskModel


class HealthAndRisk:
    """Workspace methods for point-in-time signals, health scorecards and churn risk."""

    # -- health and churn risk -----------------------------------------------------------

    def signals(
        self, as_of: date | str | None = None, accounts: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """Point-in-time signals of every account known on `as_of` (default: the last day
        with data): one row per account, the columns of `tenure.models.signals.catalogue`."""
        ws = facade(self)
        from tenure.models.signals.service import data_horizon, signals_frame

        day = _day(as_of) or data_horizon(ws)
        frame = signals_frame(ws, [day], accounts)
        return frame.assign(as_of=day.isoformat())

    def data_horizon(self) -> date:
        """The last day the workspace has data for: the default `as_of` of health and risk."""
        ws = facade(self)
        from tenure.models.signals.service import data_horizon

        return data_horizon(ws)

    def health(self, as_of: date | str | None = None, by: Sequence[str] = ()) -> pd.DataFrame:
        """Health of every paying customer on `as_of`: account_id, as_of, card, score (0–100),
        tier (red/yellow/green), previous_score, previous_tier, trend, direction, mrr,
        plan, `score_<group>` per card group, and the `by` attributes."""
        ws = facade(self)
        from tenure.models.health.service import health_frame

        return health_frame(ws, _day(as_of), by)

    def health_summary(
        self, as_of: date | str | None = None, by: Sequence[str] = ()
    ) -> pd.DataFrame:
        """Per segment of `by` (or overall): accounts, mean score, MRR and the tier mix."""
        ws = facade(self)
        from tenure.models.health.summary import health_summary

        return health_summary(ws.health(as_of, by), by)

    def health_breakdown(self, account_id: str, as_of: date | str | None = None) -> HealthBreakdown:
        """One account's score explained: groups and measures with value, score and points."""
        ws = facade(self)
        from tenure.models.health.breakdown import health_breakdown

        return health_breakdown(ws, account_id, _day(as_of))

    def save_health(self, as_of: date | str | None = None) -> int:
        """Compute health on `as_of` and keep it in `tenure_health_history` (replacing any
        earlier computation of that day); returns the rows kept."""
        ws = facade(self)
        from tenure.models.health.history import save_health

        return save_health(ws, ws.health(as_of))

    def health_history(
        self,
        account_id: str | None = None,
        start: date | str | None = None,
        end: date | str | None = None,
    ) -> pd.DataFrame:
        """Saved health scores (as_of, account_id, card, score, tier, …), oldest first."""
        ws = facade(self)
        from tenure.models.health.history import read_health

        return read_health(ws, account_id, _day(start), _day(end))

    def fit_risk(self, save: bool = True) -> ChurnRiskModel:
        """Fit the churn-risk model on the workspace's history (time split, backtest beside
        the health score) and, by default, keep it in the workspace folder."""
        ws = facade(self)
        from tenure.models.risk.service import fit_risk

        return fit_risk(ws, save)

    def risk_model(self) -> ChurnRiskModel:
        """The saved churn-risk model (fitted and saved first if there is none)."""
        ws = facade(self)
        from tenure.models.risk.service import load_or_fit

        return load_or_fit(ws)

    def risk(
        self, as_of: date | str | None = None, explain: int | Sequence[str] | None = None
    ) -> pd.DataFrame:
        """P(churn within the horizon) of every paying customer on `as_of`, riskiest
        first: account_id, as_of, probability, band (low/medium/high), mrr,
        revenue_at_risk, drivers — for every account, or only for the `explain` riskiest
        or the account ids it lists (the others empty): explaining is most of the time
        on a large company."""
        ws = facade(self)
        from tenure.models.risk.service import score_risk

        return score_risk(ws, _day(as_of), explain)

    def risk_drivers(self, account_id: str, as_of: date | str | None = None) -> pd.DataFrame:
        """What moves one account's risk: per feature its value and effect on P(churn)."""
        ws = facade(self)
        from tenure.models.risk.service import account_drivers

        return account_drivers(ws, account_id, _day(as_of))

    def save_risk(self, as_of: date | str | None = None) -> int:
        """Score risk on `as_of` and keep it in `tenure_risk_scores` (replacing that day's)."""
        ws = facade(self)
        from tenure.models.risk.service import save_risk

        return save_risk(ws, ws.risk(as_of))
