"""Presets: named sets of conventions that reproduce a vendor's published definitions.

Every preset sets all the *vendor* conventions (so switching preset never inherits another
vendor's choice); company facts such as `gross_margin` or `renewal_grace_days` stay as the
workspace sets them. Engine-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tenure.metrics.conventions import Conventions, MetricSettings, PresetName

#: The conventions on which vendors disagree; every preset sets each of them.
VENDOR_CONVENTIONS = (
    "churn_denominator",
    "churn_window_days",
    "churn_recognition",
    "joined_and_churned",
    "reactivation_window_days",
    "full_discount",
    "discounts",
    "trials_in_mrr",
    "net_churn_reactivation",
)

_BASE: dict[str, Any] = {
    name: Conventions.model_fields[name].default for name in VENDOR_CONVENTIONS
}


@dataclass(frozen=True)
class Preset:
    """A named set of vendor conventions and the published definitions it follows."""

    name: PresetName
    title: str
    follows: tuple[str, ...]
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def conventions(self) -> dict[str, Any]:
        """Every vendor convention's value under this preset."""
        return {**_BASE, **self.values}


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "default",
            "tenure's defaults",
            (
                "Churn rates over the period, customers at its start in the denominator, accounts"
                " that join and churn inside it left out of the logo churn numerator (as"
                " ChartMogul's standard formula); a 100 %-off subscription is not a paying"
                " customer (METRICS.md: customers are accounts with MRR > 0).",
            ),
        ),
        Preset(
            "seed",
            "the seed texts",
            (
                "Churn = 1 − (customers at end − new customers) ÷ customers at start: every"
                " customer lost in the period counts, including those who joined in it.",
            ),
            {"joined_and_churned": "include"},
        ),
        Preset(
            "chartmogul",
            "ChartMogul (standard B2B formula)",
            (
                "Customer churn rate = customers who churned in the period, excluding any"
                " customers who both joined and churned in the period ÷ customers at the start"
                " of the period (help.chartmogul.com, 'Customer Churn rate').",
                "Net MRR churn rate = (churn + contraction − expansion − reactivation MRR) ÷ MRR"
                " at the start of the period ('Net MRR Churn Rate').",
                "Free customer handling, default: customers moved to a free plan or given a"
                " 100 % discount stay Active ('Configuring Subscription Analytics settings').",
                "Churn recognised when the subscription ends in the billing system (default).",
            ),
            {"full_discount": "free"},
        ),
        Preset(
            "baremetrics",
            "Baremetrics",
            (
                "Net revenue churn = (churned MRR − expansion MRR) ÷ MRR 30 days ago:"
                " reactivation is not netted (updates.baremetrics.com, 'Net MRR Churn').",
                "Customers who sign up and cancel within the same 30-day window are included in"
                " the churn rate (changelog, 'Churn Update').",
            ),
            {
                "churn_window_days": 30,
                "joined_and_churned": "include",
                "net_churn_reactivation": False,
            },
        ),
        Preset(
            "stripe",
            "Stripe Billing",
            (
                "Subscriber churn rate = churned subscribers in the past 30 days ÷ (active"
                " subscribers 30 days ago + new subscribers in those 30 days); a subscriber who"
                " joins and churns in the window counts in both; a second churn counts again"
                " (support.stripe.com, 'Calculating subscriber churn rate in Billing').",
                "Churn = MRR goes from non-zero to zero; MRR excludes trials and free plans"
                " (docs.stripe.com, 'Billing metric definitions').",
            ),
            {
                "churn_denominator": "start_plus_new",
                "churn_window_days": 30,
                "joined_and_churned": "include",
            },
        ),
        Preset(
            "profitwell",
            "ProfitWell (Paddle)",
            (
                "When a customer cancels, MRR is recognised until the end of the billing cycle"
                " (learn.profitwell.com, 'ProfitWell vs. Stripe').",
                "A customer who signs up and churns in the same calendar month is ignored"
                " entirely, to not inflate new + churn.",
                "A customer who churns and comes back at any time is a reactivation; discounts"
                " are always subtracted.",
            ),
            {"churn_recognition": "end_of_period", "joined_and_churned": "ignore"},
        ),
    )
}


def get_preset(name: str) -> Preset:
    """The preset called `name`, with a clear error for unknown names."""
    try:
        return PRESETS[name]
    except KeyError:
        raise ValueError(f"unknown preset {name!r}; known presets: {', '.join(PRESETS)}") from None


def resolve(
    settings: MetricSettings, preset: str | None = None, overrides: dict[str, Any] | None = None
) -> Conventions:
    """The conventions in force for one request.

    Order: defaults ← the workspace's preset ← the workspace's explicit conventions ← a
    request preset (replacing every vendor convention) ← request overrides.
    """
    values: dict[str, Any] = dict(get_preset(settings.preset).conventions)
    values.update(settings.conventions)
    if preset is not None:
        values.update(get_preset(preset).conventions)
    values.update(overrides or {})
    return Conventions.model_validate(values)
