"""Conventions: every choice on which vendors disagree, as a typed setting with a default.

Engine-free (pydantic only). `Conventions` holds the values in force for one request;
`MetricSettings` is the `[metrics]` section of `tenure.toml`: a preset plus explicit
overrides. `resolve` combines defaults, presets and overrides in a documented order.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

PresetName = Literal["default", "seed", "chartmogul", "baremetrics", "stripe", "profitwell"]


class Conventions(BaseModel):
    """The conventions in force; each field's description is its documentation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    churn_denominator: Literal["start", "start_plus_new"] = Field(
        "start",
        description="Denominator of the logo churn rate: customers at the start of the window,"
        " or those plus the customers who joined (new or reactivated) during it.",
    )
    churn_window_days: int | None = Field(
        None,
        ge=1,
        description="Window of the churn rates: empty = the period itself; N = the N days"
        " ending on the period's last day, with the start counted N days before it"
        " ('30 days ago').",
    )
    churn_recognition: Literal["cancellation", "end_of_period"] = Field(
        "cancellation",
        description="When a cancelled subscription stops counting: on its `ended_at`, or at the"
        " end of the billing period in which it ended (when no other subscription of the"
        " account starts that day). Delinquency is recognised only through `ended_at`.",
    )
    joined_and_churned: Literal["exclude", "include", "ignore"] = Field(
        "exclude",
        description="Accounts that join and churn within the window: `exclude` them from the"
        " logo churn numerator (only customers present at the start count, once);"
        " `include` every churn event; `ignore` a first paid spell that starts and ends in"
        " the same calendar month everywhere (as if it never happened).",
    )
    reactivation_window_days: int | None = Field(
        None,
        ge=1,
        description="A churned account that pays again is a reactivation when it returns"
        " within this many days of churning (empty = any time); later returns count as new.",
    )
    weekly_factor: Literal["52/12", "4.33", "4"] = Field(
        "52/12", description="Weeks per month used to normalise weekly plans to MRR."
    )
    discounts: Literal["deducted", "list_price"] = Field(
        "deducted",
        description="MRR after discounts (`amount`), or at list price (`amount + discount`).",
    )
    full_discount: Literal["churn", "free"] = Field(
        "churn",
        description="A subscription discounted 100 % (amount 0, discount > 0): the account"
        " stops being a customer (`churn`), or stays a customer with 0 MRR (`free`, the"
        " MRR loss is contraction).",
    )
    trials_in_mrr: bool = Field(
        False, description="Whether trial subscriptions (`is_trial`) count in MRR and customers."
    )
    net_churn_reactivation: bool = Field(
        True,
        description="Whether the net MRR churn rate offsets reactivation MRR as well as"
        " expansion MRR.",
    )
    cohort_buckets: Literal["calendar_month", "30_days"] = Field(
        "calendar_month",
        description="Ages in cohort tables: calendar months, or 30-day periods from each"
        " account's first payment.",
    )
    renewal_grace_days: int = Field(
        14,
        ge=0,
        description="A subscription whose term ends on day d is renewed when its account is"
        " still a customer on day d + grace.",
    )
    repeat_purchase_unit: Literal["distinct_days", "invoices"] = Field(
        "distinct_days",
        description="What counts as one purchase for the repeat purchase rate.",
    )
    repeat_purchase_window: Literal["lifetime", "period"] = Field(
        "lifetime",
        description="Repeat purchase rate over each account's lifetime up to the period end,"
        " or within the period only.",
    )
    gross_margin: float = Field(
        1.0, gt=0, le=1, description="Gross margin used by LTV and CAC payback (1 = revenue)."
    )
    ltv_churn_months: int = Field(
        6,
        ge=1,
        description="LTV divides by the average monthly logo churn of this many months before"
        " the period's month (that month excluded).",
    )
    fcr_denominator: Literal["resolved", "all"] = Field(
        "resolved",
        description="First-contact resolution rate over resolved tickets or all tickets"
        " (experience metrics).",
    )
    csat_threshold: int = Field(
        4, description="Lowest CSAT score counted as satisfied (top-two-box on 1–5)."
    )
    ces_agree_threshold: int = Field(
        5, description="Lowest CES score counted as 'easy' (5–7 on the default 1–7 scale)."
    )
    # Experience, support, usage and lifecycle (company facts, not vendor conventions).
    csat_source: Literal["surveys", "tickets"] = Field(
        "surveys",
        description="Where CSAT answers come from: `surveys` rows of kind csat, or the"
        " `csat` rating on tickets (Zendesk, Intercom), dated at resolution. The scale is"
        " the workspace's `[surveys] csat` scale.",
    )
    activity_events: tuple[str, ...] = Field(
        ("login", "session_start", "feature:*"),
        description="Events that make a user active (`*` ends a prefix). Active users,"
        " DAU/WAU/MAU, stickiness, usage trend, adoption depth and skill levels use them.",
    )
    access_events: tuple[str, ...] = Field(
        ("login", "session_start"),
        description="Events that count as an access (activation, engagement tiers).",
    )
    result_events: tuple[str, ...] = Field(
        ("integration_installed", "feature:exports"),
        description="Events that count as a result or outcome (activation, skill levels).",
    )
    usage_window_days: int = Field(
        30,
        ge=1,
        description="Engagement tiers, adoption and skill levels look at the usage of the"
        " N days ending on the period's last day, whatever the grain.",
    )
    activation_min_tenure_months: int = Field(
        1,
        ge=0,
        description="Activation rate counts only customers paying for at least this many"
        " months (from their first payment) at the period's end.",
    )
    activation_window_days: int = Field(
        30,
        ge=1,
        description="Activation criteria are met within this many days of the account's"
        " creation (`created_at`, else its first payment).",
    )
    activation_min_accesses: int = Field(
        3, ge=0, description="Activation criterion: at least this many accesses."
    )
    activation_min_actions: int = Field(
        0, ge=0, description="Activation criterion: at least this many activity events."
    )
    activation_min_key_actions: int = Field(
        1, ge=0, description="Activation criterion: at least this many uses of key features."
    )
    activation_min_results: int = Field(
        0, ge=0, description="Activation criterion: at least this many result events."
    )
    engagement_good_accesses: int = Field(
        4, ge=0, description="Engagement tier good: at least this many accesses in the window…"
    )
    engagement_good_features: int = Field(
        2, ge=0, description="… and at least this many distinct features used."
    )
    engagement_excellent_accesses: int = Field(
        20, ge=0, description="Engagement tier excellent: at least this many accesses…"
    )
    engagement_excellent_features: int = Field(
        5, ge=0, description="… and at least this many distinct features used."
    )
    onboarding_target_days: int = Field(
        30,
        ge=1,
        description="Target time from account creation to onboarding completed; also the"
        " length of the onboarding window for onboarding sessions.",
    )
    skill_proficient_key_features: int = Field(
        1, ge=0, description="Skill proficient: a user used at least this many key features…"
    )
    skill_proficient_active_days: int = Field(
        3, ge=0, description="… on at least this many active days in the window."
    )
    skill_expert_key_features: int = Field(
        2, ge=0, description="Skill expert: at least this many key features…"
    )
    skill_expert_active_days: int = Field(
        6, ge=0, description="… on at least this many active days…"
    )
    skill_expert_results: int = Field(
        0, ge=0, description="… and at least this many result events (0 = not required)."
    )
    relationship_window_days: int = Field(
        90,
        ge=1,
        description="Relationship score: touchpoints of the N days ending on the period's"
        " last day.",
    )
    relationship_touch_target: int = Field(
        6,
        ge=1,
        description="Relationship score: CSM meetings, calls and e-mails in the window that"
        " score full marks for cadence.",
    )
    relationship_contact_target: int = Field(
        3,
        ge=1,
        description="Relationship score: distinct customer contacts in the window that score"
        " full marks for multi-threading.",
    )

    def changed(self, **values: Any) -> Conventions:
        """A copy with some conventions changed (validated)."""
        return Conventions.model_validate({**self.model_dump(), **values})


def weekly_factor(conventions: Conventions) -> tuple[int, int]:
    """Weeks per month as an exact fraction (numerator, denominator)."""
    return {"52/12": (52, 12), "4.33": (433, 100), "4": (4, 1)}[conventions.weekly_factor]


def validate_overrides(values: dict[str, Any]) -> dict[str, Any]:
    """Check that `values` are known conventions with valid values; return them unchanged."""
    unknown = sorted(set(values) - set(Conventions.model_fields))
    if unknown:
        known = ", ".join(Conventions.model_fields)
        raise ValueError(f"unknown convention(s) {', '.join(unknown)}; known: {known}")
    Conventions.model_validate(values)
    return values


class MetricSettings(BaseModel):
    """The `[metrics]` section of `tenure.toml`: a preset, then explicit overrides."""

    model_config = ConfigDict(extra="forbid")

    preset: PresetName = Field(
        "default", description="Named set of conventions (default, seed, chartmogul, …)."
    )
    conventions: dict[str, Any] = Field(
        default_factory=dict, description="Conventions that override the preset's values."
    )

    @field_validator("conventions")
    @classmethod
    def _known(cls, values: dict[str, Any]) -> dict[str, Any]:
        return validate_overrides(values)
