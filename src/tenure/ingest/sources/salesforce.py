"""Salesforce: the Account object as Data Loader or the weekly Data Export writes it.

Headers are API field names (`Id`, `Name`, `BillingCountry`, `NumberOfEmployees`,
`OwnerId`, `CreatedDate`, custom fields ending in `__c`):
`tenure import --source salesforce accounts Account.csv`. Each account keeps its 18-character
Salesforce id.

- Times are UTC (`2024-01-15T10:20:30.000Z`).
- `csm_id` is the account owner (`OwnerId`, a user id): the owner is taken to be the
  account's customer-success manager; a custom CSM field is kept as an attribute.
- `size` is the employee-count band; the count itself is kept as `employees`.
- Attribute names are snake case: `BillingCity` → `billing_city`, `Customer_Tier__c` →
  `customer_tier`.
"""

from __future__ import annotations

import re

from tenure.ingest.columns import normalise_name
from tenure.ingest.sources.build import mapped_source
from tenure.ingest.sources.exports import Export
from tenure.ingest.sources.mapping import Drop, Field, Keep, Lookup, TableMap
from tenure.ingest.sources.values import DECIMAL, INTEGER, SIZE_BAND, TIMESTAMP

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def attribute_name(column: str) -> str:
    """`BillingCity` → `billing_city`; `Customer_Tier__c` → `customer_tier`."""
    name = column[:-3] if column.lower().endswith("__c") else column
    return normalise_name(_CAMEL.sub("_", name))


def _not_deleted(lookup: Lookup) -> bool:
    return (lookup("IsDeleted") or "").lower() not in ("true", "1")


ACCOUNTS = Export(
    title="Salesforce accounts export (`Account.csv`)",
    format="csv",
    prefix="salesforce",
    attribute_name=attribute_name,
    naming="`BillingCity` → `billing_city`, `Customer_Tier__c` → `customer_tier`",
    main=TableMap(
        "accounts",
        (
            Field("account_id", ("Id",)),
            Field("name", ("Name",)),
            Field("created_at", ("CreatedDate",), TIMESTAMP),
            Field("csm_id", ("OwnerId",)),
            Field("industry", ("Industry",)),
            Field("country", ("BillingCountry", "ShippingCountry")),
            Field("size", ("NumberOfEmployees",), SIZE_BAND),
            Field("employees", ("NumberOfEmployees",), INTEGER),
            Field("acquisition_channel", ("AccountSource",)),
            Field("annual_revenue", ("AnnualRevenue",), DECIMAL),
        ),
        keep=(
            Keep(("IsDeleted",), _not_deleted, "Deleted accounts (`IsDeleted` true) are skipped."),
        ),
    ),
    drops=(
        Drop(
            ("*Street", "*Latitude", "*Longitude", "*GeocodeAccuracy", "Phone", "Fax"),
            "street addresses, coordinates and phone numbers.",
        ),
        Drop(
            (
                "MasterRecordId",
                "PhotoUrl",
                "Jigsaw*",
                "SystemModstamp",
                "Last*Date",
                "CreatedById",
                "LastModifiedById",
            ),
            "system and audit fields that change on every edit.",
        ),
    ),
)

SOURCE = mapped_source(
    "salesforce",
    "Salesforce Account export (Data Loader / Data Export CSV) → accounts.",
    __doc__ or "",
    ACCOUNTS,
)
