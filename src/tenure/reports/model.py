"""What a review pack holds: sections of figures, charts (inline SVG), tables and quotes.

A section whose capability is missing keeps its place with a short note saying what is
not available: a pack never shows a value it could not compute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Figure:
    """One headline number: label, value as shown, change against the previous period."""

    label: str
    value: str
    change: str = ""
    trend: str = "flat"
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart rendered offline to SVG."""

    key: str
    title: str
    svg: str
    description: str = ""


@dataclass(frozen=True)
class Table:
    """A small table: header, rows of display strings, which columns are numbers."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()
    empty: str = "Nothing to show."


@dataclass(frozen=True)
class Quote:
    """A customer's comment with its score and date."""

    text: str
    score: str
    group: str
    when: str
    who: str = ""


@dataclass
class Section:
    """One chapter of the pack."""

    key: str
    title: str
    intro: str = ""
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def missing(self, what: str) -> Section:
        """Note that part of this section is not available, and why."""
        self.notes.append(f"Not available: {what}")
        return self

    @property
    def empty(self) -> bool:
        return not (self.figures or self.charts or self.tables or self.quotes)


@dataclass(frozen=True)
class Pack:
    """A whole executive review pack."""

    title: str
    subtitle: str
    period_label: str
    scope: str
    generated_at: datetime
    currency: str
    sections: list[Section]
    facts: list[tuple[str, str]] = field(default_factory=list)
