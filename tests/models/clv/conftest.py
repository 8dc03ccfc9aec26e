"""Shared data of the CLV tests: the CDNOW 1/10 sample and Fader & Hardie's renewal table."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tenure.models.clv import rfm_summary

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"
CDNOW_SAMPLE = SHARED / "cdnow" / "CDNOW_sample.txt"
SBG_TABLE = SHARED / "sbg" / "sbg_fader_hardie_2007_table1.csv"

#: The published calibration period: 1997-01-01 … 1997-09-30 (39 weeks), weekly units.
CALIBRATION_END = "1997-09-30"
OBSERVATION_END = "1998-06-30"


def read_cdnow(path: Path = CDNOW_SAMPLE) -> pd.DataFrame:
    """CDNOW purchases: customer (the master id), date, cds, dollars."""
    # The file has five columns: master customer id, sample id, YYYYMMDD, CDs, dollars.
    frame = pd.read_csv(
        path,
        sep=r"\s+",
        header=None,
        names=["customer", "sample_id", "date", "cds", "dollars"],
        dtype={"customer": str, "sample_id": str, "date": str},
    )
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    return frame


@pytest.fixture(scope="session")
def cdnow() -> pd.DataFrame:
    if not CDNOW_SAMPLE.exists():
        pytest.skip("shared data folder not beside the checkout")
    return read_cdnow()


@pytest.fixture(scope="session")
def cdnow_summary(cdnow: pd.DataFrame) -> pd.DataFrame:
    """Weekly RFM summary of the sample, calibration to 1997-09-30, holdout to 1998-06-30."""
    return rfm_summary(cdnow, CALIBRATION_END, "week", OBSERVATION_END, amount="dollars")


@pytest.fixture(scope="session")
def sbg_table() -> pd.DataFrame:
    if not SBG_TABLE.exists():
        pytest.skip("shared data folder not beside the checkout")
    return pd.read_csv(SBG_TABLE)
