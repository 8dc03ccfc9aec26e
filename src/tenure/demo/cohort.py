"""The static profile of one batch of accounts: who they are and how they start.

Segments (size, industry, country, channel), starting plan, seats and billing term, and
the latent long-run engagement that later drives usage, support, surveys and churn.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tenure.demo.arrays import BoolArray, FloatArray, IntArray, choice_rows
from tenure.demo.features import FEATURES
from tenure.demo.onboarding import Onboarding, onboard
from tenure.demo.plans import DISCOUNT_PERCENTS, DISCOUNT_SHARE, TERM_MIX
from tenure.demo.spec import DemoSpec
from tenure.demo.vocab import (
    CHANNEL_ENGAGEMENT,
    CHANNEL_WEIGHTS,
    COUNTRY_WEIGHTS,
    INDUSTRY_WEIGHTS,
    PLAN_BY_SIZE,
    SEAT_MEDIANS,
    SEAT_SPREAD,
    SIZE_WEIGHTS,
)

#: Share of accounts starting with a free trial, per starting plan (sales-led plans rarely).
TRIAL_SHARE = np.array([0.75, 0.65, 0.35, 0.05])
#: Share of accounts that use the API, per plan.
API_SHARE = np.array([0.05, 0.25, 0.55, 0.7])
NPS_PROGRAM_SHARE = 0.7


@dataclass(frozen=True)
class Cohort:
    """Static attributes of a batch of accounts (one entry per account)."""

    numbers: IntArray  # 1-based account numbers (A000001 …)
    created: IntArray  # signup instant (µs)
    size: IntArray
    industry: IntArray
    country: IntArray
    channel: IntArray
    plan: IntArray  # starting plan
    seats: IntArray  # starting seats
    term: IntArray  # starting billing term
    discount: IntArray  # discount percent kept for the account's life
    engagement: FloatArray  # latent long-run engagement (≈ N(0, 0.7))
    adopted: BoolArray  # (accounts × features) whether the account takes up each feature
    api_user: BoolArray
    nps_offset: IntArray  # cycle offset of the quarterly NPS survey, −1 = not surveyed
    onboarding: Onboarding

    @property
    def count(self) -> int:
        """Number of accounts in the cohort."""
        return int(self.numbers.size)


def make_cohort(
    spec: DemoSpec, numbers: IntArray, created: IntArray, rng: np.random.Generator
) -> Cohort:
    """Draw the static profile of the accounts `numbers` who signed up at `created`."""
    count = numbers.size
    size = rng.choice(SIZE_WEIGHTS.size, size=count, p=SIZE_WEIGHTS).astype(np.int64)
    channel = rng.choice(CHANNEL_WEIGHTS.size, size=count, p=CHANNEL_WEIGHTS).astype(np.int64)
    plan = choice_rows(rng, PLAN_BY_SIZE[size])
    engagement = _engagement(size, channel, rng)
    trial = rng.random(count) < TRIAL_SHARE[plan]
    return Cohort(
        numbers=numbers,
        created=created,
        size=size,
        industry=rng.choice(INDUSTRY_WEIGHTS.size, size=count, p=INDUSTRY_WEIGHTS).astype(np.int64),
        country=rng.choice(COUNTRY_WEIGHTS.size, size=count, p=COUNTRY_WEIGHTS).astype(np.int64),
        channel=channel,
        plan=plan,
        seats=_seats(size, rng),
        term=choice_rows(rng, TERM_MIX[plan]),
        discount=_discounts(plan, rng),
        engagement=engagement,
        adopted=_adoption(engagement, plan, rng),
        api_user=rng.random(count) < _api_share(plan),
        nps_offset=np.where(rng.random(count) < NPS_PROGRAM_SHARE, rng.integers(0, 3, count), -1),
        onboarding=onboard(spec, created, trial, engagement, plan, rng),
    )


def _engagement(size: IntArray, channel: IntArray, rng: np.random.Generator) -> FloatArray:
    """Latent engagement: a random account effect plus acquisition-channel and size effects."""
    noise = 0.65 * rng.standard_normal(size.size)
    return np.asarray(noise + CHANNEL_ENGAGEMENT[channel] + 0.05 * size, dtype=np.float64)


def _seats(size: IntArray, rng: np.random.Generator) -> IntArray:
    """Licensed seats, log-normal around the size band's median."""
    seats = SEAT_MEDIANS[size] * np.exp(SEAT_SPREAD * rng.standard_normal(size.size))
    return np.maximum(np.round(seats), 1).astype(np.int64)


def _discounts(plan: IntArray, rng: np.random.Generator) -> IntArray:
    """Discount percent: more common on bigger plans, zero for most accounts."""
    given = rng.random(plan.size) < DISCOUNT_SHARE[plan]
    percent = rng.choice(DISCOUNT_PERCENTS, size=plan.size)
    return np.where(given, percent, 0).astype(np.int64)


def _adoption(engagement: FloatArray, plan: IntArray, rng: np.random.Generator) -> BoolArray:
    """Which features each account takes up once available: engaged accounts adopt more."""
    popularity = np.array([feature.popularity for feature in FEATURES])
    logit = popularity[None, :] + 1.1 * engagement[:, None] + 0.2 * plan[:, None]
    return rng.random(logit.shape) < 1.0 / (1.0 + np.exp(-logit))


def _api_share(plan: IntArray) -> FloatArray:
    """Probability that an account of each plan integrates through the API."""
    return API_SHARE[plan].astype(np.float64)
