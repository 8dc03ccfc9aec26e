"""Usage roll-ups kept in the workspace and brought up to date by every import of events.

The three largest reductions of the events table take most of the first computation of
the usage metrics on a large company (on the benchmark's 106 M events: 10 s, 10 s, 3 s):
- `account_days`, a row per account and day with its accesses, actions and results;
- `user_months`, a row per user and month with the mask of the user's active days;
- `feature_months`, a row per account, catalogue feature and month with the mask of the
  days it was used (engagement tiers, adoption and feature adoption).

As temporary tables (`tenure.metrics.materialised`) they are built once per connection:
again by every new process, and by every request of the server, whose connections live
for one request. Kept in the workspace they are built once: once an import of events is
committed, their rows from the earliest day (or month) it loaded are replaced, in a
transaction of their own, and readers take them as they are.

A roll-up records what it was built from (table `tenure_rollups`): the rows and imports
of the tables it reads (the events; the features catalogue for the uses of features,
whose import rebuilds them whole) and a digest of the SQL that builds it, which holds the
conventions it reads and changes with tenure's own code. A request that finds another
stamp (other conventions, events written outside an import, a roll-up never built, or
built by another version) computes the block from the events as before; explanations
always do. DuckDB only; the setting `workspace.usage_rollups` turns them off.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import ibis.expr.types as ir

from tenure.metrics.activity import account_days_rows, feature_months_rows, user_months_rows
from tenure.metrics.context import Context
from tenure.metrics.conventions import Conventions
from tenure.metrics.floor import FLOORED_COLUMN, FLOORED_TABLE
from tenure.storage.store import IMPORTS_TABLE

if TYPE_CHECKING:
    from tenure.ingest.pipeline import ImportReport
    from tenure.workspace import Workspace

logger = logging.getLogger(__name__)
REGISTRY = "tenure_rollups"
PREFIX = "tenure_rollup_"


@dataclass(frozen=True)
class Rollup:
    """A block kept in the workspace: its rows (`build`, from a history floor), its date
    column (`day`, or `month` for the first day of a month) and the tables it reads
    besides the events (any change to them rebuilds it whole)."""

    name: str
    build: Callable[[Context], ir.Table]
    date_column: str
    tables: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        return (FLOORED_TABLE, *self.tables)


ROLLUPS = (
    Rollup("account_days", account_days_rows, "day", ("features",)),
    Rollup("user_months", user_months_rows, "month"),
    Rollup("feature_months", feature_months_rows, "month", ("features",)),
)
BY_NAME = {rollup.name: rollup for rollup in ROLLUPS}
#: Per workspace folder, data version and conventions: the roll-ups found up to date.
_FOUND: dict[tuple[str, tuple[str, ...], str], frozenset[str]] = {}
FOUND_KEPT = 64


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def enabled(ws: Workspace) -> bool:
    """Whether this workspace keeps roll-ups (DuckDB, and the setting on)."""
    return ws.store.backend_name == "duckdb" and ws.settings.workspace.usage_rollups


def workspace_conventions(ws: Workspace) -> Conventions:
    """The conventions of the workspace's settings (what imports build roll-ups with)."""
    from tenure.metrics.presets import resolve

    return resolve(ws.settings.metrics, None, {})


State = dict[str, list[str]]


def _source_state(ws: Workspace) -> State:
    """What identifies each table roll-ups read as loaded: its rows, and the count and
    last end of the imports into it."""
    names = sorted({name for rollup in ROLLUPS for name in rollup.sources})
    parts = []
    for name in names:
        log = f"FROM {_q(IMPORTS_TABLE)} WHERE table_name = '{name}'"
        parts += [
            f"(SELECT count(*) FROM {_q(name)})",
            f"(SELECT count(*) {log})",
            f"(SELECT max(finished_at) {log})",
        ]
    row = ws.store.con.raw_sql(f"SELECT {', '.join(parts)}").fetchone()  # type: ignore[attr-defined]
    values = [str(value) for value in row]
    return {name: values[3 * i : 3 * i + 3] for i, name in enumerate(names)}


def stamp(rollup: Rollup, whole_sql: str, state: State) -> str:
    """The text a roll-up built by `whole_sql` (its SQL over every event) from `state` is
    recorded with: the state of its tables and a digest of that SQL (which holds the
    conventions it reads, and changes with its columns when tenure's own code does)."""
    digest = hashlib.sha256(whole_sql.encode()).hexdigest()[:16]
    tables = {name: state[name] for name in rollup.sources}
    return json.dumps({"sql": digest, "tables": tables}, sort_keys=True)


def _recorded(ws: Workspace) -> dict[str, str]:
    if not ws.store.has_table(REGISTRY):
        return {}
    rows = ws.store.con.raw_sql(f"SELECT name, stamp FROM {REGISTRY}").fetchall()  # type: ignore[attr-defined]
    return {str(name): str(text) for name, text in rows}


def up_to_date(ws: Workspace, conventions: Conventions) -> frozenset[str]:
    """The roll-ups whose recorded stamp is that of the data and `conventions` now."""
    if not enabled(ws):
        return frozenset()
    recorded, state = _recorded(ws), _source_state(ws)
    return frozenset(
        rollup.name
        for rollup in ROLLUPS
        if recorded.get(rollup.name) == stamp(rollup, _sql(ws, rollup, conventions), state)
    )


