"""The real help-desk event log imports into `tickets` through the documented mapping."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

from tenure.errors import FileProblem
from tenure.workspace import Workspace

LOG = (
    Path(__file__).resolve().parents[3].parent
    / "shared"
    / "data"
    / "helpdesk"
    / "helpdesk_named.csv"
)

pytestmark = pytest.mark.skipif(
    not LOG.exists(), reason="shared data folder not beside the checkout"
)


@pytest.fixture(scope="module")
def tickets(tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    folder = tmp_path_factory.mktemp("helpdesk")
    with Workspace.init(folder) as ws:
        reports = ws.import_source("helpdesk-log", LOG, "tickets")
        assert [r.table for r in reports] == ["accounts", "tickets"]
        assert reports[1].rows_read == 4580
        assert reports[1].inserted == 4580
        assert reports[1].quarantined == 0
        again = ws.import_source("helpdesk-log", LOG)
        assert again[1].unchanged == 4580 and again[1].inserted == again[1].updated == 0
        frame: pd.DataFrame = ws.table("tickets").to_pandas()
    return frame.set_index("ticket_id")


def test_every_case_becomes_one_ticket(tickets: pd.DataFrame) -> None:
    assert len(tickets) == 4580
    assert set(tickets["account_id"]) == {"helpdesk"}


def test_reopened_means_resolved_more_than_once(tickets: pd.DataFrame) -> None:
    log = pd.read_csv(LOG)
    resolves = log[log["concept:name"] == "Resolve ticket"].groupby("case:concept:name").size()
    assert int(tickets["reopened"].sum()) == int((resolves > 1).sum()) == 386


def test_hand_checked_ticket_case4284(tickets: pd.DataFrame) -> None:
    # Assign seriousness 01-13 12:30:37 and 01-27 13:31:11; taken in charge 13:31:18 and
    # 15:59:14; resolved 13:31:24 and 15:59:23; closed twice.
    ticket = tickets.loc["Case4284"]
    assert ticket["created_at"] == datetime(2010, 1, 13, 12, 30, 37)
    assert ticket["first_response_at"] == datetime(2010, 1, 27, 13, 31, 18)
    assert ticket["resolved_at"] == datetime(2010, 1, 27, 15, 59, 23)
    assert bool(ticket["reopened"]) is True
    assert ticket["contacts"] == 2
    assert ticket["severity"] == "reassessed"
    assert ticket["status"] == "closed"


def test_hand_checked_ticket_case3608(tickets: pd.DataFrame) -> None:
    ticket = tickets.loc["Case3608"]
    assert ticket["created_at"] == datetime(2010, 1, 13, 8, 40, 25)
    assert ticket["first_response_at"] == datetime(2010, 1, 29, 8, 52, 27)
    assert ticket["resolved_at"] == datetime(2010, 1, 29, 8, 52, 34)
    assert bool(ticket["reopened"]) is False
    assert ticket["severity"] == "assessed"


def test_status_mix(tickets: pd.DataFrame) -> None:
    assert tickets["status"].value_counts().to_dict() == {"closed": 4559, "open": 11, "solved": 10}


def test_unknown_source_is_one_clear_error(tmp_path: Path) -> None:
    with Workspace.init(tmp_path) as ws, pytest.raises(FileProblem, match="unknown source"):
        ws.import_source("nope", LOG)


def test_a_file_that_is_not_a_log_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with Workspace.init(tmp_path / "ws") as ws, pytest.raises(FileProblem, match="not a help-desk"):
        ws.import_source("helpdesk-log", other)
