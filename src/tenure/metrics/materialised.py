"""Building blocks kept as DuckDB temporary tables, once per connection and data version.

The event metrics (active users, DAU/WAU/MAU, stickiness, adoption, skills, engagement…)
all start from the same reductions of the events table — a row per active user and day,
a row per feature use. Computed inline, every metric scans the events again; kept as a
temporary table, the scan happens once per connection and the metrics read the reduction.
A table is keyed by the data version (`tenure.metrics.cache.data_version`) and the
conventions, so new data or other settings build a new one (the old one is dropped).
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
Blocks = dict[str, tuple[tuple[str, ...], ir.Table]]
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


def materialised(ctx: Context, name: str, build: Callable[[], ir.Table]) -> ir.Table | None:
    """The block as a temporary table, or None where blocks are not kept (not DuckDB, or
    not a workspace)."""
    from tenure.metrics.cache import data_version

    con = ctx.backend
    store = getattr(ctx.source, "store", None)
    if con is None or store is None or store.backend_name != "duckdb":
        return None
    if not getattr(ctx.source, "keep_blocks", False):
        return None
    if ctx.data_version is None:
        ctx.data_version = data_version(ctx.source)  # type: ignore[arg-type]
    key = (*ctx.data_version, ctx.conventions.model_dump_json())
    kept = _blocks(con)
    if name in kept and kept[name][0] == key:
        return kept[name][1]
    if name in kept:
        con.drop_table(kept[name][1].get_name(), force=True)
    table = con.create_table(f"tenure_kept_{name}_{next(_NUMBERS)}", build(), temp=True)
    kept[name] = (key, table)
    return table
