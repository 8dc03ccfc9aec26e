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
from tenure.models.health.settings import Card, HealthSettings
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


def explain_card(row: pd.Series, card: Card) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(groups, measures) tables of one signals row scored on `card`."""
    one = row.to_frame().T
    scores = measure_scores(one, card).iloc[0]
    groups = group_scores(measure_scores(one, card), card).iloc[0]
    known_groups = {g: w for g, w in card.groups.items() if pd.notna(groups[g])}
    total = sum(known_groups.values())
    group_share = {g: (w / total if total else 0.0) for g, w in known_groups.items()}
    measures = []
    for m in (m for m in card.measures if m.weight > 0):
        peers = [p for p in card.measures if p.group == m.group and p.weight > 0]
        known = sum(p.weight for p in peers if pd.notna(scores[p.signal]))
        share = m.weight / known if known and pd.notna(scores[m.signal]) else 0.0
        points = scores[m.signal] * share * group_share.get(m.group, 0.0)
        measures.append(
            {
                "group": m.group,
                "signal": m.signal,
                "label": m.title,
                "value": _number(row[m.signal]),
                "score": _number(scores[m.signal]),
                "weight": m.weight,
                "points": _number(points) or 0.0,
            }
        )
    group_rows = [
        {"group": g, "weight": w, "score": _number(groups[g]), "share": group_share.get(g, 0.0)}
        for g, w in card.groups.items()
    ]
    return pd.DataFrame(group_rows), pd.DataFrame(measures)


def health_breakdown(ws: Workspace, account_id: str, as_of: date | None = None) -> HealthBreakdown:
    """The health of one account on `as_of` (default: the data horizon), explained."""
    settings: HealthSettings = ws.settings.health
    day = as_of or data_horizon(ws)
    before = day - timedelta(days=settings.trend_days)
    frame = signals_frame(ws, [before, day], [account_id])
    if settings.card_by is not None:
        frame = with_attributes(ws, frame, [settings.card_by])
    now = frame[frame["as_of"] == day]
    if now.empty:
        raise HealthError(f"no account {account_id!r} on {day.isoformat()}")
    scored = score_signals(frame, settings)
    current = scored.loc[now.index[0]]
    was = scored.loc[frame.index[frame["as_of"] == before]]
    previous = (
        _number(was["score"].iloc[0])
        if len(was) and frame.loc[was.index[0], "is_customer"]
        else None
    )
    score = _number(current["score"])
    groups, measures = explain_card(now.iloc[0], settings.cards[str(current["card"])])
    trend = None if score is None or previous is None else score - previous
    tier = current["tier"] if isinstance(current["tier"], str) else None
    return HealthBreakdown(
        account_id,
        day.isoformat(),
        str(current["card"]),
        score,
        tier,
        previous,
        trend,
        groups,
        measures,
    )
