"""The snapshot tables: one row per snapshot day, per metric value, per account score."""

from __future__ import annotations

from collections.abc import Mapping

import ibis
import ibis.expr.datatypes as dt

from tenure.storage.store import Store

SNAPSHOTS = "tenure_snapshots"
METRIC_VALUES = "tenure_snapshot_metrics"
SCORES = "tenure_snapshot_scores"

#: Values are exact decimals (money must not be stored as binary floats).
VALUE = dt.Decimal(38, 10)

SCHEMAS: dict[str, ibis.Schema] = {
    SNAPSHOTS: ibis.schema(
        {
            "snapshot_date": "date",
            "taken_at": "timestamp",
            "metric_values": "int64",
            "scores": "int64",
            "problems": "string",
        }
    ),
    METRIC_VALUES: ibis.schema(
        {
            "snapshot_date": "date",
            "metric": "string",
            "measure": "string",
            "grain": "string",
            "period": "date",
            "value": VALUE,
            "numerator": VALUE,
            "denominator": VALUE,
        }
    ),
    SCORES: ibis.schema(
        {
            "snapshot_date": "date",
            "kind": "string",
            "account_id": "string",
            "score": VALUE,
            "label": "string",
        }
    ),
}


def ensure_tables(store: Store, schemas: Mapping[str, ibis.Schema] = SCHEMAS) -> None:
    """Create the bookkeeping tables in `schemas` that do not exist yet."""
    existing = set(store.con.list_tables())
    for name, schema in schemas.items():
        if name not in existing:
            store.con.create_table(name, schema=schema)
