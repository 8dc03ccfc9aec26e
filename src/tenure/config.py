"""Workspace settings: `tenure.toml`, read with tomllib and validated by pydantic.

Engine-free: this module describes settings and never touches a database.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tenure.metrics.conventions import MetricSettings
from tenure.models.health.settings import HealthSettings
from tenure.models.risk.settings import RiskSettings
from tenure.models.signals.settings import SignalSettings
from tenure.ops.settings import AlertSettings, GoalSettings, PortfolioSettings, UpsellSettings

CONFIG_FILE = "tenure.toml"
DEFAULT_BACKEND = "duckdb://tenure.duckdb"


class ConfigError(ValueError):
    """The configuration file is missing, unreadable or invalid."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


_SIZE = re.compile(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)")


class WorkspaceSettings(_Section):
    """Where the data lives and how it is reported."""

    name: str = Field("tenure", description="Shown on the dashboard and in reports.")
    backend: str = Field(
        DEFAULT_BACKEND,
        description="Ibis backend URL; relative duckdb paths are relative to the workspace folder.",
    )
    timezone: str = Field("UTC", description="Reporting time zone for period boundaries.")
    currency: str = Field("USD", description="Reporting currency (ISO 4217).")
    result_cache: Literal["auto", "on", "off"] = Field(
        "auto",
        description=(
            "Keep computed metric results in memory until the data changes (any import): "
            "'auto' = on for DuckDB, where every write goes through tenure; off for other "
            "backends, whose tables other tools may change."
        ),
    )
    usage_rollups: bool = Field(
        True,
        description=(
            "Keep the largest reductions of the events table (a row per account and day, "
            "a row per user and month, a row per account, feature and month) in the "
            "workspace, brought up to date by every import "
            "of events, so that the usage metrics of a new process or a server request "
            "read them instead of every event. DuckDB only."
        ),
    )

    memory_limit: str = Field(
        "auto",
        description=(
            "DuckDB's memory ceiling, such as '4GB' or '512MB'; beyond it DuckDB spills to "
            "disk beside the workspace. 'auto' = a quarter of this machine's memory, at "
            "least 2 GB. Ignored by other backends."
        ),
    )

    @field_validator("memory_limit")
    @classmethod
    def _memory_limit_is_a_size(cls, value: str) -> str:
        if value != "auto" and not _SIZE.fullmatch(value):
            raise ValueError("memory_limit must be 'auto' or a size such as '4GB' or '512MB'")
        return value

    def memory_ceiling(self) -> str:
        """The memory limit to give DuckDB: the setting, or what 'auto' means here."""
        if self.memory_limit != "auto":
            return self.memory_limit
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        return f"{max(2 << 30, physical // 4) >> 20}MB"

    @field_validator("backend")
    @classmethod
    def _backend_has_scheme(cls, value: str) -> str:
        if "://" not in value:
            raise ValueError("backend must be a URL such as duckdb://tenure.duckdb")
        return value


class Scale(_Section):
    """An inclusive integer answer scale."""

    low: int = Field(description="Lowest answer.")
    high: int = Field(description="Highest answer.")

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.low >= self.high:
            raise ValueError(f"scale low ({self.low}) must be below high ({self.high})")
        return self


class SurveySettings(_Section):
    """Answer scales per survey kind; answers outside are quarantined at import."""

    nps: Scale = Scale(low=0, high=10)
    csat: Scale = Scale(low=1, high=5)
    ces: Scale = Scale(low=1, high=7)
    poll: Scale = Scale(low=0, high=10)

    def scale(self, survey: str) -> Scale:
        scale: Scale = getattr(self, survey)
        return scale


class ImportSettings(_Section):
    """Rules applied to every imported row."""

    max_future_days: int = Field(
        1, ge=0, description="How far past today an event date may lie (clock skew allowance)."
    )
    max_schedule_years: int = Field(
        20, ge=1, description="How far ahead a schedule date (renewal, due date) may lie."
    )
    min_year: int = Field(1970, description="Dates before this year are refused as implausible.")
    chunk_rows: int = Field(500_000, ge=1_000, description="Rows validated per chunk.")


