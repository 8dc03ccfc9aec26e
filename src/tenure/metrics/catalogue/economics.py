"""Catalogue entries: acquisition and retention costs, payback and lifetime value."""

from __future__ import annotations

from tenure.metrics.spec import Metric

_CHURN = ("full_discount", "trials_in_mrr", "churn_recognition", "joined_and_churned")

METRICS = (
    Metric(
        "cac",
        "CAC",
        "Customer acquisition cost.",
        "Acquisition spend in the period (`costs`, category acquisition) ÷ new customers in"
        " the period.",
        "currency",
        "lower",
        "ratio",
        ("costs", "subscriptions"),
        _CHURN,
        min_grain="month",
        segments="team",
        explain_accounts=False,
    ),
    Metric(
        "cac_payback_months",
        "CAC payback",
        "Months of gross margin needed to repay the cost of acquiring a customer.",
        "CAC ÷ (ARPA × gross margin).",
        "months",
        "lower",
        "ratio",
        ("costs", "subscriptions"),
        (*_CHURN, "gross_margin"),
        min_grain="month",
        segments="team",
        explain_accounts=False,
    ),
    Metric(
        "ltv",
        "LTV",
        "Customer lifetime value.",
        "ARPA × gross margin ÷ average monthly logo churn rate of the `ltv_churn_months`"
        " months before the period's month (that month excluded); undefined when that"
        " churn is 0.",
        "currency",
        "higher",
        "ratio",
        ("subscriptions",),
        (*_CHURN, "gross_margin", "ltv_churn_months", "churn_denominator", "churn_window_days"),
        min_grain="month",
        explain_accounts=False,
    ),
    Metric(
        "ltv_to_cac",
        "LTV : CAC",
        "Lifetime value earned per unit of acquisition cost.",
        "LTV ÷ CAC.",
        "multiple",
        "higher",
        "ratio",
        ("costs", "subscriptions"),
        (*_CHURN, "gross_margin", "ltv_churn_months", "churn_denominator", "churn_window_days"),
        min_grain="month",
        segments="team",
        explain_accounts=False,
    ),
    Metric(
        "customer_retention_cost",
        "Customer retention cost",
        "Customer-success (retention) spend per paying customer.",
        "Retention spend in the period (`costs`, category retention) ÷ customers at the"
        " period's end.",
        "currency",
        "lower",
        "ratio",
        ("costs", "subscriptions"),
        _CHURN,
        min_grain="month",
        segments="team",
        explain_accounts=False,
    ),
)
