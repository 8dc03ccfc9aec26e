"""Kept health scores: `tenure_health_history`, keyed by (as_of, account_id).

Saving a day replaces every row of that day, so recomputing a date never duplicates it.
Group scores are kept as JSON, because cards (and so their groups) may change over time.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa

from tenure.models import MODEL_TABLES
from tenure.models.health.scoring import GROUP_PREFIX
from tenure.models.tables import ensure_table, replace_day

if TYPE_CHECKING:
    from tenure.workspace import Workspace

HEALTH_HISTORY = MODEL_TABLES[0]

SCHEMA = pa.schema(
    [
        ("as_of", pa.date32()),
        ("account_id", pa.string()),
        ("card", pa.string()),
        ("score", pa.float64()),
        ("tier", pa.string()),
        ("previous_score", pa.float64()),
        ("trend", pa.float64()),
        ("mrr", pa.float64()),
        ("groups", pa.string()),
        ("computed_at", pa.timestamp("us")),
    ]
)


def _groups_json(row: pd.Series, columns: list[str]) -> str:
    values = {c[len(GROUP_PREFIX) :]: (None if pd.isna(row[c]) else float(row[c])) for c in columns}
    return json.dumps(values, sort_keys=True)


def history_rows(health: pd.DataFrame) -> pa.Table:
    """The health table as rows of `tenure_health_history`."""
    groups = [c for c in health.columns if c.startswith(GROUP_PREFIX)]
    now = datetime.now(UTC).replace(tzinfo=None)
    frame = pd.DataFrame(
        {
            "as_of": [date.fromisoformat(str(d)) for d in health["as_of"]],
            "account_id": health["account_id"].astype(str),
            "card": health["card"].astype(str),
            "score": health["score"].astype("float64"),
            "tier": health["tier"].astype(object),
            "previous_score": health["previous_score"].astype("float64"),
            "trend": health["trend"].astype("float64"),
            "mrr": health["mrr"].astype("float64"),
            "groups": [_groups_json(row, groups) for _, row in health.iterrows()],
            "computed_at": now,
        }
    )
    return pa.Table.from_pandas(frame, schema=SCHEMA, preserve_index=False)


def save_health(ws: Workspace, health: pd.DataFrame) -> int:
    """Keep a health table (one day) in the history; returns the rows kept."""
    ensure_table(ws, HEALTH_HISTORY, SCHEMA)
    if health.empty:
        return 0
    replace_day(ws, HEALTH_HISTORY, history_rows(health))
    return len(health)


def read_health(
    ws: Workspace, account_id: str | None, start: date | None, end: date | None
) -> pd.DataFrame:
    """Saved health rows, filtered, oldest first; as_of as ISO text."""
    ensure_table(ws, HEALTH_HISTORY, SCHEMA)
    t = ws.store.table(HEALTH_HISTORY)
    if account_id is not None:
        t = t.filter(t.account_id == account_id)
    if start is not None:
        t = t.filter(t.as_of >= start)
    if end is not None:
        t = t.filter(t.as_of <= end)
    frame: pd.DataFrame = t.order_by("as_of", "account_id").to_pandas()
    frame["as_of"] = pd.to_datetime(frame["as_of"]).dt.strftime("%Y-%m-%d")
    return frame
