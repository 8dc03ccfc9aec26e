"""Metric history: what tenure reported on each day, kept beside what it computes now.

`take_snapshot` stores the day's company-wide monthly KPI values and the accounts' scores
(health, risk) in snapshot tables keyed by the snapshot date; `restatements` sets a
metric's values as reported then beside the same values as restated now.
"""

from tenure.history.read import restatements, score_history, snapshot_dates, snapshot_series
from tenure.history.snapshot import SNAPSHOT_METRICS, SnapshotReport, take_snapshot

__all__ = [
    "SNAPSHOT_METRICS",
    "SnapshotReport",
    "restatements",
    "score_history",
    "snapshot_dates",
    "snapshot_series",
    "take_snapshot",
]