def stored(ctx: Context, name: str) -> ir.Table | None:
    """The kept roll-up that holds block `name` for this request, or None (no such
    roll-up, not up to date, not DuckDB, or an explanation, which shows the whole SQL)."""
    from tenure.metrics.cache import data_version

    ws = ctx.source
    store = getattr(ws, "store", None)
    if name not in BY_NAME or not ctx.materialise or store is None:
        return None
    if not enabled(ws):  # type: ignore[arg-type]
        return None
    if ctx.data_version is None:
        ctx.data_version = data_version(ws)  # type: ignore[arg-type]
    key = (str(getattr(ws, "folder", "")), ctx.data_version, ctx.conventions.model_dump_json())
    if key not in _FOUND:
        if len(_FOUND) >= FOUND_KEPT:  # a long-lived server sees many data versions
            _FOUND.clear()
        _FOUND[key] = up_to_date(ws, ctx.conventions)  # type: ignore[arg-type]
    return store.table(PREFIX + name) if name in _FOUND[key] else None


def forget() -> None:
    """Forget which roll-ups were found up to date (after building some)."""
    _FOUND.clear()


def _context(ws: Workspace, conventions: Conventions, floor: date | None) -> Context:
    from tenure.metrics.catalogue import get_metric

    metric = get_metric("active_users")  # any metric: the roll-up builders read none
    return Context(ws, metric, "month", [], conventions, materialise=False, floor=floor)


def _sql(ws: Workspace, rollup: Rollup, conventions: Conventions, floor: date | None = None) -> str:
    return str(ws.store.con.compile(rollup.build(_context(ws, conventions, floor))))


def _record(ws: Workspace, rollup: Rollup, whole_sql: str) -> None:
    """Record `rollup` as built by `whole_sql` from the tables as they are now."""
    text = stamp(rollup, whole_sql, _source_state(ws))
    columns = "name VARCHAR PRIMARY KEY, stamp VARCHAR"
    ws.store.execute(f"CREATE TABLE IF NOT EXISTS {REGISTRY} ({columns})")
    ws.store.execute(f"DELETE FROM {REGISTRY} WHERE name = '{rollup.name}'")
    ws.store.execute(f"INSERT INTO {REGISTRY} VALUES ('{rollup.name}', {_literal(text)})")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def build(ws: Workspace, rollup: Rollup, conventions: Conventions) -> None:
    """Build `rollup` from every event and record it (in the caller's transaction)."""
    sql = _sql(ws, rollup, conventions)
    ws.store.execute(f"CREATE OR REPLACE TABLE {_q(PREFIX + rollup.name)} AS {sql}")
    _record(ws, rollup, sql)


def rebuild_from(ws: Workspace, rollup: Rollup, conventions: Conventions, day: date) -> None:
    """Replace the rows of `rollup` from `day` on (from its month for a month roll-up)
    with rows built from the events of those days, and record it."""
    since = day.replace(day=1) if rollup.date_column == "month" else day
    sql = _sql(ws, rollup, conventions, since)
    table, column = _q(PREFIX + rollup.name), _q(rollup.date_column)
    ws.store.execute(f"DELETE FROM {table} WHERE {column} >= DATE '{since.isoformat()}'")
    ws.store.execute(f"INSERT INTO {table} BY NAME {sql}")
    _record(ws, rollup, _sql(ws, rollup, conventions))


def ensure(ws: Workspace) -> list[str]:
    """Build, from every event, the roll-ups that are not up to date for the workspace's
    conventions (in one transaction); their names."""
    if not enabled(ws):
        return []
    conventions = workspace_conventions(ws)
    current = up_to_date(ws, conventions)
    missing = [rollup for rollup in ROLLUPS if rollup.name not in current]
    with ws.store.transaction():
        for rollup in missing:
            build(ws, rollup, conventions)
    forget()
    return [rollup.name for rollup in missing]


def import_hook(ws: Workspace, table: str) -> Callable[[ImportReport, str], None] | None:
    """What an import into `table` runs once committed (None when it touches no roll-up).
    An import of events replaces the rows of the roll-ups that were up to date from the
    earliest day it loaded (one that inserted or changed no row, a re-import, only
    records the new state); any other roll-up that reads the table is built from every
    event. In a transaction of its own: should it fail, the import stays in, and the
    roll-ups keep their old stamp, so nothing reads them until they are built again."""
    readers = [rollup for rollup in ROLLUPS if table in rollup.sources]
    if not readers or not enabled(ws):
        return None
    conventions = workspace_conventions(ws)
    current = up_to_date(ws, conventions)

    def after_load(report: ImportReport, loaded: str) -> None:
        changed = report.inserted + report.updated > 0
        earliest = _earliest_day(ws, loaded) if table == FLOORED_TABLE and changed else None
        try:
            with ws.store.transaction():
                for rollup in readers:
                    whole = rollup.name not in current or table != FLOORED_TABLE
                    _bring_up_to_date(ws, rollup, conventions, whole, earliest)
        except Exception:  # the import is committed; the roll-ups are just not read
            logger.warning("usage roll-ups not brought up to date", exc_info=True)
        forget()

    return after_load


def _bring_up_to_date(
    ws: Workspace, rollup: Rollup, conventions: Conventions, whole: bool, day: date | None
) -> None:
    """Build `rollup` whole, or replace its rows from `day` (no day: nothing changed, a
    new stamp only)."""
    if whole:
        build(ws, rollup, conventions)
    elif day is not None:
        rebuild_from(ws, rollup, conventions, day)
    else:
        _record(ws, rollup, _sql(ws, rollup, conventions))


def _earliest_day(ws: Workspace, loaded: str) -> date | None:
    """The first day of the rows an import loaded (None when it loaded none)."""
    sql = f"SELECT CAST(min({_q(FLOORED_COLUMN)}) AS DATE) FROM {_q(loaded)}"
    value = ws.store.con.raw_sql(sql).fetchone()[0]  # type: ignore[attr-defined]
    return value if isinstance(value, date) else None
