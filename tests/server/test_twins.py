"""Each page shows the figures its JSON twin returns."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
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
