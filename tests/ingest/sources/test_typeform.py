"""Typeform NPS responses (Responses API JSON) load into surveys with the right values."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from tenure.errors import FileProblem
from tenure.workspace import Workspace

Rows = dict[str, dict[str, object]]
RowsOf = Callable[[Workspace, str, str], Rows]
Sample = Callable[[str], Path]
FILE = "typeform/responses.json"


def test_responses_rows(with_accounts: Workspace, sample: Sample, rows: RowsOf) -> None:
    (report,) = with_accounts.import_source("typeform", sample(FILE), "surveys")
    assert (report.rows_read, report.inserted, report.quarantined) == (3, 2, 1)
    assert report.attributes == ("plan", "main_use", "role")
    answers = rows(with_accounts, "surveys", "response_id")
    first = answers["a1b2c3d4e5f60718293a4b5c6d7e8f90"]
    assert (first["account_id"], first["survey"], first["score"]) == ("acme", "nps", 9)
    assert first["responded_at"] == datetime(2026, 10, 1, 9, 1, 30)
    assert (first["question"], first["comment"]) == ("nps_score", "Fast, reliable, great support.")
    assert (first["user_id"], first["plan"], first["main_use"]) == ("u_1001", "Team", "Reporting")
    second = answers["b1b2c3d4e5f60718293a4b5c6d7e8f91"]
    assert (second["account_id"], second["score"]) == ("brightpath", 0)  # hidden company_id
    assert second["responded_at"] == datetime(2026, 10, 2, 8, 2)  # +02:00 stored as UTC
    assert (second["comment"], second["role"]) == (None, "Ops lead")  # short text: attribute
    assert "d1b2c3d4e5f60718293a4b5c6d7e8f93" not in answers  # partial: never submitted


def test_response_without_score_is_refused(with_accounts: Workspace, sample: Sample) -> None:
    with_accounts.import_source("typeform", sample(FILE), "surveys")
    (refused,) = with_accounts.quarantine("surveys").to_dict("records")
    assert json.loads(str(refused["record"]))["response_id"].startswith("c1b2")
    assert refused["reason"] == "score required value is missing"


def test_a_form_without_nps_question_is_refused(workspace: Workspace, tmp_path: Path) -> None:
    form = tmp_path / "poll.json"
    answer = {"field": {"type": "short_text", "ref": "q"}, "type": "text", "text": "hi"}
    form.write_text(json.dumps({"items": [{"response_id": "r1", "answers": [answer]}]}))
    with pytest.raises(FileProblem, match="missing column"):
        workspace.import_source("typeform", form, "surveys")


def test_reimport_changes_nothing(with_accounts: Workspace, sample: Sample) -> None:
    with_accounts.import_source("typeform", sample(FILE), "surveys")
    (report,) = with_accounts.import_source("typeform", sample(FILE), "surveys")
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 2)
