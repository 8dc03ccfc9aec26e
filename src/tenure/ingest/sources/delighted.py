"""Delighted: survey responses as the API lists them (`GET /v1/survey_responses.json`).

Save the JSON list the API returns (pages concatenated, or one response per line):
`tenure import --source delighted surveys responses.json`.

- Time: `created_at`, Unix epoch seconds (UTC).
- Survey: `survey_type` `nps` → `nps`, `csat` → `csat`, `ces`/`ces7` → `ces`. Other kinds
  (eNPS, smileys, thumbs, PMF) have no tenure scale: such answers are refused with the
  reason "survey is not one of: nps, csat, ces, poll".
- Account: a person property — `Account ID`, else `Company ID`, else `Customer ID`
  (matched after normalisation: `account_id` works too). Send it with the survey
  request; an answer without one is refused with its reason, never dropped.
- Other person properties become attributes (`person_properties.Plan` → `plan`).
"""

from __future__ import annotations

from tenure.ingest.columns import normalise_name
from tenure.ingest.sources.build import mapped_source
from tenure.ingest.sources.exports import Export
from tenure.ingest.sources.mapping import Drop, Field, TableMap
from tenure.ingest.sources.values import EPOCH, INTEGER, NAMES, choice

_PERSON = "person_properties."
SURVEY = choice({"nps": "nps", "csat": "csat", "ces": "ces", "ces7": "ces"})


def attribute_name(column: str) -> str:
    """`person_properties.Plan` → `plan`; other columns are normalised as usual."""
    short = column[len(_PERSON) :] if column.startswith(_PERSON) else column
    return normalise_name(short)


RESPONSES = Export(
    title="Delighted survey responses (API JSON)",
    format="json",
    prefix="delighted",
    attribute_name=attribute_name,
    naming="`person_properties.Plan` → `plan`",
    main=TableMap(
        "surveys",
        (
            Field("response_id", ("id",)),
            Field(
                "account_id",
                (
                    "person_properties.account_id",
                    "person_properties.company_id",
                    "person_properties.customer_id",
                ),
                required=False,
            ),
            Field("responded_at", ("created_at",), EPOCH),
            Field("survey", ("survey_type",), SURVEY, required=False),
            Field("score", ("score",), INTEGER),
            Field("user_id", ("person",)),
            Field("comment", ("comment",)),
            Field("tags", ("tags",), NAMES),
        ),
    ),
    drops=(
        Drop(
            ("permalink", "additional_answers", "notes", "updated_at"),
            "the answer's private link, follow-up answers, team notes and edit time.",
        ),
        Drop(
            ("person_properties.email", "person_properties.name"),
            "people's e-mail addresses and names (personal data).",
        ),
    ),
)

SOURCE = mapped_source(
    "delighted",
    "Delighted survey responses (API JSON) → surveys.",
    __doc__ or "",
    RESPONSES,
)
