"""Verbatim comments for survey answers, drawn from phrase lists by score group and theme.

Low scores complain about themes that match the account's actual experience (slow
tickets → "slow support", no integration → "missing integrations", low seat use → "too
expensive", reports not adopted → "hard to use reports"), so keyword-theme analysis of
the verbatims finds real, explainable themes.
"""

from __future__ import annotations

import numpy as np

from tenure.demo.arrays import FloatArray, IntArray, choice_rows

#: Complaint themes, in the order of the signal weights passed to `comment_index`.
COMPLAINTS: tuple[tuple[str, ...], ...] = (
    (
        "Slow support: we waited days for an answer.",
        "Support is too slow, tickets sit for days.",
        "Slow support responses are hurting our team.",
        "We need faster support; slow support is our biggest pain.",
    ),
    (
        "Missing integrations with the tools we use every day.",
        "The integrations we need are missing, so we export everything by hand.",
        "Too many missing integrations (CRM, data warehouse).",
        "Missing integrations make it hard to roll out to the whole team.",
    ),
    (
        "Too expensive for what we actually use.",
        "The price is too expensive for a team our size.",
        "Too expensive at renewal, hard to justify the cost.",
        "Too expensive compared with the alternatives.",
    ),
    (
        "Hard to use reports, we cannot find the numbers we need.",
        "Reports are hard to use for non-analysts.",
        "Building reports is hard to use and confusing.",
        "Hard to use reports and dashboards that break.",
    ),
    (
        "Too many bugs and outages lately.",
        "The app is buggy and pages load slowly.",
    ),
)
MIXED: tuple[tuple[str, ...], ...] = (
    ("Good product, but support could be faster.", "Solid tool; support replies are a bit slow."),
    ("Works well; a few more integrations would help.", "Good overall, missing some integrations."),
    ("Does the job, though pricing is a bit high.", "Useful, but a little expensive for us."),
    ("Good product, but reports could be easier.", "Nice dashboards; reports take time to learn."),
    ("Mostly reliable, a few bugs here and there.",),
)
PRAISE: tuple[tuple[str, ...], ...] = (
    ("Great support, fast and friendly answers.", "The support team is great and quick."),
    ("Easy to use, the whole team adopted it.", "Very easy to use and quick to set up."),
    ("The integrations save us hours every week.", "Great integrations with our CRM."),
    ("Great dashboards, they give us a clear picture.", "Powerful reports and great dashboards."),
    ("Great value for the price.", "Worth every penny, great value."),
)
GROUPS = (COMPLAINTS, MIXED, PRAISE)
DETRACTOR, PASSIVE, PROMOTER = range(3)
BASE_WEIGHTS = np.array([1.0, 1.0, 1.0, 1.0, 0.6])

PHRASES: tuple[str, ...] = tuple(phrase for group in GROUPS for theme in group for phrase in theme)
_THEME_START = np.cumsum([0] + [len(theme) for group in GROUPS for theme in group])[:-1]
_THEME_SIZE = np.array([len(theme) for group in GROUPS for theme in group])
_GROUP_START = np.cumsum([0] + [len(group) for group in GROUPS])[:-1]


def comment_index(rng: np.random.Generator, group: IntArray, signals: FloatArray) -> IntArray:
    """Index into PHRASES of a comment for each answer.

    `group` is DETRACTOR/PASSIVE/PROMOTER; `signals` (answers × 5) adds weight to each
    theme of the answer's group (support, integrations, price, reports, reliability/value).
    """
    theme = choice_rows(rng, BASE_WEIGHTS[None, :] + signals)
    flat_theme = _GROUP_START[group] + theme
    offset = np.floor(rng.random(group.size) * _THEME_SIZE[flat_theme]).astype(np.int64)
    return np.asarray(_THEME_START[flat_theme] + offset, dtype=np.int64)
