"""API latency under load: `tenure serve` in its own process on 127.0.0.1, and 20 clients
(threads of this second process) sending the requests a dashboard sends — KPI series,
a segmented series, an explanation, the account list and one account — for a fixed time
after a warm-up. Reports p50/p95/p99 in milliseconds, requests per second and errors.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

TENURE = Path(sys.executable).with_name("tenure")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def create_token(workspace: Path) -> str:
    """A manager token for the load (printed once by `tenure tokens create`)."""
    out = subprocess.run(
        [str(TENURE), "tokens", "create", "bench", "--role", "manager", "-w", str(workspace)],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return next(line for line in out.splitlines() if line.startswith("tnr_")).strip()


def wait_until_up(base: str, token: str, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/api/me", headers=_auth(token), timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the server did not start")


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def requests_of(client: httpx.Client) -> list[str]:
    """The paths of one dashboard visit (an account id taken from the list)."""
    listing = client.get("/api/accounts", params={"sort": "mrr", "order": "desc"}).json()
    account = listing["rows"][0]["account_id"] if listing.get("rows") else "none"
    period = client.get("/api/metrics/mrr").json()["rows"][-1]["period"]
    return [
        "/api/metrics/mrr",
        "/api/metrics/nrr",
        "/api/metrics/logo_churn_rate?by=plan",
        "/api/metrics/nps",
        f"/api/metrics/mrr/explain?period={period}",
        "/api/accounts?sort=mrr&order=desc",
        f"/api/accounts/{account}",
    ]


#: Seconds a request of the first (cold) visit may take: on L, scoring churn risk for the
#: customer list's first page takes tens of seconds.
WARM_TIMEOUT = 600.0


def _client(base: str, token: str, timeout: float = 120.0) -> httpx.Client:
    return httpx.Client(base_url=base, headers=_auth(token), timeout=timeout)


def load(base: str, token: str, clients: int, seconds: float) -> dict[str, float]:
    """Run `clients` closed-loop clients for `seconds`; latency percentiles in ms."""
    started = time.perf_counter()
    with _client(base, token, WARM_TIMEOUT) as warm:
        paths = requests_of(warm)
        for path in paths:
            warm.get(path)
    first_visit = time.perf_counter() - started
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        with _client(base, token) as http:
            index = offset
            while time.monotonic() < stop:
                started = time.perf_counter()
                status = http.get(paths[index % len(paths)]).status_code
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    latencies.append(elapsed)
                    errors[0] += status != 200
                index += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100)
    return {
        "clients": clients,
        "first_visit_s": first_visit,
        "requests": len(latencies),
        "requests_per_s": len(latencies) / seconds,
        "errors": errors[0],
        "p50_ms": cuts[49],
        "p95_ms": cuts[94],
        "p99_ms": cuts[98],
    }


def measure(workspace: Path, clients: int = 20, seconds: float = 30.0) -> dict[str, float]:
    """Serve the workspace, load it, stop the server."""
    token = create_token(workspace)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(TENURE), "serve", "--port", str(port), "-w", str(workspace)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ},
    )  # fmt: skip
    try:
        wait_until_up(base, token)
        return load(base, token, clients, seconds)
    finally:
        server.terminate()
        server.wait(timeout=60)
