"""SQL fragments that parse one column and list what is wrong with its values.

Each column is parsed from its text form with TRY_CAST-style functions, so a bad value
becomes NULL beside its raw text and the pair says exactly what was refused. The SQL
runs on the in-process validation engine (see `validate.py`), never on the workspace.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from tenure.schema import DECIMAL_PRECISION, DECIMAL_SCALE, Column, ColumnType

_DECIMAL = f"DECIMAL({DECIMAL_PRECISION},{DECIMAL_SCALE})"
_TRUE = "('true','t','1','yes','y')"
_FALSE = "('false','f','0','no','n')"

PARSE_REASONS: dict[ColumnType, str] = {
    "string": "is not text",
    "timestamp": "is not an ISO 8601 date or timestamp (e.g. 2024-03-31 or 2024-03-31T12:00:00Z)",
    "date": "is not an ISO 8601 date or month (e.g. 2024-03 or 2024-03-01)",
    "decimal": f"is not a decimal number with at most {DECIMAL_SCALE} decimals",
    "integer": "is not a whole number",
    "float": "is not a finite number",
    "boolean": "is not a yes/no value (true/false, yes/no, 1/0)",
}


def quote(name: str) -> str:
    """Quote an identifier for the validation engine."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """Quote a string literal for the validation engine."""
    return "'" + text.replace("'", "''") + "'"


def raw_text(source: str) -> str:
    """The trimmed text of a source cell, NULL when empty."""
    return f"NULLIF(TRIM(CAST({quote(source)} AS VARCHAR)), '')"


def parse_expression(raw: str, column_type: ColumnType, lower: bool = False) -> str:
    """SQL turning the raw text `raw` into a typed value, NULL when it cannot be parsed."""
    if column_type == "string":
        return f"lower({raw})" if lower else raw
    if column_type == "timestamp":
        return f"CASE WHEN {_starts_with_digit(raw)} THEN {_timestamp(raw)} END"
    if column_type == "date":
        month = f"TRY_CAST({raw} || '-01' AS DATE)"
        day = f"TRY_CAST({raw} AS DATE)"
        pick = (
            f"CASE WHEN regexp_full_match({raw}, '\\d{{4}}-\\d{{2}}') THEN {month} "
            f"WHEN {_starts_with_digit(raw)} THEN {day} END"
        )
        return f"CAST(date_trunc('month', {pick}) AS DATE)"
    if column_type == "decimal":
        wide = f"TRY_CAST({raw} AS DECIMAL(38,10))"
        narrow = f"TRY_CAST({raw} AS {_DECIMAL})"
        return f"CASE WHEN {wide} = {narrow} THEN {narrow} END"
    if column_type == "integer":
        whole = f"regexp_full_match({raw}, '[+-]?\\d+(\\.0*)?')"
        return f"CASE WHEN {whole} THEN TRY_CAST(TRY_CAST({raw} AS DECIMAL(38,0)) AS BIGINT) END"
    if column_type == "float":
        value = f"TRY_CAST({raw} AS DOUBLE)"
        return f"CASE WHEN isfinite({value}) THEN {value} END"
    lowered = f"lower({raw})"
    return f"CASE WHEN {lowered} IN {_TRUE} THEN true WHEN {lowered} IN {_FALSE} THEN false END"


def _starts_with_digit(raw: str) -> str:
    """ISO dates start with their year: this refuses DuckDB's words (epoch, infinity, …)."""
    return f"left({raw}, 1) BETWEEN '0' AND '9'"


def _timestamp(raw: str) -> str:
    """Values with a UTC offset go through TIMESTAMPTZ (converted to UTC); the others take the
    plain TIMESTAMP cast, several times faster, which would silently drop an offset."""
    with_zone = f"TRY_CAST(TRY_CAST({raw} AS TIMESTAMPTZ) AS TIMESTAMP)"
    tail = f"substr({raw}, 11)"
    has_offset = f"contains({tail}, '+') OR contains({tail}, '-')"
    return (
        f"CASE WHEN {has_offset} THEN {with_zone} "
        f"ELSE COALESCE(TRY_CAST({raw} AS TIMESTAMP), {with_zone}) END"
    )


