"""Input checks shared by the models: arrays of finite numbers with the documented ranges."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from tenure.models.clv.errors import ModelDataError

FloatArray = npt.NDArray[np.float64]
#: Anything numpy turns into an array of numbers: a scalar, a list, a Series, an array.
ArrayLike = Any


def as_array(name: str, values: ArrayLike) -> FloatArray:
    """`values` as a float array; reject missing and infinite values with the column's name."""
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ModelDataError(f"{name} must be numbers ({error})") from None
    if not np.all(np.isfinite(array)):
        raise ModelDataError(f"{name} has missing or infinite values")
    return array


def check_rfm(
    frequency: ArrayLike, recency: ArrayLike, T: ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Frequency, recency and age of customers, checked for the BG/NBD's assumptions."""
    x, t_x, age = np.broadcast_arrays(
        as_array("frequency", frequency), as_array("recency", recency), as_array("T", T)
    )
    if np.any(x < 0) or np.any(x != np.round(x)):
        raise ModelDataError("frequency must be whole numbers ≥ 0 (repeat purchases)")
    if np.any(t_x < 0) or np.any(t_x > age):
        raise ModelDataError("recency must lie between 0 and T for every customer")
    if np.any((x == 0) & (t_x != 0)):
        raise ModelDataError("recency must be 0 for customers without repeat purchases")
    return x, t_x, age


def as_weights(values: ArrayLike, shape: tuple[int, ...]) -> FloatArray:
    """Counts of identical customers (default one each): ≥ 0, not all zero."""
    weights = np.broadcast_to(as_array("weights", values), shape)
    if np.any(weights < 0) or not np.any(weights > 0):
        raise ModelDataError("weights must be ≥ 0 and not all 0")
    return weights


def check_nonempty(name: str, size: int, minimum: int = 1) -> None:
    """Refuse a fit on fewer rows than the model has parameters to estimate."""
    if size < minimum:
        raise ModelDataError(f"{name} needs at least {minimum} rows to fit, got {size}")
