"""Train/test splits of snapshot examples: by time (with a gap as long as the label
window, so no training label looks into the test period), or at random when the examples
have no time (a table like Telco's)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from tenure.models.errors import RiskError


@dataclass(frozen=True)
class TimeSplit:
    """Boolean masks over the examples: train, test, and every labelled row."""

    train: pd.Series
    test: pd.Series
    labelled: pd.Series

    def describe(self, examples: pd.DataFrame) -> dict[str, Any]:
        """Sizes and (when timed) date ranges of the two parts."""
        info: dict[str, Any] = {
            "train_rows": int(self.train.sum()),
            "test_rows": int(self.test.sum()),
        }
        if "as_of" in examples.columns:
            for part, mask in (("train", self.train), ("test", self.test)):
                days = examples.loc[mask, "as_of"]
                info[f"{part}_from"] = str(days.min())
                info[f"{part}_to"] = str(days.max())
        return info


def time_split(days: pd.Series, test_snapshots: int, gap: timedelta) -> TimeSplit:
    """The last `test_snapshots` snapshot days are the test set; training takes the days
    whose label window (`gap`) closes by the first test day."""
    unique: list[date] = sorted(days.unique())
    if len(unique) < test_snapshots + 1:
        raise RiskError(
            f"{len(unique)} snapshot(s) of history: at least {test_snapshots + 1} are needed"
            " (more history, or fewer test_months)"
        )
    first_test = unique[-test_snapshots]
    train_days = [d for d in unique if d + gap <= first_test]
    if not train_days:
        raise RiskError(
            f"no snapshot ends its label window before the test period ({first_test}):"
            " more history is needed"
        )
    train = days.isin(train_days)
    test = days >= first_test
    return TimeSplit(train, test, pd.Series(True, index=days.index))


def random_split(examples: pd.DataFrame, label: str, seed: int, share: float = 0.25) -> TimeSplit:
    """A stratified random split (for examples without snapshot dates)."""
    index = np.arange(len(examples))
    _, test_rows = train_test_split(
        index, test_size=share, random_state=seed, stratify=examples[label]
    )
    test = pd.Series(np.isin(index, test_rows), index=examples.index)
    return TimeSplit(~test, test, pd.Series(True, index=examples.index))
