"""Health of a workspace's customers as of a date: card scores, tiers, trend, breakdown.

Signals come from `tenure.models.signals` (point in time); scoring is `scoring`. The
previous score is the same card computed `trend_days` earlier, so trends never depend on
what happened to be saved.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pandas as pd

from tenure.models.attributes import check_attributes, with_attributes
from tenure.models.health.scoring import GROUP_PREFIX, directions, score_card, tiers
from tenure.models.health.settings import HealthSettings
from tenure.models.signals.service import data_horizon, signals_frame

if TYPE_CHECKING:
    from tenure.workspace import Workspace

#: The leading columns of every health table, in order (group scores follow).
HEALTH_COLUMNS = (
    "account_id",
    "as_of",
    "card",
    "score",
    "tier",
    "previous_score",
    "previous_tier",
    "trend",
    "direction",
    "mrr",
    "plan",
)


def score_signals(signals: pd.DataFrame, settings: HealthSettings) -> pd.DataFrame:
    """Card, score, tier and group scores of every row of a signals frame."""
    if settings.card_by is None:
        cards = pd.Series("default", index=signals.index)
    else:
        cards = signals[settings.card_by].map(settings.card_for)
    parts = [
        score_card(signals[cards == name], settings.cards[name]).assign(card=name)
        for name in cards.unique()
    ]
    scored = pd.concat(parts) if parts else pd.DataFrame(columns=["score", "card"])
    scored = scored.reindex(signals.index)
    scored["tier"] = tiers(scored["score"], settings)
    return scored


def health_scores(ws: Workspace, signals: pd.DataFrame) -> pd.Series:
    """The health score of every row of a signals frame (on the workspace's cards)."""
    settings: HealthSettings = ws.settings.health
    frame = signals
    if settings.card_by is not None:
        frame = with_attributes(ws, signals.reset_index(drop=True), [settings.card_by])
        frame.index = signals.index
    return score_signals(frame, settings)["score"]


def _customers(ws: Workspace, days: Sequence[date], settings: HealthSettings) -> pd.DataFrame:
    frame = signals_frame(ws, days)
    frame = frame[frame["is_customer"]].reset_index(drop=True)
    if settings.card_by is not None:
        frame = with_attributes(ws, frame, [settings.card_by])
    return frame


def health_frame(ws: Workspace, as_of: date | None = None, by: Sequence[str] = ()) -> pd.DataFrame:
    """One row per paying customer on `as_of` (default: the data horizon): the HEALTH_COLUMNS,
    `score_<group>` columns and the `by` attributes."""
    settings: HealthSettings = ws.settings.health
    check_attributes(ws, by)
    day = as_of or data_horizon(ws)
    before = day - timedelta(days=settings.trend_days)
    frame = _customers(ws, [before, day], settings)
    frame = pd.concat([frame, score_signals(frame, settings)], axis=1)
    current = frame[frame["as_of"] == day]
    previous = frame[frame["as_of"] == before].set_index("account_id")["score"]
    result = current.assign(
        score=current["score"].astype("float64"),
        previous_score=current["account_id"].map(previous).astype("float64"),
    )
    result["previous_tier"] = tiers(result["previous_score"], settings)
    result["trend"] = result["score"] - result["previous_score"]
    result["direction"] = directions(result["trend"], settings.trend_flat)
    result["as_of"] = day.isoformat()
    groups = [c for c in result.columns if c.startswith(GROUP_PREFIX)]
    result = result[[*HEALTH_COLUMNS, *groups]].reset_index(drop=True)
    return with_attributes(ws, result, by)
