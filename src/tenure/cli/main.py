"""Entry point of the `tenure` command: assembles the sub-commands, turns errors into one line."""

from __future__ import annotations

import typer

from tenure import __version__
from tenure.cli import (
    alerts,
    clv,
    data,
    demo,
    exports,
    feedback,
    goals,
    health,
    history,
    metrics,
    portfolio,
    refresh,
    reports,
    risk,
    serve,
    upsell,
    users,
)
from tenure.cli.common import debug_enabled, fail
from tenure.config import ConfigError
from tenure.errors import TenureError

app = typer.Typer(
    name="tenure",
    help="tenure: every customer-success metric, with explicit definitions, on your own data.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
data.register(app)
demo.register(app)
metrics.register(app)
serve.register(app)
users.register(app)
clv.register(app)
feedback.register(app)
exports.register(app)
history.register(app)
refresh.register(app)
reports.register(app)
alerts.register(app)
upsell.register(app)
portfolio.register(app)
goals.register(app)
health.register(app)
risk.register(app)


@app.command("version")
def version() -> None:
    """Print the tenure version."""
    typer.echo(__version__)


def main() -> None:
    """Run the CLI; user errors become one line on stderr and a non-zero exit, never a traceback."""
    try:
        app()
    except KeyboardInterrupt:
        fail("interrupted; nothing was changed", code=130)
    except (TenureError, ConfigError) as error:
        fail(str(error))
    except Exception as error:  # the last line of defence of the CLI
        if debug_enabled():
            raise
        fail(f"unexpected {type(error).__name__}: {error} (set TENURE_DEBUG=1 for details)")
