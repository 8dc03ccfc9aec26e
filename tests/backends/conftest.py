"""Fixtures of the backend suite: one Postgres cluster and one Spark session per run.

Every test here is marked `backend`. Under xdist they all run on one worker (the scheduler
in tests/conftest.py), so a run starts one cluster and one Spark session only.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from backends_common import SPEC, DemoWorkspace, NewWorkspace, unique_name
from backends_servers import PostgresServer, postgres_server, spark_session

from tenure.cli.demo import LOAD_ORDER
from tenure.demo import write_parquet
from tenure.workspace import Workspace

HERE = Path(__file__).parent
#: PySpark 4.0's pandas conversions still pass `copy=` to pandas 3 (harmless, very loud).
PYSPARK_PANDAS_WARNING = "The copy keyword is deprecated"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test of this folder `backend` (and quiet PySpark's pandas warnings)."""
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.backend)
            item.add_marker(pytest.mark.filterwarnings(f"ignore:{PYSPARK_PANDAS_WARNING}"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server for the whole run (a throw-away cluster unless configured)."""
    with postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The run's one local Spark session, with a temporary warehouse."""
    with spark_session(tmp_path_factory.mktemp("spark-warehouse")) as session:
        yield session


@pytest.fixture(scope="session")
def backend_url(request: pytest.FixtureRequest) -> Any:
    """`url(backend, label)`: the URL of a new, empty store on that backend.

    Postgres and Spark start only when a test asks for them.
    """

    def url(backend: str, label: str) -> str:
        if backend == "duckdb":
            return "duckdb://tenure.duckdb"
        name = unique_name(label)
        if backend == "postgres":
            server: PostgresServer = request.getfixturevalue("pg_server")
            return server.create_database(name)
        if backend == "pyspark":
            request.getfixturevalue("spark")
            return f"pyspark://?database={name}"
        raise ValueError(f"unknown backend {backend}")

    return url


@pytest.fixture(scope="session")
def new_workspace(backend_url: Any, tmp_path_factory: pytest.TempPathFactory) -> NewWorkspace:
    """`new(backend, label)`: a new, empty workspace on that backend (closed by the caller)."""

    def new(backend: str, label: str) -> Workspace:
        folder = tmp_path_factory.mktemp(f"{backend}-{label}")
        return Workspace.init(folder / "ws", backend=backend_url(backend, label))

    return new


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo company, one Parquet file per table."""
    folder = tmp_path_factory.mktemp("demo-files")
    write_parquet(SPEC, folder)
    return folder


@pytest.fixture(scope="session")
def demo(new_workspace: NewWorkspace, demo_files: Path) -> Iterator[Any]:
    """`demo(backend)`: the demo company imported on that backend (once per run)."""
    made: dict[str, DemoWorkspace] = {}

    def get(backend: str) -> DemoWorkspace:
        if backend not in made:
            ws = new_workspace(backend, "demo")
            reports = [ws.import_file(t, demo_files / f"{t}.parquet") for t in LOAD_ORDER]
            made[backend] = DemoWorkspace(ws, reports)
        return made[backend]

    yield get
    for done in made.values():
        done.ws.close()
