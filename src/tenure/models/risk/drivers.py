"""Per-account drivers without SHAP: each feature in turn is set to its typical value and
the change in P(churn) is its effect. Positive effects raise this account's risk."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

Predict = Callable[[pd.DataFrame], np.ndarray]


def feature_effects(
    predict: Predict, frame: pd.DataFrame, features: Sequence[str], reference: pd.Series
) -> pd.DataFrame:
    """P(x) − P(x with one feature set to its reference), one column per feature."""
    base = predict(frame)
    effects = {}
    for feature in features:
        typical = frame.copy()
        typical[feature] = reference.get(feature, np.nan)
        effects[feature] = base - predict(typical)
    return pd.DataFrame(effects, index=frame.index)


def top_drivers(effects: pd.DataFrame, count: int) -> list[list[tuple[str, float]]]:
    """Per row, up to `count` (feature, effect) pairs with the largest positive effects."""
    result = []
    for _, row in effects.iterrows():
        ranked = row[row > 0].sort_values(ascending=False).head(count)
        result.append([(str(name), float(value)) for name, value in ranked.items()])
    return result
