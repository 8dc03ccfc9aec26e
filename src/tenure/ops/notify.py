"""Tell webhooks about a refresh run (the URLs are secrets: never printed or stored).

`notify(env, payload)` posts the run's summary to each URL listed (comma-separated) in the
environment variable `env`, with the bounded retries of `tenure.ops.webhooks`, and returns
one line per webhook for the run's log, naming it by position only.
"""

from __future__ import annotations

import os
from typing import Any

from tenure.ops.settings import WebhookSettings
from tenure.ops.webhooks import Delivery, Webhook, post


def webhook_urls(env: str) -> list[str]:
    """The URLs listed in the environment variable `env`."""
    return [url.strip() for url in os.environ.get(env, "").split(",") if url.strip()]


def notify(env: str, payload: dict[str, Any]) -> list[str]:
    """Post `payload` to every webhook of `env`; one log line per webhook (no URL)."""
    lines = []
    for number, url in enumerate(webhook_urls(env), start=1):
        origin = f"${env} #{number}"
        sent = post(Webhook(url, origin), Delivery(payload, [], origin), WebhookSettings())
        outcome = "delivered" if sent.delivered else f"failed ({sent.error})"
        lines.append(f"webhook {number}: {outcome} after {sent.attempts} attempt(s)")
    return lines
