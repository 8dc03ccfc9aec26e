"""The `subscriptions` ledger: trial rows, plan rows and add-on rows.

A new row starts whenever the contract changes (plan, seats, term) or an account comes
back after churning; the previous row ends the instant the next one starts. Monthly rows
have an empty `term_ends_at` (month-to-month, no contract); quarterly, semi-annual and
annual rows carry the end of their current (or last) term.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from tenure.demo.arrays import BoolArray, IntArray, rank_within
from tenure.demo.cohort import Cohort
from tenure.demo.lifecycle import Lifecycle
from tenure.demo.plans import (
    ADDON_CENTS,
    ADDON_PLAN,
    CURRENCY,
    MONTHLY,
    PLANS,
    TERM_MONTHS,
    TERMS,
    discounted_cents,
    list_price_cents,
)
from tenure.demo.runs import Runs, find_runs
from tenure.demo.tables import account_ids, build_table, compose_ids, money, pick, timestamps
from tenure.demo.timeutil import add_months

TRIAL, MAIN, ADDON = 0, 1, 2
_PLAN_NAMES = (*PLANS, ADDON_PLAN)


def subscriptions_table(cohort: Cohort, life: Lifecycle) -> pa.Table:
    """All subscription rows of the cohort, ids numbered per account in start order."""
    parts = [_trial_rows(cohort), _main_rows(cohort, life), _addon_rows(life)]
    rows = {key: np.concatenate([part[key] for part in parts]) for key in parts[0]}
    order = np.lexsort((rows["kind"], rows["started"], rows["account"]))
    rows = {key: value[order] for key, value in rows.items()}
    account = rows["account"]
    sequence = rank_within(account)
    return build_table(
        "subscriptions",
        {
            "subscription_id": compose_ids("S", cohort.numbers[account], sequence, 2),
            "account_id": pick(account_ids(cohort.numbers), account),
            "started_at": timestamps(rows["started"]),
            "amount": money(rows["amount"]),
            "ended_at": timestamps(rows["ended"], rows["ended"] >= 0),
            "interval": pick([term.interval for term in TERMS], rows["term"]),
            "interval_count": pa.array([t.interval_count for t in TERMS]).take(rows["term"]),
            "currency": pa.array([CURRENCY] * account.size, type=pa.string()),
            "plan": pick(_PLAN_NAMES, rows["plan"]),
            "quantity": rows["seats"],
            "is_trial": rows["kind"] == TRIAL,
            "term_ends_at": timestamps(rows["term_ends"], rows["term_ends"] >= 0),
            "discount": money(rows["discount"]),
        },
    )


def _trial_rows(cohort: Cohort) -> dict[str, IntArray]:
    """One free row per trial, from signup to trial end (which may lie after history)."""
    account = np.flatnonzero(cohort.onboarding.trial).astype(np.int64)
    zeros = np.zeros(account.size, dtype=np.int64)
    return {
        "account": account,
        "kind": zeros + TRIAL,
        "started": cohort.created[account],
        "ended": cohort.onboarding.trial_end[account],
        "amount": zeros,
        "discount": zeros,
        "term": zeros + MONTHLY,
        "plan": cohort.plan[account],
        "seats": cohort.seats[account],
        "term_ends": zeros - 1,
    }


def _main_rows(cohort: Cohort, life: Lifecycle) -> dict[str, IntArray]:
    """Paid plan rows: one per run of unchanged contract."""
    runs = find_runs(life.row_start, life.paying, life.open)
    at = (runs.account, runs.first)
    plan, seats, term = life.plan[at], life.seats[at], life.term[at]
    listed = list_price_cents(plan, seats, term)
    amount = discounted_cents(listed, cohort.discount[runs.account])
    return {
        "account": runs.account,
        "kind": np.full(runs.account.size, MAIN, dtype=np.int64),
        "started": life.bounds[at],
        "ended": _ended(life, runs),
        "amount": amount,
        "discount": listed - amount,
        "term": term,
        "plan": plan,
        "seats": seats,
        "term_ends": _term_ends(cohort, life, runs, term),
    }


def _addon_rows(life: Lifecycle) -> dict[str, IntArray]:
    """Add-on rows: a second, concurrent monthly subscription."""
    runs = find_runs(life.addon_start, life.addon, life.open)
    count = runs.account.size
    zeros = np.zeros(count, dtype=np.int64)
    return {
        "account": runs.account,
        "kind": zeros + ADDON,
        "started": life.bounds[runs.account, runs.first],
        "ended": _ended(life, runs),
        "amount": zeros + ADDON_CENTS,
        "discount": zeros,
        "term": zeros + MONTHLY,
        "plan": zeros + len(PLANS),
        "seats": zeros + 1,
        "term_ends": zeros - 1,
    }


def _ended(life: Lifecycle, runs: Runs) -> IntArray:
    """End instant of each run (−1 while still active)."""
    return np.where(runs.ended, life.bounds[runs.account, runs.stop], -1).astype(np.int64)


def _term_ends(cohort: Cohort, life: Lifecycle, runs: Runs, term: IntArray) -> IntArray:
    """End of the current/last contract term of each row; −1 for month-to-month rows."""
    months = TERM_MONTHS[term]
    cycle = runs.last - life.term_pos[runs.account, runs.last] + months
    anchor = cohort.onboarding.anchor[runs.account]
    ends = add_months(anchor, cycle)
    committed: BoolArray = months > 1
    return np.where(committed, ends, -1).astype(np.int64)
