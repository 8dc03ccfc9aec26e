"""One writer: `tenure import` in another process succeeds while `tenure serve` answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from server_common import Demo

TENURE = [sys.executable, "-c", "from tenure.cli.main import main; main()"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, deadline: float = 60.0) -> None:
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        try:
            if httpx.get(f"{url}/login", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("the server did not start")


@pytest.mark.slow
def test_cli_import_while_the_server_answers(demo: Demo, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "TENURE_LOCK_WAIT": "60"}
    server = subprocess.Popen(
        [*TENURE, "serve", "-w", str(demo.folder), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    statuses: list[int] = []
    stop = threading.Event()

    def hammer() -> None:
        headers = {"Authorization": f"Bearer {demo.tokens['admin']}"}
        with httpx.Client(base_url=url, headers=headers, timeout=90) as http:
            while not stop.is_set() and len(statuses) < 400:
                statuses.append(http.get("/api/accounts?limit=5").status_code)
                statuses.append(http.get("/api/status").status_code)

    try:
        wait_until_up(url)
        worker = threading.Thread(target=hammer)
        worker.start()
        time.sleep(1.0)
        data = tmp_path / "features.csv"
        data.write_text("feature,name\none_writer_probe,Probe\n", encoding="utf-8")
        done = subprocess.run(
            [*TENURE, "import", "features", str(data), "-w", str(demo.folder)],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        time.sleep(0.5)
        stop.set()
        worker.join(timeout=120)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert done.returncode == 0, done.stderr
    assert "inserted 1" in done.stdout
    assert statuses and set(statuses) == {200}, sorted(set(statuses))
    assert len(statuses) >= 10