NativeKind = Literal["timestamp", "date", "integer", "float", "decimal", "boolean"]


def native_expression(ref: str, column_type: ColumnType, kind: NativeKind) -> str | None:
    """SQL reading a typed (Parquet) value of `kind` directly, or None to go through text."""
    numeric = kind in ("integer", "float", "decimal")
    if column_type == "timestamp" and kind in ("timestamp", "date"):
        return f"CAST({ref} AS TIMESTAMP)"
    if column_type == "date" and kind in ("timestamp", "date"):
        return f"CAST(date_trunc('month', CAST({ref} AS TIMESTAMP)) AS DATE)"
    if column_type == "integer" and kind == "integer":
        return f"TRY_CAST({ref} AS BIGINT)"
    if column_type in ("float", "decimal") and numeric:
        return parse_expression(ref, column_type)
    if column_type == "boolean" and kind == "boolean":
        return ref
    return None


@dataclass(frozen=True)
class Problem:
    """A condition that refuses a row, with the column and reason reported for it."""

    column: str
    condition: str
    reason: str
    value: str

    def sql(self) -> str:
        return (
            f"CASE WHEN {self.condition} THEN {{'column': {literal(self.column)}, "
            f"'reason': {literal(self.reason)}, 'value': {self.value}}} END"
        )


@dataclass(frozen=True)
class Limits:
    """Plausible date range: nothing before `earliest`, events not after `event_latest`."""

    earliest: datetime
    event_latest: datetime
    schedule_latest: datetime


def column_problems(
    column: Column, raw: str, parsed: str, limits: Limits, text: str | None = None
) -> Iterator[Problem]:
    """Every check of one column, in the order they are reported.

    `raw` is the source value (NULL when missing), `parsed` its typed value, and `text` the
    value as text for the report (default: `raw`, when the source is already text).
    """
    name = column.name
    value = text or raw
    yield Problem(
        name, f"{raw} IS NOT NULL AND {parsed} IS NULL", PARSE_REASONS[column.type], value
    )
    if column.required:
        yield Problem(name, f"{raw} IS NULL", "required value is missing", value)
    if column.choices:
        options = ", ".join(literal(choice) for choice in column.choices)
        reason = f"is not one of: {', '.join(column.choices)}"
        yield Problem(name, f"{parsed} NOT IN ({options})", reason, value)
    if column.minimum is not None:
        yield Problem(name, f"{parsed} < {column.minimum}", f"must be ≥ {column.minimum:g}", value)
    if column.type in ("timestamp", "date"):
        yield from _date_problems(column, value, parsed, limits)


def _date_problems(column: Column, raw: str, parsed: str, limits: Limits) -> Iterator[Problem]:
    earliest = limits.earliest
    yield Problem(
        column.name,
        f"{parsed} < TIMESTAMP '{earliest:%Y-%m-%d}'",
        f"is before {earliest:%Y-%m-%d}, which is implausible",
        raw,
    )
    latest = limits.event_latest if column.future == "event" else limits.schedule_latest
    what = "is in the future" if column.future == "event" else "is implausibly far in the future"
    yield Problem(
        column.name,
        f"{parsed} > TIMESTAMP '{latest:%Y-%m-%d %H:%M:%S}'",
        f"{what} (after {latest:%Y-%m-%d})",
        raw,
    )


def order_problem(earlier: str, later: str, parsed: dict[str, str], raw: dict[str, str]) -> Problem:
    """`later` must not come before `earlier`."""
    return Problem(
        later, f"{parsed[later]} < {parsed[earlier]}", f"is before {earlier}", raw[later]
    )


def scale_problem(scales: dict[str, tuple[int, int]], survey: str, score: str, raw: str) -> Problem:
    """A survey score outside its survey's scale (answers are never bucketed)."""
    cases = " ".join(
        f"WHEN {literal(kind)} THEN {score} NOT BETWEEN {low} AND {high}"
        for kind, (low, high) in scales.items()
    )
    ranges = ", ".join(f"{kind} {low}–{high}" for kind, (low, high) in scales.items())
    return Problem(
        "score",
        f"(CASE {survey} {cases} ELSE false END)",
        f"is outside the survey's scale ({ranges})",
        raw,
    )
