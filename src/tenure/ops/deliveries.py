"""The record of webhook deliveries: every message sent, its attempts and its outcome.

Failed deliveries stay in the table (status `failed`) so they can be listed and sent
again with `tenure alerts retry`; the URL is never stored, only where it came from.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence

import ibis
import pandas as pd

from tenure.ops.tables import empty, ensure, frame_of, insert, now, records, replace
from tenure.ops.webhooks import Delivery
from tenure.storage.store import Store

DELIVERIES_TABLE = "tenure_webhook_deliveries"

DELIVERY_SCHEMA = ibis.schema(
    {
        "delivery_id": "string",
        "sent_at": "timestamp",
        "origin": "string",
        "task_ids": "string",
        "attempts": "int64",
        "status": "string",
        "status_code": "int64",
        "error": "string",
        "payload": "string",
    }
)


def _row(delivery: Delivery, delivery_id: str | None = None) -> dict[str, object]:
    return {
        "delivery_id": delivery_id or uuid.uuid4().hex[:12],
        "sent_at": now(),
        "origin": delivery.origin,
        "task_ids": json.dumps(delivery.task_ids),
        "attempts": delivery.attempts,
        "status": "delivered" if delivery.delivered else "failed",
        "status_code": delivery.status_code,
        "error": delivery.error,
        "payload": json.dumps(delivery.payload),
    }


def record(store: Store, deliveries: Sequence[Delivery]) -> None:
    """Add new deliveries to the record."""
    insert(store, DELIVERIES_TABLE, DELIVERY_SCHEMA, [_row(d) for d in deliveries])


def update(store: Store, delivery_id: str, delivery: Delivery) -> None:
    """Replace a recorded delivery by the outcome of sending it again."""
    replace(store, DELIVERIES_TABLE, DELIVERY_SCHEMA, [_row(delivery, delivery_id)], "delivery_id")


def deliveries(store: Store, failed_only: bool = False) -> pd.DataFrame:
    """The recorded deliveries, newest first (only the failed ones when asked)."""
    if not store.has_table(DELIVERIES_TABLE):
        return empty(DELIVERY_SCHEMA)
    table = ensure(store, DELIVERIES_TABLE, DELIVERY_SCHEMA)
    if failed_only:
        table = table.filter(table.status == "failed")
    return frame_of(table.order_by(table.sent_at.desc()))


def pending(store: Store) -> list[tuple[str, Delivery]]:
    """The failed deliveries as (id, delivery) pairs ready to be sent again."""
    rows = deliveries(store, failed_only=True)
    return [
        (
            str(row["delivery_id"]),
            Delivery(json.loads(row["payload"]), json.loads(row["task_ids"]), str(row["origin"])),
        )
        for row in records(rows)
    ]
