"""Catalogue entries: paying customers and their movements."""

from __future__ import annotations

from tenure.metrics.spec import Metric

_CONVENTIONS = (
    "full_discount",
    "trials_in_mrr",
    "churn_recognition",
    "joined_and_churned",
    "reactivation_window_days",
)
_SUBS = ("subscriptions",)

METRICS = (
    Metric(
        "customers",
        "Customers",
        "Paying accounts at the end of the period.",
        "Accounts with at least one paid subscription active on the period's last day.",
        "count",
        "higher",
        "count",
        _SUBS,
        _CONVENTIONS,
    ),
    Metric(
        "new_customers",
        "New customers",
        "Accounts that paid for the first time during the period.",
        "Count of `new` movements in the period.",
        "count",
        "higher",
        "count",
        _SUBS,
        _CONVENTIONS,
    ),
    Metric(
        "churned_customers",
        "Churned customers",
        "Churn events during the period (an account that churns twice counts twice).",
        "Count of `churned` movements in the period; customers at end = customers at start"
        " + new + reactivated − churned.",
        "count",
        "lower",
        "count",
        _SUBS,
        _CONVENTIONS,
    ),
    Metric(
        "reactivated_customers",
        "Reactivated customers",
        "Churned accounts that paid again during the period.",
        "Count of `reactivation` movements in the period.",
        "count",
        "higher",
        "count",
        _SUBS,
        _CONVENTIONS,
    ),
    Metric(
        "trial_to_paid",
        "Trial-to-paid conversion",
        "Share of the trials started in the period that later became paying.",
        "Accounts whose trial started in the period and that became customers on or after"
        " the trial's first day ÷ accounts whose trial started in the period. The trial"
        " start is the earlier of `accounts.trial_started_at` and the first `is_trial`"
        " subscription; accounts that paid without a trial are not counted.",
        "ratio",
        "higher",
        "ratio",
        ("accounts", "subscriptions"),
        ("trials_in_mrr", "full_discount"),
    ),
)
