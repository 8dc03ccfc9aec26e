"""The overview's KPI panels show the company's goal for a metric (target and status, as
`Workspace.goals` reports them) and the seeds' benchmark — company-wide only."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from fastapi.testclient import TestClient
from server_common import Demo, bearer, login

from tenure.server.app import create_app
from tenure.server.config import ServerConfig
from tenure.workspace import Workspace


def test_churn_panel_shows_goal_and_benchmark(demo: Demo, tmp_path: Path) -> None:
    folder = shutil.copytree(demo.folder, tmp_path / "ws")
    with Workspace.open(folder) as ws:
        for goal_id in ws.goals()["goal_id"]:  # goals other tests left in the shared demo
            ws.remove_goal(goal_id)
        ws.add_goal("logo_churn_rate", 0.01, "2026")
        expected = ws.goals().iloc[0]
        benchmark = ws.benchmarks().set_index("key").loc["churn_acceptable_monthly"]
    copy = Demo(folder, demo.csm_id, demo.tokens)
    app = create_app(ServerConfig(folder=folder))
    with TestClient(app, follow_redirects=False) as client:
        headers = bearer(copy, "viewer")
        twin = client.get("/api/pages/overview?grain=month", headers=headers).json()
        churn = next(p for p in twin["panels"] if p["key"] == "logo_churn_rate")
        assert churn["goal_target"] == 0.01 and churn["goal_status"] == expected["status"]
        assert churn["benchmark"] == f"{benchmark['name']}: {benchmark['benchmark']}"
        mrr = next(p for p in twin["panels"] if p["key"] == "mrr")
        assert mrr["goal_target"] is None and mrr["benchmark"] is None
        assert login(client, "viewer") == 303
        html = client.get("/?grain=month").text
        panel = html[html.index('data-kpi="logo_churn_rate"') :]
        panel = panel[: panel.index("</article>")]
        assert 'data-goal="0.01"' in panel and expected["status"] in panel
        assert re.search(r"Benchmark — Acceptable churn per month: 0\.5 %", panel)
        segment = client.get(
            "/api/pages/overview?grain=month&segment=plan&value=growth", headers=headers
        ).json()
        assert all(p["goal_target"] is None and p["benchmark"] is None for p in segment["panels"])
