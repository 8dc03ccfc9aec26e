"""Load every domain module's builders and check them against the catalogue at import."""

from __future__ import annotations

from tenure.metrics import (
    adoption,
    billing,
    customers,
    economics,
    engagement,
    lifecycle,
    relationship,
    retention,
    revenue,
    support,
    surveys,
    ticket_times,
    usage,
)
from tenure.metrics.catalogue import CATALOGUE
from tenure.metrics.registry import BUILDERS

DOMAINS = (revenue, customers, retention, billing, economics)
EXPERIENCE = (surveys, support, ticket_times, relationship, lifecycle, usage, engagement, adoption)


def check_registry() -> None:
    """Every catalogue metric (except cohort tables) has a builder, and nothing else does."""
    wanted = {key for key, metric in CATALOGUE.items() if metric.kind != "cohort"}
    missing = sorted(wanted - set(BUILDERS))
    extra = sorted(set(BUILDERS) - wanted)
    if missing or extra:
        raise RuntimeError(f"metric builders out of step with the catalogue: {missing=} {extra=}")


check_registry()
