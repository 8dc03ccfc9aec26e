"""A declarative mapping from one vendor export to tenure's canonical tables.

An `Export` says how to read a vendor file and holds a `TableMap` for its main table and
for any derived tables (e.g. the accounts a subscriptions export references). A TableMap
is mostly a list of `Field`s (vendor column(s) → tenure column, with a value conversion),
plus row filters (`Keep`), documented `Step`s that change or split mapped rows, and
fixed values. Vendor columns are matched exactly, else after normalisation (`Created at`
matches `created_at`). Every vendor column that no field, filter or `Drop` rule names is
kept as an attribute column under a normalised name, so the import reports it.

Fields whose target starts with `_` are helpers for the steps and are never imported.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyarrow as pa

from tenure.errors import FileProblem
from tenure.ingest.columns import normalise_name
from tenure.ingest.sources.records import Prepare, Row, VendorFile, read_csv, read_json
from tenure.ingest.sources.values import TEXT, Convert
from tenure.schema import get_table

OutRow = dict[str, str | None]
Lookup = Callable[[str], str | None]
ExportFormat = Literal["csv", "json"]
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


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


@dataclass(frozen=True)
class Export:
    """One vendor export file: how to read it and the tables it becomes."""

    title: str
    format: ExportFormat
    main: TableMap
    derived: tuple[TableMap, ...] = ()
    drops: tuple[Drop, ...] = ()
    prefix: str = "vendor"
    attribute_name: Callable[[str], str] = normalise_name
    naming: str = ""
    containers: tuple[str, ...] = ()
    prepare: Prepare | None = field(default=None)
    enrich: Callable[[VendorFile], VendorFile] | None = field(default=None)

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([m.table for m in self.derived] + [self.main.table]))

    def read(self, path: Path) -> VendorFile:
        if self.format == "csv":
            file = read_csv(path)
        else:
            file = read_json(path, self.containers, self.prepare)
        return self.enrich(file) if self.enrich is not None else file

    def missing(self, file: VendorFile) -> list[tuple[str, ...]]:
        """The requirement groups the file does not satisfy."""
        find = ColumnFinder(file.columns)
        groups = [g for m in (self.main, *self.derived) for g in m.requirements()]
        return [g for g in groups if not any(find.find(name) for name in g)]

    def attributes(self, file: VendorFile) -> dict[str, str]:
        """Unmapped vendor column → the attribute column that keeps it."""
        find = ColumnFinder(file.columns)
        used = {c for m in (self.main, *self.derived) for name in m.used() for c in find.find(name)}
        taken = set(get_table(self.main.table).column_names) | set(self.main.targets())
        kept: dict[str, str] = {}
        for column in file.columns:
            if column in used or any(rule.matches(column) for rule in self.drops):
                continue
            kept[column] = _free_name(normalise_name(self.attribute_name(column)), taken, self)
            taken.add(kept[column])
        return kept

    def convert_file(self, file: VendorFile) -> dict[str, pa.Table]:
        """The canonical tables of an already-read export (derived tables first).

        A field whose vendor columns the file lacks writes no column (unless a step fills
        it, or the column is required), so an import never blanks what another export
        stored there.
        """
        attributes = self.attributes(file)
        tables = {m.table: _arrow(m.map_rows(file, {}), m.targets(), set()) for m in self.derived}
        rows = self.main.map_rows(file, attributes)
        columns = self.main.targets() + list(attributes.values())
        required = set(get_table(self.main.table).required_columns)
        tables[self.main.table] = _arrow(rows, columns, self.main.absent(file) - required)
        return tables


def _free_name(name: str, taken: set[str], export: Export) -> str:
    if name in taken:
        name = f"{normalise_name(export.prefix)}_{name}"
    base, number = name, 2
    while name in taken:
        name, number = f"{base}_{number}", number + 1
    return name


def _arrow(rows: list[OutRow], columns: Sequence[str], absent: set[str]) -> pa.Table:
    names = list(dict.fromkeys([*columns, *(k for row in rows for k in row)]))
    names = [n for n in names if not n.startswith("_") and not _unfilled(n, rows, absent)]
    arrays = {name: pa.array([row.get(name) for row in rows], pa.string()) for name in names}
    return pa.table(arrays, schema=pa.schema([(name, pa.string()) for name in names]))


def _unfilled(name: str, rows: list[OutRow], absent: set[str]) -> bool:
    return name in absent and all(row.get(name) is None for row in rows)


@dataclass(frozen=True)
class ExportSet:
    """The exports one source understands; picks the right one for a file."""

    exports: tuple[Export, ...]

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for export in self.exports for name in export.tables))

    def convert(self, path: Path, table: str | None = None) -> dict[str, pa.Table]:
        """Convert `path` with the export for `table` (any, when None) that fits its columns."""
        candidates = self._candidates(path, table)
        files: dict[ExportFormat, VendorFile] = {}
        ranked = sorted(candidates, key=lambda e: -len(e.main.requirements()))
        for export in ranked:
            file = files.setdefault(export.format, export.read(path))
            if not export.missing(file):
                return export.convert_file(file)
        best = ranked[0]
        raise _not_this_export(best, files[best.format])

    def _candidates(self, path: Path, table: str | None) -> list[Export]:
        kind: ExportFormat = "json" if path.suffix.lower() in JSON_SUFFIXES else "csv"
        chosen = [e for e in self.exports if table is None or e.main.table == table]
        chosen = chosen or [e for e in self.exports if table in e.tables]
        fitting = [e for e in chosen if e.format == kind]
        if not fitting:
            wanted = " or ".join(sorted({e.format.upper() for e in chosen})) or "no"
            raise FileProblem(f"{path.name}: expected a {wanted} export for {table or 'it'}")
        return fitting


def _not_this_export(export: Export, file: VendorFile) -> FileProblem:
    missing = "; ".join(
        " or ".join(f"`{name}`" for name in group) for group in export.missing(file)
    )
    shown = ", ".join(file.columns[:25]) + (" …" if len(file.columns) > 25 else "")
    return FileProblem(
        f"{file.path.name}: not a {export.title}: missing column(s) {missing}; "
        f"the file has: {shown or 'no columns'}"
    )
