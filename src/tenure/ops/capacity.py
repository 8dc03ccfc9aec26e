"""The capacity planner: how big a CSM's book should be, what the team costs, team sizes.

* suggested accounts per CSM = target book MRR ÷ ARPA (company-wide and per team, since
  enterprise and SMB accounts differ by orders of magnitude);
* CSMs needed = MRR ÷ target book MRR (rounded up);
* CS cost ratio = CSM monthly cost ÷ book MRR, against the target (10 % by default);
* a warning for every team above the size limit (8 by default) and every CSM whose cost
  ratio is above target or whose book exceeds the target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from tenure.ops.portfolio import portfolios
from tenure.ops.settings import PortfolioSettings
from tenure.ops.tables import records
from tenure.workspace import Workspace


@dataclass
class Capacity:
    """The planner's answer: company figures, one row per team, warnings."""

    day: date
    company: dict[str, Any]
    teams: pd.DataFrame
    csms: pd.DataFrame
    warnings: list[str] = field(default_factory=list)


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def company(book: pd.DataFrame, settings: PortfolioSettings) -> dict[str, Any]:
    """Company-wide capacity figures from the portfolios."""
    mrr, accounts = float(book["mrr"].sum()), float(book["accounts"].sum())
    staffed = book[book["accounts"] > 0]
    arpa = _ratio(mrr, accounts)
    return {
        "target_mrr": settings.target_mrr,
        "mrr": mrr,
        "accounts": int(accounts),
        "arpa": arpa,
        "suggested_accounts_per_csm": _ratio(settings.target_mrr, arpa or 0),
        "csms": int(book["name"].notna().sum()),
        "csms_with_accounts": len(staffed),
        "accounts_per_csm": _ratio(accounts, len(staffed)),
        "mrr_per_csm": _ratio(mrr, len(staffed)),
        "csms_needed": math.ceil(mrr / settings.target_mrr) if mrr else 0,
        "monthly_cost": float(book["monthly_cost"].sum()),
        "cost_ratio": _ratio(float(book["monthly_cost"].sum()), mrr),
        "cost_ratio_target": settings.cost_ratio_target,
        "max_team_size": settings.max_team_size,
    }


def teams(book: pd.DataFrame, settings: PortfolioSettings) -> pd.DataFrame:
    """Per team: size, accounts, MRR, ARPA, suggested accounts per CSM, cost ratio."""
    known = book.assign(team=book["team"].fillna("(no team)"))
    grouped = known.groupby("team").agg(
        csms=("name", "count"),
        accounts=("accounts", "sum"),
        mrr=("mrr", "sum"),
        monthly_cost=("monthly_cost", "sum"),
    )
    grouped["arpa"] = grouped["mrr"] / grouped["accounts"].where(grouped["accounts"] > 0)
    grouped["suggested_accounts_per_csm"] = settings.target_mrr / grouped["arpa"]
    grouped["accounts_per_csm"] = grouped["accounts"] / grouped["csms"].where(grouped["csms"] > 0)
    grouped["csms_needed"] = (grouped["mrr"] / settings.target_mrr).apply(math.ceil)
    grouped["cost_ratio"] = grouped["monthly_cost"] / grouped["mrr"].where(grouped["mrr"] > 0)
    grouped["too_big"] = grouped["csms"] > settings.max_team_size
    return grouped.reset_index()


def warnings(book: pd.DataFrame, team_rows: pd.DataFrame, settings: PortfolioSettings) -> list[str]:
    """What needs attention: big teams, costly books, overloaded CSMs."""
    found = [
        f"team {row['team']} has {row['csms']} CSMs (more than {settings.max_team_size}): split it"
        for row in records(team_rows)
        if row["too_big"]
    ]
    for row in records(book):
        if pd.notna(row["cost_ratio"]) and row["cost_ratio"] > settings.cost_ratio_target:
            found.append(
                f"{row['csm_id']} costs {row['cost_ratio']:.0%} of their book's MRR"
                f" (target {settings.cost_ratio_target:.0%})"
            )
        if row["mrr"] > settings.target_mrr:
            found.append(
                f"{row['csm_id']} serves {row['mrr']:,.0f} MRR, above the target book of"
                f" {settings.target_mrr:,.0f}"
            )
    return found


def plan(ws: Workspace, day: date | None = None) -> Capacity:
    """The capacity planner on `day` (default today)."""
    day = day or date.today()
    settings = ws.settings.portfolio
    book = portfolios(ws, day)
    team_rows = teams(book, settings)
    return Capacity(
        day, company(book, settings), team_rows, book, warnings(book, team_rows, settings)
    )
