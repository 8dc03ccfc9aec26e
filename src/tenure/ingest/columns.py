"""Match a file's columns to a canonical table: normalise headers, apply `--map`, check required."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tenure.errors import FileProblem
from tenure.schema import Table

RESERVED_PREFIX = "_tenure"


def normalise_name(raw: str) -> str:
    """`Account ID` → `account_id`: lower case, runs of other characters become `_`."""
    name = re.sub(r"[^0-9a-z]+", "_", raw.strip().lstrip("\ufeff").lower()).strip("_")
    return name or "column"


@dataclass(frozen=True)
class ColumnPlan:
    """How each source column lands in the table: canonical column, attribute, or dropped."""

    renames: dict[str, str]
    canonical: tuple[str, ...]
    extras: tuple[str, ...]

    @property
    def present(self) -> tuple[str, ...]:
        return self.canonical + self.extras


def plan_columns(
    source_columns: Sequence[str], table: Table, mapping: Mapping[str, str]
) -> ColumnPlan:
    """Decide where every source column goes; a FileProblem when the file cannot fit the table."""
    _check_unique_sources(source_columns)
    _check_mapping_sources(source_columns, mapping)
    renames: dict[str, str] = {}
    for source in source_columns:
        target = _target_name(source, mapping)
        if target:
            renames[source] = target
    _check_duplicates(renames)
    canonical = tuple(name for name in table.column_names if name in renames.values())
    extras = tuple(name for name in renames.values() if not table.has_column(name))
    _check_required(table, canonical, source_columns)
    if not table.extra_columns_allowed and extras:
        raise FileProblem(f"table {table.name} takes no extra columns: {', '.join(extras)}")
    return ColumnPlan(renames, canonical, extras)


def _target_name(source: str, mapping: Mapping[str, str]) -> str:
    normalised = normalise_name(source)
    if source in mapping or normalised in mapping:
        target = mapping[source if source in mapping else normalised].strip()
        if target.lower().startswith(RESERVED_PREFIX):
            raise FileProblem(f"--map target {target!r} uses the reserved prefix {RESERVED_PREFIX}")
        return target
    if source.strip().lstrip("\ufeff").lower().startswith(RESERVED_PREFIX):
        raise FileProblem(
            f"column {source!r} uses the reserved prefix {RESERVED_PREFIX}; "
            "rename it with --map (or drop it with --map name=)"
        )
    return normalised


def _check_unique_sources(source_columns: Sequence[str]) -> None:
    seen: set[str] = set()
    for name in source_columns:
        if name in seen:
            raise FileProblem(f"the header names column {name!r} twice; rename one of them")
        seen.add(name)


def _check_mapping_sources(source_columns: Sequence[str], mapping: Mapping[str, str]) -> None:
    known = set(source_columns) | {normalise_name(name) for name in source_columns}
    missing = [source for source in mapping if source not in known]
    if missing:
        raise FileProblem(
            f"--map names column(s) not in the file: {', '.join(missing)}; "
            f"the file has: {', '.join(source_columns)}"
        )


def _check_duplicates(renames: Mapping[str, str]) -> None:
    seen: dict[str, str] = {}
    for source, target in renames.items():
        if target in seen:
            raise FileProblem(
                f"columns {seen[target]!r} and {source!r} both map to {target!r}; "
                "rename one with --map"
            )
        seen[target] = source


def _check_required(table: Table, canonical: Sequence[str], source_columns: Sequence[str]) -> None:
    missing = [name for name in table.required_columns if name not in canonical]
    if missing:
        raise FileProblem(
            f"missing required column(s) for {table.name}: {', '.join(missing)}; "
            f"the file has: {', '.join(source_columns)} (use --map source=target to rename)"
        )


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """Parse `--map source=target` options; an empty target drops the column."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise FileProblem(f"--map {pair!r}: expected source=target")
        source, target = pair.split("=", 1)
        mapping[source.strip()] = target.strip()
    return mapping
