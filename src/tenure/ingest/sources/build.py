"""Assemble a registered `Source` from declarative exports and its module docstring."""

from __future__ import annotations

from tenure.ingest.sources import Source
from tenure.ingest.sources.describe import describe_export
from tenure.ingest.sources.exports import Export, ExportSet


def mapped_source(name: str, description: str, documentation: str, *exports: Export) -> Source:
    """A source whose documentation is the vendor notes plus the generated mapping tables."""
    catalogue = ExportSet(exports)
    sections = "\n".join(describe_export(export) for export in exports)
    return Source(
        name=name,
        description=description,
        tables=catalogue.tables,
        convert=catalogue.convert,
        documentation=f"{documentation.strip()}\n\n{sections}",
        convert_table=catalogue.convert,
    )
