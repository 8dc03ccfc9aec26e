"""Output of the operations commands: a Rich table, JSON or CSV of a DataFrame."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table as RichTable

from tenure.cli.common import console


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="The day to look at, YYYY-MM-DD (default: today).")
]
Show = Callable[[Any], str]


def percent(value: Any) -> str:
    """0.0523 → 5.2 %."""
    return "—" if _missing(value) else f"{float(value) * 100:.1f} %"


def money(value: Any) -> str:
    """12345.678 → 12,345.68."""
    return "—" if _missing(value) else f"{float(value):,.2f}"


def number(value: Any) -> str:
    """A count or a score, without needless decimals."""
    if _missing(value):
        return "—"
    return f"{float(value):,.0f}" if float(value).is_integer() else f"{float(value):,.1f}"


def text(value: Any) -> str:
    """Anything as text; lists joined by semicolons."""
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value)
    return "—" if _missing(value) else str(value)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def table(frame: pd.DataFrame, columns: Mapping[str, Show], title: str | None = None) -> RichTable:
    """A Rich table of `columns` (name → how to show it)."""
    grid = RichTable(title=title)
    for name, show in columns.items():
        header = name.removesuffix("_shown")
        grid.add_column(header, justify="left" if show in (text,) else "right")
    for row in frame.to_dict("records"):
        grid.add_row(*[show(row.get(name)) for name, show in columns.items()])
    return grid


def print_table(grid: RichTable) -> None:
    """Print a table: fitted to a terminal, at its natural width into a pipe or file."""
    if console.is_terminal:
        console.print(grid)
        return
    natural = Measurement.get(console, console.options.update_width(10_000), grid).maximum
    Console(width=max(natural, 40), highlight=False).print(grid)


def plain(value: Any) -> Any:
    """A JSON-ready value (dates as ISO text, NaN as null)."""
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if _missing(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isinf(value):
        return None
    return value


def rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A frame's rows as JSON-ready dictionaries."""
    return [{str(k): plain(v) for k, v in row.items()} for row in frame.to_dict("records")]


def emit(
    frame: pd.DataFrame,
    format: Format,
    columns: Mapping[str, Show],
    title: str | None = None,
    extra: Sequence[str] = (),
) -> None:
    """Print `frame` as a table (with `extra` lines under it), JSON or CSV."""
    if format is Format.json:
        typer.echo(json.dumps(rows(frame), indent=2, ensure_ascii=False))
    elif format is Format.csv:
        flat = pd.DataFrame(rows(frame)).map(lambda v: text(v) if isinstance(v, list) else v)
        typer.echo(flat.to_csv(index=False), nl=False)
    else:
        print_table(table(frame, columns, title))
        for line in extra:
            console.print(line, highlight=False, markup=False)
