"""Options and helpers shared by every CLI command."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from tenure.workspace import Workspace, default_folder

#: soft_wrap: a long message stays one line when piped (Rich would wrap at 80 columns).
console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)

WorkspaceOption = Annotated[
    Path | None,
    typer.Option(
        "--workspace",
        "-w",
        help="Workspace folder (default: $TENURE_WORKSPACE, else the current folder).",
        show_default=False,
    ),
]


def open_workspace(folder: Path | None) -> Workspace:
    """Open the workspace named by --workspace, $TENURE_WORKSPACE or the current folder."""
    return Workspace.open(folder or default_folder())


def fail(message: str, code: int = 1) -> None:
    """Print one clear error line and exit."""
    errors.print(f"[bold red]error:[/] {escape(message)}", highlight=False, markup=True)
    raise SystemExit(code)


def debug_enabled() -> bool:
    return os.environ.get("TENURE_DEBUG", "") not in ("", "0")


def is_interactive() -> bool:
    return sys.stderr.isatty()
