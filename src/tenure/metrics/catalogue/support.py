"""Catalogue entries: support tickets.

Period assignment: a ticket counts in the period in which it was created, except in the
resolution times and the first-contact resolution rate (default), where it counts in the
period in which it was resolved.
"""

from __future__ import annotations

from tenure.metrics.spec import Metric, Part

_TICKETS = ("tickets",)
_DIMS = ("severity", "priority", "channel")
_PAYING = ("full_discount", "trials_in_mrr", "churn_recognition", "joined_and_churned")
_SPREAD = (
    Part("p90", "hours", "90th percentile (linear interpolation)"),
    Part("tickets", "count", "tickets measured"),
)

METRICS = (
    Metric(
        "ticket_volume",
        "Ticket volume",
        "Support tickets opened in the period.",
        "Count of tickets created in the period. Split or filter by `severity`, `priority`"
        " or `channel`; `tickets_per_100_customers` relates it to the paying accounts.",
        "count",
        "lower",
        "count",
        _TICKETS,
        dimensions=_DIMS,
    ),
    Metric(
        "tickets_per_100_customers",
        "Tickets per 100 customers",
        "Tickets opened in the period per 100 paying customers.",
        "Tickets created in the period ÷ paying customers at the period's end × 100; tickets"
        " per customer are reported beside it.",
        "number",
        "lower",
        "ratio",
        ("tickets", "subscriptions"),
        _PAYING,
        parts=(Part("per_customer", "number", "tickets ÷ customers"),),
    ),
    Metric(
        "first_response_time",
        "First response time",
        "Median time to the first agent response of the tickets opened in the period.",
        "Median over tickets created in the period of first_response_at − created_at, in"
        " hours; tickets without a first response are left out.",
        "hours",
        "lower",
        "distribution",
        _TICKETS,
        explain_accounts=False,
        parts=_SPREAD,
        dimensions=_DIMS,
    ),
    Metric(
        "resolution_time",
        "Resolution time",
        "Median time to resolution of the tickets resolved in the period.",
        "Median over tickets resolved in the period (by `resolved_at`) of resolved_at −"
        " created_at, in hours. Counted in the period of resolution.",
        "hours",
        "lower",
        "distribution",
        _TICKETS,
        explain_accounts=False,
        parts=_SPREAD,
        dimensions=_DIMS,
    ),
    Metric(
        "first_ticket_resolution_time",
        "First-ticket resolution time",
        "Median resolution time of each account's very first ticket.",
        "For every account, its first ticket (earliest `created_at`): resolved_at −"
        " created_at in hours; median over the accounts whose first ticket was resolved in"
        " the period (counted in the period of resolution).",
        "hours",
        "lower",
        "distribution",
        _TICKETS,
        explain_accounts=False,
        parts=(
            Part("p90", "hours", "90th percentile (linear interpolation)"),
            Part("accounts", "count", "accounts measured"),
        ),
    ),
    Metric(
        "ticket_backlog",
        "Ticket backlog",
        "Tickets open at the end of the period.",
        "Tickets created on or before the period's last day and not resolved by then."
        " Tickets without `resolved_at` whose status is solved or closed were closed at an"
        " unknown time and are left out.",
        "count",
        "lower",
        "count",
        _TICKETS,
        dimensions=_DIMS,
    ),
    Metric(
        "reopen_rate",
        "Reopen rate",
        "Share of resolved tickets that were reopened.",
        "Tickets created in the period that were reopened ÷ tickets created in the period"
        " that were resolved (or reopened).",
        "ratio",
        "lower",
        "ratio",
        _TICKETS,
        dimensions=_DIMS,
    ),
    Metric(
        "fcr_rate",
        "First-contact resolution rate",
        "Share of tickets resolved on the first contact.",
        "Tickets resolved on the first contact (resolved, `contacts` ≤ 1, not reopened) ÷"
        " tickets resolved in the period, counted in the period of resolution; with"
        " `fcr_denominator = all`: ÷ all tickets, both counted in the period of creation."
        " Tickets whose `contacts` is unknown are left out.",
        "ratio",
        "higher",
        "ratio",
        _TICKETS,
        ("fcr_denominator",),
        dimensions=_DIMS,
    ),
    Metric(
        "tickets_by_severity",
        "Ticket mix by severity",
        "Share of the period's tickets at each severity (or priority, or channel).",
        "Tickets created in the period at a level ÷ all tickets created in the period in the"
        " same account segment. Use `by=['severity']` (or `priority`, `channel`) for the mix,"
        " or `where={'severity': …}` for one level's share; without either it is 1.",
        "ratio",
        "neutral",
        "ratio",
        _TICKETS,
        dimensions=_DIMS,
    ),
    Metric(
        "questions_per_account",
        "Questions per active account",
        "Tickets opened per account active in the period — an adoption signal.",
        "Tickets created in the period by accounts with an activity event in it ÷ those"
        " accounts (activity events: the `activity_events` setting).",
        "number",
        "neutral",
        "ratio",
        ("tickets", "events"),
        ("activity_events",),
    ),
)
