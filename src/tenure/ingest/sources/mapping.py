"""How the rows of a vendor export become rows of one canonical table: the `TableMap`.

A TableMap is mostly a list of `Field`s (vendor column(s) → tenure column, with a value
conversion), plus row filters (`Keep`), documented `Step`s that change or split mapped
rows, and fixed values; `exports.py` handles the file as a whole. Vendor columns are
matched exactly, else after normalisation (`Created at` matches `created_at`). Every
vendor column that no field, filter or `Drop` rule names is kept as an attribute column
under a normalised name, so the import reports it.

Fields whose target starts with `_` are helpers for the steps and are never imported.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tenure.ingest.columns import normalise_name
from tenure.ingest.sources.records import Row, VendorFile
from tenure.ingest.sources.values import TEXT, Convert
from tenure.schema import get_table

OutRow = dict[str, str | None]
Lookup = Callable[[str], str | None]


@dataclass(frozen=True)
class Field:
    """One tenure column from the first non-empty of `sources`, converted."""

    target: str
    sources: tuple[str, ...]
    convert: Convert = TEXT
    required: bool | None = None

    def pick(self, lookup: Lookup) -> str | None:
        for source in self.sources:
            raw = lookup(source)
            if raw is not None:
                return self.convert(raw)
        return None


@dataclass(frozen=True)
class Keep:
    """A row filter over vendor columns, with the sentence that documents it."""

    columns: tuple[str, ...]
    test: Callable[[Lookup], bool]
    describe: str


@dataclass(frozen=True)
class Step:
    """A documented change of mapped rows: fill, compute or split (one row → several)."""

    run: Callable[[OutRow], list[OutRow]]
    describe: str
    adds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Drop:
    """Vendor columns dropped on purpose (shell-style patterns), and why."""

    patterns: tuple[str, ...]
    describe: str

    def matches(self, column: str) -> bool:
        return any(fnmatch.fnmatchcase(column.lower(), p.lower()) for p in self.patterns)


@dataclass(frozen=True)
class TableMap:
    """How the rows of an export become rows of one canonical table."""

    table: str
    fields: tuple[Field, ...]
    keep: tuple[Keep, ...] = ()
    steps: tuple[Step, ...] = ()
    constants: tuple[tuple[str, str], ...] = ()
    distinct: bool = False

    def used(self) -> set[str]:
        """The vendor columns this map reads."""
        names = {source for item in self.fields for source in item.sources}
        return names | {column for rule in self.keep for column in rule.columns}

    def requirements(self) -> list[tuple[str, ...]]:
        """Groups of vendor columns of which the export must have at least one each."""
        required = set(get_table(self.table).required_columns)
        return [
            item.sources
            for item in self.fields
            if item.required or (item.required is None and item.target in required)
        ]

    def targets(self) -> list[str]:
        """The tenure columns this map writes, in order (helpers excluded)."""
        names = [item.target for item in self.fields] + [name for name, _ in self.constants]
        names += [name for step in self.steps for name in step.adds]
        return [name for name in dict.fromkeys(names) if not name.startswith("_")]

    def absent(self, file: VendorFile) -> set[str]:
        """Targets whose vendor columns are all missing from the file."""
        find = ColumnFinder(file.columns)
        return {f.target for f in self.fields if not any(find.find(s) for s in f.sources)}

    def map_rows(self, file: VendorFile, attributes: dict[str, str]) -> list[OutRow]:
        """The mapped rows: filtered, converted, with attributes, after every step."""
        find = ColumnFinder(file.columns)
        rows: list[OutRow] = []
        for row in file.rows:
            lookup = find.lookup(row)
            if all(rule.test(lookup) for rule in self.keep):
                rows.extend(self._run_steps(self._mapped(row, lookup, attributes)))
        return self._distinct(rows) if self.distinct else rows

    def _mapped(self, row: Row, lookup: Lookup, attributes: dict[str, str]) -> OutRow:
        mapped: OutRow = {item.target: item.pick(lookup) for item in self.fields}
        mapped.update(self.constants)
        mapped.update({name: row.get(column) for column, name in attributes.items()})
        return mapped

    def _distinct(self, rows: list[OutRow]) -> list[OutRow]:
        """One row per distinct set of values, skipping rows without a required value."""
        required = get_table(self.table).required_columns
        seen: dict[tuple[tuple[str, str | None], ...], OutRow] = {}
        for row in rows:
            if all(row.get(name) is not None for name in required if name in row):
                seen.setdefault(tuple(sorted(row.items())), row)
        return list(seen.values())

    def _run_steps(self, mapped: OutRow) -> list[OutRow]:
        rows = [mapped]
        for step in self.steps:
            rows = [out for row in rows for out in step.run(row)]
        return rows


class ColumnFinder:
    """Finds the file columns a declared vendor column names: exactly, else normalised.

    Several columns may match (`Account ID` and `account_id` in different records); the
    exact one comes first and a lookup takes the first non-empty value.
    """

    def __init__(self, columns: Sequence[str]) -> None:
        self._exact = set(columns)
        self._normalised: dict[str, list[str]] = {}
        for column in columns:
            self._normalised.setdefault(normalise_name(column), []).append(column)
        self._cache: dict[str, tuple[str, ...]] = {}

    def find(self, declared: str) -> tuple[str, ...]:
        if declared not in self._cache:
            exact = [declared] if declared in self._exact else []
            similar = self._normalised.get(normalise_name(declared), [])
            self._cache[declared] = tuple(dict.fromkeys(exact + similar))
        return self._cache[declared]

    def lookup(self, row: Row) -> Lookup:
        def get(declared: str) -> str | None:
            for column in self.find(declared):
                value = row.get(column)
                if value is not None:
                    return value
            return None

        return get
