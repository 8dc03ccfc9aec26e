"""Catalogue entries: churn, retention and renewals."""

from __future__ import annotations

from tenure.metrics.spec import Metric

_BASE = ("full_discount", "trials_in_mrr", "churn_recognition", "reactivation_window_days")
_WINDOW = (*_BASE, "churn_window_days", "joined_and_churned")
_MRR = (*_WINDOW, "weekly_factor", "discounts")
_SUBS = ("subscriptions",)


def _nrr(key: str, name: str, gross: bool, months: bool) -> Metric:
    window = "the 12 months ending with the period" if months else "the period"
    top = "start − churned − contraction" if gross else "start − churned − contraction + expansion"
    return Metric(
        key,
        name,
        f"{'Gross' if gross else 'Net'} revenue retention over {window}.",
        f"Of the accounts paying at the start of {window}: ({top}) ÷ start, each account"
        " netted over the window (a churned account that came back counts at its end MRR).",
        "ratio",
        "higher",
        "ratio",
        _SUBS,
        (*_BASE, "weekly_factor", "discounts", "joined_and_churned"),
    )


METRICS = (
    Metric(
        "logo_churn_rate",
        "Logo churn rate",
        "Share of customers lost during the churn window (the period by default).",
        "churned customers ÷ customers at the start of the window. By default (`exclude`) the"
        " numerator counts each customer present at the start that churned, once; with"
        " `include` every churn event; `start_plus_new` adds the customers who joined in"
        " the window to the denominator.",
        "ratio",
        "lower",
        "ratio",
        _SUBS,
        (*_WINDOW, "churn_denominator"),
    ),
    Metric(
        "logo_churn_rate_seed",
        "Logo churn rate (seed formula)",
        "The seed texts' churn: the share of starting customers not found at the end.",
        "1 − (customers at end − new customers) ÷ customers at start, where new customers"
        " are all accounts that started paying in the period (new and reactivated).",
        "ratio",
        "lower",
        "ratio",
        _SUBS,
        _BASE,
    ),
    Metric(
        "customer_retention_rate",
        "Customer retention rate",
        "Share of starting customers still paying at the end (complement of the seed churn).",
        "(customers at end − new customers) ÷ customers at start.",
        "ratio",
        "higher",
        "ratio",
        _SUBS,
        _BASE,
    ),
    Metric(
        "revenue_churn_rate",
        "Revenue churn rate",
        "Share of MRR lost with accounts that churned during the churn window.",
        "churned MRR ÷ MRR at the start of the window.",
        "ratio",
        "lower",
        "ratio",
        _SUBS,
        _MRR,
    ),
    Metric(
        "gross_mrr_churn_rate",
        "Gross MRR churn rate",
        "Share of MRR lost to churn and contraction during the churn window.",
        "(churned + contraction MRR) ÷ MRR at the start of the window.",
        "ratio",
        "lower",
        "ratio",
        _SUBS,
        _MRR,
    ),
    Metric(
        "net_mrr_churn_rate",
        "Net MRR churn rate",
        "MRR lost net of MRR regained from existing customers; negative is good.",
        "(churned + contraction − expansion − reactivation MRR) ÷ MRR at the start of the"
        " window; reactivation is left out when `net_churn_reactivation` is false.",
        "ratio",
        "lower",
        "ratio",
        _SUBS,
        (*_MRR, "net_churn_reactivation"),
    ),
    Metric(
        "annualised_churn",
        "Annualised logo churn",
        "The logo churn rate compounded over a year.",
        "1 − (1 − logo churn rate)^n, n = periods per year of the grain (12 for months), or"
        " 365 ÷ N with an N-day churn window.",
        "ratio",
        "lower",
        "ratio",
        _SUBS,
        (*_WINDOW, "churn_denominator"),
        explain_accounts=False,
    ),
    _nrr("nrr", "Net revenue retention", gross=False, months=False),
    _nrr("grr", "Gross revenue retention", gross=True, months=False),
    _nrr("nrr_12m", "Net revenue retention, trailing 12 months", gross=False, months=True),
    _nrr("grr_12m", "Gross revenue retention, trailing 12 months", gross=True, months=True),
    Metric(
        "renewal_rate",
        "Renewal rate",
        "Share of contracts up for renewal in the period that renewed.",
        "Subscriptions whose `term_ends_at` falls in the period and whose account is still a"
        " customer `renewal_grace_days` after it ÷ subscriptions whose term ends in the period"
        " (terms whose grace period has not ended yet are left out).",
        "ratio",
        "higher",
        "ratio",
        _SUBS,
        (*_BASE, "renewal_grace_days"),
    ),
    Metric(
        "renewal_rate_revenue",
        "Renewal rate (revenue)",
        "Share of the MRR up for renewal in the period that renewed.",
        "Like `renewal_rate`, weighting each subscription by its MRR.",
        "ratio",
        "higher",
        "ratio",
        _SUBS,
        (*_BASE, "renewal_grace_days", "weekly_factor", "discounts"),
    ),
)
