"""Shared fixtures: a fresh workspace, one with a few known accounts, and file writers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tenure.workspace import Workspace

#: Test ids under this folder run on one xdist worker (see `pytest_xdist_make_scheduler`).
BACKEND_SUITE = "tests/backends/"


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under `-n N` (load distribution), keep the backend suite on one worker, so a run
    starts one Postgres cluster and one Spark session; other tests spread one by one."""
    if config.getvalue("dist") not in ("load", "loadgroup"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):  # type: ignore[misc]
        def _split_scope(self, nodeid: str) -> str:
            return "backends" if nodeid.startswith(BACKEND_SUITE) else nodeid

    return Scheduling(config, log)


#: The accounts every `accounts_workspace` knows, so other tables' rows can reference them.
KNOWN_ACCOUNTS = ("a1", "a2", "a3")
ACCOUNTS_CSV = "account_id,name,created_at\na1,Acme,2023-01-05\na2,Beta,2023-02-10\na3,Gamma,\n"

WriteFile = Callable[[str, str | bytes], Path]


@pytest.fixture
def write_file(tmp_path: Path) -> WriteFile:
    """Write text (UTF-8) or bytes to a file named `name` in a scratch folder; return its path."""
    folder = tmp_path / "files"
    folder.mkdir(exist_ok=True)

    def write(name: str, content: str | bytes) -> Path:
        path = folder / name
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    return write


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A new, empty workspace (closed after the test)."""
    with Workspace.init(tmp_path / "ws") as ws:
        yield ws


@pytest.fixture
def accounts_workspace(workspace: Workspace, write_file: WriteFile) -> Workspace:
    """A new workspace that already knows the accounts in `KNOWN_ACCOUNTS`."""
    report = workspace.import_file("accounts", write_file("known-accounts.csv", ACCOUNTS_CSV))
    assert report.inserted == len(KNOWN_ACCOUNTS)
    return workspace
