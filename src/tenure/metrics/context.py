"""The context of one metric request: its tables, periods, segments and conventions.

Building blocks (ledger, account changes, segments) are memoised per context, so one
request reuses each sub-expression and compiles to a single Ibis expression.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from tenure.metrics.conventions import Conventions
from tenure.metrics.periods import BEGINNING, Period, add_months
from tenure.metrics.spec import Grain, Metric

_NAMES = itertools.count()
_LASTING: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], ir.Table]] = (
    weakref.WeakKeyDictionary()
)


class Source(Protocol):
    """Where the canonical tables come from (a Workspace)."""

    def table(self, name: str) -> ir.Table: ...


@dataclass
class Context:
    """Everything a builder needs to express one metric request."""

    source: Source
    metric: Metric
    grain: Grain
    periods: list[Period]
    conventions: Conventions
    by: tuple[str, ...] = ()
    where: Mapping[str, Any] = field(default_factory=dict)
    as_of: date = field(default_factory=date.today)
    memo: dict[str, ir.Table] = field(default_factory=dict)
    #: Whether heavy building blocks may be kept as temporary tables (off for explain,
    #: whose SQL must show the whole computation).
    materialise: bool = True
    #: The data version, read once per request by the first kept block.
    data_version: tuple[str, ...] | None = None
    #: The first day of events the request reads (`tenure.metrics.floor`); None for all.
    floor: date | None = None
    #: Several account splits computed by one query (`tenure.metrics.splits`): `by` is then
    #: the split's number and the segment value as text, and `segments` stacks the splits.
    splits: tuple[tuple[str, ...], ...] = ()

    def table(self, name: str) -> ir.Table:
        """A canonical table; the events table from the request's history floor."""
        from tenure.metrics.floor import FLOORED_COLUMN, FLOORED_TABLE

        table = self.source.table(name)
        if name != FLOORED_TABLE or self.floor is None:
            return table
        start = ibis.literal(datetime.combine(self.floor, time.min))
        return table.filter(table[FLOORED_COLUMN] >= start)

    def kept_events(self, name: str, build: Callable[[], ir.Table]) -> ir.Table:
        """Like `kept`, for a block read from the events table from the request's history
        floor. Blocks from different floors are kept side by side; one kept from an earlier
        floor, or from the whole history, holds every row this one would (its readers
        place rows in their own periods), so it serves instead of a new one — as does a
        roll-up kept in the workspace (`tenure.metrics.rollups`), which holds them all."""

        def make() -> ir.Table:
            from tenure.metrics.materialised import FLOOR_MARK, superset
            from tenure.metrics.rollups import stored

            found = stored(self, name)
            if found is None and self.materialise:
                found = superset(self, name)
            if found is not None:
                return found
            since = "" if self.floor is None else f"{FLOOR_MARK}{self.floor:%Y%m%d}"
            return self.kept(name + since, build)

        if name not in self.memo:
            self.memo[name] = make()
        return self.memo[name]

    def cached(self, name: str, build: Callable[[], ir.Table], shared: bool = True) -> ir.Table:
        """The sub-expression `name`, built once per context. A `shared` one is named, so
        that it compiles to one common table expression (WITH …) however often it is used."""
        if name not in self.memo:
            table = build()
            self.memo[name] = table.alias(f"tenure_{name}_{next(_NAMES)}") if shared else table
        return self.memo[name]

    @property
    def backend(self) -> Any:
        """The Ibis backend of the source, when it has one."""
        return getattr(getattr(self.source, "store", None), "con", None)

    def lasting(self, name: str, build: Callable[[], ir.Table]) -> ir.Table:
        """Like `cached`, but kept across requests on the same backend with the same
        conventions: the building blocks every request shares (ledger, account changes)
        are then built once per process, not once per request."""

        def make() -> ir.Table:
            con = self.backend
            if con is None:
                return self.cached(name, build)
            known = _LASTING.setdefault(con, {})
            key = (name, self.conventions.model_dump_json())
            if key not in known:
                known[key] = self.cached(name, build)
            return known[key]

        if name not in self.memo:
            self.memo[name] = make()
        return self.memo[name]

    def kept(
        self, name: str, build: Callable[[], ir.Table], detail: str = "", lasting: bool = False
    ) -> ir.Table:
        """Like `cached`, but on DuckDB computed once per connection and data version into
        a temporary table: the building blocks that scan the largest tables (a day per
        active user, feature uses) are then read by every event metric instead of being
        recomputed by each. `detail` names whatever else the block depends on (the
        periods of a metric's contributions). Elsewhere, and when explaining, the plain
        expression (`lasting`: the one shared across requests)."""

        def make() -> ir.Table:
            from tenure.metrics.materialised import materialised

            found = materialised(self, name, build, detail) if self.materialise else None
            if found is not None:
                return found
            return self.lasting(name, build) if lasting else self.cached(name, build)

        if name not in self.memo:
            self.memo[name] = make()
        return self.memo[name]

    def derive(self, metric: Metric, grain: Grain, periods: list[Period]) -> Context:
        """A context for another metric over other periods, sharing the building blocks
        that do not depend on periods (ledger, changes, segments)."""
        shared = {k: v for k, v in self.memo.items() if not k.startswith("periods")}
        return replace(self, metric=metric, grain=grain, periods=periods, memo=shared)

    def periods_table(self) -> ir.Table:
        """The periods as a table, with the bucket bounds of every instant series."""
        return self.cached("periods", lambda: ibis.memtable(self.periods_arrow()), shared=False)

    @property
    def periods_key(self) -> str:
        """The grain and periods, as text: what a kept block built on the request's periods
        depends on besides the data."""
        spans = ",".join(f"{p.first}:{p.last}" for p in self.periods)
        return f"{self.grain}|{spans}"

    def periods_arrow(self) -> pa.Table:
        """The periods table's rows, as Arrow."""
        return _periods_arrow(self)

    @property
    def window_days(self) -> int | None:
        return self.conventions.churn_window_days


def _bounds(instants: list[date]) -> tuple[list[date], list[date]]:
    """(lo, hi] buckets that partition time by a non-decreasing series of instants."""
    return [BEGINNING, *instants[:-1]], instants


def _periods_arrow(ctx: Context) -> pa.Table:
    periods = ctx.periods
    window = ctx.window_days
    win_first = [p.last - timedelta(days=window - 1) if window else p.first for p in periods]
    year_first = [add_months(p.last + timedelta(days=1), -12) for p in periods]
    series = {
        "end": [p.last for p in periods],
        "start": [p.prior for p in periods],
        "win": [d - timedelta(days=1) for d in win_first],
        "year": [d - timedelta(days=1) for d in year_first],
    }
    columns: dict[str, list[date]] = {
        "period": [p.first for p in periods],
        "first_day": [p.first for p in periods],
        "last_day": [p.last for p in periods],
        "win_first": win_first,
        "year_first": year_first,
    }
    for name, instants in series.items():
        columns[f"{name}_lo"], columns[f"{name}_hi"] = _bounds(instants)
    return pa.table({name: pa.array(values, pa.date32()) for name, values in columns.items()})
