"""HubSpot: the companies export (CRM → Companies → Export view, CSV).

HubSpot writes property labels as headers (`Record ID`, `Company name`, `Create Date`…);
`tenure import --source hubspot accounts companies.csv`. Each company is an account keyed
by its HubSpot record id.

- Times: HubSpot writes dates in the exporting user's time zone without an offset; they
  are read as UTC (a few hours' shift on creation dates at most).
- `csm_id` is the company owner as the export shows it (the owner's name): the owner is
  taken to be the account's customer-success manager. If your CSM is another property it
  is kept as an attribute; import a CSM file for ownership history.
- `size` is the employee-count band; the count itself is kept as `employees`.
"""

from __future__ import annotations

from tenure.ingest.sources.build import mapped_source
from tenure.ingest.sources.exports import Export
from tenure.ingest.sources.mapping import Drop, Field, TableMap
from tenure.ingest.sources.values import DECIMAL, INTEGER, SIZE_BAND, TIMESTAMP

COMPANIES = Export(
    title="HubSpot companies export (CSV)",
    format="csv",
    prefix="hubspot",
    main=TableMap(
        "accounts",
        (
            Field("account_id", ("Record ID", "Company ID")),
            Field("name", ("Company name", "Name")),
            Field("created_at", ("Create Date",), TIMESTAMP),
            Field("csm_id", ("Company owner",)),
            Field("industry", ("Industry",)),
            Field("country", ("Country/Region", "Country")),
            Field("size", ("Number of Employees",), SIZE_BAND),
            Field("employees", ("Number of Employees",), INTEGER),
            Field("acquisition_channel", ("Original Source Type", "Original Source")),
            Field("annual_revenue", ("Annual Revenue",), DECIMAL),
            Field("domain", ("Company Domain Name", "Website URL")),
        ),
    ),
    drops=(
        Drop(
            ("Associated *", "Last Modified Date", "Last Activity Date"),
            "association id lists and dates that change on every CRM edit.",
        ),
    ),
)

SOURCE = mapped_source(
    "hubspot",
    "HubSpot companies export (CSV) → accounts.",
    __doc__ or "",
    COMPANIES,
)
