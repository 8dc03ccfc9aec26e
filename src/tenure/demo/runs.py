"""Turn per-cycle state grids into contiguous runs (subscription rows, ownership periods)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tenure.demo.arrays import BoolArray, IntArray


@dataclass(frozen=True)
class Runs:
    """Contiguous runs of cycles: account, first cycle, last cycle, and whether the run ended.

    `stop` is the first cycle after the run; it is only meaningful where `ended` is True
    (otherwise the run is still going at the end of history).
    """

    account: IntArray
    first: IntArray
    last: IntArray
    stop: IntArray
    ended: BoolArray


def find_runs(starts: BoolArray, active: BoolArray, exists: BoolArray) -> Runs:
    """Runs that begin where `starts` and continue while `active`, up to the next start.

    `exists` marks simulated cycles (a prefix of each row); a run reaching the last existing
    cycle is still going.
    """
    cycles = starts.shape[1]
    breaks = np.flatnonzero(starts | (exists & ~active))
    account, first = np.nonzero(starts)
    flat = account * cycles + first
    after = np.searchsorted(breaks, flat, side="right")
    candidate = breaks[np.minimum(after, max(breaks.size - 1, 0))] if breaks.size else flat
    ended = (after < breaks.size) & (candidate // cycles == account)
    stop = np.where(ended, candidate % cycles, 0).astype(np.int64)
    final = exists.sum(axis=1).astype(np.int64)[account] - 1
    last = np.where(ended, stop - 1, final).astype(np.int64)
    return Runs(account.astype(np.int64), first.astype(np.int64), last, stop, ended)
