"""`make bench`: tenure's speed on the S, M and L companies beside its baselines.

Per company (generated once and cached under benchmarks/data/, git-ignored):
- import throughput per table, Parquet and CSV, against DuckDB loading the same files;
- the metric suite (benchmarks/suite.py) cold — a new process — and warm — a second pass
  in that process — with its peak memory; the physical floor (DuckDB reading every column
  the suite needs once) and the pandas baseline (benchmarks/pandas_suite.py) on the same
  core metrics, its figures checked against tenure's;
- health scoring, churn-risk fitting and scoring;
- incremental refresh after one more day of data (benchmarks/incremental.py);
- API latency at 20 concurrent clients (benchmarks/api_load.py);
and once: peers (benchmarks/peers.py). The imports, the suite, the pandas baseline and the
refresh are the median of `--runs` runs on S and of `--large-runs` on M and L; scoring and
the API load (thousands of requests) run once.
Writes benchmarks/results/latest.json (headline keys for the largest company measured,
and every figure by company) and latest.md.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import api_load
import imports
import incremental
import peers
from companies import company, rows, workspace
from floor import floor_seconds
from report import markdown

from tenure.metrics import cache as result_cache
from tenure.workspace import Workspace

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
#: Metrics both the pandas baseline and tenure define the same way (checked to agree).
CHECKED = (
    "mrr", "customers", "nps", "csat", "ces", "ticket_volume", "event_count",
    "first_response_time", "logo_churn_rate", "nrr", "fcr_rate",
)  # fmt: skip


def suite_process(folder: Path, passes: int, *options: str) -> dict[str, Any]:
    """Run benchmarks/suite.py in a new process; its JSON figures."""
    out = subprocess.run(
        [sys.executable, str(HERE / "suite.py"), str(folder), "--passes", str(passes), *options],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return figures


def suite(folder: Path, runs: int) -> dict[str, Any]:
    """Cold and warm suite seconds (medians), peak RSS (max) and the run count."""
    results = [suite_process(folder, 2) for _ in range(runs)]
    return {
        "suite_runs": results[0]["runs"],
        "suite_cold_s": statistics.median(r["open_s"] + r["pass_s"][0] for r in results),
        "suite_warm_s": statistics.median(r["pass_s"][1] for r in results),
        "peak_rss_gib": max(r["peak_rss_gib"] for r in results),
    }


def core_tenure_seconds(folder: Path) -> float:
    """tenure computing the pandas baseline's metrics once, cold, in a new process."""
    figures = suite_process(folder, 1, "--core")
    return float(figures["open_s"] + figures["pass_s"][0])


def agreement(folder: Path, baseline: dict[str, dict[Any, Any]]) -> dict[str, float]:
    """Largest absolute difference, per checked metric, between pandas and tenure."""
    differences: dict[str, float] = {}
    with Workspace.open(folder) as ws:
        for key in CHECKED:
            ours = ws.metric(key, "month").set_index("period")["value"].astype(float)
            ours.index = ours.index.str[:7]
            theirs = baseline[key][None]
            theirs = theirs.iloc[0] if hasattr(theirs, "columns") else theirs
            theirs.index = theirs.index.astype(str).str[:7]
            both = ours.to_frame("tenure").join(theirs.astype(float).rename("pandas"), how="inner")
            differences[key] = float((both["tenure"] - both["pandas"]).abs().max())
    return differences


#: The pandas baseline is stopped past this share of the machine's memory.
PANDAS_MEMORY_SHARE = 0.8


def machine_memory() -> int:
    """Bytes of physical memory."""
    return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))


def _rss(pid: int) -> int:
    """Resident bytes of process `pid` (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def pandas_process(folder: Path) -> dict[str, Any]:
    """The pandas baseline in a process of its own, watched: its seconds, figures and peak
    memory, or the reason it was stopped (more memory than the machine can give)."""
    limit = int(machine_memory() * PANDAS_MEMORY_SHARE)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "pandas.pkl"
        script = str(HERE / "pandas_suite.py")
        child = subprocess.Popen([sys.executable, script, str(folder), str(out)], cwd=HERE)
        peak = 0
        while child.poll() is None:
            peak = max(peak, _rss(child.pid))
            if peak > limit:
                child.kill()
                child.wait()
                return {"stopped": f"needed more than {limit / 2**30:.1f} GiB", "peak": peak}
            time.sleep(0.2)
        if child.returncode != 0:
            return {"stopped": f"exited with code {child.returncode}", "peak": peak}
        figures: dict[str, Any] = pickle.loads(out.read_bytes())
        return {**figures, "peak": peak}


def pandas_figures(size: str, folder: Path, runs: int) -> dict[str, Any]:
    """Seconds of the pandas baseline and of tenure on the same metrics, and agreement."""
    outcomes = [pandas_process(company(size)) for _ in range(runs)]
    peak_gib = max(o["peak"] for o in outcomes) / 2**30
    stopped = [o["stopped"] for o in outcomes if "stopped" in o]
    if stopped:
        return {"pandas_stopped": stopped[0], "pandas_peak_rss_gib": peak_gib}
    pandas_s = statistics.median(o["seconds"] for o in outcomes)
    tenure_s = statistics.median(core_tenure_seconds(folder) for _ in range(runs))
    return {
        "pandas_core_s": pandas_s,
        "pandas_peak_rss_gib": peak_gib,
        "tenure_core_s": tenure_s,
        "pandas_ratio": pandas_s / tenure_s,
        "pandas_max_difference": agreement(folder, outcomes[-1]["results"]),
    }


def _anew(action: Callable[[], object]) -> object:
    """`action()` with no result kept from before (the result cache emptied)."""
    result_cache.clear()
    return action()


def scoring(folder: Path) -> dict[str, float]:
    """Seconds to score health, fit the churn-risk model and score risk: every paying
    account's probability and band (what the customer list shows) on its own (no result
    kept: it computes the day's signals), again after health kept them, and with every
    account's drivers explained."""
    figures: dict[str, float] = {}
    with Workspace.open(folder) as ws:
        actions: list[tuple[str, Callable[[], object]]] = [
            ("health_s", lambda: ws.health()),
            ("risk_fit_s", lambda: ws.fit_risk(save=True)),
            ("risk_score_s", lambda: _anew(lambda: ws.risk(explain=0))),
            ("risk_explained_s", lambda: ws.risk()),
        ]
        for name, action in actions:
            started = time.perf_counter()
            action()
            figures[name] = time.perf_counter() - started
        result_cache.clear()
        ws.health()
        started = time.perf_counter()
        ws.risk(explain=0)
        figures["risk_after_health_s"] = time.perf_counter() - started
    return figures


