"""Webhook delivery against a local receiver on 127.0.0.1 that fails the first attempts."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from ops_common import DAY

from tenure.ops.settings import WebhookSettings
from tenure.ops.webhooks import Delivery, Webhook, WebhookError, post, resolve
from tenure.workspace import Workspace

SECRET_PATH = "/hooks/T000/B000/very-secret-token"


@dataclass
class Receiver:
    """What the receiver got, and how many more requests it fails (None: all of them)."""

    url: str
    failures: int | None = 0
    status: int = 500
    bodies: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            receiver.attempts += 1
            body = self.rfile.read(int(self.headers["Content-Length"]))
            failing = receiver.failures is None or receiver.failures > 0
            if failing:
                receiver.failures = None if receiver.failures is None else receiver.failures - 1
                self.send_response(receiver.status)
            else:
                receiver.bodies.append(json.loads(body))
                self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Receiver("")))
    found = Receiver(f"http://127.0.0.1:{server.server_address[1]}{SECRET_PATH}")
    server.RequestHandlerClass = _handler(found)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield found
    server.shutdown()
    server.server_close()


FAST = WebhookSettings(retries=3, backoff_seconds=0.01, timeout_seconds=5)


def send(url: str, settings: WebhookSettings = FAST) -> tuple[Delivery, list[float]]:
    waits: list[float] = []
    delivery = Delivery({"text": "hello", "blocks": []}, ["t1"], "$TEST")
    return post(Webhook(url, "$TEST"), delivery, settings, waits.append), waits


def test_a_failing_receiver_gets_the_retry(receiver: Receiver) -> None:
    receiver.failures = 2
    delivery, waits = send(receiver.url)
    assert delivery.delivered and delivery.attempts == 3 and receiver.attempts == 3
    assert waits == [0.01, 0.02]  # the backoff doubles
    assert receiver.bodies == [{"text": "hello", "blocks": []}]


def test_retries_are_bounded_and_the_failure_is_kept(receiver: Receiver) -> None:
    receiver.failures = None
    delivery, waits = send(receiver.url)
    assert not delivery.delivered
    assert delivery.attempts == receiver.attempts == FAST.retries + 1
    assert delivery.error == "HTTP 500" and len(waits) == FAST.retries


def test_a_client_error_is_not_retried(receiver: Receiver) -> None:
    receiver.failures, receiver.status = None, 404
    delivery, _ = send(receiver.url)
    assert delivery.attempts == 1 and delivery.status_code == 404


def test_an_unreachable_receiver_fails_without_showing_the_url() -> None:
    url = f"http://127.0.0.1:9{SECRET_PATH}"  # port 9 (discard) is closed here
    delivery, _ = send(url, WebhookSettings(retries=1, backoff_seconds=0, timeout_seconds=2))
    assert not delivery.delivered and delivery.attempts == 2
    assert delivery.error is not None and "secret" not in delivery.error
    assert "secret" not in repr(Webhook(url, "$TEST"))


def test_alert_runs_announce_new_tasks_in_slack_blocks(
    hand: Workspace, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TENURE_WEBHOOK_URL", receiver.url)
    hand.settings.alerts.webhook = FAST
    run = hand.run_alerts(DAY)
    assert run.delivered == 1 and run.failed == 0
    message = receiver.bodies[0]
    assert message["text"].startswith("tenure: 9 new tasks")
    assert message["blocks"][0]["type"] == "header"
    assert len(message["blocks"]) == 1 + 9
    assert "Account 3" in message["text"]
    assert hand.run_alerts(DAY).delivered == 0  # nothing new, nothing sent


def test_failed_deliveries_are_recorded_and_sent_again(
    hand: Workspace, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TENURE_WEBHOOK_URL", receiver.url)
    hand.settings.alerts.webhook = FAST
    receiver.failures = None
    run = hand.run_alerts(DAY)
    assert run.failed == 1
    failed = hand.deliveries(failed_only=True)
    assert len(failed) == 1 and failed["attempts"].iloc[0] == FAST.retries + 1
    assert failed["origin"].iloc[0] == "$TENURE_WEBHOOK_URL"
    assert "secret" not in failed.to_csv()  # the URL is never stored
    receiver.failures = 0
    again = hand.retry_deliveries()
    assert [d.delivered for d in again] == [True]
    assert hand.deliveries(failed_only=True).empty
    assert len(receiver.bodies) == 1


def test_the_url_comes_from_the_environment_or_a_secrets_file_outside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = tmp_path / "ws"
    workspace.mkdir()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('webhook_url = "https://hooks.example/abc"\n')
    monkeypatch.delenv("TENURE_WEBHOOK_URL", raising=False)
    settings = WebhookSettings(secrets_file=str(secrets))
    assert resolve(settings, workspace) == Webhook("https://hooks.example/abc", str(secrets))
    monkeypatch.setenv("TENURE_WEBHOOK_URL", "https://hooks.example/env")
    assert resolve(settings, workspace).url == "https://hooks.example/env"  # type: ignore[union-attr]
    inside = workspace / "secrets.toml"
    inside.write_text('webhook_url = "https://hooks.example/abc"\n')
    monkeypatch.delenv("TENURE_WEBHOOK_URL")
    with pytest.raises(WebhookError, match="inside the workspace"):
        resolve(WebhookSettings(secrets_file=str(inside)), workspace)
    monkeypatch.setenv("TENURE_WEBHOOK_URL", "ftp://secret-host/x")
    with pytest.raises(WebhookError) as error:
        resolve(settings, workspace)
    assert "secret-host" not in str(error.value)
    monkeypatch.delenv("TENURE_WEBHOOK_URL")
    assert resolve(WebhookSettings(secrets_file=str(tmp_path / "none.toml")), workspace) is None
