"""The fronts' door to the metric engine: which capabilities exist, and cached calls into them.

The dashboard grows with the product: a page or a column appears when the Workspace
method behind it exists. Everything here asks the Workspace; nothing computes a metric.
Results are cached per request and per *data version* (the tables, the import log, the
settings file and the day), so a page shown twice costs one computation, and an import
invalidates it.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from tenure.config import CONFIG_FILE, Settings, load_settings
from tenure.metrics.cache import LRU
from tenure.metrics.cache import data_version as data_stamp
from tenure.models import MODEL_FILE
from tenure.server.data.rows import Row, plain
from tenure.server.stamps import Stamp, file_stamps
from tenure.storage.store import duckdb_file
from tenure.workspace import Workspace

#: Capabilities whose Workspace method lives in a module that may land later.
MODULES = {
    "metric": "tenure.metrics.api",
    "explain": "tenure.metrics.explain",
    "cohorts": "tenure.metrics.cohorts",
    "feedback": "tenure.metrics.feedback",
}


def has(capability: str) -> bool:
    """True when the Workspace offers `capability` (a method such as `metric`) and it loads."""
    if not callable(getattr(Workspace, capability, None)):
        return False
    module = MODULES.get(capability)
    return module is None or importlib.util.find_spec(module) is not None


@dataclass(frozen=True)
class MetricQuery:
    """A metric request, hashable (filters as sorted tuples)."""

    key: str
    grain: str = "month"
    start: date | None = None
    end: date | None = None
    by: tuple[str, ...] = ()
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()
    preset: str | None = None
    conventions: tuple[tuple[str, str], ...] = ()

    @property
    def where_dict(self) -> dict[str, list[str]]:
        return {column: list(values) for column, values in self.where}


def where_tuple(where: dict[str, list[str]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Filters in a hashable, canonical order."""
    return tuple(sorted((column, tuple(sorted(values))) for column, values in where.items()))


CACHE = LRU(256)


def data_version(ws: Workspace) -> tuple[Any, ...]:
    """Changes whenever the data, the settings file, the saved model or the day changes.

    On a DuckDB file the data's version is the stamp (size, modification time) of the
    database file and its write-ahead log: every committed write — an import from another
    process, a task closed here — changes one of them, and reading changes neither, so a
    cached answer needs no connection. Other backends: see
    `tenure.metrics.cache.data_version`.
    """
    database = duckdb_file(ws.settings.workspace.backend, ws.folder)
    if database is None:
        return (_resolved(ws.folder), *data_stamp(ws), *_folder_stamps(ws.folder), _today())
    return _file_version(ws.folder, database)


def folder_version(folder: Path) -> tuple[Any, ...] | None:
    """`data_version` of the workspace in `folder` without opening it (the settings are
    read again only when their file changes); None unless its backend is a DuckDB file."""
    database = duckdb_file(settings_of(folder).workspace.backend, folder)
    return None if database is None else _file_version(folder, database)


def _file_version(folder: Path, database: Path) -> tuple[Any, ...]:
    """The version of a workspace on a DuckDB file, from file stamps alone."""
    stamp = file_stamps([database, database.with_name(database.name + ".wal")])
    return (_resolved(folder), *stamp, *_folder_stamps(folder), _today())


def _folder_stamps(folder: Path) -> tuple[Stamp, ...]:
    """Stamps of the settings file and the saved model."""
    return file_stamps([folder / CONFIG_FILE, folder / MODEL_FILE])


def _today() -> str:
    return date.today().isoformat()


def _resolved(folder: Path) -> str:
    """The folder's absolute path, symbolic links resolved (kept per absolute folder: a
    relative one depends on the working directory, so it is resolved every time)."""
    if not folder.is_absolute():
        return str(folder.resolve())
    return _resolved_absolute(folder)


@functools.lru_cache(maxsize=64)
def _resolved_absolute(folder: Path) -> str:
    return str(folder.resolve())


_settings: dict[Path, tuple[Stamp, Settings]] = {}


def settings_of(folder: Path) -> Settings:
    """The workspace's settings, read again only when `tenure.toml` changes (its stamp)."""
    stamp = file_stamps([folder / CONFIG_FILE])[0]
    kept = _settings.get(folder)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    settings = load_settings(folder)
    _settings[folder] = (stamp, settings)
    return settings


def metric_rows(ws: Workspace, query: MetricQuery) -> list[Row]:
    """The tidy result of a metric request as JSON-ready rows (cached)."""

    def compute() -> list[Row]:
        frame: pd.DataFrame = ws.metric(  # type: ignore[attr-defined,unused-ignore]
            query.key,
            grain=query.grain,
            start=query.start,
            end=query.end,
            by=query.by,
            where=query.where_dict or None,
            preset=query.preset,
            conventions=dict(query.conventions) or None,
        )
        return frame_rows(frame)

    return list(CACHE.get(("metric", data_version(ws), query), compute))


def cached(ws: Workspace, name: str, key: Hashable, make: Callable[[], Any]) -> Any:
    """Any other engine result, cached under the data version."""
    return CACHE.get((name, data_version(ws), key), make)


def frame_rows(frame: pd.DataFrame) -> list[Row]:
    """A frame as JSON-ready rows."""
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return [{str(key): plain(value) for key, value in row.items()} for row in records]


def last_complete_month(today: date | None = None) -> date:
    """The last day of the previous month: the end of the latest complete period."""
    first = (today or date.today()).replace(day=1)
    return first - timedelta(days=1)


def account_mrr(ws: Workspace, account_id: str) -> list[Row]:
    """Monthly MRR of one account (`period`, `mrr`), or [] while the engine is missing."""
    if not has("metric"):
        return []
    query = MetricQuery("mrr", where=(("account_id", (account_id,)),))
    return [{"period": row["period"], "mrr": row["value"]} for row in metric_rows(ws, query)]
