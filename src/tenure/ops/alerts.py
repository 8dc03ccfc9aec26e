"""Run the alert rules for a day and turn their firings into tasks, without duplicates.

Each firing belongs to an episode with a stable key `rule:account:episode`:

* rules on an event name it by the event (the answer's id, the oldest overdue invoice,
  the renewal date, the last touchpoint), so the same event never makes a second task;
* rules on a state (health red, usage drop, ticket spike) continue the account's latest
  episode of the rule while they keep firing within `rearm_days` of it; after a longer
  pause, a firing opens a new episode keyed by its day.

A task's status is left alone when its episode fires again (a done task stays done);
only `last_fired_on` moves on. Running the rules twice therefore creates nothing new.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import pandas as pd

from tenure.errors import TenureError
from tenure.ops import rules_billing, rules_health, rules_signals
from tenure.ops import tasks as task_store
from tenure.ops.asof import customers, owners
from tenure.ops.rules import RULES, Firing, Scene, rule_settings
from tenure.ops.scores import health
from tenure.ops.settings import AlertSettings
from tenure.ops.tables import frame_of, now, records
from tenure.workspace import Workspace

_ = (rules_billing, rules_health, rules_signals)  # importing them registers the rules


class AlertError(TenureError, ValueError):
    """The alert rules cannot run as asked."""


@dataclass
class AlertRun:
    """What one run did: tasks created, episodes that continued, rules skipped."""

    day: date
    fired: dict[str, int] = field(default_factory=dict)
    created: list[dict[str, Any]] = field(default_factory=list)
    continued: int = 0
    notes: list[str] = field(default_factory=list)
    delivered: int = 0
    failed: int = 0

    def __len__(self) -> int:
        """How many firings the run saw (new tasks and continued episodes)."""
        return sum(self.fired.values())


def evaluate(
    ws: Workspace, day: date, only: tuple[str, ...] = ()
) -> tuple[list[Firing], list[str]]:
    """Every enabled rule's firings on `day` (`only`: just these rules), and notes."""
    settings = ws.settings.alerts
    names = [name for name in RULES if not only or name in only]
    unknown = sorted(set(only) - set(RULES))
    if unknown:
        raise AlertError(f"unknown rule(s) {', '.join(unknown)}; known: {', '.join(RULES)}")
    notes: list[str] = []
    scene = Scene(ws, day, customers(ws, day))
    enabled = [n for n in names if rule_settings(settings, n).enabled]
    if any(RULES[n].needs_health for n in enabled):
        scene.health = health(ws, day, notes)
        if scene.health is None:
            notes.append("health scores are not available: health rules skipped")
    firings: list[Firing] = []
    for name in enabled:
        firings += RULES[name].evaluate(scene, rule_settings(settings, name))
    return firings, notes + scene.notes


def run_alerts(ws: Workspace, day: date | None = None, only: tuple[str, ...] = ()) -> AlertRun:
    """Evaluate the rules on `day` (default today) and create or continue their tasks."""
    day = day or date.today()
    firings, notes = evaluate(ws, day, only)
    run = AlertRun(day, notes=notes)
    for firing in firings:
        run.fired[firing.rule] = run.fired.get(firing.rule, 0) + 1
    existing = _existing(ws, firings)
    created, continued = plan(firings, existing, day, ws.settings.alerts, owners(ws, day))
    task_store.save(ws.store, [*created, *continued])
    run.created, run.continued = created, len(continued)
    return run


def _existing(ws: Workspace, firings: list[Firing]) -> pd.DataFrame:
    """The stored tasks of the fired (rule, account) pairs."""
    tasks = task_store.table(ws.store)
    accounts = sorted({f.account_id for f in firings})
    if not accounts:
        return frame_of(tasks.limit(0))
    rules = sorted({f.rule for f in firings})
    return frame_of(tasks.filter(tasks.rule.isin(rules) & tasks.account_id.isin(accounts)))


def plan(
    firings: list[Firing],
    existing: pd.DataFrame,
    day: date,
    settings: AlertSettings,
    owner_of: dict[str, str | None],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(new tasks, continued tasks whose `last_fired_on` moves to `day`)."""
    by_id = {str(row["task_id"]): row for row in records(existing)}
    created: dict[str, dict[str, Any]] = {}
    continued: list[dict[str, Any]] = []
    for firing in firings:
        found = _episode(firing, existing, day, settings.rearm_days)
        if found is not None:
            row = dict(by_id[found])
            if _day(row["last_fired_on"]) < day:
                continued.append({**row, "last_fired_on": day})
            continue
        row = _new_task(firing, day, settings, owner_of.get(firing.account_id))
        created.setdefault(row["task_id"], row)
    return list(created.values()), continued


def _episode(firing: Firing, existing: pd.DataFrame, day: date, rearm: int) -> str | None:
    """The id of the stored task of this firing's episode, or None for a new episode."""
    if firing.anchor is not None:
        key = task_store.task_id(dedup_key(firing, firing.anchor))
        return key if key in set(existing["task_id"]) else None
    mine = existing[
        (existing["rule"] == firing.rule) & (existing["account_id"] == firing.account_id)
    ]
    for row in records(mine.sort_values("fired_on", ascending=False)):
        first, last = _day(row["fired_on"]), _day(row["last_fired_on"])
        if first - timedelta(days=rearm) <= day <= last + timedelta(days=rearm):
            return str(row["task_id"])
    return None


def dedup_key(firing: Firing, episode: str) -> str:
    """The stable key of a firing's episode."""
    return f"{firing.rule}:{firing.account_id}:{episode}"


def _new_task(
    firing: Firing, day: date, settings: AlertSettings, owner: str | None
) -> dict[str, Any]:
    rule = rule_settings(settings, firing.rule)
    key = dedup_key(firing, firing.anchor if firing.anchor is not None else day.isoformat())
    stamp = now()
    return {
        "task_id": task_store.task_id(key),
        "dedup_key": key,
        "rule": firing.rule,
        "account_id": firing.account_id,
        "owner_id": owner,
        "reason": firing.reason,
        "evidence": json.dumps(firing.evidence, sort_keys=True, default=str),
        "playbook": rule.playbook,
        "status": "open",
        "due_on": firing.due_on or day + timedelta(days=rule.due_days),
        "snoozed_until": None,
        "fired_on": day,
        "last_fired_on": day,
        "created_at": stamp,
        "updated_at": stamp,
        "updated_by": "alerts",
    }


def _day(value: Any) -> date:
    """A stored date (pandas may give a Timestamp or a date)."""
    return pd.Timestamp(value).date()
