"""Shared numpy array aliases and small vectorised helpers used across the generator."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


def sigmoid(x: FloatArray) -> FloatArray:
    """The logistic function, used for every probability driven by a latent score."""
    return (1.0 / (1.0 + np.exp(-x))).astype(np.float64)


def rank_within(groups: IntArray) -> IntArray:
    """0-based position of each row inside its run of equal, consecutive `groups` values."""
    if groups.size == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    lengths = np.diff(np.r_[starts, groups.size])
    return np.asarray(np.arange(groups.size) - np.repeat(starts, lengths), dtype=np.int64)


def choice_rows(rng: np.random.Generator, probabilities: FloatArray) -> IntArray:
    """Draw one category per row from a (rows × categories) matrix of probabilities."""
    cumulative: FloatArray = np.asarray(np.cumsum(probabilities, axis=1), dtype=np.float64)
    cumulative = cumulative / cumulative[:, -1:]
    draws = rng.random((probabilities.shape[0], 1))
    picked = (draws > cumulative).sum(axis=1)
    return np.asarray(np.minimum(picked, probabilities.shape[1] - 1), dtype=np.int64)
