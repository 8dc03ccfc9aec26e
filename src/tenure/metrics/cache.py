"""Computed metric results kept in memory until the data changes.

A dashboard asks for the same few series again and again; recomputing them from millions
of rows each time is what made pages slow. A result is kept under everything that decides
it — the workspace and backend, the data version (the import log: every write to the
canonical tables goes through an import, which logs a row), the workspace's settings, the
request, and today's date (the default range and as-of depend on it) — so a kept result
is always the one a new computation would give. Callers get copies. Bounded LRU, shared
by every Workspace of the process (the server opens one per request).
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextvars import ContextVar
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from tenure.schema import TABLES
from tenure.storage.store import IMPORTS_TABLE

if TYPE_CHECKING:
    from tenure.workspace import Workspace

T = TypeVar("T")
#: Results kept per process (most recently used kept).
MAX_ENTRIES = 512

_LOG_PARTS = ("count(*)", "max(finished_at)", "max(import_id)")


class LRU:
    """A small thread-safe least-recently-used store of computed values."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], T]) -> T:
        """The value kept under `key`, made (outside the lock) and kept when missing."""
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]  # type: ignore[no-any-return]
        value = make()
        self.keep(key, value)
        return value

    def find(self, key: Hashable) -> Any:
        """The value kept under `key`, or None (for values made elsewhere, see `keep`)."""
        with self.lock:
            if key not in self.items:
                return None
            self.items.move_to_end(key)
            return self.items[key]

    def keep(self, key: Hashable, value: Any) -> None:
        """Keep `value` under `key`, forgetting the least recently used past `size`."""
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_results = LRU(MAX_ENTRIES)
#: Every store of results, the shared one and those of `own_store` (`clear` empties all).
_stores = [_results]


def own_store(size: int) -> LRU:
    """A store of its own for a few large results (see `cached_each`), emptied by `clear`
    with the shared one."""
    store = LRU(size)
    _stores.append(store)
    return store


def enabled(ws: Workspace) -> bool:
    """The workspace's `result_cache` setting ('auto': on for DuckDB only)."""
    setting = ws.settings.workspace.result_cache
    if setting == "auto":
        return ws.store.backend_name == "duckdb"
    return setting == "on"


#: The data version of the workspace being read by the current computation (see `pinned`).
_PINNED: ContextVar[tuple[int, tuple[Any, ...]] | None] = ContextVar("pinned", default=None)


@contextlib.contextmanager
def pinned(ws: Workspace, version: tuple[Any, ...]) -> Iterator[None]:
    """Within a read-only computation, `data_version(ws)` answers `version` without a
    query: a computation asks for it several times (result cache, date range, kept
    blocks, table schemas) and nothing it does writes."""
    token = _PINNED.set((id(ws), version))
    try:
        yield
    finally:
        _PINNED.reset(token)


def pinned_version(ws: Workspace) -> tuple[Any, ...] | None:
    """The version pinned for `ws` by the running computation, if any."""
    found = _PINNED.get()
    return found[1] if found is not None and found[0] == id(ws) else None


def data_version(ws: Workspace) -> tuple[Any, ...]:
    """What identifies the data: rows per canonical table (a direct write changes them) and
    the import log's length, last end and last id (an import that updates rows in place);
    on DuckDB also each table's identity, which a table written over anew changes."""
    known = pinned_version(ws)
    if known is not None:
        return known
    counts = [f'(SELECT count(*) FROM "{name}")' for name in TABLES]
    log = [f'(SELECT {part} FROM "{IMPORTS_TABLE}")' for part in _LOG_PARTS]
    sql = f"SELECT {', '.join([*counts, *log])}"
    if ws.store.backend_name == "duckdb":
        names = ", ".join(f"'{name}'" for name in TABLES)
        oids = (
            "(SELECT string_agg(table_oid::VARCHAR, ',' ORDER BY table_name) FROM duckdb_tables() "
            f"WHERE NOT temporary AND schema_name = 'main' AND table_name IN ({names}))"
        )
        row = ws.store.con.raw_sql(f"{sql}, {oids}").fetchone()  # type: ignore[attr-defined]
        return tuple(str(value) for value in row)
    frame = ws.store.con.sql(sql).to_pyarrow()
    return tuple(str(column[0].as_py()) for column in frame.columns)


def _request_key(kind: str, request: Any, extra: tuple[Any, ...]) -> str:
    is_instance = dataclasses.is_dataclass(request) and not isinstance(request, type)
    fields = dataclasses.asdict(request) if is_instance else request
    return json.dumps([kind, fields, extra], default=str, sort_keys=True)


def _key(ws: Workspace, version: tuple[Any, ...], kind: str, request: Any, extra: Any) -> Hashable:
    return (
        str(ws.folder),
        ws.store.url,
        version,
        ws.settings.model_dump_json(),
        date.today().isoformat(),
        _request_key(kind, request, extra),
    )


def cached(ws: Workspace, kind: str, request: Any, compute: Callable[[], T], *extra: Any) -> T:
    """`compute()`'s result for `request`, computed once per data version."""
    return cached_each(ws, kind, [request], lambda _: [compute()], extra)[0]


def cached_each(
    ws: Workspace,
    kind: str,
    requests: Sequence[Any],
    compute: Callable[[list[Any]], list[T]],
    extra: tuple[Any, ...] = (),
    store: LRU | None = None,
) -> list[T]:
    """Several requests' results, each kept under its own request (with `extra`) once per
    data version: `compute(missing)` gets the requests with no kept result and returns
    theirs in the same order (so several can be computed together). `store`: an LRU of
    its own instead of the shared one (for a few large results)."""
    kept = _results if store is None else store
    if not enabled(ws):
        return compute(list(requests))
    version = data_version(ws)
    keys = [_key(ws, version, kind, request, extra) for request in requests]
    found = [kept.find(key) for key in keys]
    missing = [number for number, value in enumerate(found) if value is None]
    if missing:
        with pinned(ws, version):
            made = compute([requests[number] for number in missing])
        for number, value in zip(missing, made, strict=True):
            found[number] = copy.deepcopy(value)
            kept.keep(keys[number], found[number])
    return [copy.deepcopy(value) for value in found]


def clear() -> None:
    """Forget every kept result (tests, and after a reset)."""
    for store in _stores:
        store.clear()
