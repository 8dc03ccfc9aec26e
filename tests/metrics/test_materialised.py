"""Building blocks kept as temporary tables belong to the connection that made them: a
workspace opened again (a new connection to the same file) builds its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tenure.workspace import Workspace

EVENTS = (
    "account_id,occurred_at,event,user_id\n"
    "a1,2024-02-03T10:00:00,login,u1\na1,2024-02-04T10:00:00,login,u2\n"
    "a2,2024-02-05T10:00:00,login,u3\n"
)


def test_a_reopened_workspace_builds_its_own_blocks(
    accounts_workspace: Workspace, write_file: Callable[[str, str], Path]
) -> None:
    accounts_workspace.import_file("events", write_file("events.csv", EVENTS))
    folder = accounts_workspace.folder
    for _ in range(2):
        with Workspace.open(folder) as ws:
            ws.settings.workspace.result_cache = "off"
            frame = ws.metric("mau", "month", "2024-02-01", "2024-02-01")
            assert frame["value"].tolist() == [3]
