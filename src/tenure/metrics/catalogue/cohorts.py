"""Catalogue entries: cohort tables (signup cohort × age), computed by `Workspace.cohorts`."""

from __future__ import annotations

from tenure.metrics.spec import Metric

METRICS = (
    Metric(
        "logo_retention_cohorts",
        "Logo retention by cohort",
        "For each cohort of accounts (month of first payment), the share still active at each age.",
        "From subscriptions: cohort customers paying at the end of age bucket k ÷ cohort size."
        " From invoices: cohort customers with a purchase in bucket k ÷ cohort size. Ages are"
        " calendar months or 30-day periods from each account's first payment.",
        "ratio",
        "higher",
        "cohort",
        ("subscriptions",),
        ("cohort_buckets", "full_discount", "trials_in_mrr", "churn_recognition"),
        explain_accounts=False,
    ),
    Metric(
        "mrr_retention_cohorts",
        "Net MRR retention by cohort",
        "For each cohort, the revenue it brings at each age relative to what it started with.",
        "From subscriptions: cohort MRR at the end of age bucket k ÷ the cohort's MRR when each"
        " account first paid. From invoices: cohort revenue in bucket k ÷ revenue in bucket 0.",
        "ratio",
        "higher",
        "cohort",
        ("subscriptions",),
        ("cohort_buckets", "weekly_factor", "discounts", "full_discount", "trials_in_mrr"),
        explain_accounts=False,
    ),
)
