"""The health mix of a segment: accounts, mean score, MRR and how many are in each tier."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from tenure.models.health.settings import TIERS


def health_summary(health: pd.DataFrame, by: Sequence[str] = ()) -> pd.DataFrame:
    """Per value of `by` (one row overall when empty): accounts, mean_score, mrr, and per
    tier its accounts (`red`, …) and MRR (`red_mrr`, …)."""
    frame = health.assign(**{tier: health["tier"] == tier for tier in TIERS})
    for tier in TIERS:
        frame[f"{tier}_mrr"] = frame["mrr"].where(frame[tier], 0.0)
    keys: list[Any] = list(by) or [pd.Series("all", index=frame.index, name="segment")]
    grouped = frame.groupby(keys, dropna=False)
    result = grouped.agg(
        accounts=("account_id", "count"),
        mean_score=("score", "mean"),
        mrr=("mrr", "sum"),
        **{tier: (tier, "sum") for tier in TIERS},
        **{f"{t}_mrr": (f"{t}_mrr", "sum") for t in TIERS},
    )
    return result.reset_index()
