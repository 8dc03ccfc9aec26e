"""Throw-away database servers for the backend suite: a PostgreSQL cluster and a Spark session.

The Postgres cluster lives in a temporary folder, listens on 127.0.0.1 on a free port, runs
as user `postgres` when the tests run as root (initdb refuses root) and trusts local
connections; it is stopped and removed at the end. `TENURE_TEST_POSTGRES_URL` points the
suite at an existing server instead (databases are created in it and left behind).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

POSTGRES_URL_ENV = "TENURE_TEST_POSTGRES_URL"
CLUSTER_PREFIX = "tenure-pg-"
OWNER_FILE = "owner.pid"
SYSTEM_DEPS_HINT = "run `make system-deps` (apt-get install postgresql default-jre-headless)"


def postgres_bin() -> Path:
    """The folder of Debian's PostgreSQL server programs (the newest version installed)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=_version)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    if on_path:
        return Path(on_path).resolve().parent
    raise RuntimeError(f"PostgreSQL server programs not found: {SYSTEM_DEPS_HINT}")


def _version(path: str) -> int:
    part = Path(path).parts[-3]
    return int(part) if part.isdigit() else 0


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class PostgresServer:
    """A server reachable at `url` (its maintenance database), where tests create databases."""

    url: str

    def database_url(self, name: str) -> str:
        """The URL of database `name` on this server."""
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def create_database(self, name: str) -> str:
        """Create an empty database and return its URL."""
        with psycopg.connect(self.url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}"')
            con.execute(f'CREATE DATABASE "{name}"')
        return self.database_url(name)


class PostgresCluster:
    """A throw-away cluster: `initdb`, `pg_ctl start` on 127.0.0.1, `pg_ctl stop`, remove.

    Its folder records the test process that owns it, so a cluster left running by a run
    that was killed is stopped by the next run (`sweep_abandoned`).
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.bin = postgres_bin()
        self.folder = folder or Path(tempfile.mkdtemp(prefix=CLUSTER_PREFIX))
        self.data = self.folder / "data"
        self.port = free_port()
        self.user = "postgres" if os.geteuid() == 0 else None
        if folder is None:
            (self.folder / OWNER_FILE).write_text(str(os.getpid()), encoding="utf-8")
            if self.user:
                shutil.chown(self.folder, user=self.user)

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            raise RuntimeError(f"{args[0]} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> PostgresServer:
        """Create the cluster and start it; fast and unsafe settings (it is thrown away)."""
        data = str(self.data)
        self._run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "-N")
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")
        return PostgresServer(f"postgresql://postgres@127.0.0.1:{self.port}/postgres")

    def stop(self) -> None:
        """Stop the server at once and remove its files."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def sweep_abandoned() -> None:
    """Stop and remove the clusters of test runs that died without stopping them."""
    for owner in Path(tempfile.gettempdir()).glob(f"{CLUSTER_PREFIX}*/{OWNER_FILE}"):
        text = owner.read_text(encoding="utf-8").strip()
        if not _alive(int(text) if text.isdigit() else 0):
            with contextlib.suppress(RuntimeError):
                PostgresCluster(owner.parent).stop()


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """The server of `TENURE_TEST_POSTGRES_URL`, else a throw-away cluster for the run."""
    existing = os.environ.get(POSTGRES_URL_ENV)
    if existing:
        yield PostgresServer(existing)
        return
    sweep_abandoned()
    cluster = PostgresCluster()
    try:
        yield cluster.start()
    finally:
        cluster.stop()


#: Spark settings for tests on tiny data: one shuffle partition, no adaptive re-planning,
#: code generation or broadcast joins (each costs more than it saves at this size: a
#: broadcast is one more job per join), no UI or console progress, no Hive.
SPARK_TEST_CONF = {
    "spark.master": "local[2]",
    "spark.app.name": "tenure-tests",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.memory": "1g",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.catalogImplementation": "in-memory",
    "spark.sql.shuffle.partitions": "1",
    "spark.default.parallelism": "2",
    "spark.sql.adaptive.enabled": "false",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.autoBroadcastJoinThreshold": "-1",
    "spark.sql.session.timeZone": "UTC",
}


@contextmanager
def spark_session(warehouse: Path) -> Iterator[Any]:
    """A local Spark session (2 cores, on 127.0.0.1) with its warehouse in `warehouse`."""
    if shutil.which("java") is None:
        raise RuntimeError(f"java not found: {SYSTEM_DEPS_HINT}")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    builder: Any = SparkSession.builder
    for key, value in {**SPARK_TEST_CONF, "spark.sql.warehouse.dir": str(warehouse)}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    try:
        yield session
    finally:
        session.stop()
