"""The `tickets` table: support tickets with response, resolution, contacts and CSAT.

Ticket counts per cycle, and which tickets turn slow or get stuck, come from the
lifecycle (slow tickets hurt the account's health next cycle). Here each ticket gets its
timestamps: slow tickets take days instead of hours, stuck ones stay unresolved, and
ratings (CSAT 1–5, CES 1–7) drop for slow or reopened tickets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from tenure.demo.arrays import BoolArray, FloatArray, IntArray, rank_within
from tenure.demo.cohort import Cohort
from tenure.demo.lifecycle import Lifecycle
from tenure.demo.tables import account_ids, build_table, compose_ids, pick, timestamps
from tenure.demo.timeutil import US_PER_DAY, US_PER_HOUR, working_instants

PRIORITIES = ("low", "normal", "high", "urgent")
PRIORITY_WEIGHTS = np.array([0.2, 0.55, 0.2, 0.05])
CHANNELS = ("email", "chat", "web", "phone")
CHANNEL_WEIGHTS = np.array([0.4, 0.3, 0.2, 0.1])
SEVERITIES = ("S1", "S2", "S3", "S4")
STATUSES = ("open", "pending", "solved", "closed")
OPEN, PENDING, SOLVED, CLOSED = range(4)
#: Median hours to first response and to resolution, per priority, for a normal ticket.
RESPONSE_HOURS = np.array([10.0, 4.0, 1.5, 0.5])
RESOLUTION_HOURS = np.array([30.0, 20.0, 10.0, 6.0])
SLOW_FACTOR = 8.0
NONE = -1


@dataclass(frozen=True)
class Tickets:
    """Ticket rows as parallel arrays (instants are µs, NONE when absent)."""

    account: IntArray
    created: IntArray
    responded: IntArray
    resolved: IntArray
    priority: IntArray
    channel: IntArray
    slow: BoolArray
    reopened: BoolArray
    contacts: IntArray
    requester: IntArray  # user number within the account
    health: FloatArray
    csat: IntArray
    csat_at: IntArray
    ces: IntArray
    ces_at: IntArray


def draw_tickets(life: Lifecycle, horizon: int, rng: np.random.Generator) -> Tickets:
    """One entry per ticket counted by the lifecycle, sorted by account and creation."""
    account, cycle, created, slow, stuck = _place(life, horizon, rng)
    count = account.size
    priority = rng.choice(PRIORITY_WEIGHTS.size, size=count, p=PRIORITY_WEIGHTS).astype(np.int64)
    responded = created + _hours(RESPONSE_HOURS[priority] * np.where(slow, 4.0, 1.0), rng)
    solve = created + _hours(RESOLUTION_HOURS[priority] * np.where(slow, SLOW_FACTOR, 1.0), rng)
    resolved = np.maximum(solve, responded)
    resolved = np.where(stuck | (resolved >= horizon), NONE, resolved)
    responded = np.where(responded >= horizon, NONE, responded)
    reopened = (resolved >= 0) & (rng.random(count) < 0.04 + 0.12 * slow)
    stop = life.paid_until(horizon)[account, cycle]
    health = life.health[account, cycle]
    csat, csat_at = _rating(rng, resolved, stop, 0.35, 4.4, 5, slow, reopened, health)
    ces, ces_at = _rating(rng, resolved, stop, 0.2, 5.9, 7, slow, reopened, health)
    return Tickets(
        account=account,
        created=created,
        responded=responded,
        resolved=resolved,
        priority=priority,
        channel=rng.choice(CHANNEL_WEIGHTS.size, size=count, p=CHANNEL_WEIGHTS).astype(np.int64),
        slow=slow,
        reopened=reopened,
        contacts=_contacts(resolved, responded, slow, rng) + reopened,
        requester=np.floor(life.users[account, cycle] * rng.random(count)).astype(np.int64),
        health=health,
        csat=csat,
        csat_at=csat_at,
        ces=ces,
        ces_at=ces_at,
    )


def _place(
    life: Lifecycle, horizon: int, rng: np.random.Generator
) -> tuple[IntArray, IntArray, IntArray, BoolArray, BoolArray]:
    """Expand per-cycle ticket counts into tickets: account, cycle, creation, slow, stuck."""
    cell_account, cell_cycle = np.nonzero(life.tickets)
    repeat = np.repeat(np.arange(cell_account.size), life.tickets[cell_account, cell_cycle])
    account, cycle = cell_account[repeat], cell_cycle[repeat]
    position = rank_within(repeat)
    slow = position < life.slow[account, cycle]
    stuck = position < life.stuck[account, cycle]
    high = np.minimum(life.bounds[account, cycle + 1], horizon)
    created = working_instants(rng, life.bounds[account, cycle], high)
    order = np.lexsort((created, account))
    return account[order], cycle[order], created[order], slow[order], stuck[order]


def _hours(median: FloatArray, rng: np.random.Generator) -> IntArray:
    """Log-normal durations (µs) around per-ticket medians given in hours."""
    return (median * rng.lognormal(0.0, 0.8, median.size) * US_PER_HOUR).astype(np.int64)


def _rating(
    rng: np.random.Generator,
    resolved: IntArray,
    stop: IntArray,
    share: float,
    centre: float,
    top: int,
    slow: BoolArray,
    reopened: BoolArray,
    health: FloatArray,
) -> tuple[IntArray, IntArray]:
    """A post-resolution rating on a 1…top scale (NONE when not given) and when it was given.

    Ratings are only given while the account still pays (before `stop`).
    """
    count = resolved.size
    given_at = resolved + ((1.0 + rng.random(count) * 47.0) * US_PER_HOUR).astype(np.int64)
    given = (resolved >= 0) & (rng.random(count) < share) & (given_at < stop)
    spread = top / 5.0
    score = centre - spread * (1.7 * slow + 0.6 * reopened - 0.35 * health)
    score = np.clip(np.round(score + 0.7 * spread * rng.standard_normal(count)), 1, top)
    return np.where(given, score, NONE).astype(np.int64), np.where(given, given_at, NONE)


def _contacts(
    resolved: IntArray, responded: IntArray, slow: BoolArray, rng: np.random.Generator
) -> IntArray:
    """Agent interactions: one for a first-contact resolution, more for slow tickets."""
    extra = rng.poisson(0.5 + 1.5 * slow)
    unresolved = (responded >= 0) + rng.poisson(0.5 * slow)
    return np.where(resolved >= 0, 1 + extra, unresolved).astype(np.int64)


def tickets_table(
    cohort: Cohort, tickets: Tickets, horizon: int, rng: np.random.Generator
) -> pa.Table:
    """The `tickets` table."""
    count = tickets.account.size
    resolved = tickets.resolved >= 0
    recent = tickets.resolved >= horizon - 4 * US_PER_DAY
    waiting = (tickets.responded >= 0) & (rng.random(count) < 0.5)
    status = np.where(resolved, np.where(recent, SOLVED, CLOSED), np.where(waiting, PENDING, OPEN))
    noise = rng.choice([-1, 0, 0, 0, 0, 0, 1], size=count)
    severity = np.clip(3 - tickets.priority + noise, 0, 3)
    return build_table(
        "tickets",
        {
            "ticket_id": compose_ids(
                "T", cohort.numbers[tickets.account], rank_within(tickets.account), 3
            ),
            "account_id": pick(account_ids(cohort.numbers), tickets.account),
            "created_at": timestamps(tickets.created),
            "first_response_at": timestamps(tickets.responded, tickets.responded >= 0),
            "resolved_at": timestamps(tickets.resolved, resolved),
            "priority": pick(PRIORITIES, tickets.priority),
            "severity": pick(SEVERITIES, severity),
            "channel": pick(CHANNELS, tickets.channel),
            "status": pick(STATUSES, status),
            "contacts": tickets.contacts,
            "reopened": tickets.reopened,
            "csat": pa.array(tickets.csat, mask=tickets.csat < 0),
        },
    )
