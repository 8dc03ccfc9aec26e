"""The customer list's search box (`q`): accounts whose name or id holds the text, in any
case, checked against the whole list filtered here; the page shows the same accounts."""

from __future__ import annotations

from fastapi.testclient import TestClient
from server_common import Demo, bearer, login


def _rows(client: TestClient, demo: Demo, **params: str) -> list[dict[str, str]]:
    query = {"limit": "1000", **params}
    answer = client.get("/api/accounts", params=query, headers=bearer(demo, "manager"))
    assert answer.status_code == 200
    rows: list[dict[str, str]] = answer.json()["rows"]
    return rows


def test_search_keeps_accounts_whose_name_or_id_holds_the_text(
    client: TestClient, demo: Demo
) -> None:
    everyone = _rows(client, demo)
    name = everyone[0]["name"]
    needle = name[1:4].upper()  # part of a name, in another case
    expected = {
        row["account_id"]
        for row in everyone
        if needle.lower() in row["name"].lower() or needle.lower() in row["account_id"].lower()
    }
    found = {row["account_id"] for row in _rows(client, demo, q=f"  {needle} ")}
    assert found == expected and everyone[0]["account_id"] in found
    assert len(found) < len(everyone)
    by_id = everyone[-1]["account_id"]
    assert by_id in {row["account_id"] for row in _rows(client, demo, q=by_id)}
    assert _rows(client, demo, q="no account is called this") == []


def test_the_page_shows_what_the_search_finds(client: TestClient, demo: Demo) -> None:
    everyone = _rows(client, demo)
    account = everyone[0]
    assert login(client, "manager") == 303
    page = client.get("/customers", params={"q": account["account_id"], "limit": "1000"}).text
    assert f'data-account="{account["account_id"]}"' in page
    others = [
        row["account_id"] for row in everyone if account["account_id"] not in row["account_id"]
    ]
    assert all(f'data-account="{other}"' not in page for other in others)
    assert f'value="{account["account_id"]}"' in page  # the box keeps the text searched
