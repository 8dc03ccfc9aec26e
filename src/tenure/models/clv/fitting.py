"""Shared maximum-likelihood machinery for the CLV fitters.

Every model here has strictly positive parameters, so the search runs on their logarithms
(unconstrained) with `scipy.optimize.minimize`; standard errors come from the inverse of a
numerical Hessian of the negative log-likelihood, mapped back by the delta method.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar, Self

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy.optimize import minimize

from tenure.models.clv.errors import FitFailed, ModelDataError, NotFittedError

FloatArray = npt.NDArray[np.float64]
#: A negative log-likelihood of the natural (positive) parameters.
NegLogLikelihood = Callable[[FloatArray], float]

_Z_95 = 1.959963984540054


@dataclass(frozen=True)
class Estimate:
    """A maximum-likelihood fit: estimates, standard errors, log-likelihood, sample size."""

    names: tuple[str, ...]
    values: FloatArray
    std_errors: FloatArray
    log_likelihood: float
    n: int


def maximise(
    neg_ll: NegLogLikelihood, names: tuple[str, ...], n: int, start: FloatArray | None = None
) -> Estimate:
    """Maximise a likelihood over positive parameters; raise `FitFailed` if no finite optimum."""
    x0 = np.zeros(len(names)) if start is None else np.log(start)
    logs = _search(lambda x: neg_ll(np.exp(x)) / n, x0)
    values = np.exp(logs)
    best = neg_ll(values)
    if not np.isfinite(best):
        raise FitFailed(
            f"the likelihood is not finite at the optimum {dict(zip(names, values, strict=True))}"
        )
    log_hessian = numerical_hessian(lambda x: neg_ll(np.exp(x)), logs)
    return Estimate(names, values, _std_errors(values, log_hessian), -best, n)


def _search(objective: Callable[[FloatArray], float], x0: FloatArray) -> FloatArray:
    """BFGS to the neighbourhood of the optimum, then a tight Nelder-Mead polish."""
    safe = _finite(objective)
    rough = minimize(safe, x0, method="BFGS", options={"gtol": 1e-7})
    polish = minimize(
        safe,
        rough.x,
        method="Nelder-Mead",
        options={"xatol": 1e-9, "fatol": 1e-13, "maxiter": 20_000, "maxfev": 20_000},
    )
    best = polish.x if polish.fun <= rough.fun else rough.x
    if not np.all(np.isfinite(best)):
        raise FitFailed("the likelihood search diverged (parameters went to 0 or infinity)")
    return np.asarray(best, dtype=np.float64)


def _finite(objective: Callable[[FloatArray], float]) -> Callable[[FloatArray], float]:
    """Map NaN and infinities to a huge value so that line searches back off instead of failing."""

    def wrapped(x: FloatArray) -> float:
        value = float(objective(x))
        return value if np.isfinite(value) else 1e300

    return wrapped


def numerical_hessian(
    function: Callable[[FloatArray], float], x: FloatArray, step: float = 1e-4
) -> FloatArray:
    """Central-difference Hessian of a scalar function at `x`."""
    size = len(x)
    hessian = np.empty((size, size))
    basis = np.eye(size) * step
    for i in range(size):
        for j in range(i, size):
            value = (
                function(x + basis[i] + basis[j])
                - function(x + basis[i] - basis[j])
                - function(x - basis[i] + basis[j])
                + function(x - basis[i] - basis[j])
            ) / (4 * step * step)
            hessian[i, j] = hessian[j, i] = value
    return hessian


def _std_errors(values: FloatArray, log_hessian: FloatArray) -> FloatArray:
    """Delta method: Var(θ) = diag(θ) H⁻¹ diag(θ) with H the Hessian in log-parameters
    (NaN when H is singular)."""
    try:
        covariance = np.linalg.inv(log_hessian)
    except np.linalg.LinAlgError:
        return np.full(len(values), np.nan)
    variances = np.diag(covariance) * values**2
    return np.where(variances > 0, np.sqrt(np.abs(variances)), np.nan)


class Fitter:
    """Base of the fitters (lifelines style): `fit()` returns self, fitted attributes end in `_`."""

    param_names: ClassVar[tuple[str, ...]] = ()

    def __init__(self) -> None:
        self._estimate: Estimate | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, float]) -> Self:
        """A model with given parameters (e.g. published ones), for predictions without a fit;
        its standard errors and log-likelihood are NaN and `n_` is 0."""
        if set(params) != set(cls.param_names):
            raise ModelDataError(
                f"{cls.__name__} takes the parameters {', '.join(cls.param_names)}"
            )
        values = np.array([float(params[name]) for name in cls.param_names])
        if not np.all(np.isfinite(values) & (values > 0)):
            raise ModelDataError(f"{cls.__name__} parameters must be positive numbers")
        model = cls()
        nan = np.full(len(values), np.nan)
        model._estimate = Estimate(cls.param_names, values, nan, float("nan"), 0)
        return model

    def _fitted(self) -> Estimate:
        if self._estimate is None:
            raise NotFittedError(f"{type(self).__name__} is not fitted yet: call fit() first")
        return self._estimate

    def _values(self) -> tuple[float, ...]:
        return tuple(float(v) for v in self._fitted().values)

    @property
    def params_(self) -> pd.Series:
        """Maximum-likelihood estimates, indexed by parameter name."""
        estimate = self._fitted()
        return pd.Series(estimate.values, index=list(estimate.names), name="estimate")

    @property
    def standard_errors_(self) -> pd.Series:
        """Standard errors from the inverse Hessian of the negative log-likelihood."""
        estimate = self._fitted()
        return pd.Series(estimate.std_errors, index=list(estimate.names), name="std_error")

    @property
    def log_likelihood_(self) -> float:
        """Maximised log-likelihood."""
        return self._fitted().log_likelihood

    @property
    def n_(self) -> int:
        """Number of observations (customers) the model was fitted on."""
        return self._fitted().n

    def summary(self) -> pd.DataFrame:
        """Estimates with standard errors and 95 % Wald intervals, one row per parameter."""
        estimate, error = self.params_, self.standard_errors_
        return pd.DataFrame(
            {
                "estimate": estimate,
                "std_error": error,
                "lower_95": estimate - _Z_95 * error,
                "upper_95": estimate + _Z_95 * error,
            }
        )

    def __repr__(self) -> str:
        if self._estimate is None:
            return f"<{type(self).__name__}: not fitted>"
        shown = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        return f"<{type(self).__name__}: {shown}, n={self.n_}>"
