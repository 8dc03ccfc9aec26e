"""A whole vendor export: how to read it, its tables, and which export a file is.

An `Export` reads one vendor file and turns it into its main table (a `TableMap`) and any
derived tables (e.g. the accounts a subscriptions export references); unmapped columns
become attribute columns. An `ExportSet` holds the exports one source understands and
recognises a file by its columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pyarrow as pa

from tenure.errors import FileProblem
from tenure.ingest.columns import normalise_name
from tenure.ingest.sources.attributes import typed_attributes
from tenure.ingest.sources.mapping import ColumnFinder, Drop, OutRow, TableMap
from tenure.ingest.sources.records import Prepare, VendorFile, read_csv, read_json
from tenure.schema import get_table

ExportFormat = Literal["csv", "json"]
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


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

    @property
    def reading(self) -> tuple[object, ...]:
        """What decides how the file is read (exports alike read it alike)."""
        return (self.format, self.containers, self.prepare, self.enrich)

    def read(self, path: Path) -> VendorFile:
        if self.format == "csv":
            file = read_csv(path)
        else:
            file = read_json(path, self.containers, self.prepare)
        return self.enrich(file) if self.enrich is not None else file

    def requirements(self) -> list[tuple[str, ...]]:
        """Groups of vendor columns of which a file must have at least one each."""
        return [g for m in (self.main, *self.derived) for g in m.requirements()]

    def missing(self, file: VendorFile) -> list[tuple[str, ...]]:
        """The requirement groups the file does not satisfy."""
        find = ColumnFinder(file.columns)
        return [g for g in self.requirements() if not any(find.find(name) for name in g)]

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
        table = _arrow(rows, columns, self.main.absent(file) - required)
        kinds = {item.target: item.convert.kind for item in self.main.fields}
        tables[self.main.table] = typed_attributes(table, get_table(self.main.table), kinds)
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
    """The exports one source understands; recognises which one a file is."""

    exports: tuple[Export, ...]

    @property
    def tables(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for export in self.exports for name in export.tables))

    def convert(self, path: Path, table: str | None = None) -> dict[str, pa.Table]:
        """Convert `path` with the export its columns match; it must be the one for `table`.

        Exports are tried from the most to the least specific (most required columns),
        so a subscriptions export is never mistaken for a customers export that only
        needs an `id`.
        """
        kind: ExportFormat = "json" if path.suffix.lower() in JSON_SUFFIXES else "csv"
        ranked = sorted(
            (e for e in self.exports if e.format == kind), key=lambda e: -len(e.requirements())
        )
        if not ranked:
            formats = " or ".join(sorted({e.format.upper() for e in self.exports}))
            raise FileProblem(f"{path.name}: expected a {formats} export")
        files: dict[tuple[object, ...], VendorFile] = {}
        for export in ranked:
            if export.reading not in files:
                files[export.reading] = export.read(path)
            file = files[export.reading]
            if not export.missing(file):
                self._check_table(export, table, path)
                return export.convert_file(file)
        wanted = self._wanted(ranked, table)
        raise _not_this_export(wanted, files[wanted.reading])

    def _check_table(self, export: Export, table: str | None, path: Path) -> None:
        mains = {e.main.table for e in self.exports}
        fits = export.main.table == table or (table not in mains and table in export.tables)
        if table is not None and not fits:
            raise FileProblem(
                f"{path.name} is a {export.title} (→ {export.main.table}), "
                f"not an export for {table}"
            )

    @staticmethod
    def _wanted(ranked: list[Export], table: str | None) -> Export:
        return next((e for e in ranked if table in (None, e.main.table)), ranked[0])


def _not_this_export(export: Export, file: VendorFile) -> FileProblem:
    missing = ", ".join(
        " or ".join(f"`{name}`" for name in group) for group in export.missing(file)
    )
    shown = ", ".join(file.columns[:25]) + (" …" if len(file.columns) > 25 else "")
    return FileProblem(
        f"{file.path.name}: not a {export.title}: missing column(s) {missing}; "
        f"the file has: {shown or 'no columns'}"
    )
