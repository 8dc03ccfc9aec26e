"""The pandas baseline of `make bench`: what an analyst would write with pandas.

It reads the company's Parquet files and computes a core of the suite — MRR, ARR,
customers, ARPA, the MRR movements, logo churn, NRR, NPS, CSAT, CES, ticket volume,
median first response, first-contact resolution, monthly active users and event counts —
monthly over the whole history, company-wide and by plan, CSM and signup cohort, with
vectorised pandas (month-end snapshots of each account's MRR, group-bys per month).

`tenure_core()` lists the same metrics in tenure's catalogue, so the two are timed on the
same work; `compare()` checks the figures both define the same way (MRR, customers,
ARPA, NPS, ticket volume, event count) agree, which makes the baseline a second oracle.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

SPLITS: tuple[str | None, ...] = (None, "plan", "csm_id", "signup_cohort")
#: Months of one billing interval, per interval (weeks and days as 52/12 and 365/12).
PER_MONTH = {"month": 1.0, "quarter": 1 / 3, "year": 1 / 12, "week": 52 / 12, "day": 365 / 12}
#: The tenure metrics this baseline computes too, in catalogue keys.
TENURE_CORE = (
    "mrr", "arr", "customers", "arpa", "mrr_movements", "logo_churn_rate", "nrr", "nps",
    "csat", "ces", "ticket_volume", "first_response_time", "fcr_rate", "active_users",
    "event_count",
)  # fmt: skip


SUBSCRIPTION_COLUMNS = [
    "account_id", "started_at", "ended_at", "amount", "interval", "interval_count", "is_trial",
]  # fmt: skip


@dataclass
class Company:
    """The tables the baseline reads, straight from Parquet."""

    accounts: pd.DataFrame
    subscriptions: pd.DataFrame
    surveys: pd.DataFrame
    tickets: pd.DataFrame
    events: pd.DataFrame


def load(folder: Path) -> Company:
    """Read only the columns the baseline uses."""

    def read(name: str, columns: list[str]) -> pd.DataFrame:
        return pd.read_parquet(folder / f"{name}.parquet", columns=columns)

    accounts = read("accounts", ["account_id", "created_at", "csm_id", "plan"])
    accounts["signup_cohort"] = accounts["created_at"].dt.to_period("M").dt.start_time
    return Company(
        accounts=accounts.set_index("account_id"),
        subscriptions=read("subscriptions", SUBSCRIPTION_COLUMNS),
        surveys=read("surveys", ["account_id", "responded_at", "survey", "score"]),
        tickets=read(
            "tickets", ["account_id", "created_at", "first_response_at", "resolved_at", "contacts"]
        ),
        events=read("events", ["account_id", "occurred_at", "user_id"]),
    )


def month_ends(company: Company) -> pd.DatetimeIndex:
    """The last day of every month from the first subscription to the last activity."""
    first = company.subscriptions["started_at"].min()
    last = max(company.events["occurred_at"].max(), company.subscriptions["started_at"].max())
    return pd.date_range(first.to_period("M").start_time, last, freq="ME")


def account_mrr(company: Company, ends: pd.DatetimeIndex) -> pd.DataFrame:
    """Accounts × month ends: each account's MRR at the end of the month's last day."""
    subs = company.subscriptions
    factor = subs["interval"].fillna("month").map(PER_MONTH) / subs["interval_count"].fillna(1)
    mrr = subs["amount"].astype("float64") * factor
    start = subs["started_at"].dt.normalize()
    end = subs["ended_at"].dt.normalize()
    keep = ~subs["is_trial"].fillna(False).astype(bool) & (mrr > 0) & ~(end <= start)
    subs = pd.DataFrame({"account_id": subs["account_id"], "mrr": mrr, "start": start, "end": end})[
        keep
    ]
    columns = {}
    for day in ends:
        active = (subs["start"] <= day) & (subs["end"].isna() | (subs["end"] > day))
        columns[day] = subs[active].groupby("account_id")["mrr"].sum()
    return pd.DataFrame(columns).fillna(0.0)


def movements(matrix: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """New, expansion, contraction, churned and reactivation MRR per account and month."""
    before = matrix.shift(axis=1).fillna(0.0)
    seen = (matrix > 0).cummax(axis=1).shift(axis=1).fillna(False).astype(bool)
    delta = matrix - before
    starts, stops = (before == 0) & (matrix > 0), (before > 0) & (matrix == 0)
    both = (before > 0) & (matrix > 0)
    return {
        "new": matrix.where(starts & ~seen, 0.0),
        "reactivation": matrix.where(starts & seen, 0.0),
        "expansion": delta.where(both & (delta > 0), 0.0),
        "contraction": (-delta).where(both & (delta < 0), 0.0),
        "churned": before.where(stops, 0.0),
    }


def by_split(matrix: pd.DataFrame, company: Company, split: str | None) -> pd.DataFrame:
    """Column sums of an accounts × months frame, company-wide or per segment."""
    if split is None:
        return matrix.sum().to_frame("all").T
    segment = company.accounts[split].reindex(matrix.index)
    return matrix.groupby(segment, dropna=False).sum()


def revenue(company: Company, split: str | None, matrix: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """MRR, ARR, customers, ARPA, movements, logo churn and NRR of one split."""
    paying = (matrix > 0).astype("float64")
    mrr, customers = by_split(matrix, company, split), by_split(paying, company, split)
    present = paying.shift(axis=1).fillna(0.0)
    lost = present * (1 - paying)
    kept_now = matrix * present
    kept_before = matrix.shift(axis=1).fillna(0.0) * present
    result = {
        "mrr": mrr,
        "arr": mrr * 12,
        "customers": customers,
        "arpa": mrr / customers.replace(0, np.nan),
        "logo_churn_rate": by_split(lost, company, split)
        / by_split(present, company, split).replace(0, np.nan),
        "nrr": by_split(kept_now, company, split)
        / by_split(kept_before, company, split).replace(0, np.nan),
    }
    for name, frame in movements(matrix).items():
        result[f"{name}_mrr"] = by_split(frame, company, split)
    return result


def monthly(
    frame: pd.DataFrame, column: str, company: Company, split: str | None
) -> list[pd.Series]:
    """Group keys of `frame`: month of `column` (and the segment of its account)."""
    keys = [frame[column].dt.to_period("M")]
    if split is not None:
        keys.append(frame["account_id"].map(company.accounts[split]))
    return keys


def experience(company: Company, split: str | None) -> dict[str, pd.Series]:
    """NPS, CSAT, CES, tickets, first response, FCR, active users and events."""
    s = company.surveys
    nps = s[s["survey"] == "nps"]
    grades = np.select([nps["score"] >= 9, nps["score"] <= 6], [100.0, -100.0], 0.0)
    csat = s[s["survey"] == "csat"]
    ces = s[s["survey"] == "ces"]
    t = company.tickets
    hours = (t["first_response_at"] - t["created_at"]).dt.total_seconds() / 3600
    resolved = t[t["resolved_at"].notna()]
    e = company.events

    def per_month(values: pd.Series | pd.DataFrame, rows: pd.DataFrame, column: str) -> Any:
        return values.groupby(monthly(rows, column, company, split))

    users = e["account_id"] + "/" + e["user_id"].astype("string")
    return {
        "nps": per_month(pd.Series(grades, index=nps.index), nps, "responded_at").mean(),
        "csat": per_month(csat["score"] >= 4, csat, "responded_at").mean(),
        "ces": per_month(ces["score"], ces, "responded_at").mean(),
        "ticket_volume": per_month(t, t, "created_at").size(),
        "first_response_time": per_month(hours, t, "created_at").median(),
        "fcr_rate": per_month(resolved["contacts"] <= 1, resolved, "resolved_at").mean(),
        "active_users": per_month(users, e, "occurred_at").nunique(),
        "event_count": per_month(e, e, "occurred_at").size(),
    }


def run(folder: Path) -> dict[str, dict[str | None, object]]:
    """Every figure of the baseline: metric → split → its monthly table."""
    company = load(folder)
    matrix = account_mrr(company, month_ends(company))
    results: dict[str, dict[str | None, object]] = {}
    for split in SPLITS:
        figures = {**revenue(company, split, matrix), **experience(company, split)}
        for name, value in figures.items():
            results.setdefault(name, {})[split] = value
    return results


def main() -> None:
    """Run the baseline on a company folder in this process; write its seconds and figures
    (pickled) to the output file, so that a parent can watch this process's memory."""
    import pickle
    import sys
    import time

    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    started = time.perf_counter()
    results = run(folder)
    seconds = time.perf_counter() - started
    out.write_bytes(pickle.dumps({"seconds": seconds, "results": results}))


if __name__ == "__main__":
    main()
