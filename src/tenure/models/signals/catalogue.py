"""The signals every account has on a date: names, meanings, units and direction.

Engine-free: the health settings validate measure names against this list, and the docs
print it. The Ibis builders in `tenure.models.signals.build` produce exactly these columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Better = Literal["higher", "lower", "neither"]


@dataclass(frozen=True)
class Signal:
    """One per-account signal column."""

    name: str
    description: str
    unit: str = "count"
    better: Better = "higher"
    numeric: bool = True


def _s(name: str, description: str, unit: str = "count", better: Better = "higher") -> Signal:
    return Signal(name, description, unit, better)


SIGNALS: tuple[Signal, ...] = (
    # revenue and subscription, as the subscriptions stood on the date
    _s("mrr", "MRR on the date (0 when not a paying customer).", "money"),
    _s("mrr_90d_ago", "MRR 90 days before the date.", "money"),
    _s("mrr_change_90d", "MRR change over the last 90 days (ratio − 1).", "ratio"),
    _s("seats", "Seats (largest quantity among active subscriptions).", "seats"),
    _s("tenure_months", "Months since the account first paid.", "months"),
    _s("account_age_days", "Days since the account was created.", "days", "neither"),
    # usage
    _s("events_30d", "Usage events in the last 30 days."),
    _s("events_90d", "Usage events in the last 90 days."),
    _s("events_prev_30d", "Usage events 31–60 days before the date."),
    _s("events_per_seat_30d", "Usage events per seat in the last 30 days.", "ratio"),
    _s("active_users_30d", "Distinct active users in the last 30 days."),
    _s("active_users_90d", "Distinct active users in the last 90 days."),
    _s("active_users_per_seat_30d", "Active users ÷ seats, last 30 days.", "ratio"),
    _s("active_days_30d", "Days with any usage in the last 30 days.", "days"),
    _s("events_61_90d", "Usage events 61–90 days before the date."),
    _s("usage_trend", "Events last 30 days ÷ events 31–60 days before − 1.", "ratio"),
    _s("usage_trend_90d", "Events last 30 days ÷ events 61–90 days before − 1.", "ratio"),
    _s("integrations_365d", "Integrations installed in the last year."),
    # adoption
    _s("features_available", "Features included in the account's plan."),
    _s("features_used_90d", "Plan features used in the last 90 days."),
    _s("adoption_breadth", "Plan features used in 90 days ÷ features on the plan.", "ratio"),
    _s("key_features_used_90d", "Key features used in the last 90 days."),
    _s("key_feature_use", "Key features used in 90 days ÷ key features on the plan.", "ratio"),
    _s("onboarding_completed", "1 when onboarding was completed by the date.", "flag"),
    _s(
        "onboarding_late",
        "1 when onboarding was (or is) later than the allowed days.",
        "flag",
        "lower",
    ),
    # support
    _s("tickets_90d", "Tickets opened in the last 90 days.", "count", "lower"),
    _s(
        "tickets_open",
        "Tickets opened in the last year and unresolved on the date.",
        "count",
        "lower",
    ),
    _s(
        "tickets_slow_90d",
        "Tickets of the last 90 days resolved (or open) beyond the slow limit.",
        "count",
        "lower",
    ),
    _s("urgent_tickets_90d", "High or urgent tickets in the last 90 days.", "count", "lower"),
    _s(
        "resolution_hours_90d",
        "Median resolution hours of tickets of the last 90 days.",
        "hours",
        "lower",
    ),
    _s("first_response_hours_90d", "Median first-response hours, last 90 days.", "hours", "lower"),
    _s("ticket_csat_90d", "Mean ticket CSAT rating (1–5), last 90 days.", "score"),
    # sentiment
    _s("nps_last", "Latest NPS answer (0–10).", "score"),
    _s("nps_detractor", "1 when the latest NPS answer is 0–6.", "flag", "lower"),
    _s("nps_detractors_180d", "NPS answers of 0–6 in the last 180 days.", "count", "lower"),
    _s("days_since_nps", "Days since the latest NPS answer.", "days", "neither"),
    _s("csat_90d", "Mean CSAT survey answer, last 90 days.", "score"),
    _s("ces_90d", "Mean customer-effort answer, last 90 days.", "score"),
    # billing
    _s("invoices_overdue", "Invoices past due and unpaid on the date.", "count", "lower"),
    _s("days_overdue", "Days the oldest unpaid invoice is past due.", "days", "lower"),
    _s("amount_overdue", "Amount past due and unpaid.", "money", "lower"),
    _s(
        "late_payments_365d",
        "Invoices of the last year paid after their due date.",
        "count",
        "lower",
    ),
    _s(
        "late_payments_90d",
        "Invoices of the last 90 days paid after their due date.",
        "count",
        "lower",
    ),
    # relationship
    _s("touchpoints_90d", "CSM touchpoints in the last 90 days."),
    _s("days_since_touch", "Days since the last touchpoint (within a year).", "days", "lower"),
)

#: Non-numeric columns of the signals table besides the signals themselves.
KEYS = ("account_id", "as_of")
LABELS = ("plan", "is_customer", "on_trial")

SIGNAL_NAMES: tuple[str, ...] = tuple(signal.name for signal in SIGNALS)
_BY_NAME = {signal.name: signal for signal in SIGNALS}


def get_signal(name: str) -> Signal:
    """The signal called `name`; a clear error listing the known names otherwise."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(
            f"unknown signal {name!r}; known signals: {', '.join(SIGNAL_NAMES)}"
        ) from None
