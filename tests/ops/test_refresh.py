"""`tenure refresh`: inbox imports, a lock so runs never overlap, a log of each run.

Done means: two overlapping runs — the second waits or exits cleanly, and nothing is
computed twice (asserted through the run log).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest

from tenure.demo import DemoSpec, write_parquet
from tenure.history.tables import SNAPSHOTS
from tenure.ops.inbox import classify
from tenure.ops.lock import refresh_lock
from tenure.ops.refresh import RefreshOptions, refresh
from tenure.workspace import Workspace

DAY = "2026-10-31"
TENURE = str(Path(sys.executable).with_name("tenure"))


@pytest.fixture(scope="module")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("refresh-files")
    write_parquet(DemoSpec(accounts=50, months=6, seed=5, end=date(2026, 10, 31)), folder)
    return folder


@pytest.fixture
def folder(tmp_path: Path, demo_files: Path) -> Path:
    """A new workspace whose inbox holds the demo company's files."""
    Workspace.init(tmp_path / "ws").close()
    shutil.copytree(demo_files, tmp_path / "ws" / "inbox")
    return tmp_path / "ws"


def run_cli(folder: Path, *arguments: str) -> subprocess.Popen[str]:
    command = [TENURE, "refresh", "--workspace", str(folder), "--date", DAY, *arguments]
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ)
    )


def runs(folder: Path) -> pd.DataFrame:
    with Workspace.open(folder) as ws:
        return ws.refresh_runs().sort_values("started_at", ignore_index=True)


def test_inbox_names() -> None:
    assert classify(Path("subscriptions_2026-11.csv")).table == "subscriptions"  # type: ignore[union-attr]
    assert classify(Path("accounts.parquet")).table == "accounts"  # type: ignore[union-attr]
    item = classify(Path("zendesk--tickets-export.json"))
    assert item is not None and (item.source, item.table) == ("zendesk", "tickets")
    assert classify(Path("events.jsonl")).table == "events"  # type: ignore[union-attr]
    assert classify(Path("notes.txt")) is None
    assert classify(Path("accountsx.csv")) is None


def test_a_second_run_exits_cleanly_while_one_holds_the_lock(folder: Path) -> None:
    with refresh_lock(folder):
        second = run_cli(folder, "--wait", "0")
        out, err = second.communicate(timeout=120)
    assert second.returncode == 75, out + err
    assert "another tenure refresh is running" in err
    assert "nothing was done" in err
    assert len(list((folder / "inbox").glob("*.parquet"))) == 11  # untouched
    assert runs(folder).empty


def test_two_overlapping_runs_compute_once(folder: Path) -> None:
    first = run_cli(folder, "--wait", "300")
    second = run_cli(folder, "--wait", "300")
    results = [process.communicate(timeout=600) for process in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results

    log = runs(folder)
    assert list(log["status"]) == ["ok", "up-to-date"]
    done, waited = log.iloc[0], log.iloc[1]
    assert done["files"] == 11 and done["rows"] > 1000
    assert waited["files"] == 0 and waited["rows"] == 0 and pd.isna(waited["snapshot_date"])
    assert waited["requested_at"] < done["finished_at"]  # they overlapped …
    assert waited["started_at"] >= done["finished_at"]  # … and the second waited
    assert "nothing computed" in waited["steps"]
    with Workspace.open(folder) as ws:
        assert len(ws.imports()) == 11  # each file imported once
        snapshots = ws.store.table(SNAPSHOTS).to_pandas()
    assert len(snapshots) == 1  # computed once
    assert not list((folder / "inbox").glob("*.parquet"))
    assert len(list((folder / "inbox" / "done").glob("*.parquet"))) == 11


def test_same_content_is_never_imported_twice(folder: Path) -> None:
    first = refresh(folder, RefreshOptions(day=date(2026, 10, 31)))
    assert first.status == "ok" and first.files == 11
    again = folder / "inbox" / "accounts-resent.parquet"
    shutil.copy(folder / "inbox" / "done" / "accounts.parquet", again)
    (folder / "inbox" / "readme.txt").write_text("not data")
    second = refresh(folder, RefreshOptions(day=date(2026, 10, 31)))
    assert second.status == "up-to-date" and second.files == 0
    assert any("already imported" in step for step in second.steps)
    assert any("ignored readme.txt" in step for step in second.steps)
    assert (folder / "inbox" / "done" / "accounts-resent.parquet").exists()
    with Workspace.open(folder) as ws:
        assert len(ws.imports()) == 11


def test_a_bad_file_is_filed_away_and_logged(folder: Path) -> None:
    for path in (folder / "inbox").iterdir():
        path.unlink()
    (folder / "inbox" / "tickets.csv").write_text("no,such,columns\n1,2,3\n")
    run = refresh(folder, RefreshOptions(day=date(2026, 10, 31)))
    assert run.status == "error" and "tickets.csv" in (run.error or "")
    assert (folder / "inbox" / "failed" / "tickets.csv").exists()
    assert runs(folder)["status"].tolist() == ["error"]


class _Hook(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, object]]] = []

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        _Hook.received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        """Quiet."""


@pytest.fixture
def webhook() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook?token=secret"
    server.shutdown()


def test_a_run_is_announced_on_the_webhook(
    folder: Path, webhook: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TENURE_REFRESH_WEBHOOKS", webhook)
    run = refresh(folder, RefreshOptions(day=date(2026, 10, 31)))
    assert any(step.startswith("webhook 1: delivered") for step in run.steps), run.steps
    payload = _Hook.received[-1]
    assert payload["run_id"] == run.run_id and payload["files"] == 11
    logged = runs(folder)["steps"].iloc[0]
    assert "secret" not in logged and "127.0.0.1" not in logged
