"""Every registered source, in the order `tenure sources` lists them."""

from __future__ import annotations

import tenure.ingest.sources.chargebee
import tenure.ingest.sources.delighted
import tenure.ingest.sources.helpdesk
import tenure.ingest.sources.hubspot
import tenure.ingest.sources.intercom
import tenure.ingest.sources.mixpanel
import tenure.ingest.sources.posthog
import tenure.ingest.sources.salesforce
import tenure.ingest.sources.segment
import tenure.ingest.sources.stripe
import tenure.ingest.sources.typeform
import tenure.ingest.sources.zendesk
from tenure.ingest.sources import Source

SOURCES: tuple[Source, ...] = (
    tenure.ingest.sources.helpdesk.SOURCE,
    tenure.ingest.sources.stripe.SOURCE,
    tenure.ingest.sources.chargebee.SOURCE,
    tenure.ingest.sources.zendesk.SOURCE,
    tenure.ingest.sources.intercom.SOURCE,
    tenure.ingest.sources.hubspot.SOURCE,
    tenure.ingest.sources.salesforce.SOURCE,
    tenure.ingest.sources.segment.SOURCE,
    tenure.ingest.sources.mixpanel.SOURCE,
    tenure.ingest.sources.posthog.SOURCE,
    tenure.ingest.sources.delighted.SOURCE,
    tenure.ingest.sources.typeform.SOURCE,
)
