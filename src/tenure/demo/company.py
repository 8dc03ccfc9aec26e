"""Company-wide facts shared by every batch: signups, calendar, support load, team, polls.

These are drawn once from the spec's seed (cheap even for 200,000 accounts) and handed to
each batch, so batches agree on them and stay consistent with each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tenure.demo.arrays import FloatArray, IntArray
from tenure.demo.rng import Topic, stream
from tenure.demo.spec import DemoSpec
from tenure.demo.team import Roster, make_roster
from tenure.demo.timeutil import US_PER_DAY, month_starts

#: Relative signups per calendar month (Jan … Dec): busy January/September, quiet August/December.
SEASONALITY = np.array([1.3, 1.05, 1.1, 1.0, 1.0, 0.95, 0.85, 0.65, 1.3, 1.1, 1.0, 0.65])
MONTHLY_GROWTH = 1.035
#: Share of support tickets that turn slow in a normal month, and in a support crunch.
BASE_SLOW_SHARE = 0.12
CRUNCH_SLOW_SHARE = 0.38


@dataclass(frozen=True)
class Poll:
    """A product poll sent to active accounts during a window."""

    question: str
    opens_us: int
    closes_us: int


@dataclass(frozen=True)
class Company:
    """Everything batches share: the spec, the calendar, signups, support load, CSMs, polls."""

    spec: DemoSpec
    months: IntArray  # month starts, months + 1 entries (the last is the month after history)
    signups: IntArray  # sorted signup instants of all accounts
    slow_share: FloatArray  # share of tickets that turn slow, per month of history
    roster: Roster
    polls: tuple[Poll, ...]

    def month_of(self, instants_us: IntArray) -> IntArray:
        """Index of the month of history containing each instant (clipped into history)."""
        index = np.searchsorted(self.months, instants_us, side="right") - 1
        return np.clip(index, 0, self.spec.months - 1).astype(np.int64)


def build_company(spec: DemoSpec) -> Company:
    """Draw the company-wide facts of `spec`."""
    rng = stream(spec.seed, Topic.COMPANY)
    months = month_starts(spec.start_us, spec.months + 1)
    return Company(
        spec=spec,
        months=months,
        signups=_signups(spec, months, rng),
        slow_share=_slow_share(spec.months, rng),
        roster=make_roster(spec, stream(spec.seed, Topic.TEAM)),
        polls=_polls(spec, months),
    )


def _signups(spec: DemoSpec, months: IntArray, rng: np.random.Generator) -> IntArray:
    """Signup instants: growing month over month, seasonal, uniform inside each month."""
    ends = np.minimum(months[1:], spec.horizon_us)
    lengths = ends - months[:-1]
    calendar = (spec.start.month - 1 + np.arange(spec.months)) % 12
    weights = MONTHLY_GROWTH ** np.arange(spec.months) * SEASONALITY[calendar] * lengths
    counts = rng.multinomial(spec.accounts, weights / weights.sum())
    base = np.repeat(months[:-1], counts)
    span = np.repeat(lengths, counts).astype(np.float64)
    instants = base + np.floor(rng.random(base.size) * span).astype(np.int64)
    return np.sort(instants).astype(np.int64)


def _slow_share(count: int, rng: np.random.Generator) -> FloatArray:
    """Monthly share of slow tickets, with two support crunches of two months each."""
    share = np.clip(BASE_SLOW_SHARE + 0.03 * rng.standard_normal(count), 0.04, 0.3)
    for start in rng.integers(0, max(count - 1, 1), size=2):
        share[start : start + 2] = CRUNCH_SLOW_SHARE
    return share.astype(np.float64)


_POLL_QUESTIONS = (
    "How useful is the new reports dashboard?",
    "How satisfied are you with our integrations?",
    "How likely are you to use forecasting next quarter?",
)


def _polls(spec: DemoSpec, months: IntArray) -> tuple[Poll, ...]:
    """Three polls spread over history, each open for three weeks."""
    polls = []
    for position, question in zip((0.3, 0.6, 0.9), _POLL_QUESTIONS, strict=True):
        opens = int(months[int(position * (spec.months - 1))]) + 3 * US_PER_DAY
        closes = min(opens + 21 * US_PER_DAY, spec.horizon_us)
        if opens < closes:
            polls.append(Poll(question, opens, closes))
    return tuple(polls)
