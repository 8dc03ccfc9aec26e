"""Shared types of the browser tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Server:
    """The running dashboard."""

    url: str
    folder: Path
    csm_id: str


@dataclass
class Watch:
    """What a page did: console errors and requests to other hosts."""

    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
