"""DemoSpec: defaults, derived dates and validation."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from tenure.demo import DemoSpec
from tenure.demo.spec import previous_month_end


def test_default_end_is_last_day_of_previous_month() -> None:
    assert previous_month_end(date(2024, 3, 15)) == date(2024, 2, 29)
    assert previous_month_end(date(2025, 1, 1)) == date(2024, 12, 31)
    assert DemoSpec().end == previous_month_end(date.today())


def test_defaults() -> None:
    spec = DemoSpec(end=date(2026, 10, 31))
    assert (spec.accounts, spec.months, spec.seed) == (2000, 36, 7)


def test_history_starts_on_first_day_of_first_month() -> None:
    assert DemoSpec(months=36, end=date(2026, 10, 31)).start == date(2023, 11, 1)
    assert DemoSpec(months=1, end=date(2026, 10, 15)).start == date(2026, 10, 1)
    assert DemoSpec(months=12, end=date(2026, 12, 31)).start == date(2026, 1, 1)


def test_spec_is_frozen() -> None:
    spec = DemoSpec(end=date(2026, 10, 31))
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.accounts = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    "kwargs", [{"accounts": -1}, {"months": 0}, {"seed": -5}, {"end": "2026-10-31"}]
)
def test_invalid_specs_are_rejected(kwargs: dict[str, object]) -> None:
    with pytest.raises((ValueError, TypeError)):
        DemoSpec(**kwargs)  # type: ignore[arg-type]
