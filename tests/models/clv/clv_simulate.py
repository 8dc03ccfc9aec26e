"""Simulators of the CLV models' generative stories, for parameter-recovery tests."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def bgnbd(
    rng: np.random.Generator, r: float, alpha: float, a: float, b: float, T: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Repeat purchases x and recency t_x of customers first buying at 0 and observed to T.

    λ ~ Gamma(r, rate α), p ~ Beta(a, b); purchases arrive as Poisson(λ) and after each
    repeat purchase the customer drops out with probability p.
    """
    n = len(T)
    rate = rng.gamma(r, 1.0 / alpha, n)
    dropout = rng.beta(a, b, n)
    now, x, last = np.zeros(n), np.zeros(n), np.zeros(n)
    alive = np.ones(n, dtype=bool)
    while alive.any():
        now = now + rng.exponential(1.0 / np.maximum(rate, 1e-300))
        bought = alive & (now <= T)
        x[bought] += 1
        last[bought] = now[bought]
        alive = bought & (rng.random(n) >= dropout)
    return x, last


def gamma_gamma(
    rng: np.random.Generator, p: float, q: float, gamma: float, x: npt.NDArray[np.int64]
) -> FloatArray:
    """Mean of x transaction values per customer: z ~ Gamma(p, rate ν), ν ~ Gamma(q, rate γ)."""
    nu = rng.gamma(q, 1.0 / gamma, len(x))
    # the sum of x Gamma(p, ν) values is Gamma(p x, ν)
    total = rng.gamma(p * x, 1.0 / nu)
    result: FloatArray = total / x
    return result


def sbg(
    rng: np.random.Generator, alpha: float, beta: float, n: int, observed: int
) -> tuple[FloatArray, FloatArray]:
    """Periods paid for and churned flags of a cohort of n customers observed for `observed`
    periods: θ ~ Beta(α, β), lifetime T ~ Geometric(θ) ≥ 1; T ≥ observed is still active."""
    lifetime = rng.geometric(rng.beta(alpha, beta, n)).astype(np.float64)
    churned = (lifetime < observed).astype(np.float64)
    return np.minimum(lifetime, observed), churned
