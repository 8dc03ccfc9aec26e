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


def _snapshot_sql(ws: Workspace, table: Table, where: str = "") -> str:
    """The fingerprint of `table` (of its rows `where` keeps, for a table per day)."""
    columns = _columns(ws, table.name)
    everything = ", ".join(_q(c) for c in columns)
    if _daily(table):
        day = f"CAST({_q(_dates(table)[0])} AS DATE)"
        return (
            f"SELECT {day} AS day, count(*) AS n, sum(hash({everything})) AS h "
            f"FROM {_q(table.name)} {where} GROUP BY 1"
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
    """Keep the fingerprint of every canonical table (replacing the previous one). With
    the changes found against the previous one (`changes_by_table`), a table that did not
    change keeps its fingerprint, and a table fingerprinted per day has only the days from
    its earliest change taken again (the events of one new day: one day re-hashed, not
    every event of the history)."""
    for name, table in TABLES.items():
        since = None if by_table is None else by_table.get(name)
        if since == NOTHING:
            continue
        if since is not None and since != EVERYTHING and _daily(table):
            _retake_days(ws, table, since)
            continue
        ws.store.execute(
            f"CREATE OR REPLACE TABLE {_q(PREFIX + table.name)} AS {_snapshot_sql(ws, table)}"
        )


def _retake_days(ws: Workspace, table: Table, since: date) -> None:
    """Replace the fingerprint rows of `table` (per day) from day `since` on."""
    fp, column = _q(PREFIX + table.name), _q(_dates(table)[0])
    day = f"DATE '{since.isoformat()}'"
    snapshot = _snapshot_sql(ws, table, f"WHERE CAST({column} AS DATE) >= {day}")
    ws.store.execute(f"DELETE FROM {fp} WHERE day >= {day}")
    ws.store.execute(f"INSERT INTO {fp} (day, n, h) {snapshot}")


def _least(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"least({', '.join(parts)})"


def _row_sql(table: Table, value_hash: str) -> str:
    """The earliest day each changed row touches (NULL = everything)."""
    name, fp = _q(table.name), _q(PREFIX + table.name)
    dates = _dates(table)
    on = " AND ".join(f"n.{_q(k)} = o.{_q(k)}" for k in table.key)
    new_dates = [f"CAST(n.{_q(d)} AS DATE)" for d in dates]
    old_dates = [f"o.{_q(DAY_PREFIX + d)}" for d in dates]
    current = f"SELECT *, {value_hash} AS h FROM {name}"
    added = f"n.{_q(table.key[0])} IS NOT NULL AND o.{_q(table.key[0])} IS NULL"
    removed = f"n.{_q(table.key[0])} IS NULL"
    changed_value = "n.h IS DISTINCT FROM o.h"
    if not dates:
        touched = "NULL"
        all_dates = "NULL"
    else:
        all_dates = _least([*new_dates, *old_dates])
        touched = all_dates
        if table.name in DATE_ONLY_CHANGES:
            moved = [
                f"CASE WHEN {n} IS DISTINCT FROM {o} THEN least({n}, {o}) END"
                for n, o in zip(new_dates, old_dates, strict=True)
            ]
            touched = f"CASE WHEN {changed_value} THEN {all_dates} ELSE {_least(moved)} END"
    if table.name in SEGMENT_TABLES or not dates:
        existing = f"CASE WHEN {changed_value} THEN NULL ELSE {touched} END"
    else:
        existing = touched
    differs = " OR ".join(
        [
            changed_value,
            *(f"{n} IS DISTINCT FROM {o}" for n, o in zip(new_dates, old_dates, strict=True)),
        ]
    )
    return (
        f"SELECT CASE WHEN {added} THEN {_least(new_dates) if dates else 'NULL'} "
        f"WHEN {removed} THEN {_least(old_dates) if dates else 'NULL'} "
        f"ELSE {existing} END AS touched "
        f"FROM ({current}) n FULL OUTER JOIN {fp} o ON {on} WHERE {added} OR {removed} OR {differs}"
    )


def _daily_sql(table: Table, snapshot: str) -> str:
    fp = _q(PREFIX + table.name)
    return (
        f"SELECT coalesce(n.day, o.day) AS touched FROM ({snapshot}) n FULL OUTER JOIN {fp} o "
        "ON n.day = o.day WHERE n.n IS DISTINCT FROM o.n OR n.h IS DISTINCT FROM o.h"
    )


def _earliest(ws: Workspace, table: Table) -> date | None:
    """The earliest day touched by changes to `table` (NOTHING when none; EVERYTHING when
    every period is touched)."""
    if _daily(table):
        sql = _daily_sql(table, _snapshot_sql(ws, table))
    else:
        sql = _row_sql(table, _value_hash(ws, table))
    rows = ws.store.con.raw_sql(  # type: ignore[attr-defined]
        f"SELECT count(*), count(touched), min(touched) FROM ({sql})"
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
