"""Catalogue entries: lifecycle."""

from __future__ import annotations

from tenure.metrics.spec import Metric

METRICS: tuple[Metric, ...] = ()