class RefreshSettings(_Section):
    """`tenure refresh`: where new files arrive, how long a second run waits, webhooks."""

    inbox: str = Field(
        "inbox",
        description="Folder (relative to the workspace) of files to import: "
        "`<table>*.csv|parquet|json[l]` or `<source>--<table>*` for vendor exports.",
    )
    lock_wait_seconds: float = Field(
        0, ge=0, description="How long a run waits for another run to finish before giving up."
    )
    webhooks_env: str = Field(
        "TENURE_REFRESH_WEBHOOKS",
        description="Environment variable holding the webhook URLs (comma-separated) that "
        "receive each run's summary (new tasks go to the `[alerts]` webhook); URLs are "
        "secrets and never written to the workspace.",
    )


class Settings(_Section):
    """All settings of a workspace, one typed table per `tenure.toml` section."""

    workspace: WorkspaceSettings = WorkspaceSettings()
    surveys: SurveySettings = SurveySettings()
    imports: ImportSettings = Field(ImportSettings(), alias="import")
    metrics: MetricSettings = MetricSettings()
    refresh: RefreshSettings = RefreshSettings()
    alerts: AlertSettings = AlertSettings()
    upsell: UpsellSettings = UpsellSettings()
    portfolio: PortfolioSettings = PortfolioSettings()
    goals: GoalSettings = GoalSettings()
    signals: SignalSettings = SignalSettings()
    health: HealthSettings = HealthSettings()
    risk: RiskSettings = RiskSettings()

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def load_settings(folder: Path) -> Settings:
    """Read and validate `tenure.toml` in `folder`; a clear ConfigError if it is wrong."""
    path = folder / CONFIG_FILE
    if not path.is_file():
        raise ConfigError(f"no {CONFIG_FILE} in {folder} (run `tenure init {folder}` first)")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{path}: {_first_problem(error)}") from None


def _first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    where = ".".join(str(part) for part in problem["loc"])
    return f"{where}: {problem['msg']}"


