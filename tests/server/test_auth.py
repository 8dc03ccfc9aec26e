"""Sign-in, sessions, CSRF, API tokens and login throttling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server_common import Demo, bearer, csrf_of, login

from tenure.server.auth import tokens
from tenure.server.auth.db import AuthDB
from tenure.server.auth.roles import Role
from tenure.server.auth.sessions import COOKIE
from tenure.server.auth.tokens import authenticate_token, create_token, revoke_token
from tenure.server.auth.users import add_user


def test_anonymous_api_gets_401_and_pages_redirect_to_login(client: TestClient) -> None:
    answer = client.get("/api/accounts")
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == "Bearer"
    page = client.get("/customers?plan=growth")
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Fcustomers%3Fplan%3Dgrowth"


def test_login_opens_a_session(client: TestClient) -> None:
    assert login(client, "admin") == 303
    answer = client.get("/api/me")
    assert answer.json()["name"] == "admin"
    assert answer.json()["via"] == "session"


def test_cookie_attributes(client: TestClient) -> None:
    form = client.get("/login")
    token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post(
        "/login",
        data={"username": "manager", "password": "correct horse battery", "csrf_token": token},
    )
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()


def test_wrong_password_is_refused(client: TestClient) -> None:
    assert login(client, "viewer", "not the password") == 401
    assert client.get("/api/me").status_code == 401


def test_login_form_needs_its_csrf_token(client: TestClient) -> None:
    client.get("/login")
    answer = client.post("/login", data={"username": "admin", "password": "correct horse battery"})
    assert answer.status_code == 403


def test_tampered_cookie_is_anonymous(client: TestClient) -> None:
    client.cookies.set(COOKIE, "forged.value")
    assert client.get("/api/me").status_code == 401


def test_logout_needs_csrf_and_ends_the_session(client: TestClient) -> None:
    assert login(client, "admin") == 303
    assert client.post("/logout", data={"csrf_token": "wrong"}).status_code == 403
    assert client.get("/api/me").status_code == 200
    assert client.post("/logout", data={"csrf_token": csrf_of(client)}).status_code == 303
    assert client.get("/api/me").status_code == 401


def test_login_redirects_only_to_local_paths(client: TestClient) -> None:
    form = client.get("/login")
    token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post(
        "/login",
        data={
            "username": "admin",
            "password": "correct horse battery",
            "csrf_token": token,
            "next": "//evil.example/",
        },
    )
    assert answer.headers["location"] == "/"


def test_cookie_writes_need_the_csrf_header(client: TestClient) -> None:
    assert login(client, "admin") == 303
    files = {"file": ("a.csv", b"account_id\nX1\n", "text/csv")}
    refused = client.post("/api/imports", data={"table": "features"}, files=files)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    wrong = client.post(
        "/api/imports",
        data={"table": "features"},
        files=files,
        headers={"X-CSRF-Token": "nope"},
    )
    assert wrong.status_code == 403


def test_upload_form_needs_the_csrf_field(client: TestClient) -> None:
    assert login(client, "admin") == 303
    files = {"file": ("f.csv", b"feature\nx\n", "text/csv")}
    answer = client.post("/import", data={"table": "features"}, files=files)
    assert answer.status_code == 403


def test_tokens_authenticate_and_can_be_revoked(client: TestClient, demo: Demo) -> None:
    db = AuthDB.for_workspace(demo.folder)
    token_id, token = create_token(db, "temporary", Role.VIEWER)
    headers = {"Authorization": f"Bearer {token}"}
    me = client.get("/api/me", headers=headers).json()
    assert me == {
        "name": "token:temporary",
        "role": "viewer",
        "csm_id": None,
        "via": "token",
        "permissions": ["kpis"],
    }
    revoke_token(db, token_id)
    assert client.get("/api/me", headers=headers).status_code == 401


def test_bad_tokens_are_refused(client: TestClient, demo: Demo) -> None:
    good = demo.tokens["viewer"]
    for token in ("nonsense", good[:-2] + "xx", "tnr_", "tnr_abc"):
        answer = client.get("/api/me", headers={"Authorization": f"Bearer {token}"})
        assert answer.status_code == 401


def test_tokens_need_no_csrf(client: TestClient, demo: Demo) -> None:
    answer = client.get("/api/quarantine", headers=bearer(demo, "admin"))
    assert answer.status_code == 200


def test_login_throttling_locks_out_a_username_and_address(client: TestClient, demo: Demo) -> None:
    add_user(AuthDB.for_workspace(demo.folder), "target", "the right password", Role.VIEWER)
    codes = [login(client, "target", f"guess {n}") for n in range(4)]
    assert codes == [401, 401, 429, 429]
    assert login(client, "target", "the right password") == 429
    locked = client.get("/login")
    assert locked.status_code == 200
    assert login(client, "viewer") == 303  # another user from the same address is not locked


def test_a_tokens_last_use_is_kept_to_the_minute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = AuthDB(tmp_path / "auth.sqlite")
    token = create_token(db, "minute", Role("viewer"), None)[1]

    def last_used() -> str | None:
        with db.connect(write=False) as con:
            row = con.execute("SELECT last_used_at FROM tokens WHERE name = 'minute'").fetchone()
        return None if row is None else row["last_used_at"]

    start = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
    for moment, expected in (
        (start, "2026-11-25T12:00:00+00:00"),
        (start + timedelta(seconds=30), "2026-11-25T12:00:00+00:00"),
        (start + timedelta(seconds=61), "2026-11-25T12:01:01+00:00"),
    ):
        monkeypatch.setattr(tokens, "utcnow", lambda moment=moment: moment)
        assert authenticate_token(db, token) is not None
        assert last_used() == expected
