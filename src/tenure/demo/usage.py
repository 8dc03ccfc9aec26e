"""The `events` table: product usage and onboarding activity.

Recurring usage (logins, sessions, feature use, API calls) is drawn per activity window —
the trial and every paid cycle — with Poisson counts proportional to the window's active
users and to exp(latent health), so usage per seat tracks health and falls before churn.
One-off events (onboarding e-mails and steps, integration installs) come from the
onboarding draws. Users are `U<account>-<n>`; low user numbers are the power users.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pyarrow as pa

from tenure.demo.arrays import FloatArray, IntArray, sigmoid
from tenure.demo.cohort import Cohort
from tenure.demo.features import FEATURES, availability
from tenure.demo.lifecycle import Lifecycle, active_at
from tenure.demo.onboarding import STEPS
from tenure.demo.tables import account_ids, build_table, compose_ids, pick, timestamps
from tenure.demo.timeutil import US_PER_DAY, US_PER_HOUR, working_instants

RECURRING: tuple[str, ...] = (
    "login",
    "session_start",
    "api_call",
    *(f"feature:{feature.key}" for feature in FEATURES),
)
ONE_OFF: tuple[str, ...] = (
    "integration_installed",
    "onboarding_email_sent",
    "onboarding_email_opened",
    *(f"onboarding_step_{step}" for step in range(1, STEPS + 1)),
)
EVENT_NAMES = RECURRING + ONE_OFF
LOGIN, SESSION, API = 0, 1, 2
INTEGRATION, EMAIL_SENT, EMAIL_OPENED, FIRST_STEP = (RECURRING.__len__() + i for i in range(4))

MONTH_US = 30.44 * US_PER_DAY
LOGIN_RATE = 0.68  # per active user per month at average health
SESSION_RATE = 0.86
FEATURE_SCALE = 0.235
API_ROWS = 9.0  # aggregated API-call rows per month for an API account
EMAIL_DAYS = np.array([0, 1, 3, 7, 14, 21])
NO_USER = -1


@dataclass(frozen=True)
class _Windows:
    """Activity windows (trial or paid cycle): account, interval, users, health, plan."""

    account: IntArray
    low: IntArray
    high: IntArray
    users: IntArray
    health: FloatArray
    plan: IntArray


@dataclass(frozen=True)
class _Events:
    """Event rows as parallel arrays (user = index into the batch's user ids, −1 = none)."""

    account: IntArray
    instant: IntArray
    kind: IntArray
    user: IntArray
    quantity: FloatArray


def events_table(
    cohort: Cohort, life: Lifecycle, horizon: int, rng: np.random.Generator
) -> pa.Table:
    """All events of the cohort, sorted by account and time, without duplicate keys."""
    offsets, user_ids = _users(cohort, life)
    windows = _windows(cohort, life, horizon, rng)
    parts = [
        _recurring(cohort, windows, offsets, rng),
        _one_off(cohort, life, horizon, offsets, rng),
    ]
    events = _unique(_concat(parts))
    return build_table(
        "events",
        {
            "account_id": pick(account_ids(cohort.numbers), events.account),
            "occurred_at": timestamps(events.instant),
            "event": pick(EVENT_NAMES, events.kind),
            "user_id": user_ids.take(pa.array(events.user + 1)),
            "quantity": events.quantity,
        },
    )


def _users(cohort: Cohort, life: Lifecycle) -> tuple[IntArray, pa.Array]:
    """Per-account offsets into the batch's user ids, and the ids (position 0 = "")."""
    most = np.maximum(np.where(life.paying, life.seats, 0).max(axis=1, initial=0), cohort.seats)
    offsets = np.r_[0, np.cumsum(most)[:-1]].astype(np.int64)
    owner = np.repeat(np.arange(most.size), most)
    number = np.arange(owner.size) - offsets[owner]
    ids = compose_ids("U", cohort.numbers[owner], number, 3)
    return offsets, pa.concat_arrays([pa.array([""], type=pa.string()), ids])


def _windows(cohort: Cohort, life: Lifecycle, horizon: int, rng: np.random.Generator) -> _Windows:
    """The trial windows and the paid cycles (clipped to the end of history)."""
    onboarding = cohort.onboarding
    trial = np.flatnonzero(onboarding.trial).astype(np.int64)
    start_health = onboarding.initial[trial]
    trial_users = np.maximum(
        rng.binomial(cohort.seats[trial], sigmoid(0.3 + 1.2 * start_health)), 1
    )
    account, cycle = np.nonzero(life.paying)
    return _Windows(
        account=np.r_[trial, account].astype(np.int64),
        low=np.r_[cohort.created[trial], life.bounds[account, cycle]].astype(np.int64),
        high=np.minimum(
            np.r_[onboarding.trial_end[trial], life.bounds[account, cycle + 1]], horizon
        ).astype(np.int64),
        users=np.r_[trial_users, life.users[account, cycle]].astype(np.int64),
        health=np.r_[start_health, life.health[account, cycle]].astype(np.float64),
        plan=np.r_[cohort.plan[trial], life.plan[account, cycle]].astype(np.int64),
    )


def _rates(cohort: Cohort, windows: _Windows) -> FloatArray:
    """Expected count of each recurring event kind in each window."""
    months = np.maximum(windows.high - windows.low, 0) / MONTH_US
    intensity = windows.users * np.exp(0.35 * windows.health) * months
    popularity = np.array([feature.rate for feature in FEATURES])
    included = availability()[windows.plan] & cohort.adopted[windows.account]
    features = included * popularity[None, :] * intensity[:, None] * FEATURE_SCALE
    api = cohort.api_user[windows.account] * API_ROWS * sigmoid(1.0 + windows.health) * months
    base = np.stack([LOGIN_RATE * intensity, SESSION_RATE * intensity, api], axis=1)
    return np.concatenate([base, features], axis=1).astype(np.float64)


def _recurring(
    cohort: Cohort, windows: _Windows, offsets: IntArray, rng: np.random.Generator
) -> _Events:
    """Logins, sessions, feature use and API-call rows, spread over working hours."""
    counts = rng.poisson(_rates(cohort, windows))
    flat = np.repeat(np.arange(counts.size), counts.ravel())
    window, kind = np.divmod(flat, counts.shape[1])
    account = windows.account[window]
    instant = working_instants(rng, windows.low[window], windows.high[window])
    skew = np.floor(windows.users[window] * rng.random(flat.size) ** 1.7).astype(np.int64)
    api = kind == API
    user = np.where(api, NO_USER, offsets[account] + skew)
    scale = np.log(15.0 * cohort.seats[account] ** 0.6)
    calls = np.maximum(np.round(rng.lognormal(scale, 0.9)), 1.0)
    quantity = np.where(api, calls, 1.0)
    return _Events(account, instant, kind.astype(np.int64), user.astype(np.int64), quantity)


def _one_off(
    cohort: Cohort, life: Lifecycle, horizon: int, offsets: IntArray, rng: np.random.Generator
) -> _Events:
    """Onboarding e-mails (sent, opened), onboarding steps and integration installs."""
    onboarding = cohort.onboarding
    count = cohort.count
    sent = cohort.created[:, None] + EMAIL_DAYS[None, :] * US_PER_DAY
    sent = sent + (rng.random(sent.shape) * 2 * US_PER_HOUR).astype(np.int64)
    opens = rng.random(sent.shape) < sigmoid(0.2 + 0.9 * onboarding.initial)[:, None]
    opened = sent + (rng.lognormal(np.log(3.0), 1.0, sent.shape) * US_PER_HOUR).astype(np.int64)
    grids = [
        (sent, EMAIL_SENT, np.ones(sent.shape, np.bool_)),
        (opened, EMAIL_OPENED, opens),
        (onboarding.steps, FIRST_STEP + np.arange(STEPS), onboarding.steps >= 0),
        (onboarding.integrations, INTEGRATION, onboarding.integrations >= 0),
    ]
    parts = []
    for instants, kind, keep in grids:
        account = np.broadcast_to(np.arange(count)[:, None], instants.shape)
        kinds = np.broadcast_to(np.asarray(kind)[None, ...], instants.shape)
        chosen = keep & active_at(cohort, life, horizon, instants)
        a = account[chosen].astype(np.int64)
        parts.append(
            _Events(
                a, instants[chosen], kinds[chosen].astype(np.int64), offsets[a], np.ones(a.size)
            )
        )
    return _concat(parts)


_NAMES = tuple(item.name for item in fields(_Events))


def _concat(parts: list[_Events]) -> _Events:
    """Concatenate event parts."""
    return _Events(*(np.concatenate([getattr(part, name) for part in parts]) for name in _NAMES))


def _unique(events: _Events) -> _Events:
    """Sort by account, time, event and user, dropping exact key duplicates."""
    order = np.lexsort((events.user, events.kind, events.instant, events.account))
    ordered = _Events(*(getattr(events, name)[order] for name in _NAMES))
    keys = (ordered.account, ordered.instant, ordered.kind, ordered.user)
    same = np.ones(max(ordered.account.size - 1, 0), dtype=np.bool_)
    for key in keys:
        same &= key[1:] == key[:-1]
    keep = np.r_[True, ~same] if ordered.account.size else np.zeros(0, np.bool_)
    return _Events(*(getattr(ordered, name)[keep] for name in _NAMES))
