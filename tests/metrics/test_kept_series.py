"""The kept series of the incremental refresh and their records (`tenure.metrics.kept_series`)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from tenure.metrics import kept_series
from tenure.metrics.kept_series import MANIFEST, Record
from tenure.workspace import Workspace

MRR = ("mrr", "month", ())
BY_PLAN = ("mrr", "month", ("plan",))


def test_a_series_is_kept_whole_and_read_back(workspace: Workspace) -> None:
    assert kept_series.read(workspace, MRR) is None
    frame = pd.DataFrame({"period": ["2026-01-01", "2026-02-01"], "value": [1.0, 2.5]})
    kept_series.write(workspace, MRR, frame)
    pd.testing.assert_frame_equal(kept_series.read(workspace, MRR), frame)
    assert kept_series.name(MRR) != kept_series.name(BY_PLAN)
    assert not list(kept_series.folder(workspace).glob("*.tmp"))


def test_records_say_the_day_and_basis_of_each_series(workspace: Workspace) -> None:
    assert kept_series.records(workspace) == {}
    kept_series.record(workspace, [MRR], date(2026, 3, 1))
    kept_series.record(workspace, [BY_PLAN], date(2026, 3, 2))
    found = kept_series.records(workspace)
    basis = kept_series.basis(workspace)
    assert found == {
        kept_series.name(MRR): Record(date(2026, 3, 1), basis),
        kept_series.name(BY_PLAN): Record(date(2026, 3, 2), basis),
    }


def test_an_entry_without_a_day_and_basis_is_no_record(workspace: Workspace) -> None:
    folder = kept_series.folder(workspace)
    folder.mkdir()
    entries = {"old.parquet": "2026-03-01", "other.parquet": {"as_of": "2026-03-01"}}
    (folder / MANIFEST).write_text(json.dumps(entries), encoding="utf-8")
    assert kept_series.records(workspace) == {}


def test_the_basis_follows_the_conventions(workspace: Workspace) -> None:
    before = kept_series.basis(workspace)
    workspace.settings.metrics.conventions["renewal_grace_days"] = 30
    assert kept_series.basis(workspace) != before
    workspace.settings.metrics.conventions.clear()
    workspace.settings.metrics.preset = "chartmogul"
    assert kept_series.basis(workspace) != before
