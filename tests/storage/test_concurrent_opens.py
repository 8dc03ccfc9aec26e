"""Threads of one process (a server's requests) open and close the same workspace at once
without tripping over each other."""

from __future__ import annotations

import threading
from pathlib import Path

from tenure.workspace import Workspace


def test_threads_open_the_same_workspace_at_once(tmp_path: Path) -> None:
    Workspace.init(tmp_path / "ws").close()
    failures: list[str] = []

    def cycle() -> None:
        for _ in range(15):
            try:
                with Workspace.open(tmp_path / "ws") as ws:
                    ws.status()
                    ws.metric("customers", "month", "2026-01-01", "2026-03-01")
            except Exception as error:  # collected: the assertion names them
                failures.append(str(error).splitlines()[0])

    threads = [threading.Thread(target=cycle) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
