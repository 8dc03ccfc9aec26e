"""Settings of the operations: `[alerts]`, `[upsell]`, `[portfolio]` and `[goals]`.

Engine-free (pydantic only), like `tenure.config`, which gathers these sections.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Tier = Literal["red", "yellow", "green"]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Rule(_Section):
    """What every alert rule has: on/off, the task's due date and the playbook step."""

    enabled: bool = Field(True, description="Whether `tenure alerts run` applies the rule.")
    due_days: int = Field(7, ge=0, description="The task is due this many days after it fires.")
    playbook: str = Field("", description="What the CSM should do (shown on the task).")


class HealthRed(Rule):
    """Fires when an account's health tier is red."""

    due_days: int = 3
    playbook: str = "Review the health breakdown and book a call with the account."


class UsageDrop(Rule):
    """Fires when usage of the last window fell by `percent` against the window before."""

    percent: float = Field(40, gt=0, le=100, description="Drop that fires, in %.")
    window_days: int = Field(30, ge=1, description="Length of each compared window.")
    min_previous: int = Field(20, ge=1, description="Events needed in the earlier window.")
    playbook: str = "Find out why usage fell: champion left, project paused, a blocker?"


class Detractor(Rule):
    """Fires on an NPS answer at or below `max_score` in the last `lookback_days`."""

    max_score: int = Field(6, ge=0, description="Highest score counted as a detractor.")
    lookback_days: int = Field(30, ge=1, description="Days of answers looked at.")
    due_days: int = 2
    playbook: str = "Call the detractor back, read their comment, close the loop."


class InvoiceOverdue(Rule):
    """Fires when an invoice is unpaid more than `days` after its due date."""

    days: int = Field(30, ge=0, description="Days past the due date that fire.")
    playbook: str = "Check with finance and the account's billing contact."


class RenewalLowHealth(Rule):
    """Fires when a contract term ends within `days` and health is low."""

    days: int = Field(90, ge=1, description="Renewal horizon in days.")
    tiers: tuple[Tier, ...] = Field(("red", "yellow"), description="Health tiers that are low.")
    playbook: str = "Prepare the renewal: value review, executive sponsor, risks."


class TicketSpike(Rule):
    """Fires when tickets of the last window reach `factor` × the usual and `min_tickets`."""

    window_days: int = Field(30, ge=1, description="Length of the last window, in days.")
    baseline_windows: int = Field(3, ge=1, description="Earlier windows averaged as usual.")
    factor: float = Field(2.0, gt=1, description="Multiple of the usual count that fires.")
    min_tickets: int = Field(4, ge=1, description="Fewest tickets in the window that fire.")
    playbook: str = "Read the tickets with support; agree a fix plan with the customer."


class NoTouchpoint(Rule):
    """Fires when no touchpoint was recorded for `days` days."""

    days: int = Field(90, ge=1, description="Days without a touchpoint that fire.")
    due_days: int = 14
    playbook: str = "Reach out: check-in call or a useful update."


class AlertRules(_Section):
    """The playbook rules, one table each in `[alerts.rules.NAME]`."""

    health_red: HealthRed = HealthRed()
    usage_drop: UsageDrop = UsageDrop()
    detractor: Detractor = Detractor()
    invoice_overdue: InvoiceOverdue = InvoiceOverdue()
    renewal_low_health: RenewalLowHealth = RenewalLowHealth()
    ticket_spike: TicketSpike = TicketSpike()
    no_touchpoint: NoTouchpoint = NoTouchpoint()


class WebhookSettings(_Section):
    """Where notifications go. The URL itself is a secret: never in `tenure.toml`."""

    url_env: str = Field("TENURE_WEBHOOK_URL", description="Environment variable with the URL.")
    secrets_file: str = Field(
        "~/.config/tenure/secrets.toml",
        description="TOML file outside the workspace with `webhook_url = …` (used when the"
        " environment variable is empty).",
    )
    retries: int = Field(3, ge=0, le=10, description="Retries after a failed attempt.")
    backoff_seconds: float = Field(1.0, ge=0, le=60, description="First wait; doubles.")
    timeout_seconds: float = Field(10.0, gt=0, le=120, description="Wait for an answer.")
    max_tasks_per_message: int = Field(
        20, ge=1, le=45, description="Tasks listed in one message; more are summed up."
    )


class AlertSettings(_Section):
    """`[alerts]`: the rules and the webhook."""

    rearm_days: int = Field(
        14,
        ge=1,
        description="A rule on a state (health red, usage drop, ticket spike) fires a new task"
        " for the same account only after not firing for this many days; keep it above the"
        " interval between `tenure alerts run`.",
    )
    rules: AlertRules = AlertRules()
    webhook: WebhookSettings = WebhookSettings()


class UpsellSettings(_Section):
    """`[upsell]`: who is a candidate for expansion."""

    min_tier: Literal["good", "excellent"] = Field(
        "good", description="Lowest engagement tier of a candidate."
    )
    min_features: int = Field(3, ge=0, description="Distinct features used in the window.")
    min_tenure_days: int = Field(180, ge=0, description="Days since the first payment.")
    max_risk: float = Field(0.2, ge=0, le=1, description="Highest churn probability allowed.")
    not_tiers: tuple[Tier, ...] = Field(("red",), description="Health tiers that exclude.")


class PortfolioSettings(_Section):
    """`[portfolio]`: the capacity planner's targets."""

    target_mrr: float = Field(100_000, gt=0, description="Target book per CSM, in MRR.")
    cost_ratio_target: float = Field(0.10, gt=0, le=1, description="CSM cost ÷ book MRR.")
    max_team_size: int = Field(8, ge=1, description="CSMs one manager leads.")
    churn_months: int = Field(12, ge=1, description="Months of churn behind churn per rep.")


class GoalSettings(_Section):
    """`[goals]`: how status and suggestions are judged."""

    at_risk_margin: float = Field(
        0.10, ge=0, le=1, description="A goal within this share of its target is at risk."
    )
    improvement: float = Field(
        0.10, ge=0, le=1, description="Suggested targets improve last period's value this much."
    )