def measure(size: str, runs: int, parts: set[str]) -> dict[str, Any]:
    """Every figure of one company that `parts` asks for."""
    figures: dict[str, Any] = {"rows": rows(size)}
    figures["runs"] = {part: runs for part in sorted(parts & REPEATED)}
    if "imports" in parts:
        figures["imports"] = imports.measure(size, runs)
        figures["parquet_import_rows_per_s"] = figures["imports"]["parquet"]["total_rows_per_s"]
        figures["csv_import_rows_per_s"] = figures["imports"]["csv"]["total_rows_per_s"]
    if "incremental" in parts:
        figures["incremental"] = incremental.measure(size, runs)
        figures["incremental_ratio"] = figures["incremental"]["incremental_ratio"]
    if not parts & {"suite", "pandas", "scoring", "api"}:
        return figures
    folder = workspace(size)
    if "suite" in parts:
        figures.update(suite(folder, runs))
        figures["floor_s"] = statistics.median(floor_seconds(folder) for _ in range(runs))
        figures["floor_ratio"] = figures["suite_cold_s"] / figures["floor_s"]
    if "pandas" in parts:
        figures.update(pandas_figures(size, folder, runs))
    if "scoring" in parts:
        figures["scoring"] = scoring(folder)
    if "api" in parts:
        figures["api"] = api_load.measure(folder)
        figures["api_p95_ms"] = figures["api"]["p95_ms"]
    return figures


#: The parts whose figures are the median of several runs (the others run once).
REPEATED = {"imports", "suite", "pandas", "incremental"}

HEADLINE = (
    "suite_cold_s", "suite_warm_s", "peak_rss_gib", "floor_ratio", "pandas_ratio",
    "parquet_import_rows_per_s", "csv_import_rows_per_s", "api_p95_ms", "incremental_ratio",
)  # fmt: skip


def headline(by_size: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Each headline key from the largest company that measured it (and which one)."""
    result: dict[str, Any] = {}
    for key in HEADLINE:
        for size in ("L", "M", "S"):
            if key in by_size.get(size, {}):
                result[key] = by_size[size][key]
                result[f"{key}_company"] = size
                break
        else:
            result[key] = None
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="S,M", help="Companies, e.g. S,M,L.")
    parser.add_argument("--runs", type=int, default=3, help="Runs per figure on S.")
    parser.add_argument("--large-runs", type=int, default=1, help="Runs per figure on M and L.")
    parser.add_argument(
        "--parts",
        default="imports,suite,pandas,scoring,incremental,api,peers",
        help="What to measure.",
    )
    parser.add_argument("--api-size", default=None, help="Company of the API load (largest).")
    parser.add_argument(
        "--merge", action="store_true", help="Keep the other companies of the last results."
    )
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    sizes = args.sizes.split(",")
    by_size: dict[str, dict[str, Any]] = {}
    payload: dict[str, Any] = {}
    if args.merge and (RESULTS / "latest.json").exists():
        payload = json.loads((RESULTS / "latest.json").read_text(encoding="utf-8"))
        by_size = payload.get("companies", {})
    for size in sizes:
        wanted = parts - {"api"} if size != (args.api_size or sizes[-1]) else parts
        runs = args.runs if size == "S" else args.large_runs
        before, measured = by_size.get(size, {}), measure(size, runs, wanted)
        measured["runs"] = {**before.get("runs", {}), **measured["runs"]}
        by_size[size] = {**before, **measured}
        payload = write(args, by_size, payload.get("peers"))
        print(f"company {size}: done", flush=True)
    if "peers" in parts:
        payload = write(args, by_size, peers.measure())
    print(markdown(payload))


def write(
    args: argparse.Namespace, by_size: dict[str, dict[str, Any]], peer_figures: Any
) -> dict[str, Any]:
    """Write latest.json and latest.md with what is measured so far; the payload."""
    payload: dict[str, Any] = {
        **headline(by_size),
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "companies": by_size,
    }
    if peer_figures is not None:
        payload["peers"] = peer_figures
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.md").write_text(markdown(payload), encoding="utf-8")
    (RESULTS / "latest.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return payload


if __name__ == "__main__":
    main()
