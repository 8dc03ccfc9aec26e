"""Peers: a BG/NBD fit on the CDNOW 1/10 sample by `lifetimes`, installed by the bench in a
virtual environment of its own (benchmarks/data/peers-venv), beside tenure's own fit of
the same weekly summary (calibration to 1997-09-30). Both print their parameters, so the
table shows speed and agreement.

MRR movements have no peer here yet: the one recurring-revenue package found, `saasops`
0.1.1, keeps its own customer/contract/segment schema in a DuckDB 0.9 file filled row by
row through its CLI, and computes ARR changes from that; feeding it the benchmark companies
is not done. The pandas baseline (benchmarks/pandas_suite.py) is the comparison meanwhile.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
import venv
from pathlib import Path
from typing import Any

import pandas as pd

from tenure.models.clv import BetaGeoFitter, rfm_summary

HERE = Path(__file__).resolve().parent
VENV = HERE / "data" / "peers-venv"
CDNOW = HERE.parent.parent / "shared" / "data" / "cdnow" / "CDNOW_sample.txt"
SUMMARY = HERE / "data" / "cdnow-summary.csv"
RUNS = 5

PEER_SCRIPT = """
import json, statistics, sys, time
import pandas as pd
from lifetimes import BetaGeoFitter
s = pd.read_csv(sys.argv[1])
times = []
for _ in range(int(sys.argv[2])):
    started = time.perf_counter()
    fit = BetaGeoFitter().fit(s["frequency"], s["recency"], s["T"])
    times.append(time.perf_counter() - started)
print(json.dumps({"fit_s": statistics.median(times), "params": fit.params_.to_dict()}))
"""


def peer_python() -> Path:
    """The peers' interpreter (the environment is made and `lifetimes` installed once)."""
    python = VENV / "bin" / "python"
    if not (VENV / ".installed").exists():
        venv.create(VENV, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "lifetimes"], check=True)
        (VENV / ".installed").touch()
    return python


def cdnow_summary() -> pd.DataFrame:
    """The weekly RFM summary of the sample (what both fitters read)."""
    frame = pd.read_csv(
        CDNOW, sep=r"\s+", header=None, names=["customer", "sample", "date", "cds", "dollars"],
        dtype={"customer": str, "sample": str, "date": str},
    )  # fmt: skip
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    return rfm_summary(frame, "1997-09-30", "week", amount="dollars")


def tenure_fit(summary: pd.DataFrame) -> dict[str, Any]:
    times, fitter = [], BetaGeoFitter()
    for _ in range(RUNS):
        started = time.perf_counter()
        fitter = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
        times.append(time.perf_counter() - started)
    return {"fit_s": statistics.median(times), "params": dict(fitter.params_)}


def measure() -> dict[str, Any]:
    """Both fits' median seconds and parameters, or why the peer could not run."""
    summary = cdnow_summary()
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    summary[["frequency", "recency", "T"]].to_csv(SUMMARY, index=False)
    ours = tenure_fit(summary)
    try:
        out = subprocess.run(
            [str(peer_python()), "-c", PEER_SCRIPT, str(SUMMARY), str(RUNS)],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
    except (subprocess.CalledProcessError, OSError) as error:
        return {"bgnbd_cdnow": {"tenure": ours, "lifetimes": f"not run: {error}"}}
    theirs = json.loads(out.strip().splitlines()[-1])
    return {
        "bgnbd_cdnow": {
            "customers": len(summary),
            "tenure": ours,
            "lifetimes": theirs,
            "speed_ratio": theirs["fit_s"] / ours["fit_s"],
        }
    }


if __name__ == "__main__":
    json.dump(measure(), sys.stdout, indent=2)
