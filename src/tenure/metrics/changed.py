"""What changed in the data since the last fingerprint, as the earliest day it can affect.

A fingerprint of every canonical table is kept in the workspace (tables `tenure_fp_*`):
- tables whose every date column is part of their key (events, touchpoints, costs) never
  change a row's date, only gain or lose rows: one (rows, hash) pair per day is enough;
- other tables keep one row per key: a hash of the non-date columns and the dates.

Comparing the tables with their fingerprint gives the earliest day a change touches:
- a row added or removed: its earliest date;
- a subscription or assignment whose only change is a date (a cancellation, an end of
  assignment): the earliest of the changed dates, old or new — earlier days are untouched;
- any other changed row: the earliest of all its dates, old and new;
- a change to a table without dates, to an existing account, or to a CSM: everything
  (they decide the segments of every period).

`None` means "no fingerprint yet" (recompute everything); `date.max` means nothing changed.
DuckDB only: other backends always recompute everything.
"""

from __future__ import annotations

from datetime import date

from tenure.schema import TABLES, Table
from tenure.workspace import Workspace

PREFIX = "tenure_fp_"
#: Temporary tables of the fingerprint rows found to differ, which `take` writes.
DIFF = "tenure_fpdiff_"
#: Fingerprint columns holding the day of each date column.
DAY_PREFIX = "_day_"
#: Tables whose changed dates alone say which days a change touches.
DATE_ONLY_CHANGES = ("subscriptions", "assignments")
#: Tables any change of an existing row of which touches every period.
SEGMENT_TABLES = ("accounts", "csms", "features")
EVERYTHING = date.min
NOTHING = date.max


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _dates(table: Table) -> list[str]:
    return [c.name for c in table.columns if c.type in ("timestamp", "date")]


def _daily(table: Table) -> bool:
    dates = _dates(table)
    return bool(dates) and all(name in table.key for name in dates)


def _columns(ws: Workspace, name: str) -> list[str]:
    return list(ws.store.con.get_schema(name))


def _snapshot_sql(ws: Workspace, table: Table) -> str:
    """The fingerprint of `table`: a row per day, or a row per key."""
    columns = _columns(ws, table.name)
    everything = ", ".join(_q(c) for c in columns)
    if _daily(table):
        day = f"CAST({_q(_dates(table)[0])} AS DATE)"
        return (
            f"SELECT {day} AS day, count(*) AS n, sum(hash({everything})) AS h "
            f"FROM {_q(table.name)} GROUP BY 1"
        )
    keys = ", ".join(_q(k) for k in table.key)
    days = "".join(f", CAST({_q(d)} AS DATE) AS {_q(DAY_PREFIX + d)}" for d in _dates(table))
    return f"SELECT {keys}, {_value_hash(ws, table)} AS h{days} FROM {_q(table.name)}"


def _value_hash(ws: Workspace, table: Table) -> str:
    """The SQL hash of a row's columns other than its dates."""
    dates = _dates(table)
    values = [_q(c) for c in _columns(ws, table.name) if c not in dates]
    return f"hash({', '.join(values)})"


def take(ws: Workspace, by_table: dict[str, date] | None = None) -> None:
    """Keep the fingerprint of every canonical table. With the changes `changes_by_table`
    found on this connection against the previous one, only the fingerprint rows that
    differ are replaced, from the snapshot made while comparing: no table is hashed twice,
    and the fingerprint describes the data the refresh computed from (a change made while
    it ran is found by the next one). Without them every table is fingerprinted anew."""
    for name, table in TABLES.items():
        if by_table is None:
            ws.store.execute(
                f"CREATE OR REPLACE TABLE {_q(PREFIX + name)} AS {_snapshot_sql(ws, table)}"
            )
        elif by_table.get(name) != NOTHING:
            _patch(ws, table, _q(DIFF + name))
        ws.store.execute(f"DROP TABLE IF EXISTS {_q(DIFF + name)}")


def _patch(ws: Workspace, table: Table, diff: str) -> None:
    """Replace the fingerprint rows of `table` that `diff` holds by their new values."""
    fp, keys, values = _q(PREFIX + table.name), _keys(table), _values(table)
    match = " AND ".join(f"{fp}.{_q(k)} = d.{_q(k)}" for k in keys)
    columns = ", ".join(_q(c) for c in [*keys, *values])
    ws.store.execute(f"DELETE FROM {fp} USING {diff} d WHERE {match}")
    ws.store.execute(f"INSERT INTO {fp} ({columns}) SELECT {columns} FROM {diff} WHERE present")


