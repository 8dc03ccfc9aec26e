"""Month bit masks: the masks of spans by hand, the fallback for fine grains, and every
usage metric computed from the masks equal to the same metric from the day rows."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from tenure.metrics import masks
from tenure.workspace import Workspace


def spans(*rows: tuple[date, date, date]) -> pa.Table:
    periods, firsts, lasts = zip(*rows, strict=True)
    return pa.table({"period": list(periods), "first": list(firsts), "last": list(lasts)})


def test_a_window_across_two_months_has_a_mask_in_each() -> None:
    window = spans((date(2024, 2, 1), date(2024, 1, 30), date(2024, 2, 28)))
    table = masks.span_masks(window)
    assert table is not None
    rows = {row["month"]: row[masks.BITS] for row in table.to_pylist()}
    assert rows == {date(2024, 1, 1): (1 << 29) | (1 << 30), date(2024, 2, 1): (1 << 28) - 1}


def test_a_whole_month_has_one_bit_per_day() -> None:
    table = masks.span_masks(spans((date(2024, 2, 1), date(2024, 2, 1), date(2024, 2, 29))))
    assert table is not None
    assert table.column(masks.BITS).to_pylist() == [(1 << 29) - 1]


def test_weekly_spans_meet_too_many_per_month() -> None:
    mondays = [date(2024, 1, 1) + timedelta(weeks=i) for i in range(10)]
    assert masks.span_masks(spans(*[(d, d, d + timedelta(days=6)) for d in mondays])) is None


def test_an_empty_span_has_no_mask() -> None:
    table = masks.span_masks(spans((date(2024, 3, 1), date(2024, 3, 5), date(2024, 3, 4))))
    assert table is not None and table.num_rows == 0


def _events(seed: int) -> str:
    """Logins and feature uses of a few users over 14 months (a leap February included)."""
    rng = random.Random(seed)
    lines = ["account_id,occurred_at,event,user_id"]
    start = datetime(2023, 12, 1, 9)
    for _ in range(600):
        account = rng.choice(["a1", "a2", "a3"])
        user = rng.choice(["u1", "u2", "u3", "u4", ""])
        event = rng.choice(["login", "session_start", "feature:dashboards", "api_call"])
        when = start + timedelta(days=rng.randrange(425), hours=rng.randrange(12))
        lines.append(f"{account},{when.isoformat()},{event},{user}")
    return "\n".join(lines) + "\n"


USAGE = ("active_users", "dau", "wau", "mau", "stickiness", "user_skill_level", "adoption")


@pytest.mark.parametrize("grain", ["month", "quarter"])
def test_metrics_from_masks_equal_metrics_from_day_rows(
    grain: str,
    accounts_workspace: Workspace,
    write_file: Callable[[str, str], Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    accounts_workspace.import_file("events", write_file("events.csv", _events(7)))
    accounts_workspace.settings.workspace.result_cache = "off"
    accounts_workspace.keep_blocks = False

    def every() -> dict[str, pd.DataFrame]:
        return {key: accounts_workspace.metric(key, grain) for key in USAGE}

    from_masks = every()
    monkeypatch.setattr(masks, "MAX_SPANS_PER_MONTH", 0)
    from_days = every()
    for key in USAGE:
        pd.testing.assert_frame_equal(from_masks[key], from_days[key], check_dtype=False)
    assert from_masks["mau"]["value"].sum() > 0
