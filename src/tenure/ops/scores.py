"""Account scores the operations use, from whatever the workspace offers.

Health (`Workspace.health`) and churn risk (`Workspace.risk`) come from the models; the
engagement tier from the metric engine. A score the workspace cannot give yet is None,
and the rules and lists that need it say so instead of guessing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd

from tenure.models.errors import HealthError, RiskError
from tenure.workspace import Workspace

TIER_ORDER = {"bad": 0, "good": 1, "excellent": 2}
_HEALTH_COLUMNS = {
    "score": ("score", "health_score", "health"),
    "tier": ("tier", "band", "label"),
    "previous_score": ("previous_score", "previous", "score_previous", "prev_score"),
    "previous_tier": ("previous_tier", "tier_previous", "prev_tier"),
    "trend": ("trend", "change", "score_change"),
}
_RISK_COLUMNS = {
    "probability": ("probability", "churn_probability", "risk", "risk_score"),
    "drivers": ("drivers", "top_drivers", "reasons"),
}


def available(ws: Workspace, method: str) -> bool:
    """True when the workspace has the method (`health`, `risk`)."""
    return callable(getattr(ws, method, None))


def _pick(frame: pd.DataFrame, names: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """`account_id` and the first present column of each candidate list, renamed."""
    columns: dict[str, Any] = {"account_id": frame["account_id"].astype(str)}
    for name, candidates in names.items():
        found = next((c for c in candidates if c in frame.columns), None)
        columns[name] = frame[found] if found else None
    return pd.DataFrame(columns).reset_index(drop=True)


def _scores(
    ws: Workspace, method: str, day: date, notes: list[str] | None = None, **options: Any
) -> pd.DataFrame | None:
    """The frame `ws.<method>(as_of=day, **options)` with `account_id` as a column; None
    (and a note) when the workspace cannot give it: no such method, or a model that cannot
    be used yet (too little history to fit churn risk, say)."""
    compute = getattr(ws, method, None)
    if not callable(compute):
        return None
    try:
        frame: pd.DataFrame = compute(as_of=day, **options)
    except (ModuleNotFoundError, HealthError, RiskError) as error:
        if notes is not None:
            notes.append(f"{method} not available: {error}")
        return None
    if "account_id" not in frame.columns and frame.index.name == "account_id":
        frame = frame.reset_index()
    return frame


def health(ws: Workspace, day: date, notes: list[str] | None = None) -> pd.DataFrame | None:
    """`account_id`, `score`, `tier`, `previous_score`, `previous_tier`, `trend` on `day`."""
    frame = _scores(ws, "health", day, notes)
    if frame is None:
        return None
    picked = _pick(frame, _HEALTH_COLUMNS)
    picked["tier"] = picked["tier"].astype("string").str.lower()
    picked["score"] = pd.to_numeric(picked["score"], errors="coerce")
    return picked


def risk(ws: Workspace, day: date, notes: list[str] | None = None) -> pd.DataFrame | None:
    """`account_id`, `probability` (of churn within the model's horizon), `drivers` (empty:
    no caller shows them, and explaining every account is most of scoring's time)."""
    frame = _scores(ws, "risk", day, notes, explain=0)
    if frame is None:
        return None
    picked = _pick(frame, _RISK_COLUMNS)
    picked["probability"] = pd.to_numeric(picked["probability"], errors="coerce")
    return picked


def engagement(ws: Workspace, day: date) -> pd.DataFrame:
    """`account_id`, `tier` (bad/good/excellent) of each paying customer on `day`."""
    accounts = ws.explain("engagement_tier", day, grain="day").accounts
    if accounts.empty:
        return pd.DataFrame({"account_id": pd.Series([], dtype="string"), "tier": []})
    tiers = pd.Series("bad", index=accounts.index)
    for tier in ("good", "excellent"):
        tiers = tiers.where(accounts[tier].astype(float) < 0.5, tier)
    return pd.DataFrame({"account_id": accounts["account_id"].astype(str), "tier": tiers})
