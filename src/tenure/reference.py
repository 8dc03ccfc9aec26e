"""Render the canonical data model as Markdown: `docs/data-model.md` is generated from this.

A test regenerates the page and fails when it differs from the committed file, so the docs
cannot drift from `tenure.schema`.
"""

from __future__ import annotations

from tenure.schema import TABLES, Column, Table

HEADER = """\
# Data model

<!-- Generated from src/tenure/schema.py by `tenure schema --markdown`; do not edit by hand. -->

These are the tables tenure reads. Load them from CSV, Parquet or JSON with
`tenure import TABLE FILE`. Column names are matched after normalisation (`Account ID` →
`account_id`); `--map source=target` renames any other column. Columns a table does not
define are kept as **attributes** (segments such as `region` or `segment`), typed from
their values (whole numbers, decimals, true/false, ISO dates, else text).

Conventions for every table:

- Dates and timestamps are ISO 8601 (`2024-03-31`, `2024-03-31T12:00:00Z`,
  `2024-03-31 14:00:00+02:00`); they are stored in UTC. A value without an offset is UTC.
- Amounts are decimals in the row's currency, at most 4 decimals, never negative.
- Ids are text. Empty cells are missing values.
- A row whose key is already stored replaces the stored row (columns the file does not
  have keep their stored values); an identical row is left alone, so importing the same
  file twice changes nothing.
- Parquet columns keep their declared types; CSV and JSON cells are read as text and
  parsed. Blank lines and all-empty rows are skipped. Words such as `epoch` or `today`
  are not dates.
- A quarantined row's `line` is its line in a CSV or JSON-lines file (the header is line
  1), its row number in a Parquet file, and its record number in a JSON list. Rows with the
  wrong number of fields and unreadable JSON lines are quarantined with an empty `column`.
- Every row that breaks a rule is kept in the quarantine (`tenure quarantine`) with its
  file, line, column, value and reason; the other rows load. Event dates may not lie in the
  future; schedule dates (renewals, due dates, planned ends) may.
"""


def column_rules(column: Column) -> str:
    """The checks applied to one column, in words."""
    rules: list[str] = []
    if column.choices:
        rules.append("one of " + ", ".join(f"`{choice}`" for choice in column.choices))
    if column.minimum is not None:
        rules.append(f"≥ {column.minimum:g}")
    if column.references:
        rules.append(f"must exist in `{column.references}`")
    if column.type in ("timestamp", "date"):
        rules.append("may be in the future" if column.future == "schedule" else "not in the future")
    if column.default is not None:
        rules.append(f"default `{column.default}`" if column.default else "default empty text")
    return "; ".join(rules)


def table_markdown(table: Table) -> str:
    """One table's section: description, key, columns, cross-column rules."""
    lines = [
        f"## `{table.name}`",
        "",
        table.description,
        "",
        f"Key: {', '.join(f'`{name}`' for name in table.key)}.",
        "",
        "| column | type | required | description | rules |",
        "|---|---|---|---|---|",
    ]
    for column in table.columns:
        required = "yes" if column.required else ""
        lines.append(
            f"| `{column.name}` | {column.type} | {required} | {column.description} "
            f"| {column_rules(column)} |"
        )
    rules = [rule.describe() for rule in table.order_rules] + list(table.notes)
    if table.name == "surveys":
        rules.append("`score` inside the scale of its `survey` (settings `[surveys]`)")
    if rules:
        lines += ["", "Rules: " + "; ".join(rules) + "."]
    return "\n".join(lines) + "\n"


def data_model_markdown() -> str:
    """The whole data-model page."""
    return HEADER + "\n" + "\n".join(table_markdown(table) for table in TABLES.values())


def sources_markdown() -> str:
    """The page documenting every vendor-export converter (`tenure import --source`)."""
    from tenure.ingest.sources import all_sources

    parts = [
        "# Importing vendor exports\n\n"
        "<!-- Generated from src/tenure/ingest/sources by `tenure sources --markdown`. -->\n\n"
        "`tenure import --source NAME TABLE FILE` converts an export into tenure's tables and\n"
        "imports them through the usual validation and quarantine.\n"
    ]
    for source in all_sources():
        tables = ", ".join(f"`{name}`" for name in source.tables)
        parts.append(
            f"\n## `{source.name}`\n\n{source.description}\n\nProduces: {tables}.\n\n"
            f"{source.documentation.strip()}\n"
        )
    return "".join(parts)
