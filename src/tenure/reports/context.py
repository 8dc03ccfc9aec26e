"""What every section builder gets: the workspace, the scope (company or one account), the
period, and guarded access to the metric engine and to capabilities that may not exist."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from tenure.metrics.catalogue import CATALOGUE
from tenure.reports.period import ReportPeriod

if TYPE_CHECKING:
    from tenure.workspace import Workspace


@dataclass
class ReportContext:
    """The pack being built: company-wide when `account` is None."""

    ws: Workspace
    period: ReportPeriod
    account: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)
    _results: dict[tuple[str, str, date, date], pd.DataFrame | None] = field(
        default_factory=dict, repr=False
    )

    @property
    def currency(self) -> str:
        return self.ws.settings.workspace.currency

    @property
    def account_id(self) -> str | None:
        return None if self.account is None else str(self.account["account_id"])

    @property
    def where(self) -> dict[str, list[str]] | None:
        """The metric filter of the scope (one account, or none)."""
        return None if self.account_id is None else {"account_id": [self.account_id]}

    def capability(self, name: str) -> Callable[..., Any] | None:
        """The Workspace method `name`, or None while that capability does not exist."""
        method = getattr(self.ws, name, None)
        return method if callable(method) else None

    def metric(
        self, key: str, grain: str = "month", start: date | None = None, end: date | None = None
    ) -> pd.DataFrame | None:
        """`key` for the scope (default: the chart window); None when it cannot be computed."""
        if key not in CATALOGUE:
            self.problems.append(f"{key}: not in the metric catalogue")
            return None
        request = (key, grain, start or self.period.history_start, end or self.period.end)
        if request not in self._results:
            self._results[request] = self._compute(*request)
        return self._results[request]

    def _compute(self, key: str, grain: str, start: date, end: date) -> pd.DataFrame | None:
        try:
            return self.ws.metric(key, grain, start, end, where=self.where)
        except Exception as error:  # reported in the pack's notes, never replaced by a guess
            self.problems.append(f"{key}: {error}")
            return None

    def value(self, key: str, column: str = "value", previous: bool = False) -> Any:
        """`key` over the reviewed period (or the one before) at the period's grain."""
        period = self.period
        frame = self.metric(key, period.grain, period.previous.start, period.end)
        if frame is None or column not in frame.columns:
            return None
        wanted = period.previous.start if previous else period.start
        rows = frame[pd.to_datetime(frame["period"]).dt.date == wanted]
        return rows[column].iloc[0] if len(rows) else None
