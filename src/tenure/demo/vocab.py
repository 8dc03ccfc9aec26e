"""Word lists for segments, company names, people and contacts of the demo company."""

from __future__ import annotations

import numpy as np

INDUSTRIES: tuple[str, ...] = (
    "Software",
    "Financial Services",
    "Healthcare",
    "Retail",
    "Manufacturing",
    "Education",
    "Media",
    "Professional Services",
    "Logistics",
    "Nonprofit",
)
INDUSTRY_WEIGHTS = np.array([0.22, 0.12, 0.10, 0.11, 0.09, 0.07, 0.06, 0.12, 0.07, 0.04])

COUNTRIES: tuple[str, ...] = (
    "US", "GB", "DE", "FR", "CA", "AU", "NL", "ES", "IN", "BR", "SE", "JP", "IE", "IT", "SG",
)  # fmt: skip
COUNTRY_WEIGHTS = np.array(
    [0.42, 0.10, 0.08, 0.06, 0.06, 0.04, 0.04, 0.03, 0.04, 0.03, 0.02, 0.02, 0.02, 0.02, 0.02]
)

SIZES: tuple[str, ...] = ("1-10", "11-50", "51-200", "201-1000", "1000+")
SIZE_WEIGHTS = np.array([0.38, 0.32, 0.18, 0.09, 0.03])
#: Median and spread (log scale) of licensed seats for each size band.
SEAT_MEDIANS = np.array([2.5, 8.0, 25.0, 70.0, 180.0])
SEAT_SPREAD = 0.55

#: Probability of each starting plan (columns) per size band (rows).
PLAN_BY_SIZE = np.array(
    [
        [0.75, 0.22, 0.03, 0.00],
        [0.35, 0.50, 0.13, 0.02],
        [0.08, 0.40, 0.42, 0.10],
        [0.00, 0.20, 0.45, 0.35],
        [0.00, 0.05, 0.30, 0.65],
    ]
)

CHANNELS: tuple[str, ...] = ("organic", "paid_search", "referral", "partner", "outbound", "events")
CHANNEL_WEIGHTS = np.array([0.34, 0.24, 0.12, 0.10, 0.14, 0.06])
#: Effect of the acquisition channel on an account's long-run engagement (latent scale).
CHANNEL_ENGAGEMENT = np.array([0.1, -0.25, 0.35, 0.2, -0.15, 0.0])

NAME_STEMS: tuple[str, ...] = (
    "Acme", "Northwind", "Bluebird", "Silverline", "Redwood", "Brightpath", "Cobalt", "Evergreen",
    "Fairview", "Granite", "Harbor", "Ironclad", "Juniper", "Keystone", "Lakeside", "Meridian",
    "Nimbus", "Oakridge", "Pinnacle", "Quantum", "Riverbend", "Summit", "Tidewater", "Upland",
    "Vertex", "Westwind", "Yellowstone", "Zenith", "Aurora", "Beacon", "Cascade", "Driftwood",
    "Ember", "Falcon", "Glacier", "Horizon", "Indigo", "Jasper", "Kestrel", "Lumen", "Maple",
    "Nova", "Orchid", "Polaris", "Quarry", "Sequoia", "Starling", "Trident", "Willow", "Atlas",
)  # fmt: skip
NAME_SUFFIXES: tuple[str, ...] = (
    "Analytics", "Labs", "Systems", "Logistics", "Health", "Foods", "Capital", "Media", "Studio",
    "Works", "Partners", "Software", "Retail", "Robotics", "Energy", "Learning", "Consulting",
    "Freight", "Bank", "Clinics", "Apparel", "Networks", "Group", "Digital", "Industries",
)  # fmt: skip

FIRST_NAMES: tuple[str, ...] = (
    "Alex", "Maria", "James", "Sofia", "Liam", "Emma", "Noah", "Olivia", "Lucas", "Ava", "Ethan",
    "Mia", "Mateo", "Chloe", "Daniel", "Priya", "Arjun", "Yuki", "Hannah", "Omar", "Fatima",
    "Leon", "Clara", "Jonas", "Elena", "Marco", "Grace", "Samuel", "Nina", "Tom", "Aisha", "Ivan",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Smith", "Garcia", "Müller", "Dubois", "Rossi", "Kim", "Patel", "Nguyen", "Johnson", "Brown",
    "Silva", "Tanaka", "Novak", "Jensen", "Kowalski", "Murphy", "Lopez", "Schmidt", "Martin",
    "Wilson", "Anderson", "Costa", "Fischer", "Moreau", "Sato", "Khan", "Evans", "Larsen",
)  # fmt: skip


def slug(text: str) -> str:
    """Lower-case ASCII letters and digits of `text`, for e-mail local parts and domains."""
    ascii_text = text.replace("ü", "ue").replace("ö", "oe").replace("ä", "ae")
    return "".join(char for char in ascii_text.lower() if char.isalnum())
