"""CS operations on the Workspace facade (thin: the work is in tenure.ops)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from tenure.dates import parse_day as _day
from tenure.facade import facade

if TYPE_CHECKING:
    from tenure.ops.alerts import AlertRun
    from tenure.ops.capacity import Capacity
    from tenure.ops.webhooks import Delivery


class Operations:
    """Workspace methods for alerts and tasks, upsell, portfolios, goals and benchmarks."""

    # -- operations: alerts → tasks, upsell, portfolios, goals, benchmarks ------------------

    def run_alerts(
        self,
        as_of: date | str | None = None,
        rules: Sequence[str] = (),
        notify: bool = True,
    ) -> AlertRun:
        """Run the alert rules (`[alerts]`) as of a day: new tasks for the accounts' CSMs, no
        duplicates; with `notify`, new tasks are announced on the webhook."""
        ws = facade(self)
        from tenure.ops.service import run_alerts

        return run_alerts(ws, _day(as_of), tuple(rules), notify)

    def tasks(
        self,
        csm: str | None = None,
        status: str | None = None,
        account: str | None = None,
    ) -> pd.DataFrame:
        """Tasks from the alert rules (of one CSM, status or account), by due date."""
        ws = facade(self)
        from tenure.ops.tasks import list_tasks

        return list_tasks(ws.store, csm, status, account)

    def update_task(
        self,
        task_id: str,
        status: str,
        until: date | str | None = None,
        by: str | None = None,
    ) -> dict[str, Any]:
        """Mark a task open, done, or snoozed until a date (a unique id prefix is enough)."""
        ws = facade(self)
        from tenure.ops.tasks import set_status

        return set_status(ws.store, task_id, status, _day(until), by)

    def deliveries(self, failed_only: bool = False) -> pd.DataFrame:
        """The record of webhook deliveries (never the URL), newest first."""
        ws = facade(self)
        from tenure.ops.deliveries import deliveries

        return deliveries(ws.store, failed_only)

    def retry_deliveries(self) -> list[Delivery]:
        """Send the failed webhook deliveries again."""
        ws = facade(self)
        from tenure.ops.announce import retry_failed

        return retry_failed(ws)

    def upsell(self, as_of: date | str | None = None, include_all: bool = False) -> pd.DataFrame:
        """Upsell candidates (`[upsell]`), ranked, with their reasons."""
        ws = facade(self)
        from tenure.ops.upsell import candidates

        return candidates(ws, _day(as_of), include_all)

    def portfolios(self, as_of: date | str | None = None) -> pd.DataFrame:
        """Per CSM: accounts, MRR/ARR, health mix, churn, NRR, open tasks, cost ratio."""
        ws = facade(self)
        from tenure.ops.portfolio import portfolios

        return portfolios(ws, _day(as_of))

    def capacity(self, as_of: date | str | None = None) -> Capacity:
        """The capacity planner (`[portfolio]`): book size, CSMs needed, costs, team sizes."""
        ws = facade(self)
        from tenure.ops.capacity import plan

        return plan(ws, _day(as_of))

    def goals(self, as_of: date | str | None = None) -> pd.DataFrame:
        """Every goal with its value, projection, progress and status."""
        ws = facade(self)
        from tenure.ops.goal_status import goal_table

        return goal_table(ws, _day(as_of))

    def add_goal(
        self,
        metric: str,
        target: float,
        period: str,
        scope: str = "company",
        scope_value: str | None = None,
        note: str | None = None,
        by: str | None = None,
    ) -> dict[str, Any]:
        """A new goal: a target for a metric over a period (2026, 2026-Q3, 2026-07) and a
        scope (company, team or csm)."""
        ws = facade(self)
        from tenure.ops.goals import add_goal

        return add_goal(ws.store, metric, target, period, scope, scope_value, note, by)

    def remove_goal(self, goal_id: str) -> dict[str, Any]:
        """Delete a goal."""
        ws = facade(self)
        from tenure.ops.goals import remove_goal

        return remove_goal(ws.store, goal_id)

    def suggest_goals(
        self,
        period: str | None = None,
        metrics: Sequence[str] = (),
        scope: str = "company",
        scope_value: str | None = None,
        as_of: date | str | None = None,
    ) -> pd.DataFrame:
        """Suggested targets from history (default: next year, the key metrics)."""
        ws = facade(self)
        from tenure.ops.goal_suggest import suggest_frame

        return suggest_frame(ws, period, tuple(metrics), scope, scope_value, _day(as_of))

    def benchmarks(self, as_of: date | str | None = None) -> pd.DataFrame:
        """The seeds' reference values, with their sources, beside the company's own."""
        ws = facade(self)
        from tenure.ops.benchmarks import benchmarks

        return benchmarks(ws, _day(as_of))
