"""Errors of the CLV models; they reach users as one line through the CLI."""

from __future__ import annotations

from tenure.errors import TenureError


class ModelError(TenureError):
    """Base of every CLV-model error."""


class NotFittedError(ModelError):
    """A fitted attribute or a prediction was asked of a model before `fit()`."""


class ModelDataError(ModelError):
    """The data given to a model cannot be used (wrong shape, negative counts, too few rows)."""


class FitFailed(ModelError):
    """The maximum-likelihood search did not reach a finite optimum."""
