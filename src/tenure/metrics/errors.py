"""The error a metric request reports to a user (one clear line in the CLI)."""

from __future__ import annotations

from tenure.errors import TenureError


class MetricError(TenureError, ValueError):
    """A metric request cannot be answered: unknown metric, grain, segment or filter."""
