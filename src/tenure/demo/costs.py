"""The `costs` table: monthly acquisition, retention, support and other spend.

Acquisition follows signups (marketing and sales), retention is the CSM payroll per team
plus tooling, support grows with the estimated paying base; every period is the first day
of a month of history.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from tenure.demo.arrays import FloatArray, IntArray
from tenure.demo.company import Company
from tenure.demo.rng import Topic, stream
from tenure.demo.tables import build_table, dates, money, pick
from tenure.demo.team import TEAMS
from tenure.demo.timeutil import US_PER_DAY

CATEGORIES = ("acquisition", "retention", "support", "other")
ACQUISITION, RETENTION, SUPPORT, OTHER = range(4)
PAYING_SHARE = 0.55  # share of signups that become paying accounts, for the base estimate
MONTHLY_SURVIVAL = 0.975


def costs_table(company: Company) -> pa.Table:
    """Monthly spend lines of the whole history."""
    rng = stream(company.spec.seed, Topic.COSTS)
    count = company.spec.months
    signups = np.bincount(company.month_of(company.signups), minlength=count).astype(np.float64)
    base = _paying_base(signups)
    lines = [
        (ACQUISITION, "marketing", signups * _unit(rng, count, 1_800, 2_600)),
        (ACQUISITION, "sales", signups * _unit(rng, count, 1_200, 1_800)),
        *((RETENTION, team, _payroll(company, index)) for index, team in enumerate(TEAMS)),
        (RETENTION, "", 2_000 + 0.5 * base * _unit(rng, count, 0.9, 1.1)),
        (SUPPORT, "support", 3_000 + base * _unit(rng, count, 20, 25)),
        (OTHER, "", 15_000 * 1.01 ** np.arange(count) * _unit(rng, count, 0.95, 1.05)),
    ]
    category = np.repeat([line[0] for line in lines], count).astype(np.int64)
    teams = [line[1] for line in lines for _ in range(count)]
    amount = np.concatenate([np.asarray(line[2], dtype=np.float64) for line in lines])
    months = np.tile(company.months[:-1] // US_PER_DAY, len(lines)).astype(np.int64)
    return build_table(
        "costs",
        {
            "period": dates(months),
            "category": pick(CATEGORIES, category),
            "amount": money(np.round(amount * 100).astype(np.int64)),
            "team": teams,
        },
    )


def _unit(rng: np.random.Generator, count: int, low: float, high: float) -> FloatArray:
    """Monthly unit costs drawn uniformly in [low, high)."""
    return (low + (high - low) * rng.random(count)).astype(np.float64)


def _paying_base(signups: FloatArray) -> FloatArray:
    """A rough estimate of paying accounts per month (signups that convert and survive)."""
    ages = np.arange(signups.size)[:, None] - np.arange(signups.size)[None, :]
    survival = np.where(ages >= 0, MONTHLY_SURVIVAL ** np.maximum(ages, 0), 0.0)
    return (survival @ (signups * PAYING_SHARE)).astype(np.float64)


def _payroll(company: Company, team: int) -> FloatArray:
    """Monthly cost (dollars) of the team's CSMs who had started by the end of each month."""
    roster = company.roster
    members = roster.team == team
    started = roster.started[members][None, :] < company.months[1:, None]
    cost: IntArray = roster.cost_cents[members]
    return np.asarray((started * cost[None, :]).sum(axis=1) / 100.0, dtype=np.float64)
