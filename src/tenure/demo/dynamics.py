"""One cycle of latent dynamics: health moves, signals are observed, churn risk is assessed.

Health is AR(1) around the account's engagement, with occasional lasting setbacks
(a champion leaves, a budget cut); slow or stuck tickets lower it and CSM touchpoints
raise it. Observable signals — active users and usage, tickets, NPS answers, late
payments, touchpoints — are drawn from the same state. The monthly churn hazard is a
function of those signals (low and falling usage, missed onboarding, slow tickets,
detractor answers, late payment) plus health, so churn is visible in the data beforehand.
"""

from __future__ import annotations

import numpy as np

from tenure.demo.arrays import BoolArray, FloatArray, IntArray, sigmoid
from tenure.demo.cohort import Cohort
from tenure.demo.company import Company
from tenure.demo.onboarding import installed_by, on_time
from tenure.demo.state import AccountState, Lifecycle

PERSISTENCE = 0.75  # AR(1) coefficient of health
HEALTH_NOISE = 0.35
SHOCK_RATE = 0.02  # monthly chance of a lasting setback (champion leaves, budget cut)
HAZARD_BASE = -4.6  # churn log-odds of an average account
TOUCH_RATE = np.array([0.15, 0.45, 1.0, 2.2])  # CSM touchpoints per month, per plan


def evolve(life: Lifecycle, state: AccountState, k: int, rng: np.random.Generator) -> None:
    """Move latent health one cycle: reversion, noise, setbacks, support and CSM effects."""
    live = life.paying[:, k]
    count = live.size
    shock = live & (rng.random(count) < SHOCK_RATE)
    state.drift = np.where(shock, state.drift - 0.6 - 0.8 * rng.random(count), state.drift)
    state.drift = state.drift + 0.04 * (state.base - state.drift)
    moved = PERSISTENCE * state.health + (1 - PERSISTENCE) * state.drift
    moved = moved + HEALTH_NOISE * rng.standard_normal(count)
    if k > 0:
        support = 0.3 * np.minimum(life.slow[:, k - 1], 2) + 0.5 * np.minimum(
            life.stuck[:, k - 1], 1
        )
        moved = moved - support + 0.05 * np.minimum(life.touches[:, k - 1], 4)
    state.health = np.where(live, moved, state.health) if k > 0 else state.health
    life.health[:, k] = state.health


def observe(
    life: Lifecycle,
    state: AccountState,
    cohort: Cohort,
    company: Company,
    k: int,
    rng: np.random.Generator,
) -> None:
    """Draw the cycle's observable signals from the latent state."""
    live = life.paying[:, k]
    h = state.health
    count = live.size
    active = rng.binomial(state.seats, sigmoid(0.3 + 1.2 * h))
    life.users[:, k] = np.where(live, np.maximum(active, 1), 0)
    life.usage[:, k] = life.users[:, k] * np.exp(0.35 * h)
    early = 1.8 if k < 2 else 1.0
    rate = 0.09 * (1.0 + state.seats) ** 0.45 * early * np.exp(-0.25 * h)
    life.tickets[:, k] = rng.poisson(rate * live)
    share = company.slow_share[company.month_of(life.bounds[:, k])] * np.exp(-0.35 * h)
    life.slow[:, k] = rng.binomial(life.tickets[:, k], np.clip(share, 0.0, 0.9))
    life.stuck[:, k] = rng.binomial(life.slow[:, k], 0.25)
    life.nps[:, k] = _nps(live, h, cohort.nps_offset, k, rng)
    invoiced = live & ((state.term_pos == 0) | state.addon)
    late = invoiced & (rng.random(count) < sigmoid(-3.2 - 1.1 * h))
    life.late[:, k] = np.where(late, 3.0 + rng.lognormal(np.log(10.0), 0.8, count), 0.0)
    diligence = company.roster.diligence[life.csm[:, k]]
    life.touches[:, k] = rng.poisson(TOUCH_RATE[state.plan] * diligence * live)


def _nps(
    live: BoolArray, h: FloatArray, offset: IntArray, k: int, rng: np.random.Generator
) -> IntArray:
    """Quarterly NPS answers (−1 = no answer): score rises with health."""
    asked = live & (offset >= 0) & (k >= 1) & ((k - offset) % 3 == 0)
    answered = asked & (rng.random(live.size) < 0.45)
    score = np.clip(np.round(7.5 + 1.8 * h + 1.3 * rng.standard_normal(live.size)), 0, 10)
    return np.where(answered, score, -1).astype(np.int64)


def assess(life: Lifecycle, state: AccountState, cohort: Cohort, k: int) -> None:
    """The cycle's monthly churn hazard, from observable signals and latent health."""
    recent = slice(max(k - 2, 0), k + 1)
    before = life.usage[:, k - 3] if k >= 3 else life.usage[:, k]
    drop = -np.clip(np.log((life.usage[:, k] + 1.0) / (before + 1.0)), -2.0, 0.0)
    stop = life.bounds[:, k + 1]
    missed = ~on_time(cohort.onboarding, cohort.created, stop)
    answers = life.nps[:, max(k - 5, 0) : k + 1]
    detractor = ((answers >= 0) & (answers <= 6)).any(axis=1)
    logit = (
        HAZARD_BASE
        - 1.0 * state.health
        + 0.9 * drop
        + (1.0 if k < 6 else 0.5) * missed
        + 0.7 * np.minimum(life.slow[:, recent].sum(axis=1), 3)
        + 1.0 * np.minimum(life.stuck[:, recent].sum(axis=1), 1)
        + 0.8 * detractor
        + 0.6 * (life.late[:, recent] > 0).any(axis=1)
        - 0.4 * installed_by(cohort.onboarding, stop)
        - 0.12 * np.log1p(state.seats)
        + (0.5 if k < 3 else 0.0)
    )
    life.hazard[:, k] = np.where(life.paying[:, k], sigmoid(logit), 0.0)
