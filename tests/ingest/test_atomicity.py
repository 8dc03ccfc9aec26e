"""An import is all or nothing: a crash (SIGKILL), an error or Ctrl-C midway changes nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from tenure.ingest import pipeline
from tenure.ingest.validate import Validator
from tenure.storage.store import Store
from tenure.workspace import Workspace

WriteFile = Callable[[str, str | bytes], Path]
Snapshot = dict[str, object]
CHUNK_ROWS = 20_000


def snapshot(ws: Workspace) -> Snapshot:
    """Every stored table's columns and rows (canonical and bookkeeping), as sorted values.

    Ibis's in-memory registrations (`ibis_*`) are not stored: they vanish with the Python
    objects that hold them, here the traceback `pytest.raises` keeps.
    """
    state: Snapshot = {}
    for name in sorted(ws.store.con.list_tables()):
        if name.startswith("ibis_"):
            continue
        table = ws.store.table(name)
        rows = table.to_pyarrow().to_pylist()
        state[name] = (list(table.schema().items()), sorted(rows, key=repr))
    return state


def events_csv(path: Path, rows: int, seed: int = 0) -> Path:
    """A large valid events file (with an attribute column), a few refused rows at the end."""
    rng = np.random.default_rng(seed)
    seconds = rng.integers(0, 3 * 365 * 86_400, rows)
    stamps = np.datetime64("2022-01-01T00:00:00") + seconds.astype("timedelta64[s]")
    table = pa.table(
        {
            "account_id": np.array(["a1", "a2", "a3"])[rng.integers(0, 3, rows)],
            "occurred_at": pa.array(stamps.astype("datetime64[us]")),
            "event": np.array(["login", "api_call", "report"])[rng.integers(0, 3, rows)],
            "user_id": np.char.add("u", np.arange(rows).astype(str)),
            "quantity": rng.integers(1, 9, rows).astype("float64"),
            "device": np.array(["ios", "web"])[rng.integers(0, 2, rows)],
        }
    )
    pacsv.write_csv(table, path)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(
            "zz,2024-01-01 00:00:00,login,u0,1,web\na1,2099-01-01 00:00:00,login,u0,1,web\n"
        )
    return path


@pytest.fixture
def filled(accounts_workspace: Workspace, write_file: WriteFile) -> Iterator[Workspace]:
    """A workspace with some events and a quarantine entry, imported in small chunks."""
    ws = accounts_workspace
    config = ws.folder / "tenure.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("[import]\n", f"[import]\nchunk_rows = {CHUNK_ROWS}\n"), "utf-8")
    first = "account_id,occurred_at,event\na1,2024-01-01,login\nzz,2024-01-02,login\n"
    ws.import_file("events", write_file("first-events.csv", first))
    folder = ws.folder
    ws.close()
    with Workspace.open(folder) as reopened:
        assert reopened.settings.imports.chunk_rows == CHUNK_ROWS
        yield reopened


# -- SIGKILL in a child process ----------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from tenure.ingest import pipeline
    from tenure.storage.store import Store
    from tenure.workspace import Workspace

    folder, data, marker = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    stop_at = sys.argv[4]

    def signal_and_wait(where):
        if where == stop_at:
            marker.write_text(where)
            time.sleep(600)

    def progress(done, total):
        if done >= 3 * {chunk}:
            signal_and_wait("staging")

    real_insert, real_add, real_log = Store.insert, Store.add_column, pipeline._Run._record_import

    def insert(self, name, obj):
        real_insert(self, name, obj)
        if name == "events":
            signal_and_wait("insert")

    def add_column(self, *args):
        real_add(self, *args)
        signal_and_wait("add_column")

    def record_import(self, report):
        real_log(self, report)
        signal_and_wait("before_commit")

    Store.insert, Store.add_column, pipeline._Run._record_import = insert, add_column, record_import
    with Workspace.open(folder) as ws:
        ws.import_file("events", data, progress=progress)
    marker.write_text("finished")
    """
).format(chunk=CHUNK_ROWS)


@pytest.mark.slow
@pytest.mark.parametrize("stop_at", ["staging", "add_column", "insert", "before_commit"])
def test_sigkill_midway_leaves_the_workspace_unchanged(
    filled: Workspace, tmp_path: Path, stop_at: str
) -> None:
    ws = filled
    before = snapshot(ws)
    folder = ws.folder
    ws.close()
    data = events_csv(tmp_path / "big-events.csv", rows=150_000)
    marker = tmp_path / "marker"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), str(data), str(marker), stop_at],
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(marker, child)
        assert marker.read_text() == stop_at
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    with Workspace.open(folder) as reopened:
        assert snapshot(reopened) == before
        report = reopened.import_file("events", data)  # and the workspace still works
    assert report.inserted == 150_000
    assert report.quarantined == 2


def _wait_for(marker: Path, child: subprocess.Popen[bytes], timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    # The child creates the marker and then writes to it: wait for what it wrote.
    while not (marker.exists() and marker.read_text()):
        if child.poll() is not None:
            errors = child.stderr.read().decode() if child.stderr else ""
            pytest.fail(f"the import process ended early ({child.returncode}): {errors[-2000:]}")
        if time.monotonic() > deadline:
            pytest.fail("the import never reached the point to kill it at")
        time.sleep(0.02)


# -- exceptions and Ctrl-C in process ----------------------------------------------------------


def _fail_on_second_chunk(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Validator.run
    calls = {"n": 0}

    def run(self: Validator, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("boom on the second chunk")
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Validator, "run", run)


def _fail_after_upsert(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    real = pipeline.upsert  # type: ignore[attr-defined]

    def upsert(*args: object, **kwargs: object) -> object:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise error

    monkeypatch.setattr(pipeline, "upsert", upsert)


def _fail_on_quarantine(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    real = Store.insert

    def insert(self: Store, name: str, obj: object) -> None:
        if name == "tenure_quarantine":
            raise error
        real(self, name, obj)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "insert", insert)


FAILURES: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "error-on-second-chunk": _fail_on_second_chunk,
    "error-after-upsert": lambda mp: _fail_after_upsert(mp, RuntimeError("boom after upsert")),
    "ctrl-c-after-upsert": lambda mp: _fail_after_upsert(mp, KeyboardInterrupt()),
    "error-writing-quarantine": lambda mp: _fail_on_quarantine(mp, OSError("disk full")),
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_an_error_midway_leaves_the_workspace_unchanged(
    filled: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    ws = filled
    data = events_csv(tmp_path / "events.csv", rows=3 * CHUNK_ROWS)
    before = snapshot(ws)
    FAILURES[failure](monkeypatch)
    with pytest.raises((RuntimeError, KeyboardInterrupt, OSError)):
        ws.import_file("events", data)
    monkeypatch.undo()
    assert snapshot(ws) == before
    assert not [name for name in ws.store.con.list_tables() if name.startswith("tenure_stage")]
    report = ws.import_file("events", data)
    assert (report.inserted, report.quarantined) == (3 * CHUNK_ROWS, 2)
