"""`tenure report company|account ID`: the executive review pack as PDF or HTML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tenure.cli.common import WorkspaceOption, console, fail, open_workspace

report_app = typer.Typer(
    help="Executive review packs (objectives, MRR, usage, health, support, NPS, risks).",
    no_args_is_help=True,
)

Period = Annotated[
    str | None,
    typer.Option(help="2025-Q1, 2025-03 or 2025 (default: the last complete quarter)."),
]
Format = Annotated[str, typer.Option("--format", "-f", help="pdf or html.")]
Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="File to write (default: a name of its own).")
]


def register(app: typer.Typer) -> None:
    """Attach the report commands to the main app."""
    app.add_typer(report_app, name="report")


def _write(
    account_id: str | None,
    period: str | None,
    format: str,
    output: Path | None,
    workspace: Path | None,
) -> None:
    if format not in ("pdf", "html"):
        fail(f"unknown format {format!r}; use pdf or html")
    target = output or Path(f"review-{account_id or 'company'}-{period or 'latest'}.{format}")
    with open_workspace(workspace) as ws:
        content = ws.review_pack(account_id, period, format)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    console.print(f"Wrote the review pack to {target} ({len(content):,} bytes).", highlight=False)


@report_app.command("company")
def company(
    period: Period = None,
    format: Format = "pdf",
    output: Output = None,
    workspace: WorkspaceOption = None,
) -> None:
    """The company's executive review pack."""
    _write(None, period, format, output, workspace)


@report_app.command("account")
def account(
    account_id: Annotated[str, typer.Argument(help="The account's id.")],
    period: Period = None,
    format: Format = "pdf",
    output: Output = None,
    workspace: WorkspaceOption = None,
) -> None:
    """One account's executive business review pack."""
    _write(account_id, period, format, output, workspace)