DEFAULT_CONFIG_TEXT = """\
# tenure workspace settings. Every setting is documented in docs/configuration.md.

[workspace]
name = "{name}"
# Any Ibis backend URL: duckdb://file.duckdb (relative to this folder), postgres://user@host/db, …
# Put passwords in the TENURE_BACKEND environment variable, never in this file.
backend = "{backend}"
timezone = "UTC"
currency = "USD"

[surveys]
# Inclusive answer scales; answers outside them are quarantined at import.
nps = {{ low = 0, high = 10 }}
csat = {{ low = 1, high = 5 }}
ces = {{ low = 1, high = 7 }}

[import]
max_future_days = 1

[refresh]
# `tenure refresh` imports new files from this folder: <table>*.csv|parquet|json[l], or
# <source>--<table>* for vendor exports; imported files move to <inbox>/done/.
inbox = "inbox"

[signals]
# Per-account signals as of a date (`tenure.models.signals`), the input of health and risk.
# slow_ticket_hours = 72               # resolved (or still open) after this: a slow ticket
# onboarding_days = 30                 # onboarding done later than this after sign-up: late
# non_usage_events = ["onboarding_email_sent", "onboarding_email_opened"]
# integration_events = ["integration_installed"]

[health]
# Scorecards (`tenure health`): measures score a signal 0–100 by thresholds (the score of
# the highest threshold ≤ the value) or linear bands (interpolated, flat outside), weighted
# into groups and a score. The built-in "default" card is DEAR-style: deployment,
# engagement, adoption, roi, support, sentiment (docs/health-and-risk.md lists it).
# tiers = {{ red_below = 40, green_from = 70 }}
# trend_days = 30                      # the previous score is computed this many days earlier
# trend_flat = 5                       # changes within ± this many points are flat
# card_by = "plan"                     # a card per value of this signal or account attribute
# [health.cards.enterprise]            # used for accounts whose plan is "enterprise"
# extends = "default"                  # start from the default card, then change:
# groups = {{ deployment = 30 }}
# [[health.cards.enterprise.measures]]
# signal = "active_users_per_seat_30d"
# group = "deployment"
# linear = [[0.2, 0], [0.9, 100]]
# # thresholds = [[0, 0], [7, 60], [9, 100]]   # the other scoring rule
# # missing = 50                       # score of an unknown value (default: left out)

[risk]
# Churn risk (`tenure risk fit|score|report`): P(churn within horizon_days), learned from
# monthly snapshots; the latest test_months are the backtest, beside the health score.
# horizon_days = 90
# snapshot_months = 1
# test_months = 6
# warmup_months = 3
# models = ["logistic", "gbm"]         # the best on a validation split is kept
# drivers = 3                          # drivers listed per account
# medium_from = 0.15                   # risk bands low / medium / high
# high_from = 0.35

[alerts]
# Playbook rules create tasks for the account's CSM (`tenure alerts run`); a rule on a
# state fires again for an account only after not firing for `rearm_days` days.
# rearm_days = 14
# [alerts.rules.health_red]          # health tier red
# enabled = true
# due_days = 3
# [alerts.rules.usage_drop]          # usage of the last window fell by percent %
# percent = 40
# window_days = 30
# [alerts.rules.detractor]           # NPS answer ≤ max_score in the last lookback_days
# max_score = 6
# [alerts.rules.invoice_overdue]     # an invoice unpaid days after its due date
# days = 30
# [alerts.rules.renewal_low_health]  # term ends within days, health tier in tiers
# days = 90
# tiers = ["red", "yellow"]
# [alerts.rules.ticket_spike]        # tickets of the window ≥ factor × usual, ≥ min_tickets
# factor = 2.0
# min_tickets = 4
# [alerts.rules.no_touchpoint]       # no touchpoint for days days
# days = 90
# [alerts.webhook]                   # Slack-compatible; the URL is a secret, never here:
# url_env = "TENURE_WEBHOOK_URL"     # read from this environment variable, else from
# secrets_file = "~/.config/tenure/secrets.toml"   # webhook_url = "…" (outside the workspace)
# retries = 3

[upsell]
# Candidates: paid up, engagement tier ≥ min_tier, ≥ min_features features used,
# paying for ≥ min_tenure_days, churn risk ≤ max_risk (`tenure upsell`).
# min_tier = "good"
# min_features = 3
# min_tenure_days = 180
# max_risk = 0.2

[portfolio]
# Capacity planner (`tenure portfolio`): target book per CSM in MRR, CSM cost ÷ book MRR.
# target_mrr = 100000
# cost_ratio_target = 0.10
# max_team_size = 8

[goals]
# A goal within at_risk_margin of its target is at risk; suggestions improve by improvement.
# at_risk_margin = 0.10
# improvement = 0.10

[metrics]
# Conventions on which vendors disagree; docs/conventions.md documents each one.
# A preset sets them together: default, seed, chartmogul, baremetrics, stripe, profitwell.
preset = "default"

[metrics.conventions]
# Uncomment to override the preset (values shown are tenure's defaults).
# churn_denominator = "start"          # or "start_plus_new"
# churn_window_days = 30               # empty = the period itself
# churn_recognition = "cancellation"   # or "end_of_period"
# joined_and_churned = "exclude"       # or "include", "ignore"
# reactivation_window_days = 90        # empty = any time
# weekly_factor = "52/12"              # or "4.33", "4"
# discounts = "deducted"               # or "list_price"
# full_discount = "churn"              # or "free"
# trials_in_mrr = false
# net_churn_reactivation = true
# cohort_buckets = "calendar_month"    # or "30_days"
# renewal_grace_days = 14
# gross_margin = 1.0
"""


def default_config_text(name: str, backend: str = DEFAULT_BACKEND) -> str:
    """The commented `tenure.toml` written by `tenure init`."""
    return DEFAULT_CONFIG_TEXT.format(name=name, backend=backend)
