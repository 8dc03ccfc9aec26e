"""`tenure clv fit|score` end to end: CDNOW imported as accounts and invoices of a workspace."""

from __future__ import annotations

import json
from pathlib import Path

import clv_published
import pandas as pd
import pytest
from typer.testing import CliRunner

from tenure.cli.main import app, main
from tenure.models.clv import ModelDataError
from tenure.workspace import Workspace

PUBLISHED = {**clv_published.BGNBD, **clv_published.GAMMA_GAMMA}
runner = CliRunner()


@pytest.fixture(scope="module")
def cdnow_workspace(tmp_path_factory: pytest.TempPathFactory, cdnow: pd.DataFrame) -> Path:
    """A workspace whose invoices are the CDNOW sample (invoice_id = row number); two extra
    invoices are void and refunded and must not count."""
    folder = tmp_path_factory.mktemp("cdnow")
    accounts = folder / "accounts.csv"
    invoices = folder / "invoices.csv"
    cdnow[["customer"]].drop_duplicates().rename(columns={"customer": "account_id"}).to_csv(
        accounts, index=False
    )
    rows = pd.DataFrame(
        {
            "invoice_id": range(1, len(cdnow) + 1),
            "account_id": cdnow["customer"],
            "issued_at": cdnow["date"].dt.strftime("%Y-%m-%d"),
            "amount": cdnow["dollars"].map("{:.2f}".format),
            "status": "paid",
        }
    )
    extra = pd.DataFrame(
        {
            "invoice_id": [100_001, 100_002],
            "account_id": ["00018", "00050"],  # one-time buyers in the calibration period
            "issued_at": ["1997-05-01", "1997-06-01"],
            "amount": ["500.00", "20.00"],
            "status": ["void", "refunded"],
        }
    )
    pd.concat([rows, extra]).to_csv(invoices, index=False)
    with Workspace.init(folder / "ws") as ws:
        ws.import_file("accounts", accounts)
        report = ws.import_file("invoices", invoices)
    assert report.inserted == len(cdnow) + 2 and report.quarantined == 0
    return folder / "ws"


def _invoke(*args: str) -> str:
    result = runner.invoke(app, ["clv", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_fit_json_reproduces_the_published_estimates(cdnow_workspace: Path) -> None:
    output = _invoke(
        "fit",
        "--calibration-end",
        "1997-09-30",
        "--time-unit",
        "week",
        "--format",
        "json",
        "-w",
        str(cdnow_workspace),
    )
    fitted = json.loads(output)
    for name, published in PUBLISHED.items():
        assert clv_published.rounds_to(fitted[name], published), name
    assert fitted["n_customers"] == 2357
    assert fitted["n_repeat_buyers"] == 946
    assert fitted["bgnbd_log_likelihood"] == pytest.approx(-9582.4, abs=0.05)
    assert fitted["gamma_gamma_log_likelihood"] < 0
    assert (fitted["calibration_end"], fitted["time_unit"]) == ("1997-09-30", "week")


def test_fit_table_names_every_parameter(cdnow_workspace: Path) -> None:
    output = _invoke("fit", "--calibration-end", "1997-09-30", "-w", str(cdnow_workspace))
    for name in PUBLISHED:
        assert f" {name} " in output
    assert "2,357 customers" in output and "946 repeat buyers" in output


def test_score_lists_the_top_accounts_by_clv(cdnow_workspace: Path) -> None:
    args = ["score", "--calibration-end", "1997-09-30", "--top", "5", "-w", str(cdnow_workspace)]
    records = json.loads(_invoke(*args, "--format", "json", "--horizon-months", "12"))
    assert len(records) == 5
    values = [r["clv"] for r in records]
    assert values == sorted(values, reverse=True)
    assert all(0 <= r["p_alive"] <= 1 and r["expected_purchases"] > 0 for r in records)
    assert records[0]["account_id"] in _invoke(*args)


def test_user_errors_are_one_line(
    cdnow_workspace: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(
        "sys.argv",
        ["tenure", "clv", "fit", "--calibration-end", "1997-13-40", "-w", str(cdnow_workspace)],
    )
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 1
    message = capsys.readouterr().err.strip()
    assert message == "error: calibration_end is not a date: '1997-13-40'"
    with Workspace.init(tmp_path / "empty"):
        pass
    with pytest.raises(ModelDataError, match="no invoices to fit CLV on"):
        runner.invoke(app, ["clv", "fit", "-w", str(tmp_path / "empty")], catch_exceptions=False)
