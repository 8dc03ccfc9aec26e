"""Delighted survey responses (API JSON) load into surveys with the right values."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tenure.workspace import Workspace

Rows = dict[str, dict[str, object]]
RowsOf = Callable[[Workspace, str, str], Rows]
Sample = Callable[[str], Path]
FILE = "delighted/responses.json"


def test_responses_rows(with_accounts: Workspace, sample: Sample, rows: RowsOf) -> None:
    (report,) = with_accounts.import_source("delighted", sample(FILE), "surveys")
    assert (report.rows_read, report.inserted, report.quarantined) == (6, 3, 3)
    assert report.attributes == ("tags", "plan")
    answers = rows(with_accounts, "surveys", "response_id")
    promoter = answers["301"]
    assert (promoter["account_id"], promoter["survey"], promoter["score"]) == ("acme", "nps", 9)
    assert promoter["responded_at"] == datetime(2026, 10, 5, 21, 9, 27)  # epoch 1791234567
    assert promoter["comment"] == "Reports save me hours every week."
    assert (promoter["user_id"], promoter["plan"], promoter["tags"]) == (
        "9001",
        "Team",
        "reporting|promoter",
    )
    detractor = answers["302"]
    assert (detractor["account_id"], detractor["score"]) == ("brightpath", 3)  # Company ID
    csat = answers["303"]
    assert (csat["account_id"], csat["survey"], csat["score"]) == ("corvid", "csat", 4)
    assert "email" not in promoter and "permalink" not in promoter


def test_refusals_have_reasons(with_accounts: Workspace, sample: Sample) -> None:
    with_accounts.import_source("delighted", sample(FILE), "surveys")
    refused = {
        json.loads(str(r["record"]))["response_id"]: str(r["reason"])
        for r in with_accounts.quarantine("surveys").to_dict("records")
    }
    assert refused["304"].startswith("score is outside the survey's scale")
    assert refused["305"] == "account_id required value is missing"
    assert refused["306"] == "survey is not one of: nps, csat, ces, poll"


def test_reimport_changes_nothing(with_accounts: Workspace, sample: Sample) -> None:
    with_accounts.import_source("delighted", sample(FILE), "surveys")
    (report,) = with_accounts.import_source("delighted", sample(FILE), "surveys")
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 3)
