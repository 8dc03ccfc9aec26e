"""Shared constants and independent statistics for the demo tests (window counts, AUC)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from tenure.demo import DemoSpec

SPEC = DemoSpec(accounts=6_000, months=36, seed=7, end=date(2026, 10, 31))
HORIZON = pd.Timestamp(SPEC.end) + pd.Timedelta(days=1)
ADDON = "api-pack"
FAR = pd.Timestamp("2200-01-01")  # stands for "never" in open intervals


def event_counter(events: pd.DataFrame) -> tuple[dict[str, int], np.ndarray]:
    """Sorted (account ordinal, second) keys of the events, for fast window counts."""
    codes = {account: index for index, account in enumerate(events["account_id"].unique())}
    ordinal = events["account_id"].map(codes).to_numpy(np.int64)
    seconds = events["occurred_at"].to_numpy("datetime64[s]").astype(np.int64)
    return codes, np.sort(ordinal * 2**32 + seconds)


def count_between(
    codes: dict[str, int],
    keys: np.ndarray,
    accounts: pd.Series,
    start: pd.Series,
    stop: pd.Series,
) -> np.ndarray:
    """Number of events of each account in [start, stop)."""
    ordinal = accounts.map(codes).fillna(-1).to_numpy(np.int64) * 2**32
    low = ordinal + start.to_numpy("datetime64[s]").astype(np.int64)
    high = ordinal + stop.to_numpy("datetime64[s]").astype(np.int64)
    counts = np.searchsorted(keys, high) - np.searchsorted(keys, low)
    return np.where(ordinal >= 0, counts, 0)


def auc(positive: np.ndarray, negative: np.ndarray) -> float:
    """Area under the ROC curve: P(score of a positive > score of a negative), ties half."""
    scores = np.r_[positive, negative]
    ranks = pd.Series(scores).rank().to_numpy()
    rank_sum = ranks[: positive.size].sum()
    return float(
        (rank_sum - positive.size * (positive.size + 1) / 2) / (positive.size * negative.size)
    )
