"""Merge validated rows from a staging table into a canonical table, on the workspace backend.

Runs inside the import's transaction: refuses rows whose key repeats an earlier line of
the same file or whose account is unknown, then upserts by key. Columns the file does not
have keep their stored values; a row equal to the stored one counts as unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from tenure.ingest.validate import LINE, QUARANTINE_SCHEMA
from tenure.schema import Table
from tenure.storage.store import Store

OLD = "_tenure_old_"


@dataclass(frozen=True)
class MergeCounts:
    """What the merge did to the target table."""

    inserted: int
    updated: int
    unchanged: int


def refuse_duplicates_and_orphans(store: Store, table: Table, staging: str) -> tuple[str, pa.Table]:
    """Split staging into a clean temp table (returned by name) and refused rows."""
    rows = store.table(staging)
    first_line = rows[LINE].min().over(group_by=list(table.key))
    ranked = rows.mutate(_tenure_first=first_line)
    duplicates = ranked.filter(ranked[LINE] != ranked["_tenure_first"])
    unique = ranked.filter(ranked[LINE] == ranked["_tenure_first"]).drop("_tenure_first")
    refused = [_duplicate_records(duplicates, table.key)]
    if _references_accounts(table):
        known = store.table("accounts").select("account_id").distinct()
        orphans = unique.anti_join(known, "account_id")
        refused.append(_orphan_records(orphans))
        unique = unique.semi_join(known, "account_id")
    clean = f"{staging}_clean"
    store.create_temp(clean, unique)
    return clean, pa.concat_tables(refused)


def _references_accounts(table: Table) -> bool:
    return any(column.references == "accounts" for column in table.columns)


def _duplicate_records(duplicates: ir.Table, key: Sequence[str]) -> pa.Table:
    rows = duplicates.order_by(LINE).to_pyarrow().to_pylist()
    names = ", ".join(key)
    return _records(
        rows,
        column=key[0],
        reason=lambda row: (
            f"duplicate key ({names}): the same key is on line {row['_tenure_first']}"
        ),
        value=lambda row: str(row[key[0]]),
    )


def _orphan_records(orphans: ir.Table) -> pa.Table:
    rows = orphans.order_by(LINE).to_pyarrow().to_pylist()
    return _records(
        rows,
        column="account_id",
        reason=lambda row: "account_id is not a known account (import accounts first)",
        value=lambda row: str(row["account_id"]),
    )


def _records(rows: list[dict[str, object]], column: str, reason: object, value: object) -> pa.Table:
    records = [
        {
            "line": row[LINE],
            "column": column,
            "value": value(row),  # type: ignore[operator]
            "reason": reason(row),  # type: ignore[operator]
            "record": _record_json(row),
        }
        for row in rows
    ]
    return pa.Table.from_pylist(records, schema=QUARANTINE_SCHEMA)


def _record_json(row: dict[str, object]) -> str:
    visible = {
        k: (None if v is None else str(v)) for k, v in row.items() if not k.startswith("_tenure")
    }
    return json.dumps(visible, ensure_ascii=False)


def upsert(store: Store, table: Table, clean: str, file_columns: Sequence[str]) -> MergeCounts:
    """Insert new keys, replace changed rows, leave equal rows alone; return the counts."""
    target_name = table.name
    target = store.table(target_name)
    incoming = store.table(clean)
    stored_columns = list(target.columns)
    old = target.rename({f"{OLD}{name}": name for name in stored_columns})
    on = [incoming[key] == old[f"{OLD}{key}"] for key in table.key]
    joined = incoming.left_join(old, on)
    is_new = old_key_missing(joined, table.key)
    changed = _any_differs(joined, [c for c in file_columns if c not in table.key])
    merged = joined.mutate(_tenure_new=is_new, _tenure_changed=changed)
    counts = (
        merged.aggregate(
            inserted=merged["_tenure_new"].sum(),
            updated=(~merged["_tenure_new"] & merged["_tenure_changed"]).sum(),
            total=merged.count(),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    inserted, updated = int(counts["inserted"] or 0), int(counts["updated"] or 0)
    unchanged = int(counts["total"]) - inserted - updated
    if inserted or updated:
        _write_changes(store, table, merged, stored_columns, file_columns, updated > 0)
    return MergeCounts(inserted=inserted, updated=updated, unchanged=unchanged)


def old_key_missing(joined: ir.Table, key: Sequence[str]) -> ir.BooleanValue:
    return joined[f"{OLD}{key[0]}"].isnull()


def _any_differs(joined: ir.Table, columns: Sequence[str]) -> ir.BooleanValue:
    if not columns:
        return ibis.literal(False)
    differs = [~joined[name].identical_to(joined[f"{OLD}{name}"]) for name in columns]
    return reduce(lambda left, right: left | right, differs)


def _write_changes(
    store: Store,
    table: Table,
    merged: ir.Table,
    stored_columns: Sequence[str],
    file_columns: Sequence[str],
    has_updates: bool,
) -> None:
    to_write = merged.filter(merged["_tenure_new"] | merged["_tenure_changed"])
    values = {
        name: (to_write[name] if name in file_columns else to_write[f"{OLD}{name}"])
        for name in stored_columns
    }
    rows_name = f"{table.name}_tenure_rows"
    store.create_temp(rows_name, to_write.select(**values))
    if has_updates:
        keys_name = f"{table.name}_tenure_changed_keys"
        changed = to_write.filter(~to_write["_tenure_new"]).select(*table.key)
        store.create_temp(keys_name, changed)
        store.delete_matching(table.name, keys_name, table.key)
        store.drop(keys_name)
    store.insert(table.name, store.table(rows_name))
    store.drop(rows_name)
