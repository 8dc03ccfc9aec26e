"""Validate a batch of raw rows against a canonical table, row by row, vectorised.

The checks run on an in-process DuckDB used as a parsing engine (whatever backend the
workspace uses): one SQL statement parses every column, applies every rule, and splits
the batch into typed good rows and refused rows with their reasons. Checks that need the
workspace (unique keys across the file, references to known accounts) run later, in
`load.py`, on the workspace backend itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from tenure.ingest.checks import (
    Limits,
    Problem,
    column_problems,
    order_problem,
    parse_expression,
    quote,
    raw_text,
    scale_problem,
)
from tenure.ingest.columns import ColumnPlan
from tenure.schema import Column, ColumnType, Table

LINE = "_tenure_line"
ERRORS = "_tenure_errors"
RECORD = "_tenure_record"
QUARANTINE_SCHEMA = pa.schema(
    [
        ("line", pa.int64()),
        ("column", pa.string()),
        ("value", pa.string()),
        ("reason", pa.string()),
        ("record", pa.string()),
    ]
)


@dataclass(frozen=True)
class BatchResult:
    """The typed rows that passed and the refused rows (one quarantine record each)."""

    good: pa.Table
    bad: pa.Table


@dataclass(frozen=True)
class Validator:
    """Validates batches of one file for one table; build once per import."""

    table: Table
    plan: ColumnPlan
    extra_types: Mapping[str, ColumnType]
    limits: Limits
    scales: Mapping[str, tuple[int, int]]

    def columns(self) -> list[Column]:
        """Canonical columns present in the file, then extra attribute columns."""
        present = [self.table.column(name) for name in self.plan.canonical]
        defaults = [
            column
            for column in self.table.columns
            if column.default is not None and column.name not in self.plan.canonical
        ]
        extras = [Column(name, self.extra_types[name], "attribute") for name in self.plan.extras]
        return present + defaults + extras

    def sql(self) -> str:
        """One statement: parse, default, check, and build the record of refused rows."""
        sources = {target: source for source, target in self.plan.renames.items()}
        raws: dict[str, str] = {}
        parsed: dict[str, str] = {}
        for column in self.columns():
            source = sources.get(column.name)
            raws[column.name] = raw_text(source) if source is not None else "NULL::VARCHAR"
            parsed[column.name] = self._parsed(column, raws[column.name])
        problems = self._problems(raws, parsed)
        errors = ", ".join(problem.sql() for problem in problems)
        record = ", ".join(
            f"{_literal_key(s)}: CAST({quote(s)} AS VARCHAR)" for s in self.plan.renames
        )
        selected = ", ".join(f"{parsed[n]} AS {quote(n)}" for n in parsed)
        return (
            f"WITH checked AS (SELECT {LINE}, {selected}, "
            f"list_filter([{errors}], e -> e IS NOT NULL) AS {ERRORS}, "
            f"CAST(to_json({{{record}}}) AS VARCHAR) AS {RECORD} FROM batch) "
            "SELECT * FROM checked"
        )

    def _parsed(self, column: Column, raw: str) -> str:
        value = parse_expression(raw, column.type, lower=bool(column.choices))
        if column.default is not None:
            default = parse_expression(f"'{column.default}'", column.type)
            return f"COALESCE({value}, {default})"
        return value

    def _problems(self, raws: dict[str, str], parsed: dict[str, str]) -> list[Problem]:
        problems: list[Problem] = []
        for column in self.columns():
            problems.extend(
                column_problems(column, raws[column.name], parsed[column.name], self.limits)
            )
        for rule in self.table.order_rules:
            if rule.earlier in parsed and rule.later in parsed:
                problems.append(order_problem(rule.earlier, rule.later, parsed, raws))
        if self.table.name == "surveys":
            problems.append(
                scale_problem(dict(self.scales), parsed["survey"], parsed["score"], raws["score"])
            )
        return problems

    def run(
        self, batch: pa.RecordBatch, first_line: int, engine: duckdb.DuckDBPyConnection
    ) -> BatchResult:
        """Validate one batch whose first row is on line `first_line` of the file."""
        lines = pa.array(range(first_line, first_line + batch.num_rows), pa.int64())
        numbered = pa.Table.from_batches([batch]).append_column(LINE, lines)
        engine.register("batch", numbered)
        try:
            checked = engine.execute(self.sql()).to_arrow_table()
        finally:
            engine.unregister("batch")
        return _split(checked)


def _literal_key(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def _split(checked: pa.Table) -> BatchResult:
    failed = pc.greater(pc.list_value_length(checked[ERRORS]), 0)
    good = checked.filter(pc.invert(failed)).drop_columns([ERRORS, RECORD])
    bad_rows = checked.filter(failed)
    return BatchResult(good=good, bad=_quarantine_records(bad_rows))


def _quarantine_records(rows: pa.Table) -> pa.Table:
    records = []
    for line, errors, record in zip(
        rows[LINE].to_pylist(), rows[ERRORS].to_pylist(), rows[RECORD].to_pylist(), strict=True
    ):
        first = errors[0]
        reason = "; ".join(f"{error['column']} {error['reason']}" for error in errors)
        records.append(
            {
                "line": line,
                "column": first["column"],
                "value": first["value"],
                "reason": reason,
                "record": record,
            }
        )
    return pa.Table.from_pylist(records, schema=QUARANTINE_SCHEMA)


def new_engine() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB for parsing, with UTC as its time zone."""
    engine = duckdb.connect(":memory:")
    engine.execute("SET TimeZone='UTC'")
    return engine
