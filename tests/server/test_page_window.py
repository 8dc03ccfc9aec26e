"""The default window of the KPI pages ends with the latest complete month, but no later than
the month holding the workspace's last day with data: a workspace whose exports stopped
shows its last months, not empty ones (the pages' headline figures would read "no value")."""

from __future__ import annotations

from datetime import date

from tenure.server.api.params import KpiFilters
from tenure.server.views.periods import default_end, resolve_range

TODAY = date(2026, 12, 7)


def test_the_default_end_is_the_last_complete_month_with_data() -> None:
    assert default_end(TODAY) == date(2026, 11, 30)
    assert default_end(TODAY, horizon=date(2026, 10, 31)) == date(2026, 10, 31)
    assert default_end(TODAY, horizon=date(2026, 10, 12)) == date(2026, 10, 31)
    assert default_end(TODAY, horizon=date(2026, 12, 6)) == date(2026, 11, 30)
    assert default_end(TODAY, horizon=date(2024, 2, 3)) == date(2024, 2, 29)


def test_a_year_of_months_back_from_the_data_and_explicit_dates_win() -> None:
    stopped = date(2026, 10, 31)
    assert resolve_range(KpiFilters(), TODAY, stopped) == (date(2025, 11, 1), stopped)
    quarters = resolve_range(KpiFilters(grain="quarter"), TODAY, stopped)
    assert quarters == (date(2024, 10, 1), stopped)
    chosen = KpiFilters(start=date(2026, 1, 1), end=date(2026, 11, 30))
    assert resolve_range(chosen, TODAY, stopped) == (date(2026, 1, 1), date(2026, 11, 30))
