"""The metric suite of `make bench`, and a script that times it in a process of its own.

The suite is every catalogue metric, monthly over the workspace's whole history,
company-wide and split by plan, by CSM and by signup cohort (the four metrics that only
split by team: company-wide and by team), plus both cohort tables. Run as a script, it
opens the workspace and runs the suite `--passes` times in this one process: the first
pass is the cold figure (a new process, nothing cached), the later ones the warm figure.
The splits of a metric are asked for together (`Workspace.metric_splits`), as a dashboard
page or a refresh asks for them.
It prints one JSON object: open_s, pass_s (a list), peak_rss_gib, runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

from tenure.metrics.catalogue import METRICS
from tenure.metrics.incremental import COHORT_KINDS
from tenure.workspace import Workspace

#: Splits of every metric that accepts account segments.
SEGMENTS: tuple[tuple[str, ...], ...] = ((), ("plan",), ("csm_id",), ("signup_cohort",))
#: Splits of the metrics that only accept the team of the CSM.
TEAM_SEGMENTS: tuple[tuple[str, ...], ...] = ((), ("team",))
#: Metrics computed as cohort tables (`Workspace.cohorts`), not as a series.


Run = tuple[str, tuple[str, ...]]


def suite_runs() -> list[Run]:
    """Every (metric key, split) the suite computes."""
    runs: list[Run] = []
    for metric in METRICS:
        if metric.key in COHORT_KINDS:
            runs.append((metric.key, ()))
            continue
        splits = TEAM_SEGMENTS if metric.segments == "team" else SEGMENTS
        runs.extend((metric.key, by) for by in splits)
    return runs


def core_runs() -> list[Run]:
    """The metrics and splits of the pandas baseline (benchmarks/pandas_suite.py)."""
    from pandas_suite import SPLITS, TENURE_CORE

    return [(key, () if split is None else (split,)) for key in TENURE_CORE for split in SPLITS]


def tables_used() -> dict[str, None]:
    """The canonical tables the suite reads, in catalogue order."""
    return dict.fromkeys(table for metric in METRICS for table in metric.tables)


def by_metric(runs: list[Run]) -> dict[str, list[tuple[str, ...]]]:
    """The splits of each metric, metrics in suite order."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for key, by in runs:
        grouped.setdefault(key, []).append(by)
    return grouped


def run_metric(ws: Workspace, key: str, splits: list[tuple[str, ...]]) -> int:
    """Compute every split of one metric (together, as a dashboard or a refresh asks for
    them); the rows returned (so nothing is left lazy)."""
    if key in COHORT_KINDS:
        return len(ws.cohorts(COHORT_KINDS[key]))
    return sum(len(frame) for frame in ws.metric_splits(key, "month", splits=splits))


def run_suite(ws: Workspace, runs: list[Run]) -> float:
    """Seconds to compute every run once."""
    started = time.perf_counter()
    for key, splits in by_metric(runs).items():
        run_metric(ws, key, splits)
    return time.perf_counter() - started


def peak_rss_gib() -> float:
    """The peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("workspace", type=Path)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--core", action="store_true", help="Only the pandas baseline's metrics.")
    args = parser.parse_args()
    started = time.perf_counter()
    runs = core_runs() if args.core else suite_runs()
    with Workspace.open(args.workspace) as ws:
        opened = time.perf_counter() - started
        passes = [run_suite(ws, runs) for _ in range(args.passes)]
    figures = {"open_s": opened, "pass_s": passes, "runs": len(runs)}
    print(json.dumps({**figures, "peak_rss_gib": peak_rss_gib()}))


if __name__ == "__main__":
    main()
