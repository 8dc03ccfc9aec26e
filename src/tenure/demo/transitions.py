"""Decisions at the end of a cycle: churn, plan and seat changes, add-ons, reactivation.

Monthly contracts can churn at any cycle end; quarterly, semi-annual and annual ones only
at renewal, with the risk compounded over the term. Contract changes happen at renewal
points: healthy, well-used accounts add seats and upgrade, unhealthy ones shrink.
"""

from __future__ import annotations

import numpy as np

from tenure.demo.arrays import BoolArray, FloatArray, IntArray, sigmoid
from tenure.demo.plans import ANNUAL, INCLUDED_SEATS, MONTHLY, TERM_MONTHS
from tenure.demo.state import CHURNED, PAYING, AccountState, Lifecycle

TERM_DAMPING = 0.6  # committed (multi-month) customers churn less at renewal
REACTIVATION_RATE = 0.004


def transition(
    life: Lifecycle, state: AccountState, k: int, horizon: int, rng: np.random.Generator
) -> None:
    """Decide churn, plan and seat changes, add-ons and reactivation at the cycle's end."""
    decide = life.bounds[:, k + 1] < horizon
    live = life.paying[:, k] & decide
    months = TERM_MONTHS[state.term]
    term_end = state.term_pos + 1 >= months
    churn = live & (rng.random(live.size) < _churn_chance(life, state, k, months, term_end))
    changed = _change_contract(life, state, live & ~churn & term_end, k, rng)
    back = _reactivate(state, decide & ~life.paying[:, k], k, rng)
    _addons(life, state, live & ~churn, k, rng)
    state.status = np.where(churn, CHURNED, np.where(back, PAYING, state.status))
    state.churned_at = np.where(churn, k + 1, state.churned_at)
    state.addon = state.addon & ~churn & ~back
    state.starting = changed | back
    state.term_pos = np.where(state.starting, 0, (state.term_pos + 1) % TERM_MONTHS[state.term])


def _churn_chance(
    life: Lifecycle, state: AccountState, k: int, months: IntArray, term_end: BoolArray
) -> FloatArray:
    """Churn probability at this boundary: monthly hazard, or compounded at a term's renewal."""
    recent = life.hazard[:, max(k - 2, 0) : k + 1]
    weight = life.paying[:, max(k - 2, 0) : k + 1]
    mean = (recent * weight).sum(axis=1) / np.maximum(weight.sum(axis=1), 1)
    renewal = 1.0 - (1.0 - mean) ** (months * TERM_DAMPING)
    chance = np.where(months == 1, life.hazard[:, k], np.where(term_end, renewal, 0.0))
    return chance.astype(np.float64)


def _change_odds(state: AccountState, users: IntArray) -> FloatArray:
    """Probability of each contract change (seat up, seat down, upgrade, downgrade, term switch).

    Monthly rates, scaled by the term length since longer terms change only at renewal.
    """
    h, seats, plan = state.health, state.seats, state.plan
    use = users / np.maximum(seats, 1)
    crowded = 1 + (seats > 2 * INCLUDED_SEATS[plan])
    switch = np.where(state.term == MONTHLY, 0.006 * sigmoid(2 * h), 0.04 * sigmoid(-2 * h))
    monthly = [
        0.05 * sigmoid(2 * h + 3 * (use - 0.6)),
        0.035 * sigmoid(-2 * h - 3 * (use - 0.4)) * (seats > 1),
        0.012 * sigmoid(2 * h) * crowded * (plan < 3),
        0.01 * sigmoid(-2 * h) * (plan > 0),
        switch,
    ]
    odds = np.stack(monthly, axis=1) * TERM_MONTHS[state.term][:, None]
    capped = odds * np.minimum(1.0, 0.9 / np.maximum(odds.sum(axis=1), 1e-9))[:, None]
    return np.asarray(capped, dtype=np.float64)


def _change_contract(
    life: Lifecycle, state: AccountState, eligible: BoolArray, k: int, rng: np.random.Generator
) -> BoolArray:
    """Seat changes, upgrades, downgrades and term switches at a renewal point."""
    h, seats, plan = state.health, state.seats, state.plan
    odds = _change_odds(state, life.users[:, k])
    cumulative = np.cumsum(odds, axis=1)
    kind = (rng.random((h.size, 1)) >= cumulative).sum(axis=1)
    kind = np.where(eligible, kind, odds.shape[1])
    step = np.maximum(np.round(seats * (0.1 + 0.4 * rng.random(h.size))), 1).astype(np.int64)
    state.seats = np.where(
        kind == 0, seats + step, np.where(kind == 1, np.maximum(seats - step, 1), seats)
    )
    state.plan = np.where(kind == 2, plan + 1, np.where(kind == 3, plan - 1, plan))
    switched = np.where(state.term == MONTHLY, ANNUAL, MONTHLY)
    state.term = np.where(kind == 4, switched, state.term).astype(np.int64)
    return np.asarray(kind < odds.shape[1], dtype=np.bool_)


def _reactivate(
    state: AccountState, idle: BoolArray, k: int, rng: np.random.Generator
) -> BoolArray:
    """Some churned accounts come back (once), after a gap, on a smaller monthly contract."""
    gap_ok = (state.churned_at >= 0) & (k + 1 - state.churned_at >= 2)
    eligible = idle & (state.status == CHURNED) & gap_ok & ~state.reactivated
    back = eligible & (rng.random(idle.size) < REACTIVATION_RATE)
    count = idle.size
    smaller = np.maximum(np.round(state.seats * (0.5 + 0.5 * rng.random(count))), 1)
    state.seats = np.where(back, smaller, state.seats).astype(np.int64)
    lower = np.maximum(state.plan - (rng.random(count) < 0.5), 0)
    state.plan = np.where(back, lower, state.plan).astype(np.int64)
    state.term = np.where(back, MONTHLY, state.term).astype(np.int64)
    state.health = np.where(back, state.base + 0.4 * rng.standard_normal(count), state.health)
    state.drift = np.where(back, state.base + 0.2, state.drift)
    state.reactivated = state.reactivated | back
    return np.asarray(back, dtype=np.bool_)


def _addons(
    life: Lifecycle, state: AccountState, live: BoolArray, k: int, rng: np.random.Generator
) -> None:
    """Healthy accounts on paid-up plans buy the add-on; some cancel it later."""
    h = state.health
    count = h.size
    buy = live & ~state.addon & (state.plan >= 1) & (rng.random(count) < 0.012 * sigmoid(1.5 * h))
    drop = live & state.addon & (rng.random(count) < 0.06 * sigmoid(-h))
    state.addon = (state.addon | buy) & ~drop
    state.addon_starting = buy
