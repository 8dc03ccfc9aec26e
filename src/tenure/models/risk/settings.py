"""Churn-risk settings (`[risk]` in tenure.toml). Engine-free."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tenure.models.signals.catalogue import SIGNAL_NAMES

ModelKind = Literal["logistic", "gbm"]


def _all_kinds() -> list[ModelKind]:
    return ["logistic", "gbm"]


class RiskSettings(BaseModel):
    """How the churn-risk model learns and how its probabilities are banded."""

    model_config = ConfigDict(extra="forbid")

    horizon_days: int = Field(90, ge=7, le=730, description="Churn within this many days.")
    snapshot_months: int = Field(1, ge=1, le=12, description="Months between snapshots.")
    test_months: int = Field(6, ge=1, description="The latest labelled months form the test set.")
    warmup_months: int = Field(
        3, ge=0, description="Months of history before the first snapshot (signals need them)."
    )
    models: list[ModelKind] = Field(
        default_factory=_all_kinds,
        description="Candidates; the best on a validation split of the training years wins.",
    )
    features: list[str] | None = Field(
        None, description="Signals used as features; empty = every signal and the health score."
    )
    drivers: int = Field(3, ge=1, le=10, description="Drivers listed per account.")
    medium_from: float = Field(0.15, gt=0, lt=1, description="Risk band medium from this P.")
    high_from: float = Field(0.35, gt=0, lt=1, description="Risk band high from this P.")
    seed: int = Field(0, description="Random seed of the fitting (same data, same model).")

    @field_validator("features")
    @classmethod
    def _known(cls, names: list[str] | None) -> list[str] | None:
        for name in names or []:
            if name not in SIGNAL_NAMES and name != "health_score":
                raise ValueError(f"unknown feature {name!r}; use signal names or health_score")
        return names

    @field_validator("models")
    @classmethod
    def _some(cls, kinds: list[ModelKind]) -> list[ModelKind]:
        if not kinds:
            raise ValueError("models needs at least one of logistic, gbm")
        return kinds

    @model_validator(mode="after")
    def _bands(self) -> RiskSettings:
        if self.medium_from >= self.high_from:
            raise ValueError(
                f"medium_from ({self.medium_from}) must be below high_from ({self.high_from})"
            )
        return self

    def band(self, probability: float) -> str:
        """low, medium or high."""
        if probability >= self.high_from:
            return "high"
        return "medium" if probability >= self.medium_from else "low"
