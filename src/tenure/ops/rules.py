"""Alert rules: what each rule sees (a Scene), what it reports (Firings), and the registry.

A rule looks at the workspace as of one day and returns at most one firing per account:
the reason in words, the evidence (the values that made it fire) and, for rules on an
event (a detractor answer, an overdue invoice, a renewal), the anchor that names the
episode. Rules on a state (health red, usage drop, ticket spike) have no anchor: their
episodes are told apart by `rearm_days` (see `tenure.ops.alerts`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from tenure.ops.settings import AlertSettings, Rule
from tenure.workspace import Workspace


@dataclass(frozen=True)
class Firing:
    """One rule firing for one account on one day."""

    rule: str
    account_id: str
    reason: str
    evidence: dict[str, Any]
    anchor: str | None = None
    due_on: date | None = None


@dataclass
class Scene:
    """What the rules see: the workspace, the day, its customers and (when known) health."""

    ws: Workspace
    day: date
    customers: pd.DataFrame
    health: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def accounts(self) -> list[str]:
        """The paying customers at the end of the day."""
        return [str(value) for value in self.customers["account_id"]]

    def mrr(self, account_id: str) -> float:
        """The account's MRR at the end of the day."""
        hit = self.customers.loc[self.customers["account_id"] == account_id, "mrr"]
        return float(hit.iloc[0]) if len(hit) else 0.0


Evaluate = Callable[[Scene, Any], list[Firing]]


@dataclass(frozen=True)
class RuleKind:
    """A registered rule: its name, its evaluator and whether it needs health scores."""

    name: str
    evaluate: Evaluate
    needs_health: bool = False
    state: bool = False


RULES: dict[str, RuleKind] = {}


def rule(
    name: str, needs_health: bool = False, state: bool = False
) -> Callable[[Evaluate], Evaluate]:
    """Register an evaluator under `name` (the key of its `[alerts.rules.NAME]` table)."""

    def add(evaluate: Evaluate) -> Evaluate:
        RULES[name] = RuleKind(name, evaluate, needs_health, state)
        return evaluate

    return add


def rule_settings(settings: AlertSettings, name: str) -> Rule:
    """The settings of rule `name`."""
    found: Rule = getattr(settings.rules, name)
    return found


def plain(value: Any) -> Any:
    """A value fit for JSON evidence (numbers, text, ISO dates; missing → None)."""
    if value is None or (not isinstance(value, str | list | dict) and pd.isna(value)):
        return None
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, float):
        return round(value, 4)
    return value


def percent(value: float) -> str:
    """0.523 → '52 %'."""
    return f"{value * 100:.0f} %"
