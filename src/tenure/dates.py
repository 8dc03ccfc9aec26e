"""Parsing of user-given days, shared by the facade and its mixins."""

from __future__ import annotations

from datetime import date

from tenure.errors import WorkspaceError


def parse_day(value: date | str | None) -> date | None:
    """A date from a date or an ISO string (a clear error otherwise)."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise WorkspaceError(f"{value!r} is not a date (YYYY-MM-DD)") from None
