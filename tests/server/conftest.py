"""A small demo workspace with one user and one token per role, and a test client per caller."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from server_common import PASSWORD, ROLES, Demo, build_demo, busiest_csm

from tenure.server.app import create_app
from tenure.server.auth.db import AuthDB
from tenure.server.auth.roles import Role
from tenure.server.auth.throttle import ThrottlePolicy
from tenure.server.auth.tokens import create_token
from tenure.server.auth.users import add_user
from tenure.server.config import ServerConfig


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    folder = build_demo(tmp_path_factory.mktemp("server"))
    csm_id = busiest_csm(folder)
    db = AuthDB.for_workspace(folder)
    tokens = {}
    for role in ROLES:
        book = csm_id if role == "csm" else None
        add_user(db, role, PASSWORD, Role(role), book)
        tokens[role] = create_token(db, f"{role}-token", Role(role), book)[1]
    return Demo(folder, csm_id, tokens)


@pytest.fixture(scope="session")
def app(demo: Demo) -> FastAPI:
    policy = ThrottlePolicy(free=3, base_seconds=60)
    return create_app(ServerConfig(folder=demo.folder, throttle=policy))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client
