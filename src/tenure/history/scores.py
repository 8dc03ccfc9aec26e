"""Account scores (health, churn risk) as the snapshot stores them, from whatever exists.

A score kind is snapshotted only when its Workspace method exists; its result is read by
column name, so a kind that cannot be read is reported as a problem, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from tenure.history.values import exact

if TYPE_CHECKING:
    from tenure.workspace import Workspace

#: Score kind → the Workspace method that computes it for a day (`as_of`).
SCORE_METHODS = {"health": "health", "risk": "risk"}
#: Column names a score may have, by preference.
SCORE_COLUMNS = (
    "score",
    "health_score",
    "health",
    "risk_score",
    "churn_probability",
    "probability",
    "risk",
)
LABEL_COLUMNS = ("band", "grade", "label", "tier", "risk_band", "level", "status")

ScoreRow = dict[str, Any]


def score_method(ws: Workspace, kind: str) -> Callable[..., Any] | None:
    """The Workspace method computing `kind` scores, or None while it does not exist."""
    method = getattr(ws, SCORE_METHODS[kind], None)
    return method if callable(method) else None


def score_rows(ws: Workspace, day: date) -> tuple[list[ScoreRow], list[str]]:
    """Every available kind's score per account on `day`, and the problems met."""
    rows: list[ScoreRow] = []
    problems: list[str] = []
    for kind in SCORE_METHODS:
        method = score_method(ws, kind)
        if method is None:
            problems.append(f"{kind}: not available in this workspace")
            continue
        try:
            rows += _rows(kind, _frame(method(as_of=day)), day)
        except Exception as error:  # a score that fails is reported, not invented
            problems.append(f"{kind}: {type(error).__name__}: {error}")
    return rows, problems


def _frame(result: object) -> pd.DataFrame:
    """A score result as a frame (a frame already, or an object holding one)."""
    if isinstance(result, pd.DataFrame):
        return result
    for attribute in ("scores", "frame", "table"):
        found = getattr(result, attribute, None)
        if isinstance(found, pd.DataFrame):
            return found
    to_pandas = getattr(result, "to_pandas", None)
    if callable(to_pandas):
        frame = to_pandas()
        if isinstance(frame, pd.DataFrame):
            return frame
    raise TypeError(f"cannot read scores from a {type(result).__name__}")


def _first(frame: pd.DataFrame, names: tuple[str, ...]) -> str | None:
    return next((name for name in names if name in frame.columns), None)


def _rows(kind: str, frame: pd.DataFrame, day: date) -> list[ScoreRow]:
    score = _first(frame, SCORE_COLUMNS)
    if "account_id" not in frame.columns or score is None:
        raise ValueError(f"no account_id and score columns in {list(frame.columns)}")
    label = _first(frame, LABEL_COLUMNS)
    return [
        {
            "snapshot_date": day,
            "kind": kind,
            "account_id": str(row["account_id"]),
            "score": exact(row[score]),
            "label": None if label is None or pd.isna(row[label]) else str(row[label]),
        }
        for row in frame.to_dict("records")
    ]
