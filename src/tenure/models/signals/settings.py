"""Settings of the signals (`[signals]` in tenure.toml). Engine-free."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class SignalSettings(BaseModel):
    """Limits that turn raw rows into per-account signals."""

    model_config = ConfigDict(extra="forbid")

    slow_ticket_hours: float = Field(
        72, gt=0, description="A ticket resolved (or still open) after this many hours is slow."
    )
    onboarding_days: int = Field(
        30, ge=1, description="Onboarding completed later than this after sign-up is late."
    )
    non_usage_events: list[str] = Field(
        default_factory=lambda: ["onboarding_email_sent", "onboarding_email_opened"],
        description="Events that are not product usage (sent by the vendor, not the customer).",
    )
    integration_events: list[str] = Field(
        default_factory=lambda: ["integration_installed"],
        description="Events that record an integration being installed.",
    )
