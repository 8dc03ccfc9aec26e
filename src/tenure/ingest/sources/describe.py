"""Render an export's mapping as Markdown, so the docs page is generated from the code."""

from __future__ import annotations

from tenure.ingest.sources.exports import Export
from tenure.ingest.sources.mapping import Field, TableMap
from tenure.schema import get_table


def describe_export(export: Export) -> str:
    """The section documenting one export: column table, filters, steps, drops, attributes."""
    tables = ", ".join(f"`{name}`" for name in export.tables)
    parts = [f"### {export.title} → {tables}", _columns_table(export.main)]
    parts += _bullets("Rows", [rule.describe for rule in export.main.keep])
    parts += _bullets("Steps", [step.describe for step in export.main.steps])
    parts += _bullets("Derived", [_derived(table) for table in export.derived])
    parts += _bullets("Dropped", [_dropped(rule.patterns, rule.describe) for rule in export.drops])
    parts.append(
        "Every other column is kept as an attribute column under its normalised name "
        f"(`Plan Tier` → `plan_tier`{_naming(export)}) and listed by the import."
    )
    return "\n\n".join(parts) + "\n"


def _columns_table(table: TableMap) -> str:
    lines = ["| export column | tenure column | conversion |", "|---|---|---|"]
    lines += [_field_line(table.table, item) for item in table.fields]
    lines += [f"| — | `{name}` | always `{value}` |" for name, value in table.constants]
    return "\n".join(lines)


def _field_line(table: str, item: Field) -> str:
    sources = ", else ".join(f"`{source}`" for source in item.sources)
    cells = (sources, _target(table, item.target), item.convert.describe)
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _target(table: str, target: str) -> str:
    if target.startswith("_"):
        return "(used by the steps below)"
    if get_table(table).has_column(target):
        return f"`{target}`"
    return f"`{target}` (attribute)"


def _bullets(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    return [f"{title}:\n\n" + "\n".join(f"- {item}" for item in items)]


def _derived(table: TableMap) -> str:
    columns = ", ".join(
        f"`{item.target}` from {' else '.join(f'`{s}`' for s in item.sources)}"
        for item in table.fields
    )
    return f"`{table.table}`: one row per distinct {columns} (rows without one are skipped)."


def _dropped(patterns: tuple[str, ...], why: str) -> str:
    return f"{', '.join(f'`{pattern}`' for pattern in patterns)}: {why}"


def _naming(export: Export) -> str:
    return f"; {export.naming}" if export.naming else ""
