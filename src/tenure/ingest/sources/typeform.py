"""Typeform: NPS form responses as the Responses API returns them (JSON).

Save the API's answer (`GET /forms/{form_id}/responses`, an object with `items`), or one
response per line: `tenure import --source typeform surveys responses.json`. One survey
answer per submitted response.

- Score: the answer to the form's Net Promoter Score® question (field type `nps`); the
  question is recorded by its field `ref`. A file whose responses answer no NPS question
  is refused as a whole; a response that skipped it is refused with its reason.
- Comment: the first long-text answer (the usual "why?" follow-up); short texts are
  attributes like other answers.
- Time: `submitted_at` (UTC). Partial responses (never submitted) are skipped.
- Account: the hidden field `account_id` (else `company_id`) — add it to the form's URL
  (`…#account_id=acme`). A response without one is refused with its reason, never dropped.
- Other answers and hidden fields become attributes named by their field ref
  (`answers.plan_choice` → `plan_choice`; `hidden.plan` → `plan`).
"""

from __future__ import annotations

from collections.abc import Iterator

from tenure.ingest.columns import normalise_name
from tenure.ingest.sources.build import mapped_source
from tenure.ingest.sources.exports import Export
from tenure.ingest.sources.mapping import Drop, Field, Keep, Lookup, TableMap
from tenure.ingest.sources.records import JsonRecord
from tenure.ingest.sources.values import INTEGER, TIMESTAMP

_SHORTENED = ("answers.", "hidden.")


def attribute_name(column: str) -> str:
    """`answers.plan_choice` → `plan_choice`, `hidden.plan` → `plan`."""
    for prefix in _SHORTENED:
        if column.startswith(prefix):
            return normalise_name(column[len(prefix) :])
    return normalise_name(column)


def flatten_answers(record: JsonRecord) -> JsonRecord:
    """Name the NPS answer, the comment and every other answer by its field ref."""
    answers = list(_answers(record))
    out: JsonRecord = {key: value for key, value in record.items() if key != "answers"}
    nps = next((a for a in answers if _kind(a) == "nps"), None)
    if nps is not None:
        out["nps"] = {"score": nps.get("number"), "question": _ref(nps)}
    comment = next((a for a in answers if _kind(a) == "long_text"), None)
    if comment is not None:
        out["comment"] = comment.get("text")
    others = [a for a in answers if a is not nps and a is not comment]
    out["answers"] = {_ref(answer): _value(answer) for answer in others}
    return out


def _answers(record: JsonRecord) -> Iterator[dict[str, object]]:
    items = record.get("answers")
    if isinstance(items, list):
        yield from (item for item in items if isinstance(item, dict))


def _field(answer: dict[str, object]) -> dict[str, object]:
    field = answer.get("field")
    return field if isinstance(field, dict) else {}


def _kind(answer: dict[str, object]) -> object:
    return _field(answer).get("type")


def _ref(answer: dict[str, object]) -> str:
    field = _field(answer)
    return str(field.get("ref") or field.get("id") or "answer")


def _value(answer: dict[str, object]) -> object:
    kind = answer.get("type")
    value = answer.get(str(kind)) if isinstance(kind, str) else None
    if isinstance(value, dict):
        return value.get("label") or value.get("labels")
    return value


def _submitted(lookup: Lookup) -> bool:
    return lookup("submitted_at") is not None


RESPONSES = Export(
    title="Typeform responses (Responses API JSON)",
    format="json",
    prefix="typeform",
    attribute_name=attribute_name,
    naming="`answers.plan_choice` → `plan_choice`",
    containers=("items",),
    prepare=flatten_answers,
    main=TableMap(
        "surveys",
        (
            Field("response_id", ("response_id", "token")),
            Field("account_id", ("hidden.account_id", "hidden.company_id"), required=False),
            Field("responded_at", ("submitted_at",), TIMESTAMP),
            Field("score", ("nps.score",), INTEGER),
            Field("question", ("nps.question",)),
            Field("comment", ("comment",)),
            Field("user_id", ("hidden.user_id",)),
        ),
        keep=(Keep(("submitted_at",), _submitted, "Partial responses are skipped."),),
        constants=(("survey", "nps"),),
    ),
    drops=(
        Drop(
            ("metadata.*", "landing_id", "landed_at", "calculated.*", "variables*", "tags"),
            "browser and referrer details, landing bookkeeping, quiz scores and tags.",
        ),
    ),
)

SOURCE = mapped_source(
    "typeform",
    "Typeform NPS responses (Responses API JSON) → surveys.",
    __doc__ or "",
    RESPONSES,
)
