"""Catalogue entries: recurring revenue and its movements."""

from __future__ import annotations

from tenure.metrics.spec import MOVEMENT_COLUMNS, Direction, Metric

_MRR_CONVENTIONS = (
    "weekly_factor",
    "discounts",
    "full_discount",
    "trials_in_mrr",
    "churn_recognition",
    "joined_and_churned",
)
_MOVEMENT_CONVENTIONS = (*_MRR_CONVENTIONS, "reactivation_window_days")
_SUBS = ("subscriptions",)
_MOVES: tuple[tuple[str, str, Direction], ...] = (
    ("new", "from accounts paying for the first time", "higher"),
    (
        "expansion",
        "added by existing customers (upsell, cross-sell, 2nd subscription)",
        "higher",
    ),
    ("reactivation", "from churned accounts that pay again", "higher"),
    ("contraction", "lost by customers who still pay", "lower"),
    ("churned", "lost with accounts that stopped paying", "lower"),
)

METRICS = (
    Metric(
        "mrr",
        "MRR",
        "Monthly recurring revenue at the end of the period.",
        "Sum of the monthly-normalised amount of every paid subscription active on the"
        " period's last day (month ×1, quarter ÷3, year ÷12, N intervals ÷N, week × weekly"
        " factor, day ×365/12).",
        "currency",
        "higher",
        "sum",
        _SUBS,
        _MRR_CONVENTIONS,
    ),
    Metric(
        "arr",
        "ARR",
        "Annual recurring revenue at the end of the period.",
        "12 × MRR.",
        "currency",
        "higher",
        "sum",
        _SUBS,
        _MRR_CONVENTIONS,
    ),
    Metric(
        "mrr_movements",
        "MRR movements",
        "How MRR went from the start to the end of the period, account by account.",
        "start + new + expansion + reactivation − contraction − churned = end, exactly. Each"
        " day an account's MRR changes is one movement: first payment = new, return after"
        " churn = reactivation, up = expansion, down while still a customer = contraction,"
        " to no paying subscription = churned. `value` = end − start.",
        "currency",
        "higher",
        "movement",
        _SUBS,
        _MOVEMENT_CONVENTIONS,
        columns=MOVEMENT_COLUMNS,
    ),
    *(
        Metric(
            f"{movement}_mrr",
            f"{movement.capitalize()} MRR",
            f"MRR {what} during the period.",
            f"Sum of the {movement} movements of `mrr_movements` in the period.",
            "currency",
            direction,
            "sum",
            _SUBS,
            _MOVEMENT_CONVENTIONS,
        )
        for movement, what, direction in _MOVES
    ),
    Metric(
        "net_new_mrr",
        "Net new MRR",
        "Net change of MRR during the period.",
        "new + expansion + reactivation − contraction − churned = MRR at end − MRR at start.",
        "currency",
        "higher",
        "sum",
        _SUBS,
        _MOVEMENT_CONVENTIONS,
    ),
    Metric(
        "arpa",
        "ARPA",
        "Average revenue per paying account at the end of the period.",
        "MRR ÷ paying customers (an account with several subscriptions counts once).",
        "currency",
        "higher",
        "ratio",
        _SUBS,
        _MRR_CONVENTIONS,
    ),
    Metric(
        "quick_ratio",
        "SaaS quick ratio",
        "MRR gained for each unit of MRR lost.",
        "(new + expansion + reactivation MRR) ÷ (churned + contraction MRR).",
        "multiple",
        "higher",
        "ratio",
        _SUBS,
        _MOVEMENT_CONVENTIONS,
    ),
    Metric(
        "expansion_rate",
        "Expansion rate",
        "Growth of the MRR kept from the start of the period (the seed's 'expansion').",
        "(MRR at end − new MRR) ÷ (MRR at start − churned MRR) − 1.",
        "ratio",
        "higher",
        "ratio",
        _SUBS,
        _MOVEMENT_CONVENTIONS,
    ),
)
