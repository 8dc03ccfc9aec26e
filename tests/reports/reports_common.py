"""Constants of the review-pack tests."""

from __future__ import annotations

#: The quarter every pack in these tests reviews (the demo company ends on 2026-10-31).
PERIOD = "2026-Q3"
