"""The customer-success team: the CSM roster (`csms`), ownership history (`assignments`).

Accounts are owned by a CSM of the team matching their starting plan; a few change owner
over time. CSMs differ in diligence, which drives how often they touch their accounts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from tenure.demo.arrays import BoolArray, FloatArray, IntArray
from tenure.demo.spec import DemoSpec
from tenure.demo.tables import build_table, money, pick, timestamps
from tenure.demo.timeutil import US_PER_DAY
from tenure.demo.vocab import FIRST_NAMES, LAST_NAMES, slug

TEAMS: tuple[str, ...] = ("Enterprise", "Mid-Market", "Scale")
#: Team owning accounts of each starting plan (starter → Scale, growth → Mid-Market, …).
TEAM_OF_PLAN = np.array([2, 1, 0, 0], dtype=np.int64)
TEAM_SHARES = np.array([0.3, 0.35, 0.35])
TEAM_COST_CENTS = np.array([[1_100_000, 1_300_000], [850_000, 1_000_000], [700_000, 850_000]])
#: Monthly probability that an account is handed to another CSM of its team.
REASSIGN_RATE = 0.01
EMAIL_DOMAIN = "demo-company.example"


@dataclass(frozen=True)
class Roster:
    """The CSMs: ids, names, e-mails, team index, start instant, cost (cents), diligence."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    emails: tuple[str, ...]
    team: IntArray
    started: IntArray
    cost_cents: IntArray
    diligence: FloatArray

    def members(self) -> tuple[IntArray, IntArray]:
        """(teams × slots) CSM indexes of each team by start date (−1 pads), and team sizes."""
        sizes = np.bincount(self.team, minlength=len(TEAMS)).astype(np.int64)
        table = np.full((len(TEAMS), int(sizes.max())), -1, dtype=np.int64)
        for team in range(len(TEAMS)):
            index = np.flatnonzero(self.team == team)
            table[team, : index.size] = index[np.argsort(self.started[index], kind="stable")]
        return table, sizes


def roster_size(accounts: int) -> int:
    """10 CSMs for a small company, growing to 20 with the account base."""
    return int(np.clip(10 + accounts // 400, 10, 20))


def make_roster(spec: DemoSpec, rng: np.random.Generator) -> Roster:
    """Draw the CSM roster: team sizes, names, start dates, costs and diligence."""
    count = roster_size(spec.accounts)
    sizes = np.maximum(np.round(TEAM_SHARES * count).astype(np.int64), 2)
    sizes[-1] = max(count - sizes[:-1].sum(), 2)
    team = np.repeat(np.arange(len(TEAMS)), sizes).astype(np.int64)
    started = _start_dates(spec, team, rng)
    low, high = TEAM_COST_CENTS[team, 0], TEAM_COST_CENTS[team, 1]
    cost = (np.round((low + rng.random(team.size) * (high - low)) / 100) * 100).astype(np.int64)
    names = _names(team.size, rng)
    return Roster(
        ids=tuple(f"C{number:03d}" for number in range(1, team.size + 1)),
        names=names,
        emails=tuple(_email(name) for name in names),
        team=team,
        started=started,
        cost_cents=cost,
        diligence=np.exp(0.3 * rng.standard_normal(team.size)).astype(np.float64),
    )


def _start_dates(spec: DemoSpec, team: IntArray, rng: np.random.Generator) -> IntArray:
    """Half the CSMs (and each team's first) predate history; the others join during it."""
    history = spec.horizon_us - spec.start_us
    before = spec.start_us - ((30 + rng.random(team.size) * 700) * US_PER_DAY).astype(np.int64)
    during = spec.start_us + (rng.random(team.size) * 0.9 * history).astype(np.int64)
    first = np.r_[True, team[1:] != team[:-1]]
    early = first | (rng.random(team.size) < 0.5)
    day = np.where(early, before, during) // US_PER_DAY * US_PER_DAY
    return day.astype(np.int64)


def _names(count: int, rng: np.random.Generator) -> tuple[str, ...]:
    """Distinct full names for the CSMs."""
    combos = rng.choice(len(FIRST_NAMES) * len(LAST_NAMES), size=count, replace=False)
    return tuple(
        f"{FIRST_NAMES[combo // len(LAST_NAMES)]} {LAST_NAMES[combo % len(LAST_NAMES)]}"
        for combo in combos
    )


def _email(name: str) -> str:
    """first.last@ e-mail of a CSM."""
    first, last = name.split(" ", 1)
    return f"{slug(first)}.{slug(last)}@{EMAIL_DOMAIN}"


def csms_table(roster: Roster) -> pa.Table:
    """The `csms` table."""
    return build_table(
        "csms",
        {
            "csm_id": list(roster.ids),
            "name": list(roster.names),
            "team": pick(TEAMS, roster.team),
            "email": list(roster.emails),
            "monthly_cost": money(roster.cost_cents),
            "started_at": timestamps(roster.started),
        },
    )


def assign_csms(
    roster: Roster, plan: IntArray, bounds: IntArray, rng: np.random.Generator
) -> IntArray:
    """The owning CSM of every (account, cycle): picked at the first cycle, sometimes handed over.

    Only CSMs who had started by the cycle's start are eligible.
    """
    cycles = bounds.shape[1] - 1
    draw = rng.random((plan.size, cycles)) < REASSIGN_RATE
    draw[:, 0] = True
    team = np.broadcast_to(TEAM_OF_PLAN[plan][:, None], draw.shape)
    members, sizes = roster.members()
    started = np.where(members >= 0, roster.started[np.maximum(members, 0)], np.iinfo(np.int64).max)
    eligible = _eligible_counts(started, team, bounds[:, :-1])
    slot = np.minimum(np.floor(rng.random(draw.shape) * eligible), sizes[team] - 1).astype(np.int64)
    picked = members[team, slot]
    last = np.maximum.accumulate(np.where(draw, np.arange(cycles), 0), axis=1)
    return np.take_along_axis(picked, last, axis=1).astype(np.int64)


def _eligible_counts(started: IntArray, team: IntArray, instants: IntArray) -> IntArray:
    """How many CSMs of each cell's team had started by the cell's instant (at least one)."""
    counts = np.zeros(team.shape, dtype=np.int64)
    for index in range(started.shape[0]):
        here = team == index
        counts[here] = np.searchsorted(started[index], instants[here], side="right")
    return np.maximum(counts, 1)


def assignments_table(
    ids: pa.Array, csm: IntArray, paying: BoolArray, bounds: IntArray, roster: Roster
) -> pa.Table:
    """The `assignments` table: one row per ownership period, the current one open-ended."""
    account, cycle = np.nonzero(paying)
    owner = csm[account, cycle]
    fresh = np.r_[True, account[1:] != account[:-1]] if account.size else np.zeros(0, np.bool_)
    change = fresh | np.r_[False, owner[1:] != owner[:-1]]
    account, cycle, owner = account[change], cycle[change], owner[change]
    starts = bounds[account, cycle]
    has_next = np.r_[account[1:] == account[:-1], False] if account.size else fresh
    ends = np.r_[starts[1:], 0] if account.size else starts
    return build_table(
        "assignments",
        {
            "account_id": ids.take(pa.array(account)),
            "csm_id": pick(roster.ids, owner),
            "from": timestamps(starts),
            "to": timestamps(ends, has_next),
        },
    )