def _keys(table: Table) -> list[str]:
    """The key of the fingerprint rows: the day, or the table's key."""
    return ["day"] if _daily(table) else list(table.key)


def _values(table: Table) -> list[str]:
    """The columns of a fingerprint row besides its key."""
    if _daily(table):
        return ["n", "h"]
    return ["h", *(DAY_PREFIX + d for d in _dates(table))]


def _least(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"least({', '.join(parts)})"


def _touched_sql(table: Table) -> str:
    """The earliest day a differing fingerprint row `n` (now) / `o` (kept) touches
    (NULL = everything)."""
    if _daily(table):
        return "coalesce(n.day, o.day)"
    dates = _dates(table)
    new_dates = [f"n.{_q(DAY_PREFIX + d)}" for d in dates]
    old_dates = [f"o.{_q(DAY_PREFIX + d)}" for d in dates]
    changed_value = "n.h IS DISTINCT FROM o.h"
    if not dates:
        return "NULL"
    touched = all_dates = _least([*new_dates, *old_dates])
    if table.name in DATE_ONLY_CHANGES:
        moved = [
            f"CASE WHEN {n} IS DISTINCT FROM {o} THEN least({n}, {o}) END"
            for n, o in zip(new_dates, old_dates, strict=True)
        ]
        touched = f"CASE WHEN {changed_value} THEN {all_dates} ELSE {_least(moved)} END"
    existing = touched
    if table.name in SEGMENT_TABLES:
        existing = f"CASE WHEN {changed_value} THEN NULL ELSE {touched} END"
    key = _q(table.key[0])
    return (
        f"CASE WHEN o.{key} IS NULL THEN {_least(new_dates)} "
        f"WHEN n.{key} IS NULL THEN {_least(old_dates)} ELSE {existing} END"
    )


def _diff(ws: Workspace, table: Table) -> str:
    """Write to a temporary table the fingerprint rows of `table` that differ from the
    kept ones: with the earliest day each touches (`touched`), its key, and its values now
    (`present` false for a row gone); the table's name."""
    keys, values = _keys(table), _values(table)
    on = " AND ".join(f"n.{_q(k)} = o.{_q(k)}" for k in keys)
    differs = " OR ".join(f"n.{_q(v)} IS DISTINCT FROM o.{_q(v)}" for v in values)
    first = _q(keys[0])
    columns = [
        f"{_touched_sql(table)} AS touched",
        f"n.{first} IS NOT NULL AS present",
        *(f"coalesce(n.{_q(k)}, o.{_q(k)}) AS {_q(k)}" for k in keys),
        *(f"n.{_q(v)} AS {_q(v)}" for v in values),
    ]
    name = _q(DIFF + table.name)
    ws.store.execute(
        f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {', '.join(columns)} "
        f"FROM ({_snapshot_sql(ws, table)}) n FULL OUTER JOIN {_q(PREFIX + table.name)} o "
        f"ON {on} WHERE n.{first} IS NULL OR o.{first} IS NULL OR {differs}"
    )
    return name


def _earliest(ws: Workspace, table: Table) -> date | None:
    """The earliest day touched by changes to `table` (NOTHING when none; EVERYTHING when
    every period is touched)."""
    rows = ws.store.con.raw_sql(  # type: ignore[attr-defined]
        f"SELECT count(*), count(touched), min(touched) FROM {_diff(ws, table)}"
    ).fetchone()
    changes, dated, earliest = rows
    if changes == 0:
        return NOTHING
    if dated < changes:
        return EVERYTHING
    return earliest  # type: ignore[no-any-return]


def changes_by_table(ws: Workspace) -> dict[str, date] | None:
    """Per canonical table, the earliest day its changes since the last fingerprint touch
    (NOTHING when it did not change); None without fingerprints or off DuckDB."""
    if ws.store.backend_name != "duckdb":
        return None
    existing = set(ws.store.con.list_tables())
    if any(PREFIX + name not in existing for name in TABLES):
        return None
    found = {name: _earliest(ws, table) for name, table in TABLES.items()}
    return {name: day for name, day in found.items() if day is not None}


def earliest_of(by_table: dict[str, date] | None) -> date | None:
    """The earliest day of `changes_by_table`'s answer (None stays None)."""
    return None if by_table is None else min(by_table.values(), default=NOTHING)


def earliest_change(ws: Workspace) -> date | None:
    """The earliest day any change since the last fingerprint touches (see the module)."""
    return earliest_of(changes_by_table(ws))
