"""Upsell candidates: paid up, engaged, using enough features, customers long enough, not at
risk — ranked, each with the reasons it qualifies (or the criteria it misses).

Score (0–100), for ranking only: engagement (excellent 40, good 25) + features used
(30 × used ÷ the catalogue's features) + safety (30 × (1 − churn probability); from the
health score when there is no risk model; 15 when neither exists). Ties: higher MRR first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from tenure.ops.asof import conventions, customers, owners
from tenure.ops.rules_billing import overdue_invoices
from tenure.ops.scores import TIER_ORDER, engagement, health, risk
from tenure.ops.settings import UpsellSettings
from tenure.ops.tables import frame_of, records
from tenure.ops.usage import features_used, tenure_days
from tenure.workspace import Workspace

COLUMNS = [
    "rank", "account_id", "name", "owner_id", "mrr", "score", "engagement", "features",
    "tenure_days", "overdue_invoices", "health_score", "health_tier", "risk", "eligible",
    "reasons", "missing",
]  # fmt: skip


@dataclass(frozen=True)
class Facts:
    """Everything the criteria look at, one row per paying customer."""

    frame: pd.DataFrame
    catalogue_size: int
    notes: list[str]


def facts(ws: Workspace, day: date) -> Facts:
    """The facts of every paying customer on `day`."""
    frame = customers(ws, day)
    window = conventions(ws).usage_window_days
    tiers = engagement(ws, day).rename(columns={"tier": "engagement"})
    frame = frame.merge(tiers, on="account_id", how="left")
    frame = frame.merge(features_used(ws, day, window), on="account_id", how="left")
    frame = frame.merge(tenure_days(ws, day), on="account_id", how="left")
    overdue = frame_of(overdue_invoices(ws, day).select("account_id", "invoice_id"))
    counts = overdue.groupby("account_id").size().rename("overdue_invoices").reset_index()
    frame = frame.merge(counts, on="account_id", how="left")
    notes: list[str] = []
    frame = _with_scores(ws, day, frame, notes)
    frame["owner_id"] = frame["account_id"].map(owners(ws, day))
    frame = _defaults(frame)
    size = int(ws.table("features").count().to_pyarrow().as_py())
    return Facts(frame, size, notes)


def _with_scores(ws: Workspace, day: date, frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    found = health(ws, day, notes)
    if found is not None:
        scores = found[["account_id", "score", "tier"]]
        frame = frame.merge(
            scores.rename(columns={"score": "health_score", "tier": "health_tier"}),
            on="account_id",
            how="left",
        )
    chances = risk(ws, day, notes)
    if chances is not None:
        frame = frame.merge(
            chances[["account_id", "probability"]].rename(columns={"probability": "risk"}),
            on="account_id",
            how="left",
        )
    return frame


def _defaults(frame: pd.DataFrame) -> pd.DataFrame:
    for column in ("health_score", "health_tier", "risk"):
        if column not in frame:
            frame[column] = None
    frame["engagement"] = frame["engagement"].fillna("bad")
    for column in ("features", "tenure_days", "overdue_invoices"):
        frame[column] = frame[column].fillna(0).astype(int)
    return frame


def judge(row: dict[str, Any], settings: UpsellSettings) -> tuple[list[str], list[str]]:
    """(reasons met, criteria missed) of one customer."""
    met: list[str] = []
    missed: list[str] = []
    checks = [
        (
            row["overdue_invoices"] == 0,
            "paid up (no invoice overdue)",
            f"{row['overdue_invoices']} invoice(s) overdue",
        ),
        (
            TIER_ORDER[row["engagement"]] >= TIER_ORDER[settings.min_tier],
            f"engagement {row['engagement']}",
            f"engagement {row['engagement']} (needs {settings.min_tier})",
        ),
        (
            row["features"] >= settings.min_features,
            f"uses {row['features']} features",
            f"uses {row['features']} features (needs {settings.min_features})",
        ),
        (
            row["tenure_days"] >= settings.min_tenure_days,
            f"customer for {row['tenure_days']} days",
            f"customer for {row['tenure_days']} days (needs {settings.min_tenure_days})",
        ),
    ]
    checks += _risk_checks(row, settings)
    for ok, reason, problem in checks:
        (met if ok else missed).append(reason if ok else problem)
    return met, missed


def _risk_checks(row: dict[str, Any], settings: UpsellSettings) -> list[tuple[bool, str, str]]:
    checks = []
    if pd.notna(row["risk"]):
        chance = float(row["risk"])
        checks.append(
            (
                chance <= settings.max_risk,
                f"churn risk {chance:.0%}",
                f"churn risk {chance:.0%} (max {settings.max_risk:.0%})",
            )
        )
    if isinstance(row["health_tier"], str):
        tier = row["health_tier"]
        checks.append((tier not in settings.not_tiers, f"health {tier}", f"health {tier}"))
    return checks


def score(row: dict[str, Any], catalogue_size: int) -> float:
    """The ranking score of one customer (see the module's docstring)."""
    engaged = {"excellent": 40.0, "good": 25.0}.get(row["engagement"], 0.0)
    breadth = 30.0 * min(row["features"] / catalogue_size, 1.0) if catalogue_size else 0.0
    if pd.notna(row["risk"]):
        safety = 30.0 * (1 - float(row["risk"]))
    elif pd.notna(row["health_score"]):
        safety = 30.0 * float(row["health_score"]) / 100
    else:
        safety = 15.0
    return round(engaged + breadth + safety, 1)


def candidates(ws: Workspace, day: date | None = None, include_all: bool = False) -> pd.DataFrame:
    """The ranked upsell candidates on `day` (every paying customer with `include_all`)."""
    day = day or date.today()
    found = facts(ws, day)
    rows = records(found.frame)
    for row in rows:
        row["reasons"], row["missing"] = judge(row, ws.settings.upsell)
        row["eligible"] = not row["missing"]
        row["score"] = score(row, found.catalogue_size)
    frame = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in ("rank", "name")])
    if not include_all:
        frame = frame[frame["eligible"].astype(bool)]
    frame = frame.sort_values(["eligible", "score", "mrr"], ascending=False).reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    frame.insert(2, "name", frame["account_id"].map(_names(ws, list(frame["account_id"]))))
    frame = frame[COLUMNS]
    frame.attrs["notes"] = found.notes
    return frame


def _names(ws: Workspace, ids: list[str]) -> dict[str, str | None]:
    accounts = ws.table("accounts")
    rows = frame_of(accounts.filter(accounts.account_id.isin(ids)).select("account_id", "name"))
    return dict(zip(rows["account_id"], rows["name"], strict=True))
