"""The sections of a review pack, in the order the pack shows them."""

from __future__ import annotations

from collections.abc import Callable

from tenure.reports.context import ReportContext
from tenure.reports.model import Section
from tenure.reports.sections import goals, health, nps, revenue, risks, summary, support, usage

Builder = Callable[[ReportContext], Section]

SECTIONS: tuple[Builder, ...] = (
    summary.build,
    goals.build,
    revenue.build,
    usage.build,
    health.build,
    support.build,
    nps.build,
    risks.build,
)
