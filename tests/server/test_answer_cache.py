"""Kept answers (`tenure.server.answers`) and remembered tokens (`auth.token_cache`): a
replayed answer is the app's answer, and every check of a fresh request still holds —
revocation, role, book, the client's encoding and a change of the data."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server_common import Demo, bearer

from tenure.server import answers
from tenure.server.auth import deps, token_cache
from tenure.server.auth.db import AuthDB
from tenure.server.auth.roles import Role
from tenure.server.auth.tokens import create_token, revoke_token

MRR = "/api/metrics/mrr"


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    """Every test starts with nothing kept."""
    answers.ANSWERS.clear()
    token_cache.clear()
    yield
    answers.ANSWERS.clear()
    token_cache.clear()


def paths(client: TestClient, demo: Demo) -> list[str]:
    """The reads of a dashboard visit (as the load benchmark sends them)."""
    listing = client.get("/api/accounts?sort=mrr&order=desc", headers=bearer(demo, "admin"))
    account = listing.json()["rows"][0]["account_id"]
    period = client.get(MRR, headers=bearer(demo, "admin")).json()["rows"][-1]["period"]
    return [
        MRR,
        "/api/metrics/logo_churn_rate?by=plan",
        f"/api/metrics/mrr/explain?period={period}",
        "/api/accounts?sort=mrr&order=desc",
        f"/api/accounts/{account}",
    ]


def test_a_replayed_answer_is_the_apps_answer(client: TestClient, demo: Demo) -> None:
    reads = paths(client, demo)
    first = [client.get(path, headers=bearer(demo, "manager")) for path in reads]
    replayed = [client.get(path, headers=bearer(demo, "manager")) for path in reads]
    answers.ANSWERS.clear()
    fresh = [client.get(path, headers=bearer(demo, "manager")) for path in reads]
    for one, again, new in zip(first, replayed, fresh, strict=True):
        assert one.status_code == again.status_code == new.status_code == 200
        assert one.content == again.content == new.content
        assert dict(one.headers) == dict(again.headers) == dict(new.headers)
        assert again.headers["content-security-policy"].startswith("default-src 'self'")
        assert again.headers["cache-control"] == "no-store"


def test_a_replay_does_not_reach_the_app(
    client: TestClient, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = client.get(MRR, headers=bearer(demo, "admin"))

    def refuse(*args: object) -> None:
        raise AssertionError("the app was asked")

    monkeypatch.setattr(deps, "authenticate_token", refuse)
    assert client.get(MRR, headers=bearer(demo, "admin")).content == first.content


def test_revocation_here_stops_a_kept_answer_at_once(client: TestClient, demo: Demo) -> None:
    db = AuthDB.for_workspace(demo.folder)
    token_id, token = create_token(db, "short-lived", Role.MANAGER)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(MRR, headers=headers).status_code == 200
    assert client.get(MRR, headers=headers).status_code == 200  # replayed
    revoke_token(db, token_id)
    assert client.get(MRR, headers=headers).status_code == 401
    assert client.get("/api/me", headers=headers).status_code == 401


def revoke_elsewhere(folder: Path, token_id: str) -> None:
    """Revoke as another process does: straight in the auth file, nothing told here."""
    con = sqlite3.connect(folder / "auth.sqlite")
    with con:
        con.execute("UPDATE tokens SET revoked_at = '2026-01-01' WHERE token_id = ?", (token_id,))
    con.close()


def test_revocation_elsewhere_shows_at_the_next_request(client: TestClient, demo: Demo) -> None:
    token_id, token = create_token(AuthDB.for_workspace(demo.folder), "elsewhere", Role.ADMIN)
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(MRR, headers=headers).status_code == 200
    assert client.get(MRR, headers=headers).status_code == 200
    revoke_elsewhere(demo.folder, token_id)
    assert client.get(MRR, headers=headers).status_code == 401


def test_a_remembered_token_is_trusted_a_bounded_time(
    client: TestClient, demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even when the auth file's stamp cannot tell (one tick of its clock), a revocation
    from elsewhere shows once the entry is older than `TTL`."""
    token_id, token = create_token(AuthDB.for_workspace(demo.folder), "bounded", Role.ADMIN)
    headers = {"Authorization": f"Bearer {token}"}
    monkeypatch.setattr(token_cache, "auth_stamp", lambda db: ())
    assert client.get(MRR, headers=headers).status_code == 200
    revoke_elsewhere(demo.folder, token_id)
    monkeypatch.setattr(token_cache, "TTL", 0.0)
    assert client.get(MRR, headers=headers).status_code == 401


def test_a_kept_answer_goes_only_to_its_scope(client: TestClient, demo: Demo) -> None:
    listing = "/api/accounts?limit=1000"
    everyone = client.get(listing, headers=bearer(demo, "manager")).json()
    assert client.get(listing, headers=bearer(demo, "admin")).json() == everyone
    assert client.get(listing, headers=bearer(demo, "viewer")).status_code == 403
    mine = client.get(listing, headers=bearer(demo, "csm")).json()
    assert 0 < mine["total"] < everyone["total"]
    assert {row["owner_id"] for row in mine["rows"]} == {demo.csm_id}
    outside = next(row for row in everyone["rows"] if row["owner_id"] != demo.csm_id)
    detail = f"/api/accounts/{outside['account_id']}"
    assert client.get(detail, headers=bearer(demo, "manager")).status_code == 200
    assert client.get(detail, headers=bearer(demo, "csm")).status_code == 404
    by_account = f"{MRR}?where=account_id={outside['account_id']}"
    assert client.get(by_account, headers=bearer(demo, "manager")).status_code == 200
    assert client.get(by_account, headers=bearer(demo, "csm")).status_code == 403


def test_the_encoding_follows_the_client(client: TestClient, demo: Demo) -> None:
    listing = "/api/accounts?limit=100"
    zipped = {**bearer(demo, "admin"), "Accept-Encoding": "gzip"}
    plain = {**bearer(demo, "admin"), "Accept-Encoding": "identity"}
    for _ in range(2):
        assert client.get(listing, headers=zipped).headers["content-encoding"] == "gzip"
        answer = client.get(listing, headers=plain)
        assert "content-encoding" not in answer.headers
        assert answer.json()["limit"] == 100


def test_anonymous_callers_are_still_refused(client: TestClient, demo: Demo) -> None:
    assert client.get(MRR, headers=bearer(demo, "admin")).status_code == 200
    assert client.get(MRR).status_code == 401
    assert client.get(MRR, headers={"Authorization": "Bearer tnr_x_y"}).status_code == 401


def test_a_new_data_version_is_answered_afresh(client: TestClient, demo: Demo) -> None:
    """A change of the workspace's files (here the settings, rewritten) is a new data
    version: nothing kept under the old one is replayed (an import: see
    test_response_cache)."""
    headers = bearer(demo, "admin")
    first = client.get(MRR, headers=headers)
    kept = len(answers.ANSWERS.items)
    settings = demo.folder / "tenure.toml"
    stat = settings.stat()
    settings.write_text(settings.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(settings, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    again = client.get(MRR, headers=headers)
    assert again.content == first.content
    assert len(answers.ANSWERS.items) == kept + 1  # answered afresh, kept anew
