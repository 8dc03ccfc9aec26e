"""Converters from the exports users already have into tenure's canonical tables.

A source reads one vendor file and returns canonical tables as Arrow; the workspace then
imports them through the ordinary validated pipeline, so every rule and the quarantine
apply to converted rows exactly as to hand-made files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from tenure.errors import FileProblem


@dataclass(frozen=True)
class Source:
    """A vendor export format and its conversion into canonical tables."""

    name: str
    description: str
    tables: tuple[str, ...]
    convert: Callable[[Path], dict[str, pa.Table]]
    documentation: str
    convert_table: Callable[[Path, str | None], dict[str, pa.Table]] | None = None

    def convert_file(self, path: Path, table: str | None = None) -> dict[str, pa.Table]:
        """Convert `path`; a source with several exports uses the one whose table is `table`."""
        if self.convert_table is None:
            return self.convert(path)
        return self.convert_table(path, table)


def _registry() -> dict[str, Source]:
    from tenure.ingest.sources.catalog import SOURCES

    return {source.name: source for source in SOURCES}


def get_source(name: str) -> Source:
    """The source called `name`, with a clear error listing the known ones."""
    sources = _registry()
    if name not in sources:
        raise FileProblem(f"unknown source {name!r}; known sources: {', '.join(sources)}")
    return sources[name]


def all_sources() -> list[Source]:
    return list(_registry().values())
