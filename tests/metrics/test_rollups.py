"""Usage roll-ups kept in the workspace: the usage metrics read from them equal the same
metrics computed from every event; an import of events brings them up to date (equal to
a build from scratch); a failed import leaves them as they were; and a roll-up that is not
up to date (a failure after the import, events written outside an import, other
conventions or code) is never read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from tenure.demo import DemoSpec, write_parquet
from tenure.demo.load import import_demo
from tenure.demo.split import split_company
from tenure.ingest.pipeline import _Run
from tenure.metrics import rollups
from tenure.workspace import Workspace

pytestmark = pytest.mark.slow

DAY = date(2026, 6, 30)
#: The usage metrics that read `account_days`, `user_months` or `feature_months`.
READERS = (
    "active_users",
    "dau",
    "wau",
    "mau",
    "stickiness",
    "usage_trend",
    "engagement_tier",
    "activation_rate",
    "questions_per_account",
    "adoption",
    "user_skill_level",
    "feature_adoption",
)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, Path]]:
    root = tmp_path_factory.mktemp("rollups")
    write_parquet(DemoSpec(accounts=120, months=10, seed=5, end=DAY), root / "files")
    split_company(root / "files", DAY, root / "before", root / "day")
    yield root, root / "before", root / "day"


@contextmanager
def the_day_before(folder: Path, before: Path) -> Iterator[Workspace]:
    """A new workspace in `folder` holding the company up to the day before (`before`)."""
    with Workspace.init(folder) as ws:
        import_demo(ws, before, missing_ok=True)
        yield ws


def from_events(folder: Path, key: str, **options: object) -> pd.DataFrame:
    """`key` computed on a new connection from every event (roll-ups off, no cache)."""
    with Workspace.open(folder) as ws:
        ws.settings.workspace.usage_rollups = False
        ws.settings.workspace.result_cache = "off"
        return ws.metric(key, "month", **options)  # type: ignore[arg-type]


def with_rollups(folder: Path, key: str, **options: object) -> pd.DataFrame:
    with Workspace.open(folder) as ws:
        ws.settings.workspace.result_cache = "off"
        return ws.metric(key, "month", **options)  # type: ignore[arg-type]


def rollup_rows(ws: Workspace, name: str) -> pd.DataFrame:
    frame: pd.DataFrame = ws.store.con.table(rollups.PREFIX + name).to_pandas()
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def built_anew(ws: Workspace, name: str) -> pd.DataFrame:
    """The rows of roll-up `name` built from every event now."""
    rollup = rollups.BY_NAME[name]
    sql = rollups._sql(ws, rollup, rollups.workspace_conventions(ws), None)
    frame: pd.DataFrame = ws.store.con.sql(sql).to_pandas()
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def test_an_import_of_a_day_keeps_the_rollups_as_if_built_anew(
    folders: tuple[Path, Path, Path],
) -> None:
    root, before, day = folders
    with the_day_before(root / "ws", before) as ws:
        assert rollups.up_to_date(ws, rollups.workspace_conventions(ws)) == set(rollups.BY_NAME)
        first = {name: rollup_rows(ws, name) for name in rollups.BY_NAME}
        import_demo(ws, day, missing_ok=True)
        assert rollups.up_to_date(ws, rollups.workspace_conventions(ws)) == set(rollups.BY_NAME)
        for name in rollups.BY_NAME:
            kept = rollup_rows(ws, name)
            assert len(kept) > len(first[name]) or not kept.equals(first[name])
            pd.testing.assert_frame_equal(kept, built_anew(ws, name), obj=name)
    for key in READERS:
        kept, full = with_rollups(root / "ws", key), from_events(root / "ws", key)
        pd.testing.assert_frame_equal(kept, full, obj=key)
    by_plan = with_rollups(root / "ws", "mau", by=("plan",))
    pd.testing.assert_frame_equal(by_plan, from_events(root / "ws", "mau", by=("plan",)))


def test_the_metrics_read_the_rollups(folders: tuple[Path, Path, Path]) -> None:
    """Emptying a roll-up changes what the metrics say (so they read it), while a request
    with other conventions, and an explanation, still count every event."""
    root, before, _ = folders
    with the_day_before(root / "read", before) as ws:
        ws.store.execute(f'DELETE FROM "{rollups.PREFIX}user_months"')
        ws.store.execute(f'DELETE FROM "{rollups.PREFIX}feature_months"')
    emptied = with_rollups(root / "read", "active_users")
    full = from_events(root / "read", "active_users")
    assert full["value"].sum() > 0 and emptied["value"].sum() == 0
    unused = with_rollups(root / "read", "feature_adoption")
    used = from_events(root / "read", "feature_adoption")
    assert used["numerator"].sum() > 0 and unused["numerator"].sum() == 0
    other = {"activity_events": ["login", "session_start"]}
    pd.testing.assert_frame_equal(
        with_rollups(root / "read", "active_users", conventions=other),
        from_events(root / "read", "active_users", conventions=other),
    )


def test_events_written_outside_an_import_are_counted(folders: tuple[Path, Path, Path]) -> None:
    root, before, _ = folders
    with the_day_before(root / "direct", before) as ws:
        row = ws.table("events").filter(lambda t: t.user_id.notnull()).limit(1).to_pyarrow()
        moved = row.set_column(1, "occurred_at", row["occurred_at"].cast("timestamp[us]"))
        ws.store.insert("events", moved)
        assert rollups.up_to_date(ws, rollups.workspace_conventions(ws)) == frozenset()
        assert ws.build_rollups() == ["account_days", "user_months", "feature_months"]
        assert ws.build_rollups() == []
        for name in rollups.BY_NAME:
            pd.testing.assert_frame_equal(rollup_rows(ws, name), built_anew(ws, name))


def test_a_failed_import_leaves_the_rollups_as_they_were(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, before, day = folders
    with the_day_before(root / "failed", before) as ws:
        kept = {name: rollup_rows(ws, name) for name in rollups.BY_NAME}
        events = ws.table("events").count().to_pyarrow().as_py()

        def broken(*_: object) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr(_Run, "_record_import", broken)
        with pytest.raises(RuntimeError, match="disk full"):
            ws.import_file("events", day / "events.parquet")
        assert ws.table("events").count().to_pyarrow().as_py() == events
        assert rollups.up_to_date(ws, rollups.workspace_conventions(ws)) == set(rollups.BY_NAME)
        for name in rollups.BY_NAME:
            pd.testing.assert_frame_equal(rollup_rows(ws, name), kept[name])


def test_rollups_left_behind_by_a_failure_are_not_read(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bringing the roll-ups up to date fails after the import is committed: the import
    stays in, the roll-ups are not read until built again, and the metrics still count
    every event."""
    root, before, day = folders
    with the_day_before(root / "behind", before) as ws:
        events = ws.table("events").count().to_pyarrow().as_py()

        def broken(*_: object) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr(rollups, "rebuild_from", broken)
        report = ws.import_file("events", day / "events.parquet")
        assert ws.table("events").count().to_pyarrow().as_py() == events + report.inserted > events
        assert rollups.up_to_date(ws, rollups.workspace_conventions(ws)) == frozenset()
    pd.testing.assert_frame_equal(
        with_rollups(root / "behind", "active_users"), from_events(root / "behind", "active_users")
    )
    with Workspace.open(root / "behind") as ws:
        assert ws.build_rollups() == ["account_days", "user_months", "feature_months"]
        for name in rollups.BY_NAME:
            pd.testing.assert_frame_equal(rollup_rows(ws, name), built_anew(ws, name))


