"""The monthly simulation behind every account-level table.

For each batch of accounts the loop runs over billing cycles (months from each account's
paid start): it records the contract state, moves latent health, draws observable signals,
assesses churn risk and applies end-of-cycle decisions (see `dynamics`, `transitions`).
"""

from __future__ import annotations

import numpy as np

from tenure.demo.arrays import BoolArray, IntArray
from tenure.demo.cohort import Cohort
from tenure.demo.company import Company
from tenure.demo.dynamics import assess, evolve, observe
from tenure.demo.state import PAYING, AccountState, Lifecycle, initial_state
from tenure.demo.team import assign_csms
from tenure.demo.timeutil import add_months
from tenure.demo.transitions import transition

__all__ = ["Lifecycle", "active_at", "simulate"]


def simulate(cohort: Cohort, company: Company, rng: np.random.Generator) -> Lifecycle:
    """Run the monthly simulation for a cohort over the whole history."""
    spec = company.spec
    cycles = spec.months + 1
    anchor = cohort.onboarding.anchor
    bounds = add_months(
        np.repeat(anchor, cycles + 1), np.tile(np.arange(cycles + 1), anchor.size)
    ).reshape(anchor.size, cycles + 1)
    is_open = cohort.onboarding.converted[:, None] & (bounds[:, :-1] < spec.horizon_us)
    csm = assign_csms(company.roster, cohort.plan, bounds, rng)
    life = Lifecycle(bounds=bounds, open=is_open, csm=csm)
    state = initial_state(cohort)
    for cycle in range(cycles):
        record(life, state, cycle)
        evolve(life, state, cycle, rng)
        observe(life, state, cohort, company, cycle, rng)
        assess(life, state, cohort, cycle)
        transition(life, state, cycle, spec.horizon_us, rng)
    return life


def record(life: Lifecycle, state: AccountState, k: int) -> None:
    """Store the contract state of cycle k."""
    live = life.open[:, k] & (state.status == PAYING)
    life.paying[:, k] = live
    life.plan[:, k] = state.plan
    life.seats[:, k] = state.seats
    life.term[:, k] = state.term
    life.term_pos[:, k] = state.term_pos
    life.row_start[:, k] = live & state.starting
    life.addon[:, k] = live & state.addon
    life.addon_start[:, k] = live & state.addon & state.addon_starting


def active_at(cohort: Cohort, life: Lifecycle, horizon: int, instants: IntArray) -> BoolArray:
    """Whether each account (rows of `instants`) was in trial or paying at each instant."""
    onboarding = cohort.onboarding
    created, trial_end = cohort.created[:, None], onboarding.trial_end[:, None]
    in_trial = onboarding.trial[:, None] & (instants >= created) & (instants < trial_end)
    cycle = (life.bounds[:, None, :] <= instants[:, :, None]).sum(axis=2) - 1
    valid = (cycle >= 0) & (cycle < life.cycles)
    rows = np.broadcast_to(np.arange(instants.shape[0])[:, None], instants.shape)
    paying = valid & life.paying[rows, np.clip(cycle, 0, life.cycles - 1)]
    inside = (instants < horizon) & (instants >= created)
    return np.asarray((in_trial | paying) & inside, dtype=np.bool_)
