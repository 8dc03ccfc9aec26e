"""Summary: the headline figures of the period, each against the period before."""

from __future__ import annotations

from tenure.reports.context import ReportContext
from tenure.reports.model import Section
from tenure.reports.sections.common import figures

COMPANY = (
    ("mrr", "MRR"),
    ("arr", "ARR"),
    ("customers", "Customers"),
    ("net_new_mrr", "Net new MRR"),
    ("nrr", "Net revenue retention"),
    ("logo_churn_rate", "Logo churn"),
    ("nps", "NPS"),
    ("csat", "CSAT"),
)
ACCOUNT = (
    ("mrr", "MRR"),
    ("mau", "Monthly active users"),
    ("adoption", "Feature adoption"),
    ("ticket_volume", "Support tickets"),
)


def build(ctx: ReportContext) -> Section:
    """The figures that open the pack."""
    keys = COMPANY if ctx.account is None else ACCOUNT
    who = "the company" if ctx.account is None else "this account"
    return Section(
        key="summary",
        title="Summary",
        intro=f"Key figures of {who} for {ctx.period.label}, against the {ctx.period.grain} "
        "before. Rates are for the whole period; MRR and customers at its last day.",
        figures=figures(ctx, keys),
    )
