"""The scorecard math, on plain data frames: measures → 0–100, groups, score, tier.

Pure pandas/numpy, so hand-computed cases test it directly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tenure.models.health.settings import Card, HealthSettings, Measure

#: Prefix of the group-score columns of a health table.
GROUP_PREFIX = "score_"


def score_measure(values: pd.Series, measure: Measure) -> pd.Series:
    """Each value scored 0–100 by the measure's rule; unknown values score `missing` (NaN
    when the measure is then left out)."""
    x = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64")
    if measure.linear is not None:
        points = np.array(measure.linear, dtype="float64")
        scored = np.interp(x, points[:, 0], points[:, 1])
    else:
        points = np.array(measure.thresholds or [], dtype="float64")
        index = np.searchsorted(points[:, 0], x, side="right") - 1
        scored = points[np.clip(index, 0, len(points) - 1), 1]
    fill = np.nan if measure.missing is None else measure.missing
    return pd.Series(np.where(np.isnan(x), fill, scored), index=values.index, name=measure.signal)


def weighted_mean(scores: pd.DataFrame, weights: pd.Series) -> pd.Series:
    """Row-wise mean of the known scores weighted by `weights` (NaN when none is known)."""
    known = scores.notna()
    w = known.mul(weights, axis=1)
    total = w.sum(axis=1)
    summed = scores.fillna(0.0).mul(weights, axis=1).sum(axis=1)
    return (summed / total).where(total > 0)


def measure_scores(signals: pd.DataFrame, card: Card) -> pd.DataFrame:
    """One column per measure of the card (weight > 0), named by its signal."""
    active = [m for m in card.measures if m.weight > 0]
    return pd.DataFrame({m.signal: score_measure(signals[m.signal], m) for m in active})


def group_scores(measures: pd.DataFrame, card: Card) -> pd.DataFrame:
    """One column per group: the weighted mean of its known measure scores."""
    columns = {}
    for group in card.groups:
        members = [m for m in card.measures if m.group == group and m.weight > 0]
        weights = pd.Series({m.signal: m.weight for m in members}, dtype="float64")
        columns[group] = weighted_mean(measures[list(weights.index)], weights)
    return pd.DataFrame(columns, index=measures.index)


def card_score(groups: pd.DataFrame, card: Card) -> pd.Series:
    """The card's score: the weighted mean of the known group scores."""
    weights = pd.Series(card.groups, dtype="float64")
    return weighted_mean(groups[list(weights.index)], weights)


def score_card(signals: pd.DataFrame, card: Card) -> pd.DataFrame:
    """Score and group scores (`score_<group>`) of every row of `signals` on one card."""
    groups = group_scores(measure_scores(signals, card), card)
    result = groups.add_prefix(GROUP_PREFIX)
    result.insert(0, "score", card_score(groups, card))
    return result


def tiers(scores: pd.Series, settings: HealthSettings) -> pd.Series:
    """red / yellow / green of each score (unknown scores have no tier)."""
    cut = settings.tiers
    tier = np.where(
        scores < cut.red_below, "red", np.where(scores >= cut.green_from, "green", "yellow")
    )
    return pd.Series(tier, index=scores.index, dtype="object").where(scores.notna())


def directions(trend: pd.Series, flat: float) -> pd.Series:
    """up / down / flat of each score change (unknown when there is no previous score)."""
    label = np.where(trend > flat, "up", np.where(trend < -flat, "down", "flat"))
    return pd.Series(label, index=trend.index, dtype="object").where(trend.notna())
