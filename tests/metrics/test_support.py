"""Ticket metrics equal independent pandas computations on a demo company (every grain,
with a segment, and split by the tickets' own severity and priority), and on the real
help-desk log of ../shared/data/helpdesk."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import experience_oracle as oracle
import numpy as np
import pandas as pd
import pytest
from experience_common import CASES, company, compare

from tenure.workspace import Workspace

HELPDESK = (
    Path(__file__).resolve().parents[3] / "shared" / "data" / "helpdesk" / "helpdesk_named.csv"
)
ORACLES = {
    "ticket_volume": oracle.ticket_volume,
    "tickets_per_100_customers": oracle.tickets_per_100,
    "first_response_time": oracle.first_response,
    "resolution_time": oracle.resolution,
    "first_ticket_resolution_time": oracle.first_ticket,
    "ticket_backlog": oracle.backlog,
    "reopen_rate": oracle.reopen,
    "fcr_rate": oracle.fcr,
    "tickets_by_severity": oracle.mix_all,
    "questions_per_account": oracle.questions,
}


@pytest.fixture(scope="module")
def data() -> oracle.Data:
    return oracle.Data(company().frames)


@pytest.mark.parametrize(("grain", "segmented"), CASES)
@pytest.mark.parametrize("key", list(ORACLES))
def test_ticket_metrics_match_the_oracle(
    key: str, grain: str, segmented: bool, data: oracle.Data
) -> None:
    compare(company(), data, key, grain, segmented, ORACLES[key])


def _quarter(frame: pd.DataFrame, column: str = "created") -> pd.DataFrame:
    day = frame[column]
    return frame[(day >= "2025-04-01") & (day <= "2025-06-30")]


def test_ticket_dimensions_split_and_filter(data: oracle.Data) -> None:
    ws, tickets = company().ws, data.tickets
    quarter = _quarter(tickets)
    args = ("quarter", "2025-04-01", "2025-06-30")
    volume = ws.metric("ticket_volume", *args, by=["severity"]).set_index("severity").value
    assert volume[volume > 0].to_dict() == quarter.severity.value_counts().to_dict()
    mix = ws.metric("tickets_by_severity", *args, by=["severity"]).set_index("severity")
    expected = quarter.severity.value_counts(normalize=True)
    assert np.allclose(mix.value[expected.index], expected)
    one = ws.metric("tickets_by_severity", *args, where={"severity": "S1"}).value.iloc[0]
    assert one == pytest.approx(expected.get("S1", 0.0))
    urgent = ws.metric("first_response_time", *args, where={"priority": ["high", "urgent"]})
    hours = oracle._hours(quarter[quarter.priority.isin(["high", "urgent"])], "first_response_at")
    assert urgent.value.iloc[0] == pytest.approx(float(np.median(hours)), rel=1e-9)
    assert urgent.tickets.iloc[0] == len(hours)


def test_fcr_over_all_tickets_counts_by_creation(data: oracle.Data) -> None:
    row = (
        company()
        .ws.metric(
            "fcr_rate",
            "quarter",
            "2025-04-01",
            "2025-06-30",
            conventions={"fcr_denominator": "all"},
        )
        .iloc[0]
    )
    quarter = _quarter(data.tickets)
    quarter = quarter[quarter.contacts.notna()]
    first = quarter.resolved_at.notna() & (quarter.contacts <= 1) & ~quarter.reopened.astype(bool)
    assert (row.numerator, row.denominator) == (first.sum(), len(quarter))


def test_backlog_split_by_priority_adds_up() -> None:
    ws = company().ws
    total = ws.metric("ticket_backlog", "month", "2025-01-01", "2025-12-31")
    split = ws.metric("ticket_backlog", "month", "2025-01-01", "2025-12-31", by=["priority"])
    assert split.groupby("period").value.sum().tolist() == total.value.tolist()


# -- the real help-desk log ------------------------------------------------------------


@pytest.fixture(scope="module")
def helpdesk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    if not HELPDESK.is_file():
        pytest.fail(f"the help-desk log is missing: {HELPDESK}")
    folder = tmp_path_factory.mktemp("helpdesk") / "ws"
    with Workspace.init(folder, backend="duckdb://:memory:") as ws:
        ws.import_source("helpdesk-log", HELPDESK)
        yield ws


def raw_cases() -> pd.DataFrame:
    """One row per case straight from the raw log: opened, first taken, resolutions."""
    log = pd.read_csv(HELPDESK, usecols=["case:concept:name", "concept:name", "time:timestamp"])
    log.columns = ["activity", "time", "case"]
    log["time"] = pd.to_datetime(log["time"], utc=True).dt.tz_localize(None)
    by_case = log.groupby("case")["time"]
    taken = log[log.activity == "Take in charge ticket"].groupby("case")["time"]
    resolved = log[log.activity == "Resolve ticket"].groupby("case")["time"]
    cases = pd.DataFrame({"opened": by_case.min()})
    cases["taken"], cases["resolved"] = taken.min(), resolved.max()
    cases["resolutions"] = resolved.size().reindex(cases.index, fill_value=0)
    return cases


def test_helpdesk_log_volume_response_resolution_and_reopens(helpdesk: Workspace) -> None:
    cases = raw_cases()
    months = ("month", "2010-01-01", "2014-01-31")
    opened = cases.opened.dt.to_period("M")
    volume = helpdesk.metric("ticket_volume", *months)
    assert volume.value.sum() == len(cases) == 4580
    expected = opened.value_counts().sort_index()
    got = volume.set_index(pd.PeriodIndex(volume.period, freq="M")).value
    assert got[got > 0].to_dict() == expected.to_dict()

    hours = (cases.taken - cases.opened).dt.total_seconds() / 3600
    first = helpdesk.metric("first_response_time", *months).set_index("period")
    wanted = hours.groupby(opened).median().dropna()
    for month, value in wanted.items():
        assert first.value[month.start_time.date().isoformat()] == pytest.approx(value, rel=1e-9)

    done = cases[cases.resolved.notna() & (cases.resolved >= cases.opened)]
    lasted = (done.resolved - done.opened).dt.total_seconds() / 3600
    resolution = helpdesk.metric("resolution_time", *months).set_index("period")
    by_month = lasted.groupby(done.resolved.dt.to_period("M")).median()
    for month, value in by_month.items():
        assert resolution.value[month.start_time.date().isoformat()] == pytest.approx(
            value, rel=1e-9
        )

    reopen = helpdesk.metric("reopen_rate", "year", "2010-01-01", "2014-01-31")
    reopened = cases.resolutions > 1
    assert reopen.numerator.sum() == reopened.sum()
    assert reopen.denominator.sum() == (cases.resolved.notna() | reopened).sum()
    overall = helpdesk.metric("reopen_rate", "year", "2010-01-01", "2010-12-31").value.iloc[0]
    in_2010 = cases[cases.opened.dt.year == 2010]
    assert overall == pytest.approx(
        (in_2010.resolutions > 1).sum() / (in_2010.resolutions > 0).sum()
    )
