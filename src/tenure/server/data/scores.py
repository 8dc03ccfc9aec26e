"""Each paying account's health and churn risk on the last day of data, for the customer
list (cached per data version); and one account's health breakdown and risk drivers.

Risk needs enough history to fit its model: until then the scores carry health only and
say why risk is missing, as the Health & risk page does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from tenure.errors import TenureError
from tenure.server.engine import cached, frame_rows, has
from tenure.workspace import Workspace

#: The score columns the customer list gains.
SCORE_COLUMNS = ("health_score", "health_tier", "risk_probability", "risk_band")
#: Risk drivers shown on an account page.
DRIVERS = 8


@dataclass(frozen=True)
class Scores:
    """`account_id` and SCORE_COLUMNS per paying account, and why risk is absent if it is."""

    frame: pd.DataFrame
    risk_problem: str | None = None


def account_scores(ws: Workspace) -> Scores | None:
    """Health and risk of every paying account (None until the workspace scores health)."""
    if not (has("health") and has("risk")):
        return None
    found: Scores = cached(ws, "account-scores", None, lambda: _scores(ws))
    return found


def _scores(ws: Workspace) -> Scores:
    health = ws.health()[["account_id", "score", "tier"]]
    frame = health.rename(columns={"score": "health_score", "tier": "health_tier"})
    try:
        risk = ws.risk(explain=0)[["account_id", "probability", "band"]]
    except TenureError as error:  # too little history for the churn model
        return Scores(_typed(frame.assign(risk_probability=None, risk_band=None)), str(error))
    risk = risk.rename(columns={"probability": "risk_probability", "band": "risk_band"})
    return Scores(_typed(frame.merge(risk, on="account_id", how="outer")))


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    types = {"health_score": "float64", "risk_probability": "float64"}
    text = {"account_id": "string", "health_tier": "string", "risk_band": "string"}
    return frame[["account_id", *SCORE_COLUMNS]].astype(types | text)


def health_detail(ws: Workspace, account_id: str) -> dict[str, Any] | None:
    """The account's health score explained (None when it is not a paying customer)."""
    if not has("health_breakdown"):
        return None
    try:
        found: dict[str, Any] = cached(
            ws, "health-breakdown", account_id, lambda: ws.health_breakdown(account_id).to_dict()
        )
    except TenureError:
        return None
    return found


def risk_detail(ws: Workspace, account_id: str) -> tuple[dict[str, Any] | None, str | None]:
    """The account's churn risk and its strongest drivers, or why there is none."""
    scores = account_scores(ws)
    if scores is None:
        return None, None
    if scores.risk_problem:
        return None, scores.risk_problem
    row = scores.frame[scores.frame["account_id"] == account_id]
    if row.empty or pd.isna(row["risk_probability"].iloc[0]):
        return None, "Churn risk is scored for paying customers only."
    drivers = cached(ws, "risk-drivers", account_id, lambda: _drivers(ws, account_id))
    first = row.iloc[0]
    return {
        "probability": float(first["risk_probability"]),
        "band": str(first["risk_band"]),
        "drivers": drivers,
    }, None


def _drivers(ws: Workspace, account_id: str) -> list[dict[str, Any]]:
    frame = ws.risk_drivers(account_id)
    raising = frame[frame["effect"] > 0].sort_values("effect", ascending=False)
    return frame_rows(raising.head(DRIVERS))
