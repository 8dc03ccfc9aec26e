"""What a catalogue entry is: the typed declaration of one metric (engine-free)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["count", "sum", "ratio", "movement", "cohort", "distribution"]
Unit = Literal["currency", "count", "ratio", "months", "days", "multiple", "hours", "number"]
Direction = Literal["higher", "lower", "neutral"]
Grain = Literal["day", "week", "month", "quarter", "year"]
#: Which segments a metric accepts: any account attribute, only `team`, or none.
Segments = Literal["accounts", "team", "none"]

GRAINS: tuple[Grain, ...] = ("day", "week", "month", "quarter", "year")
KINDS: tuple[Kind, ...] = ("count", "sum", "ratio", "movement", "cohort", "distribution")
UNITS: tuple[Unit, ...] = (
    "currency",
    "count",
    "ratio",
    "months",
    "days",
    "multiple",
    "hours",
    "number",
)

#: The columns of a movement metric, in display order.
MOVEMENT_COLUMNS = ("start", "new", "expansion", "reactivation", "contraction", "churned", "end")


@dataclass(frozen=True)
class Part:
    """An extra output column shown beside a metric's value (its parts: p90 beside a median,
    promoters beside NPS, the sub-scores of a score)."""

    name: str
    unit: Unit
    description: str


@dataclass(frozen=True)
class Metric:
    """One metric: what it means, how it is measured, and what it depends on."""

    key: str
    name: str
    description: str
    formula: str
    unit: Unit
    direction: Direction
    kind: Kind
    tables: tuple[str, ...]
    conventions: tuple[str, ...] = ()
    min_grain: Grain = "day"
    segments: Segments = "accounts"
    #: False when the value is not a sum of per-account contributions (explain then
    #: shows the components but no account list).
    explain_accounts: bool = True
    columns: tuple[str, ...] = ()
    #: Extra output columns, after the value (and numerator, denominator).
    parts: tuple[Part, ...] = ()
    #: Columns of the metric's own rows (not of accounts) that `by` and `where` also
    #: accept, e.g. a ticket's `severity` or an event's name.
    dimensions: tuple[str, ...] = ()

    @property
    def has_ratio(self) -> bool:
        """Whether results carry `numerator` and `denominator` columns."""
        return self.kind == "ratio"

    @property
    def value_columns(self) -> tuple[str, ...]:
        """The measure columns of a result, after `period` and the segment columns."""
        extra = tuple(part.name for part in self.parts)
        if self.kind == "movement":
            return ("value", *self.columns, *extra)
        if self.has_ratio:
            return ("value", "numerator", "denominator", *extra)
        return ("value", *extra)


def grain_rank(grain: Grain) -> int:
    """Order of grains from finest (day) to coarsest (year)."""
    return GRAINS.index(grain)
