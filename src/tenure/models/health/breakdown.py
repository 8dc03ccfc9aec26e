"""One account's health explained: each measure's value, score, weight and points.

`points` are what a measure adds to the score: its score × its share of the weight in
force (weights of unknown measures and groups are spread over the known ones), so the
points of an account sum to its score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

from tenure.models.attributes import with_attributes
from tenure.models.errors import HealthError
from tenure.models.health.scoring import group_scores, measure_scores
from tenure.models.health.service import score_signals
from tenure.models.health.settings import Card, HealthSettings, Measure
from tenure.models.signals.service import data_horizon, signals_frame

if TYPE_CHECKING:
    from tenure.workspace import Workspace


@dataclass(frozen=True)
class HealthBreakdown:
    """An account's score, tier and trend, with its groups and measures."""

    account_id: str
    as_of: str
    card: str
    score: float | None
    tier: str | None
    previous_score: float | None
    trend: float | None
    groups: pd.DataFrame
    measures: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (NaN becomes None)."""
        head = {k: getattr(self, k) for k in ("account_id", "as_of", "card", "score", "tier")}
        return {
            **head,
            "previous_score": self.previous_score,
            "trend": self.trend,
            "groups": _records(self.groups),
            "measures": _records(self.measures),
        }


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    clean = frame.astype(object).where(frame.notna(), None)
    return [{str(k): v for k, v in row.items()} for row in clean.to_dict("records")]


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _group_shares(groups: pd.Series, card: Card) -> dict[str, float]:
    """Each known group's share of the card's weight in force."""
    known = {g: w for g, w in card.groups.items() if pd.notna(groups[g])}
    total = sum(known.values())
    return {g: (w / total if total else 0.0) for g, w in known.items()}


def _measure_share(measure: Measure, scores: pd.Series, card: Card) -> float:
    """The measure's share of its group's weight in force (0 when its value is unknown)."""
    peers = [p for p in card.measures if p.group == measure.group and p.weight > 0]
    known = sum(p.weight for p in peers if pd.notna(scores[p.signal]))
    return measure.weight / known if known and pd.notna(scores[measure.signal]) else 0.0


def explain_card(row: pd.Series, card: Card) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(groups, measures) tables of one signals row scored on `card`."""
    measured = measure_scores(row.to_frame().T, card)
    scores, groups = measured.iloc[0], group_scores(measured, card).iloc[0]
    shares = _group_shares(groups, card)
    measures = [
        {
            "group": m.group,
            "signal": m.signal,
            "label": m.title,
            "value": _number(row[m.signal]),
            "score": _number(scores[m.signal]),
            "weight": m.weight,
            "points": _number(
                scores[m.signal] * _measure_share(m, scores, card) * shares.get(m.group, 0.0)
            )
            or 0.0,
        }
        for m in card.measures
        if m.weight > 0
    ]
    group_rows = [
        {"group": g, "weight": w, "score": _number(groups[g]), "share": shares.get(g, 0.0)}
        for g, w in card.groups.items()
    ]
    return pd.DataFrame(group_rows), pd.DataFrame(measures)


def _account_signals(ws: Workspace, account_id: str, days: list[date]) -> pd.DataFrame:
    frame = signals_frame(ws, days, [account_id])
    card_by = ws.settings.health.card_by
    return frame if card_by is None else with_attributes(ws, frame, [card_by])


def health_breakdown(ws: Workspace, account_id: str, as_of: date | None = None) -> HealthBreakdown:
    """The health of one account on `as_of` (default: the data horizon), explained."""
    settings: HealthSettings = ws.settings.health
    day = as_of or data_horizon(ws)
    before = day - timedelta(days=settings.trend_days)
    frame = _account_signals(ws, account_id, [before, day])
    scored = pd.concat([frame[["as_of", "is_customer"]], score_signals(frame, settings)], axis=1)
    now, then = scored[scored["as_of"] == day], scored[scored["as_of"] == before]
    if now.empty:
        raise HealthError(f"no account {account_id!r} on {day.isoformat()}")
    current = now.iloc[0]
    score = _number(current["score"])
    known = then[then["is_customer"]]
    previous = _number(known["score"].iloc[0]) if len(known) else None
    card = str(current["card"])
    groups, measures = explain_card(frame.loc[now.index[0]], settings.cards[card])
    trend = None if score is None or previous is None else score - previous
    tier = current["tier"] if isinstance(current["tier"], str) else None
    return HealthBreakdown(
        account_id, day.isoformat(), card, score, tier, previous, trend, groups, measures
    )
