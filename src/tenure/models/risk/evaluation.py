"""Backtest figures of a ranking of accounts by risk: AUC, precision and lift at the top,
and a binned calibration table. Plain numpy, so any score (model or health) is judged
the same way."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

#: Share of accounts ranked riskiest for precision and lift.
TOP_SHARE = 0.10


def auc(labels: np.ndarray, scores: np.ndarray) -> float | None:
    """Area under the ROC curve (None when only one class is present)."""
    if len(np.unique(labels)) < 2:
        return None
    return float(roc_auc_score(labels, scores))


def precision_at(labels: np.ndarray, scores: np.ndarray, share: float = TOP_SHARE) -> float:
    """Share of churners among the `share` of accounts with the highest scores."""
    count = max(1, math.ceil(share * len(labels)))
    order = np.argsort(-scores, kind="stable")[:count]
    return float(np.mean(labels[order]))


def figures(labels: np.ndarray, scores: np.ndarray) -> dict[str, float | None]:
    """auc, precision_at_10, lift_at_10 (precision ÷ base rate), base_rate, n, positives."""
    labels = np.asarray(labels, dtype="float64")
    scores = np.asarray(scores, dtype="float64")
    base = float(labels.mean()) if len(labels) else 0.0
    precision = precision_at(labels, scores) if len(labels) else 0.0
    return {
        "auc": auc(labels, scores),
        "precision_at_10": precision,
        "lift_at_10": precision / base if base > 0 else None,
        "base_rate": base,
        "n": float(len(labels)),
        "positives": float(labels.sum()),
    }


def calibration(labels: np.ndarray, probabilities: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """Per bin of predicted probability (deciles): accounts, mean predicted, observed rate."""
    frame = pd.DataFrame({"label": labels, "p": probabilities})
    frame["bin"] = pd.qcut(frame["p"].rank(method="first"), q=min(bins, len(frame)), labels=False)
    table = frame.groupby("bin").agg(
        accounts=("label", "size"),
        predicted=("p", "mean"),
        observed=("label", "mean"),
        low=("p", "min"),
        high=("p", "max"),
    )
    return table.reset_index(drop=True)
