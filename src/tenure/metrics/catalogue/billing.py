"""Catalogue entries: purchases, daily revenue and payments in arrears."""

from __future__ import annotations

from tenure.metrics.spec import Metric

_INVOICES = ("invoices",)

METRICS = (
    Metric(
        "repeat_purchase_rate",
        "Repeat purchase rate",
        "Share of purchasing customers who bought more than once.",
        "Accounts with ≥ 2 purchases ÷ accounts with ≥ 1 purchase, over each account's"
        " lifetime up to the period's end (or within the period). A purchase is a distinct"
        " day with an invoice (or each invoice); void and refunded invoices do not count.",
        "ratio",
        "higher",
        "ratio",
        _INVOICES,
        ("repeat_purchase_unit", "repeat_purchase_window"),
    ),
    Metric(
        "average_revenue_per_customer_daily",
        "Average daily revenue per customer",
        "The seed's 'average daily earning per customer'.",
        "For each day of the period with paying customers: revenue invoiced that day ÷ paying"
        " customers that day; then the average over those days. Void and refunded invoices"
        " do not count.",
        "currency",
        "higher",
        "distribution",
        ("subscriptions", "invoices"),
        ("full_discount", "trials_in_mrr", "churn_recognition", "joined_and_churned"),
        explain_accounts=False,
    ),
    Metric(
        "arrears",
        "Customers in arrears",
        "Share of paying customers with an invoice past due at the end of the period.",
        "Customers with an unpaid invoice whose due date is before the period's last day ÷"
        " customers. An invoice is unpaid until `paid_at` (or forever when open without"
        " `paid_at`); `paid` status without `paid_at`, void and refunded count as settled.",
        "ratio",
        "lower",
        "ratio",
        ("subscriptions", "invoices"),
        ("full_discount", "trials_in_mrr", "churn_recognition", "joined_and_churned"),
    ),
    Metric(
        "arrears_amount",
        "Amount in arrears",
        "Amount of the invoices past due at the end of the period (all accounts).",
        "Sum of the amounts of unpaid invoices whose due date is before the period's last day.",
        "currency",
        "lower",
        "sum",
        _INVOICES,
    ),
    Metric(
        "arrears_days",
        "Days past due",
        "Average days past due of the invoices in arrears at the end of the period.",
        "Σ (last day − due date) ÷ number of invoices past due.",
        "days",
        "lower",
        "ratio",
        _INVOICES,
    ),
)
