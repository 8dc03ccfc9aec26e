"""How a server runs: which workspace, cookie flags, login throttling, upload limit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tenure.server.auth.throttle import ThrottlePolicy


@dataclass(frozen=True)
class ServerConfig:
    """Settings of one running server (never secrets: those live in the auth file)."""

    folder: Path
    secure_cookies: bool = False
    throttle: ThrottlePolicy = field(default_factory=ThrottlePolicy)
    max_upload_bytes: int = 512 * 1024 * 1024
    warm_cache: bool = False
