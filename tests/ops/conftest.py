"""Fixtures of the operations tests: the hand-built company and a small demo company.

Session workspaces are built once and copied for each test that writes (tasks, goals).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from ops_common import HEALTH, build_hand

from tenure.ops import alerts
from tenure.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "server"))
from server_common import build_demo


@pytest.fixture(scope="session")
def hand_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hand(tmp_path_factory.mktemp("hand"))


@pytest.fixture(scope="session")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo(tmp_path_factory.mktemp("ops-demo"), accounts=150, months=12)


def _copy(folder: Path, target: Path) -> Path:
    shutil.copytree(folder, target)
    return target


@pytest.fixture
def hand(hand_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """A writable copy of the hand-built company, with the tests' health scores."""
    monkeypatch.setattr(alerts, "health", lambda ws, day, notes=None: HEALTH.copy())
    monkeypatch.delenv("TENURE_WEBHOOK_URL", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    with Workspace.open(_copy(hand_folder, tmp_path / "hand")) as ws:
        yield ws


@pytest.fixture
def demo(demo_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    """A writable copy of the small demo company."""
    monkeypatch.delenv("TENURE_WEBHOOK_URL", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    with Workspace.open(_copy(demo_folder, tmp_path / "demo")) as ws:
        yield ws
