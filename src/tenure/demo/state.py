"""The state of a simulated cohort: per-cycle history (`Lifecycle`) and the current state.

`Lifecycle` holds one (accounts × cycles) array per quantity; every account-level table
is rendered from it. `AccountState` is the mutable state the monthly loop carries forward.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tenure.demo.arrays import BoolArray, FloatArray, IntArray
from tenure.demo.cohort import Cohort

PENDING, PAYING, CHURNED = 0, 1, 2


@dataclass
class Lifecycle:
    """Per-(account, cycle) arrays; cycle k runs from bounds[:, k] to bounds[:, k + 1]."""

    bounds: IntArray
    open: BoolArray  # the cycle exists: converted account and cycle starts before horizon
    csm: IntArray
    paying: BoolArray = field(init=False)
    plan: IntArray = field(init=False)
    seats: IntArray = field(init=False)
    term: IntArray = field(init=False)
    term_pos: IntArray = field(init=False)
    row_start: BoolArray = field(init=False)
    addon: BoolArray = field(init=False)
    addon_start: BoolArray = field(init=False)
    health: FloatArray = field(init=False)
    users: IntArray = field(init=False)
    usage: FloatArray = field(init=False)
    tickets: IntArray = field(init=False)
    slow: IntArray = field(init=False)
    stuck: IntArray = field(init=False)
    nps: IntArray = field(init=False)
    late: FloatArray = field(init=False)
    touches: IntArray = field(init=False)
    hazard: FloatArray = field(init=False)

    def __post_init__(self) -> None:
        """Allocate every per-cycle array."""
        shape = self.open.shape
        for name in ("paying", "row_start", "addon", "addon_start"):
            setattr(self, name, np.zeros(shape, dtype=np.bool_))
        for name in ("plan", "seats", "term", "term_pos", "users", "tickets", "slow", "stuck"):
            setattr(self, name, np.zeros(shape, dtype=np.int64))
        for name in ("health", "usage", "late", "hazard"):
            setattr(self, name, np.zeros(shape, dtype=np.float64))
        self.touches = np.zeros(shape, dtype=np.int64)
        self.nps = np.full(shape, -1, dtype=np.int64)

    @property
    def cycles(self) -> int:
        """Number of simulated cycles per account."""
        return int(self.open.shape[1])

    def paid_until(self, horizon: int) -> IntArray:
        """For every cycle, when the paid run containing it stops (horizon if it goes on)."""
        cycles = self.cycles
        stops = np.where(self.open & ~self.paying, np.arange(cycles), cycles)
        following = np.minimum.accumulate(stops[:, ::-1], axis=1)[:, ::-1]
        rows = np.arange(self.open.shape[0])[:, None]
        return np.asarray(np.minimum(self.bounds[rows, following], horizon), dtype=np.int64)


@dataclass
class AccountState:
    """The mutable state of every account at the current cycle."""

    status: IntArray
    plan: IntArray
    seats: IntArray
    term: IntArray
    term_pos: IntArray
    starting: BoolArray
    addon: BoolArray
    addon_starting: BoolArray
    health: FloatArray
    drift: FloatArray  # current long-run level health reverts to
    base: FloatArray  # the account's engagement, which drift slowly recovers towards
    churned_at: IntArray
    reactivated: BoolArray


def initial_state(cohort: Cohort) -> AccountState:
    """Every account before its first paid cycle."""
    count = cohort.count
    converted = cohort.onboarding.converted
    return AccountState(
        status=np.where(converted, PAYING, PENDING).astype(np.int64),
        plan=cohort.plan.copy(),
        seats=cohort.seats.copy(),
        term=cohort.term.copy(),
        term_pos=np.zeros(count, dtype=np.int64),
        starting=converted.copy(),
        addon=np.zeros(count, dtype=np.bool_),
        addon_starting=np.zeros(count, dtype=np.bool_),
        health=cohort.onboarding.initial.copy(),
        drift=cohort.engagement.copy(),
        base=cohort.engagement.copy(),
        churned_at=np.full(count, -1, dtype=np.int64),
        reactivated=np.zeros(count, dtype=np.bool_),
    )
