"""`tenure metrics …` and `tenure cohorts` on a small workspace: every format, one-line errors."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from metrics_common import D, Ledger, Sub, load
from typer.testing import CliRunner

from tenure.cli.main import app
from tenure.workspace import Workspace

runner = CliRunner()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("cli") / "ws"
    with Workspace.init(path) as ws:
        subs = [
            Sub("a", date(2024, 1, 1), date(2024, 3, 10), D(100)),
            Sub("b", date(2024, 1, 15), None, D(1200), "year"),
            Sub("c", date(2024, 2, 1), None, D(50)),
        ]
        Ledger({"a": "x", "b": "y", "c": "x"}, subs).load(ws)
        load(
            ws,
            "costs",
            [{"period": date(2024, 1, 1), "category": "acquisition", "amount": D(900), "team": ""}],
        )
    yield path


def run(folder: Path, *args: str) -> str:
    result = runner.invoke(app, [*args, "--workspace", str(folder)])
    assert result.exit_code == 0, result.output
    return result.output


def test_list_and_markdown() -> None:
    listed = runner.invoke(app, ["metrics", "list"])
    assert listed.exit_code == 0 and "mrr_movements" in listed.output
    markdown = runner.invoke(app, ["metrics", "list", "--markdown"])
    assert markdown.output.startswith("# Metrics")


def test_show_in_every_format(folder: Path, tmp_path: Path) -> None:
    table = run(
        folder, "metrics", "show", "logo_churn_rate", "--from", "2024-03-01", "--to", "2024-03-31"
    )
    assert "33.33 %" in table
    rows = json.loads(
        run(
            folder,
            "metrics",
            "show",
            "mrr",
            "-f",
            "json",
            "--from",
            "2024-01-01",
            "--to",
            "2024-03-31",
        )
    )
    assert [r["period"] for r in rows] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert rows[2]["value"] == 150.0
    csv = run(
        folder,
        "metrics",
        "show",
        "mrr",
        "-f",
        "csv",
        "--by",
        "industry",
        "--where",
        "industry=x",
        "--from",
        "2024-02-01",
        "--to",
        "2024-02-29",
    )
    assert csv.splitlines() == ["period,industry,value", "2024-02-01,x,150.000000"]
    target = tmp_path / "moves.parquet"
    run(
        folder,
        "metrics",
        "show",
        "mrr_movements",
        "-f",
        "parquet",
        "-o",
        str(target),
        "--from",
        "2024-01-01",
        "--to",
        "2024-03-31",
    )
    frame = pd.read_parquet(target)
    assert list(frame.columns) == [
        "period",
        "value",
        "start",
        "new",
        "expansion",
        "reactivation",
        "contraction",
        "churned",
        "end",
    ]


def test_explain_cohorts_summary_conventions(folder: Path) -> None:
    text = run(folder, "metrics", "explain", "churned_mrr", "--period", "2024-03")
    assert "SQL" in text and "a" in text
    data = json.loads(
        run(folder, "metrics", "explain", "churned_mrr", "--period", "2024-03", "-f", "json")
    )
    assert (
        data["accounts"] == [{"account_id": "a", "value": 100.0}]
        or data["accounts"][0]["account_id"] == "a"
    )
    assert "100.0%" in run(folder, "cohorts", "--from", "2024-01-01", "--to", "2024-03-31")
    assert "MRR" in run(folder, "metrics", "summary", "--period", "2024-03")
    assert "churn_denominator" in run(folder, "metrics", "conventions")


def test_errors_are_one_line(folder: Path) -> None:
    result = runner.invoke(app, ["metrics", "show", "nope", "--workspace", str(folder)])
    assert result.exit_code != 0
    bad = runner.invoke(
        app, ["metrics", "show", "mrr", "--where", "industry", "--workspace", str(folder)]
    )
    assert bad.exit_code != 0 and "COL=VALUE" in bad.output


@pytest.mark.slow
def test_refresh_says_what_it_recomputed_and_why(folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / "ws"
    shutil.copytree(folder, copy)
    first = run(copy, "metrics", "refresh")
    count = int(first.split(" series")[0])
    assert f"0 recomputed from —, {count} whole" in first and "no earlier refresh" in first
    assert f"{count} unchanged (earliest change: none)" in run(copy, "metrics", "refresh")
    with (copy / "tenure.toml").open("a", encoding="utf-8") as config:
        config.write("renewal_grace_days = 30\n")  # the file ends with [metrics.conventions]
    third = " ".join(run(copy, "metrics", "refresh").split())
    assert f"{count} whole" in third
    assert f"{count} whole because they were kept with other conventions" in third
