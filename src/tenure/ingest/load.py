"""Merge validated rows from a staging table into a canonical table, on the workspace backend.

Runs inside the import's transaction: refuses rows whose key repeats an earlier line of
the same file or whose account is unknown, then upserts by key. Columns the file does not
have keep their stored values; a row equal to the stored one counts as unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import reduce

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc

from tenure.ingest.validate import KEY_HASH, LINE, QUARANTINE_SCHEMA
from tenure.schema import Table
from tenure.storage.store import Store

OLD = "_tenure_old_"
FIRST = "_tenure_first"
COUNT = "_tenure_count"
NEW = "_tenure_new"
CHANGED = "_tenure_changed"


@dataclass(frozen=True)
class MergeCounts:
    """What the merge did to the target table."""

    inserted: int
    updated: int
    unchanged: int


def keys_may_repeat(store: Store, staging: str) -> bool:
    """Whether two staged rows may share a key, then drop staging's key hash column.

    Grouping one hash column is several times faster than grouping the key's columns;
    no repeated hash proves that no key repeats (equal keys have equal hashes), and a
    repeated hash (a real duplicate, or rarely a collision) calls for the exact check.
    Without a hash column (a backend other than DuckDB), keys may always repeat.
    """
    rows = store.table(staging)
    if KEY_HASH not in rows.columns:
        return True
    groups = rows.group_by(KEY_HASH).aggregate(**{COUNT: rows.count()})
    repeated = groups.filter(groups[COUNT] > 1).limit(1).count().to_pyarrow().as_py()
    store.drop_column(staging, KEY_HASH)
    return bool(repeated)


def refuse_duplicates_and_orphans(
    store: Store, table: Table, staging: str, keys_may_repeat: bool = True
) -> tuple[str, pa.Table]:
    """Split staging into a clean table (returned by name) and refused rows.

    Usually nothing is refused, so both checks look for offenders first (a grouping and
    an anti-join) and staging itself is the clean table when they find none. When
    `keys_may_repeat` is False (see `keys_may_repeat`), the duplicate check is skipped.
    """
    rows = store.table(staging)
    refused = (
        _duplicate_records(rows, table.key) if keys_may_repeat else QUARANTINE_SCHEMA.empty_table()
    )
    if _references_accounts(table):
        orphans = _orphan_records(store, rows)
        seen = pc.is_in(orphans["line"], value_set=refused["line"])
        refused = pa.concat_tables([refused, orphans.filter(pc.invert(seen))])
    if refused.num_rows == 0:
        return staging, refused
    lines = ibis.memtable(refused.select(["line"]).rename_columns([LINE]))
    clean = f"{staging}_clean"
    store.create_temp(clean, rows.anti_join(lines, LINE))
    return clean, refused


def _references_accounts(table: Table) -> bool:
    return any(column.references == "accounts" for column in table.columns)


def _duplicate_records(rows: ir.Table, key: Sequence[str]) -> pa.Table:
    """Rows whose key is on an earlier line of the same file (the first one is kept)."""
    groups = rows.group_by(list(key)).aggregate(**{FIRST: rows[LINE].min(), COUNT: rows.count()})
    repeated = groups.filter(groups[COUNT] > 1).drop(COUNT)
    duplicates = rows.inner_join(repeated, list(key))
    duplicates = duplicates.filter(duplicates[LINE] != duplicates[FIRST])
    names = ", ".join(key)
    return _records(
        duplicates.order_by(LINE).to_pyarrow().to_pylist(),
        column=key[0],
        reason=lambda row: f"duplicate key ({names}): the same key is on line {row[FIRST]}",
        value=lambda row: str(row[key[0]]),
    )


def _orphan_records(store: Store, rows: ir.Table) -> pa.Table:
    """Rows whose account is unknown. The distinct accounts of the file are looked up
    first: usually none is unknown, and they are a few thousand keys, not every row."""
    known = store.table("accounts").select("account_id")
    unknown = rows.select("account_id").distinct().anti_join(known, "account_id")
    if _is_empty(unknown):
        return QUARANTINE_SCHEMA.empty_table()
    orphans = rows.anti_join(known, "account_id")
    return _records(
        orphans.order_by(LINE).to_pyarrow().to_pylist(),
        column="account_id",
        reason=lambda row: "account_id is not a known account (import accounts first)",
        value=lambda row: str(row["account_id"]),
    )


Describe = Callable[[dict[str, object]], str]


def _records(
    rows: list[dict[str, object]], column: str, reason: Describe, value: Describe
) -> pa.Table:
    records = [
        {
            "line": row[LINE],
            "column": column,
            "value": value(row),
            "reason": reason(row),
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
    """Insert new keys, replace changed rows, leave equal rows alone; return the counts.

    Only the columns the file has (`file_columns`) are compared and replaced: a stored
    row keeps its values in the other columns, while a new row takes the incoming
    defaults (or NULL) there.
    """
    target = store.table(table.name)
    incoming = store.table(clean)
    stored_columns = list(target.columns)
    if _is_empty(target):
        store.insert(table.name, incoming.select(*[c for c in incoming.columns if c != LINE]))
        return MergeCounts(inserted=_count(incoming), updated=0, unchanged=0)
    old = target.rename({f"{OLD}{name}": name for name in stored_columns})
    on = [incoming[key] == old[f"{OLD}{key}"] for key in table.key]
    joined = incoming.left_join(old, on)
    is_new = joined[f"{OLD}{table.key[0]}"].isnull()
    compared = [c for c in file_columns if c not in table.key and c in stored_columns]
    merged = joined.mutate(**{NEW: is_new, CHANGED: _any_differs(joined, compared)})
    counts = (
        merged.aggregate(
            inserted=merged[NEW].sum(),
            updated=(~merged[NEW] & merged[CHANGED]).sum(),
            total=merged.count(),
        )
        .to_pyarrow()
        .to_pylist()[0]
    )
    inserted, updated = int(counts["inserted"] or 0), int(counts["updated"] or 0)
    unchanged = int(counts["total"]) - inserted - updated
    if inserted or updated:
        values = _stored_values(merged, stored_columns, file_columns, incoming.columns)
        _write_changes(store, table, merged, values, has_updates=updated > 0)
    return MergeCounts(inserted=inserted, updated=updated, unchanged=unchanged)


def _is_empty(table: ir.Table) -> bool:
    return bool(table.limit(1).count().to_pyarrow().as_py() == 0)


def _count(table: ir.Table) -> int:
    return int(table.count().to_pyarrow().as_py())


def _any_differs(joined: ir.Table, columns: Sequence[str]) -> ir.BooleanValue:
    if not columns:
        return ibis.literal(False)
    differs = [~joined[name].identical_to(joined[f"{OLD}{name}"]) for name in columns]
    return reduce(lambda left, right: left | right, differs)


def _stored_values(
    merged: ir.Table,
    stored_columns: Sequence[str],
    file_columns: Sequence[str],
    incoming_columns: Sequence[str],
) -> dict[str, ir.Value]:
    """Each stored column's new value: from the file, else kept (new rows: default or NULL)."""
    values: dict[str, ir.Value] = {}
    for name in stored_columns:
        kept = merged[f"{OLD}{name}"]
        if name in file_columns:
            values[name] = merged[name]
        elif name in incoming_columns:
            values[name] = ibis.ifelse(merged[NEW], merged[name], kept)
        else:
            values[name] = kept
    return values


def _write_changes(
    store: Store, table: Table, merged: ir.Table, values: dict[str, ir.Value], has_updates: bool
) -> None:
    to_write = merged.filter(merged[NEW] | merged[CHANGED])
    if not has_updates:
        store.insert(table.name, to_write.select(**values))
        return
    rows_name = f"{table.name}_tenure_rows"
    store.create_temp(rows_name, to_write.select(**values))
    keys_name = f"{table.name}_tenure_changed_keys"
    store.create_temp(keys_name, to_write.filter(~to_write[NEW]).select(*table.key))
    store.replace_rows(table.name, keys_name, rows_name, table.key)
    store.drop(keys_name)
    store.drop(rows_name)
