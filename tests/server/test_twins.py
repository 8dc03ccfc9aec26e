"""Each page shows the figures its JSON twin returns."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from pages_common import MONTH, RANGE, cells, feature_cells, twin_cells
from server_common import Demo, bearer, login


def attributes(html: str, name: str, value: str = "data-value") -> dict[str, str]:
    pattern = rf'{name}="([^"]+)"[^>]*{value}="([^"]*)"'
    return dict(re.findall(pattern, html))


def number(text: str) -> float | None:
    return float(text) if text not in ("", "None") else None


def test_overview_panels_match_the_twin(client: TestClient, demo: Demo) -> None:
    assert login(client, "manager") == 303
    query = "?grain=month&segment=plan&value=growth"
    html = client.get(f"/{query}").text
    twin = client.get(f"/api/pages/overview{query}").json()
    shown = attributes(html, "data-kpi")
    assert twin["range"]["segment"] == "plan"
    assert len(shown) == len(twin["panels"]) >= 8
    for panel in twin["panels"]:
        assert number(shown[panel["key"]]) == panel["value"], panel["key"]


def test_revenue_movements_match_the_twin(client: TestClient, demo: Demo) -> None:
    assert login(client, "viewer") == 303
    html = client.get("/revenue").text
    twin = client.get("/api/pages/revenue", headers=bearer(demo, "viewer")).json()
    for row in twin["movements"]:
        cells = re.search(rf'data-period="{row["period"]}">(.*?)</tr>', html, re.S)
        assert cells is not None
        values = dict(re.findall(r'data-column="(\w+)" data-value="([^"]*)"', cells.group(1)))
        for column in ("start", "new", "churned", "end"):
            assert number(values[column]) == row[column]


def test_customers_match_the_twin(client: TestClient, demo: Demo) -> None:
    assert login(client, "csm") == 303
    query = "?sort=mrr&order=desc&limit=20"
    html = client.get(f"/customers{query}").text
    twin = client.get(f"/api/pages/customers{query}", headers=bearer(demo, "csm")).json()
    shown = re.findall(r'data-account="([^"]+)"', html)
    assert shown == [row["account_id"] for row in twin["accounts"]["rows"]]
    assert f"{twin['accounts']['total']:,} accounts" in html


def test_account_page_matches_the_twin(client: TestClient, demo: Demo) -> None:
    assert login(client, "admin") == 303
    account = client.get("/api/accounts?sort=mrr&order=desc&limit=1").json()["rows"][0]
    html = client.get(f"/accounts/{account['account_id']}").text
    twin = client.get(f"/api/pages/account/{account['account_id']}").json()
    assert f"Support tickets ({len(twin['tickets'])})" in html
    assert f"Survey answers ({len(twin['surveys'])})" in html
    assert f"Touchpoints ({len(twin['touchpoints'])})" in html
    for answer in twin["surveys"]:
        if answer["comment"]:
            assert answer["comment"].replace("'", "&#39;").replace('"', "&#34;") in html


def test_import_page_matches_the_twin(client: TestClient, demo: Demo) -> None:
    assert login(client, "admin") == 303
    html = client.get("/import").text
    twin = client.get("/api/pages/import").json()
    for table in twin["tables"]:
        assert f'<td>{table["table"]}</td><td class="num">{table["rows"]:,}</td>' in html


def test_experience_matches_the_twin(client: TestClient, demo: Demo) -> None:
    assert login(client, "manager") == 303
    html = client.get(f"/experience{RANGE}").text
    twin = client.get(f"/api/pages/experience{RANGE}").json()
    shown = cells(html, "experience-scores")
    expected: dict[tuple[str, str, str], float | None] = {}
    for trend in twin["trends"]:
        expected |= twin_cells(trend)
    assert shown == expected and len(shown) == 4 * 6
    themes = re.findall(r'data-group="(\w+)" data-theme="([^"]+)" data-mentions="(\d+)"', html)
    listed = [
        (group["group"], theme["theme"], str(theme["mentions"]))
        for group in twin["verbatims"]
        for theme in group["themes"]
    ]
    assert themes == listed and len(listed) > 0


def test_support_matches_the_twin(client: TestClient, demo: Demo) -> None:
    assert login(client, "viewer") == 303
    html = client.get(f"/support{RANGE}").text
    twin = client.get(f"/api/pages/support{RANGE}", headers=bearer(demo, "viewer")).json()
    expected = twin_cells(twin["ticket_csat"], "ticket_csat")
    for trend in twin["trends"]:
        expected |= twin_cells(trend)
    assert cells(html, "support-figures") == expected
    mix = {
        (row["period"], f"ticket_volume:{row['severity']}", "value"): row["value"]
        for row in twin["severity"]["rows"]
    }
    assert cells(html, "severity-mix") == mix and len(mix) >= 6 * 3


def test_adoption_matches_the_twin(client: TestClient, demo: Demo) -> None:
    assert login(client, "csm") == 303
    html = client.get(f"/adoption{RANGE}").text
    twin = client.get(f"/api/pages/adoption{RANGE}", headers=bearer(demo, "csm")).json()
    parts = {"engagement_tier": ("bad", "good", "excellent"), "adoption": ("value", "depth")}
    expected: dict[tuple[str, str, str], float | None] = {}
    for trend in twin["trends"]:
        expected |= twin_cells(trend, parts=parts.get(trend["key"], ("value",)))
    shown = cells(html, "adoption-figures")
    assert {key: shown[key] for key in expected} == expected
    features = feature_cells(html)
    latest = [row for row in twin["features"]["rows"] if row["period"] == twin["latest"]]
    assert twin["latest"] == MONTH and len(latest) >= 5
    assert features == {row["feature"]: row["value"] for row in latest if row["value"] is not None}


def test_customer_scores_match_the_twin(client: TestClient, demo: Demo) -> None:
    assert login(client, "manager") == 303
    query = "?sort=health_score&order=asc&limit=25"
    html = client.get(f"/customers{query}").text
    twin = client.get(f"/api/pages/customers{query}").json()
    assert twin["has_scores"]
    scores = [row["health_score"] for row in twin["accounts"]["rows"]]
    shown = re.findall(r'data-column="health_score" data-value="([^"]*)"', html)
    assert [number(value) for value in shown] == scores
    assert scores == sorted(scores) and scores[0] is not None
    assert all(row["health_tier"] in ("red", "yellow", "green") for row in twin["accounts"]["rows"])
    risks = re.findall(r'data-column="risk_probability" data-value="([^"]*)"', html)
    assert [number(v) for v in risks] == [r["risk_probability"] for r in twin["accounts"]["rows"]]


def test_account_health_and_risk_match_the_twin(client: TestClient, demo: Demo) -> None:
    assert login(client, "admin") == 303
    rows = client.get("/api/accounts?sort=health_score&order=asc&limit=1").json()["rows"]
    html = client.get(f"/accounts/{rows[0]['account_id']}").text
    twin = client.get(f"/api/pages/account/{rows[0]['account_id']}").json()
    assert twin["health"]["score"] == rows[0]["health_score"]
    shown = re.search(r'data-kpi="health_score" data-value="([^"]*)"', html)
    assert shown is not None and number(shown.group(1)) == twin["health"]["score"]
    groups = re.findall(r'<tr data-group="(\w+)">', html)
    assert groups == [group["group"] for group in twin["health"]["groups"]] != []
    if twin["risk"] is None:
        assert twin["risk_problem"] and "Not available" in html
    else:
        drivers = re.findall(r'<tr data-driver="(\w+)">', html)
        assert drivers == [driver["feature"] for driver in twin["risk"]["drivers"]]
