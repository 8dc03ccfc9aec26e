"""Independent random streams derived from the spec's seed.

Each topic (lifecycle, usage, support…) of each batch gets its own generator from
`SeedSequence(seed, spawn_key=…)`, so a batch's tables depend only on the spec and the
batch number, and changing how one table is drawn does not reshuffle the others.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np


class Topic(IntEnum):
    """The independent random streams of one batch (and of the company as a whole)."""

    COMPANY = 0
    ACCOUNTS = 1
    LIFECYCLE = 2
    SUBSCRIPTIONS = 3
    BILLING = 4
    USAGE = 5
    SUPPORT = 6
    SURVEYS = 7
    TOUCHPOINTS = 8
    TEAM = 9
    COSTS = 10


def stream(seed: int, topic: Topic, batch: int = -1) -> np.random.Generator:
    """The generator for `topic` of `batch` (batch −1 = company-wide draws)."""
    key = (0, int(topic)) if batch < 0 else (1, batch, int(topic))
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))
