"""Notify new tasks through a webhook (Slack-compatible JSON), with retries and a record.

The URL is a secret: it comes from an environment variable or from a secrets file that
must lie outside the workspace (the workspace folder is meant to be kept in git), and it
never appears in a message, a log line or the deliveries table.
"""

from __future__ import annotations

import json
import os
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tenure.errors import TenureError
from tenure.ops.settings import WebhookSettings

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_WAIT_SECONDS = 30.0


class WebhookError(TenureError):
    """The webhook is misconfigured (the message never contains the URL)."""


@dataclass(frozen=True)
class Webhook:
    """A resolved webhook: its URL (secret) and where it came from (safe to show)."""

    url: str
    origin: str

    def __repr__(self) -> str:
        return f"Webhook(origin={self.origin!r})"


@dataclass
class Delivery:
    """One message and what became of it."""

    payload: dict[str, Any]
    task_ids: list[str]
    origin: str
    attempts: int = 0
    delivered: bool = False
    error: str | None = None
    status_code: int | None = None
    waits: list[float] = field(default_factory=list)


def resolve(settings: WebhookSettings, workspace: Path) -> Webhook | None:
    """The webhook from the environment variable, else the secrets file; None when unset."""
    url = os.environ.get(settings.url_env, "").strip()
    if url:
        return _checked(Webhook(url, f"${settings.url_env}"))
    path = Path(settings.secrets_file).expanduser()
    if not path.is_file():
        return None
    _outside(path, workspace)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        raise WebhookError(f"secrets file {path} is not readable TOML") from None
    url = str(data.get("webhook_url", "")).strip()
    return _checked(Webhook(url, str(path))) if url else None


def _outside(path: Path, workspace: Path) -> None:
    """Refuse a secrets file inside the workspace (it would end up in git)."""
    if path.resolve().is_relative_to(workspace.resolve()):
        raise WebhookError(f"secrets file {path} lies inside the workspace; move it outside")


def _checked(hook: Webhook) -> Webhook:
    if not hook.url.startswith(("https://", "http://")):
        raise WebhookError(f"the webhook URL from {hook.origin} must start with https://")
    return hook


Sleep = Callable[[float], None]


def post(
    hook: Webhook, delivery: Delivery, settings: WebhookSettings, sleep: Sleep = time.sleep
) -> Delivery:
    """POST the delivery's payload, retrying transient failures with a doubling backoff."""
    body = json.dumps(delivery.payload).encode("utf-8")
    wait = settings.backoff_seconds
    for attempt in range(1, settings.retries + 2):
        delivery.attempts = attempt
        retry = _attempt(hook, body, delivery, settings.timeout_seconds)
        if delivery.delivered or not retry or attempt > settings.retries:
            break
        delivery.waits.append(min(wait, MAX_WAIT_SECONDS))
        sleep(delivery.waits[-1])
        wait *= 2
    return delivery


def _attempt(hook: Webhook, body: bytes, delivery: Delivery, timeout: float) -> bool:
    """One POST; records the outcome and returns whether a retry may help."""
    request = urllib.request.Request(
        hook.url, data=body, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            delivery.status_code = int(answer.status)
            delivery.delivered, delivery.error = True, None
            return False
    except urllib.error.HTTPError as error:
        delivery.status_code = int(error.code)
        delivery.error = f"HTTP {error.code}"
        return error.code in RETRY_STATUSES
    except (urllib.error.URLError, OSError, ValueError) as error:
        delivery.status_code = None
        delivery.error = _safe(error, hook.url)
        return True


def _safe(error: Exception, url: str) -> str:
    """The error's kind and reason, without the URL or any part of it."""
    reason = getattr(error, "reason", error)
    text = f"{type(error).__name__}: {reason}".replace(url, "***")
    return text[:200]


def send_all(
    hook: Webhook,
    messages: Sequence[tuple[dict[str, Any], list[str]]],
    settings: WebhookSettings,
    sleep: Sleep = time.sleep,
) -> list[Delivery]:
    """Deliver every (payload, task ids) message."""
    return [
        post(hook, Delivery(payload, ids, hook.origin), settings, sleep)
        for payload, ids in messages
    ]