def test_rollups_can_be_turned_off(tmp_path: Path) -> None:
    write_parquet(DemoSpec(accounts=20, months=3, seed=2, end=DAY), tmp_path / "files")
    with Workspace.init(tmp_path / "ws") as ws:
        ws.settings.workspace.usage_rollups = False
        import_demo(ws, tmp_path / "files")
        assert not ws.store.has_table(rollups.REGISTRY)
        assert ws.build_rollups() == []


def test_a_new_features_catalogue_rebuilds_the_key_actions(
    folders: tuple[Path, Path, Path],
) -> None:
    """The day rows count uses of key features: importing a catalogue in which another
    feature is key rebuilds them, and activation follows the new catalogue."""
    root, before, _ = folders
    with the_day_before(root / "features", before) as ws:
        catalogue = ws.table("features").to_pandas()
        was = with_rollups(ws.folder, "activation_rate")
        catalogue["is_key"] = ~catalogue["is_key"].astype(bool)
        catalogue.to_csv(root / "features.csv", index=False)
        ws.import_file("features", root / "features.csv")
        assert rollups.up_to_date(ws, rollups.workspace_conventions(ws)) == set(rollups.BY_NAME)
        for name in ("account_days", "feature_months"):
            pd.testing.assert_frame_equal(rollup_rows(ws, name), built_anew(ws, name), obj=name)
    now = with_rollups(root / "features", "activation_rate")
    pd.testing.assert_frame_equal(now, from_events(root / "features", "activation_rate"))
    assert not now["value"].equals(was["value"])


def test_a_rollup_built_by_other_code_is_not_read(folders: tuple[Path, Path, Path]) -> None:
    """A roll-up whose building SQL differs from this version's (other columns, other
    conventions) is out of date, and `build_rollups` builds it again."""
    root, before, _ = folders
    with the_day_before(root / "older", before) as ws:
        ws.store.execute(
            f'UPDATE {rollups.REGISTRY} SET stamp = replace(stamp, \'"sql": "\', \'"sql": "0\')'
        )
        assert rollups.up_to_date(ws, rollups.workspace_conventions(ws)) == frozenset()
        assert ws.build_rollups() == ["account_days", "user_months", "feature_months"]
        assert rollups.up_to_date(ws, rollups.workspace_conventions(ws)) == set(rollups.BY_NAME)


def test_a_reimport_that_changes_nothing_only_records_the_new_state(
    folders: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Importing the same day again inserts and changes no row: the roll-ups are not
    rebuilt, yet stay up to date (the import log they are stamped with moved on)."""
    root, before, day = folders
    with the_day_before(root / "again", before) as ws:
        ws.import_file("events", day / "events.parquet")
        kept = {name: rollup_rows(ws, name) for name in rollups.BY_NAME}

        def rebuilt(*_: object) -> None:
            raise AssertionError("rebuilt though nothing changed")

        monkeypatch.setattr(rollups, "rebuild_from", rebuilt)
        monkeypatch.setattr(rollups, "build", rebuilt)
        report = ws.import_file("events", day / "events.parquet")
        assert report.inserted == report.updated == 0 and report.unchanged > 0
        assert rollups.up_to_date(ws, rollups.workspace_conventions(ws)) == set(rollups.BY_NAME)
        for name in rollups.BY_NAME:
            pd.testing.assert_frame_equal(rollup_rows(ws, name), kept[name])
