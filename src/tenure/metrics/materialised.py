"""Building blocks kept as DuckDB temporary tables, once per connection and data version.

The event metrics (active users, DAU/WAU/MAU, stickiness, adoption, skills, engagement…)
all start from the same reductions of the events table — a row per active user and day,
a row per feature use. Computed inline, every metric scans the events again; kept as a
temporary table, the scan happens once per connection and the metrics read the reduction.
A table is keyed by the data version (`tenure.metrics.cache.data_version`) and the
conventions, so new data or other settings build a new one (the old one is dropped).

A metric's contribution rows (per period and account, before segments) are kept the same
way, so that the same metric split by plan, by CSM and by cohort computes them once; only
the last few are kept per connection (`CONTRIBUTIONS_KEPT`), the oldest dropped first.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ibis.expr.types as ir

if TYPE_CHECKING:
    from tenure.metrics.context import Context

_NUMBERS = itertools.count()
#: Blocks whose names start with this are many and large (one per metric and range):
#: only the most recently used few are kept on a connection.
CONTRIBUTIONS = "rows_"
CONTRIBUTIONS_KEPT = 4
Blocks = dict[str, tuple[tuple[str, ...], ir.Table]]
#: Blocks read from the events table from a history floor are named `<name>_from_<day>`.
FLOOR_MARK = "_from_"
#: Per connection object (by identity — backends compare equal by URL, and a temporary
#: table lives only on the connection that made it): block name → (key, table).
_KEPT: dict[int, tuple[weakref.ref[Any], Blocks]] = {}


def _blocks(con: Any) -> Blocks:
    """The blocks kept on this very connection (forgetting those of closed ones)."""
    entry = _KEPT.get(id(con))
    if entry is None or entry[0]() is not con:
        for ident, (ref, _) in list(_KEPT.items()):
            if ref() is None:
                del _KEPT[ident]
        entry = (weakref.ref(con), {})
        _KEPT[id(con)] = entry
    return entry[1]


def materialised(
    ctx: Context, name: str, build: Callable[[], ir.Table], detail: str = ""
) -> ir.Table | None:
    """The block as a temporary table, or None where blocks are not kept (not DuckDB, or
    not a workspace)."""
    con = _keeping(ctx)
    if con is None or ctx.data_version is None:
        return None
    key = (*ctx.data_version, ctx.conventions.model_dump_json(), detail)
    kept = _blocks(con)
    if name in kept and kept[name][0] == key:
        kept[name] = kept.pop(name)  # most recently used last
        return kept[name][1]
    if name in kept:
        _drop(con, kept.pop(name)[1])
    table = con.create_table(f"tenure_kept_{name}_{next(_NUMBERS)}", build(), temp=True)
    _forget_other_versions(con, kept, key[: len(ctx.data_version)])
    kept[name] = (key, table)
    _forget_oldest_contributions(con, kept)
    return table


def _forget_other_versions(con: Any, kept: Blocks, version: tuple[str, ...]) -> None:
    """Drop the blocks of another data version: no computation reads them again (a block
    of the same name is replaced anyway; blocks from other history floors are not)."""
    for name in [n for n, (key, _) in kept.items() if key[: len(version)] != version]:
        _drop(con, kept.pop(name)[1])


def _keeping(ctx: Context) -> Any:
    """The connection blocks are kept on (None where they are not: not DuckDB, not a
    workspace, or a workspace that keeps none), with the request's data version read."""
    from tenure.metrics.cache import data_version

    con = ctx.backend
    store = getattr(ctx.source, "store", None)
    if con is None or store is None or store.backend_name != "duckdb":
        return None
    if not getattr(ctx.source, "keep_blocks", False):
        return None
    if ctx.data_version is None:
        ctx.data_version = data_version(ctx.source)  # type: ignore[arg-type]
    return con


def superset(ctx: Context, name: str) -> ir.Table | None:
    """A block kept on this connection, for this data version and conventions, that holds
    every row block `name` would hold from the request's history floor: the same block
    from an earlier floor, or from the whole history (None when there is none)."""
    con = _keeping(ctx)
    if con is None or ctx.data_version is None:
        return None
    key = (*ctx.data_version, ctx.conventions.model_dump_json(), "")
    floor = None if ctx.floor is None else f"{ctx.floor:%Y%m%d}"
    for block, (found, table) in _blocks(con).items():
        base, _, since = block.partition(FLOOR_MARK)
        if base == name and found == key and (not since or (floor is not None and since <= floor)):
            return table
    return None


def _forget_oldest_contributions(con: Any, kept: Blocks) -> None:
    names = [name for name in kept if name.startswith(CONTRIBUTIONS)]
    for name in names[: max(0, len(names) - CONTRIBUTIONS_KEPT)]:
        _drop(con, kept.pop(name)[1])


def _drop(con: Any, table: ir.Table) -> None:
    """Drop a kept table (Ibis names it `temp.main.<name>`, which `drop_table` would take
    for one name and silently not find)."""
    qualified = ".".join(f'"{part}"' for part in table.get_name().split("."))
    con.raw_sql(f"DROP TABLE IF EXISTS {qualified}")
