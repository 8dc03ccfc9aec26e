"""Workspace settings: `tenure.toml`, read with tomllib and validated by pydantic.

Engine-free: this module describes settings and never touches a database.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tenure.metrics.conventions import MetricSettings

CONFIG_FILE = "tenure.toml"
DEFAULT_BACKEND = "duckdb://tenure.duckdb"


class ConfigError(ValueError):
    """The configuration file is missing, unreadable or invalid."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class WorkspaceSettings(_Section):
    """Where the data lives and how it is reported."""

    name: str = "tenure"
    backend: str = Field(
        DEFAULT_BACKEND,
        description="Ibis backend URL; relative duckdb paths are relative to the workspace folder.",
    )
    timezone: str = Field("UTC", description="Reporting time zone for period boundaries.")
    currency: str = Field("USD", description="Reporting currency (ISO 4217).")

    @field_validator("backend")
    @classmethod
    def _backend_has_scheme(cls, value: str) -> str:
        if "://" not in value:
            raise ValueError("backend must be a URL such as duckdb://tenure.duckdb")
        return value


class Scale(_Section):
    """An inclusive integer answer scale."""

    low: int
    high: int

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


class Settings(_Section):
    """All settings of a workspace, one typed table per `tenure.toml` section."""

    workspace: WorkspaceSettings = WorkspaceSettings()
    surveys: SurveySettings = SurveySettings()
    imports: ImportSettings = Field(ImportSettings(), alias="import")
    metrics: MetricSettings = MetricSettings()

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
