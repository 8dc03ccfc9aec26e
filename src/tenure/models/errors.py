"""Errors of the health and risk models; they reach users as one line through the CLI."""

from __future__ import annotations

from tenure.errors import TenureError


class HealthError(TenureError):
    """A health request cannot be answered (unknown account or segment attribute, no data)."""


class RiskError(TenureError):
    """The churn-risk model cannot be fitted or used (too little history, not fitted)."""
