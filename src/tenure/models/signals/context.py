"""What every signal builder needs: the tables, the snapshot table and the settings."""

from __future__ import annotations

from dataclasses import dataclass

import ibis.expr.types as ir

from tenure.metrics.context import Source
from tenure.metrics.conventions import Conventions
from tenure.models.signals.settings import SignalSettings


@dataclass(frozen=True)
class SignalContext:
    """The canonical tables, the snapshots to describe, the signal limits and the MRR
    conventions in force."""

    source: Source
    snaps: ir.Table
    settings: SignalSettings
    conventions: Conventions

    def table(self, name: str) -> ir.Table:
        return self.source.table(name)
