"""Trials, trial conversion, onboarding milestones and integration installs.

An account's initial health (its engagement plus a signup-time shock) decides how far and
how fast it gets through the five onboarding steps; trial accounts convert to paid more
often when they reached more steps during the trial. Onboarding outcome then feeds the
monthly lifecycle (missed or late onboarding raises churn risk).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tenure.demo.arrays import BoolArray, FloatArray, IntArray, sigmoid
from tenure.demo.spec import DemoSpec
from tenure.demo.timeutil import US_PER_DAY

TRIAL_DAYS = 14
STEPS = 5
TARGET_DAYS = 30  # onboarding completed later than this counts as late
MAX_INTEGRATIONS = 3
NONE = -1  # marks an instant that never happened


@dataclass(frozen=True)
class Onboarding:
    """Signup-time outcomes of a batch of accounts (one entry per account)."""

    initial: FloatArray  # latent health at signup
    trial: BoolArray
    trial_end: IntArray  # µs; meaningful where `trial`
    converted: BoolArray  # whether the account becomes a paying customer
    anchor: IntArray  # first paid instant (µs): trial end for trials, signup otherwise
    steps: IntArray  # (accounts × 5) instants of the onboarding steps, NONE if not reached
    integrations: IntArray  # (accounts × 3) install instants, NONE if not installed

    @property
    def completed(self) -> IntArray:
        """When onboarding was completed (the last step), NONE if never."""
        return self.steps[:, -1]


def onboard(
    spec: DemoSpec,
    created: IntArray,
    trial: BoolArray,
    engagement: FloatArray,
    plan: IntArray,
    rng: np.random.Generator,
) -> Onboarding:
    """Draw trial outcome, onboarding steps and integration installs for new accounts."""
    initial = (engagement + 0.5 * rng.standard_normal(created.size)).astype(np.float64)
    trial_end = created + TRIAL_DAYS * US_PER_DAY
    steps = _steps(created, initial, rng)
    in_trial = ((steps >= 0) & (steps < trial_end[:, None])).sum(axis=1)
    chance = sigmoid(-2.1 + 1.2 * initial + 0.5 * in_trial)
    converted = ~trial | ((trial_end < spec.horizon_us) & (rng.random(created.size) < chance))
    stop = np.where(converted, spec.horizon_us, np.minimum(trial_end, spec.horizon_us))
    steps = np.where((steps >= 0) & (steps < stop[:, None]), steps, NONE)
    anchor = np.where(trial, trial_end, created)
    return Onboarding(
        initial=initial,
        trial=trial,
        trial_end=trial_end.astype(np.int64),
        converted=converted,
        anchor=anchor.astype(np.int64),
        steps=steps.astype(np.int64),
        integrations=_integrations(anchor, converted, initial, plan, spec.horizon_us, rng),
    )


def _steps(created: IntArray, initial: FloatArray, rng: np.random.Generator) -> IntArray:
    """Instants of the onboarding steps: healthier accounts reach more steps, sooner."""
    count = created.size
    hurdle = 0.35 * np.arange(STEPS)
    passed = rng.random((count, STEPS)) < sigmoid(2.6 + 1.3 * initial[:, None] - hurdle)
    reached = np.cumprod(passed, axis=1).astype(np.bool_)
    scale = 2.5 * np.exp(-0.5 * initial)[:, None]
    gaps = rng.gamma(1.5, 1.0, size=(count, STEPS)) * scale * US_PER_DAY
    instants = created[:, None] + np.cumsum(gaps, axis=1).astype(np.int64)
    return np.where(reached, instants, NONE).astype(np.int64)


def _integrations(
    anchor: IntArray,
    converted: BoolArray,
    initial: FloatArray,
    plan: IntArray,
    horizon: int,
    rng: np.random.Generator,
) -> IntArray:
    """Integration installs: more on bigger plans and engaged accounts, mostly early on."""
    expected = (0.35 + 0.3 * plan) * np.exp(0.5 * initial)
    count = np.minimum(rng.poisson(expected), MAX_INTEGRATIONS) * converted
    gaps = rng.exponential(40.0, size=(anchor.size, MAX_INTEGRATIONS)) * US_PER_DAY
    instants = anchor[:, None] + np.cumsum(gaps, axis=1).astype(np.int64)
    installed = (np.arange(MAX_INTEGRATIONS)[None, :] < count[:, None]) & (instants < horizon)
    return np.where(installed, instants, NONE).astype(np.int64)


def on_time(onboarding: Onboarding, created: IntArray, by: IntArray) -> BoolArray:
    """Whether onboarding was completed within the target, as known at instants `by`."""
    done = onboarding.completed
    late = created + TARGET_DAYS * US_PER_DAY
    return (done >= 0) & (done < by) & (done <= late)


def installed_by(onboarding: Onboarding, by: IntArray) -> BoolArray:
    """Whether at least one integration was installed before instants `by`."""
    first = onboarding.integrations[:, 0]
    return (first >= 0) & (first < by)
