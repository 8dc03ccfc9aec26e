"""Health scorecard settings (`[health]` in tenure.toml). Engine-free.

A card has groups (name → weight) and measures. A measure scores one signal 0–100, either
by `thresholds` (the score of the highest threshold at or below the value) or by `linear`
bands (interpolated between points, flat outside them). A group's score is the weighted
mean of its measures, the card's score the weighted mean of its groups; unknown signals
score `missing`, or are left out with the weights of the rest renormalised.
"""

from __future__ import annotations

import itertools
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tenure.models.health.default_card import DEFAULT_CARD_DATA
from tenure.models.signals.catalogue import SIGNAL_NAMES

TIERS = ("red", "yellow", "green")
Point = tuple[float, float]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _check_points(points: list[Point], least: int, kind: str) -> list[Point]:
    if len(points) < least:
        raise ValueError(f"{kind} needs at least {least} [value, score] point(s)")
    values = [value for value, _ in points]
    if any(later <= earlier for earlier, later in itertools.pairwise(values)):
        raise ValueError(f"{kind} values must increase strictly, got {values}")
    for _, score in points:
        if not 0 <= score <= 100:
            raise ValueError(f"{kind} scores must lie in 0–100, got {score}")
    return points


class Measure(_Model):
    """One signal of a card, its group, weight and scoring rule."""

    signal: str
    group: str
    weight: float = Field(1.0, ge=0, description="Weight within the group; 0 drops it.")
    thresholds: list[Point] | None = None
    linear: list[Point] | None = None
    missing: float | None = Field(
        None, ge=0, le=100, description="Score of an unknown value; empty = leave it out."
    )
    label: str = ""

    @field_validator("signal")
    @classmethod
    def _known_signal(cls, value: str) -> str:
        if value not in SIGNAL_NAMES:
            raise ValueError(f"unknown signal {value!r}; known signals: {', '.join(SIGNAL_NAMES)}")
        return value

    @model_validator(mode="after")
    def _one_rule(self) -> Measure:
        if (self.thresholds is None) == (self.linear is None):
            raise ValueError(f"measure {self.signal!r} needs exactly one of thresholds or linear")
        if self.thresholds is not None:
            _check_points(self.thresholds, 1, "thresholds")
        if self.linear is not None:
            _check_points(self.linear, 2, "linear")
        return self

    @property
    def title(self) -> str:
        return self.label or self.signal.replace("_", " ")


class Card(_Model):
    """A scorecard: group weights and measures. `extends` starts from another card:
    its groups are updated and its measures replaced signal by signal."""

    extends: str | None = Field(None, description='Card to start from, such as "builtin".')
    groups: dict[str, float] = Field(
        default_factory=dict, description="Weight of each group of measures."
    )
    measures: list[Measure] = Field(
        default_factory=list, description="Signals scored, with their group and weight."
    )

    @field_validator("groups")
    @classmethod
    def _positive(cls, groups: dict[str, float]) -> dict[str, float]:
        for name, weight in groups.items():
            if weight < 0:
                raise ValueError(f"group {name!r} has a negative weight ({weight})")
        return groups

    def merged(self, base: Card) -> Card:
        """This card on top of `base`."""
        own = {m.signal for m in self.measures}
        kept = [m for m in base.measures if m.signal not in own]
        groups = {**base.groups, **self.groups}
        return Card(groups=groups, measures=[*kept, *self.measures])

    def check(self, name: str) -> None:
        """Every measure in a declared group; some weight to score with."""
        if not self.groups:
            raise ValueError(
                f"card {name!r} declares no groups: add groups = {{ name = weight, … }},"
                ' or extends = "builtin" to start from the built-in card'
            )
        for measure in self.measures:
            if measure.group not in self.groups:
                raise ValueError(
                    f"card {name!r}: measure {measure.signal!r} is in group {measure.group!r},"
                    f" which is not among the card's groups ({', '.join(self.groups) or 'none'})"
                )
        if not any(m.weight > 0 and self.groups[m.group] > 0 for m in self.measures):
            raise ValueError(f"card {name!r} has no measure with a positive weight")


#: The built-in DEAR-style card (see `default_card`); any card may `extends = "builtin"`.
DEFAULT_CARD = Card.model_validate(DEFAULT_CARD_DATA)
BUILTIN = "builtin"


class Tiers(_Model):
    """Score cut-offs: below `red_below` is red, from `green_from` green, yellow between."""

    red_below: float = Field(40, ge=0, le=100, description="Scores below this are red.")
    green_from: float = Field(70, ge=0, le=100, description="Scores from this are green.")

    @model_validator(mode="after")
    def _ordered(self) -> Tiers:
        if self.red_below > self.green_from:
            raise ValueError(
                f"red_below ({self.red_below}) must not exceed green_from ({self.green_from})"
            )
        return self


class HealthSettings(_Model):
    """Scorecards, tiers and trend of the health score."""

    tiers: Tiers = Tiers()
    trend_days: int = Field(30, ge=1, description="The previous score is this many days earlier.")
    trend_flat: float = Field(5, ge=0, description="Score changes within ± this are flat.")
    card_by: str | None = Field(
        None, description="Signal or account attribute whose value names the card to use."
    )
    cards: dict[str, Card] = Field(default_factory=lambda: {"default": DEFAULT_CARD})

    @field_validator("cards", mode="before")
    @classmethod
    def _with_default(cls, cards: Any) -> Any:
        if isinstance(cards, dict) and "default" not in cards:
            return {"default": DEFAULT_CARD, **cards}
        return cards

    @model_validator(mode="after")
    def _resolve(self) -> HealthSettings:
        resolved: dict[str, Card] = {}
        for name in self.cards:
            resolved[name] = self._resolved(name, ())
            resolved[name].check(name)
        object.__setattr__(self, "cards", resolved)
        return self

    def _resolved(self, name: str, seen: tuple[str, ...]) -> Card:
        if name in seen:
            raise ValueError(f"cards extend each other in a loop: {' → '.join([*seen, name])}")
        card = self.cards.get(name)
        if card is None and name == BUILTIN:
            return DEFAULT_CARD
        if card is None:
            raise ValueError(f"card {seen[-1]!r} extends unknown card {name!r}")
        if card.extends is None:
            return card
        return card.merged(self._resolved(card.extends, (*seen, name)))

    def card_for(self, value: object) -> str:
        """The card used for an account whose `card_by` value is `value`."""
        key = "" if value is None else str(value)
        return key if key in self.cards else "default"

    def tier(self, score: float) -> str:
        """red, yellow or green."""
        if score < self.tiers.red_below:
            return "red"
        return "green" if score >= self.tiers.green_from else "yellow"
