"""CDNOW (real purchases, 1997–1998) imported as accounts and invoices: the repeat purchase
rate and the monthly cohort tables equal a pandas computation and the published figure."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from tenure.workspace import Workspace

CDNOW = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "cdnow" / "CDNOW_master.txt"
)

pytestmark = pytest.mark.skipif(not CDNOW.exists(), reason="shared data not available")


def purchases() -> pd.DataFrame:
    """The CDNOW master file: customer id, purchase date, CDs, dollars."""
    frame = pd.read_csv(
        CDNOW,
        sep=r"\s+",
        skiprows=1,
        header=None,
        names=["customer", "date", "cds", "dollars"],
        dtype={"customer": str, "date": str, "dollars": str},
    )
    frame["day"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    return frame


def convert(frame: pd.DataFrame, folder: Path) -> tuple[Path, Path]:
    """CDNOW as an `accounts` file and an `invoices` file (one invoice per purchase line)."""
    accounts = pd.DataFrame({"account_id": sorted(frame["customer"].unique())})
    invoices = pd.DataFrame(
        {
            "invoice_id": [f"cd{i:06d}" for i in range(len(frame))],
            "account_id": frame["customer"],
            "issued_at": frame["day"].dt.strftime("%Y-%m-%d"),
            "amount": frame["dollars"],
        }
    )
    accounts.to_csv(folder / "accounts.csv", index=False)
    invoices.to_csv(folder / "invoices.csv", index=False)
    return folder / "accounts.csv", folder / "invoices.csv"


@pytest.fixture(scope="module")
def cdnow(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, pd.DataFrame]]:
    folder = tmp_path_factory.mktemp("cdnow")
    frame = purchases()
    accounts, invoices = convert(frame, folder)
    with Workspace.init(folder / "ws") as ws:
        for table, path in (("accounts", accounts), ("invoices", invoices)):
            report = ws.import_file(table, path)
            assert report.quarantined == 0, report.first_refusals
        yield ws, frame


def test_repeat_purchase_rate_is_0_4886(cdnow: tuple[Workspace, pd.DataFrame]) -> None:
    ws, frame = cdnow
    days = frame.groupby("customer")["day"].nunique()
    result = ws.metric("repeat_purchase_rate", "year", "1997-01-01", "1998-06-30")
    last = result.iloc[-1]
    assert (last.numerator, last.denominator) == (int((days >= 2).sum()), len(days))
    assert round(last.value, 4) == 0.4886
    assert len(days) == 23_570


def _pandas_cohorts(frame: pd.DataFrame, revenue: bool) -> pd.DataFrame:
    frame = frame.assign(month=frame["day"].dt.to_period("M"))
    first = frame.groupby("customer")["month"].transform("min")
    frame = frame.assign(cohort=first, age=(frame["month"] - first).apply(lambda d: d.n))
    if revenue:
        top = (
            frame.assign(money=frame["dollars"].map(Decimal))
            .groupby(["cohort", "age"])["money"]
            .sum()
        )
    else:
        top = frame.groupby(["cohort", "age"])["customer"].nunique()
    base = top.xs(0, level="age")
    table = top.rename("numerator").reset_index()
    table["denominator"] = table["cohort"].map(base)
    table["cohort"] = table["cohort"].dt.start_time.dt.strftime("%Y-%m-%d")
    return table.set_index(["cohort", "age"])


@pytest.mark.parametrize("kind", ["logo", "revenue"])
def test_monthly_cohort_tables_match_pandas(
    cdnow: tuple[Workspace, pd.DataFrame], kind: str
) -> None:
    ws, frame = cdnow
    got = ws.cohorts(kind, "invoices", "1997-01-01", "1998-06-30").set_index(["cohort", "age"])
    wanted = _pandas_cohorts(frame, kind == "revenue")
    # CDNOW follows the customers who first bought in Q1 1997: three cohorts, each shown at
    # every age up to June 1998.
    assert len(got) == 18 + 17 + 16
    for cell, row in got.iterrows():
        expected = wanted.loc[cell] if cell in wanted.index else None
        top = 0 if expected is None else expected["numerator"]
        assert Decimal(str(row["numerator"])) == Decimal(str(top)), cell
        assert Decimal(str(row["denominator"])) == Decimal(
            str(wanted.xs(cell[0], level="cohort")["denominator"].iloc[0])
        )
    january = got.loc[("1997-01-01", 0)]
    assert (
        january["value"] == 1.0
        and january["size"] == frame[frame["day"] < "1997-02-01"]["customer"].nunique()
    )
