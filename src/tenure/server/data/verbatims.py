"""Verbatims by theme: the engine's recurring themes of the survey comments, each with the
newest comments that mention it, cut to the accounts the caller may see.

Comments name accounts, so a CSM's themes are those of their own book's comments; a role
without account access gets none (the page says why).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping
from datetime import date
from typing import Any

import pandas as pd

from tenure.metrics.feedback import GROUPS
from tenure.metrics.themes import terms
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Permission
from tenure.server.data.rows import Row, plain
from tenure.server.data.scope import visible_accounts
from tenure.server.engine import cached
from tenure.workspace import Workspace

#: Themes per score group, comments shown per theme, comments scanned for them.
THEMES = 6
PER_THEME = 5
SCAN = 5000
#: Score groups in reading order; `other` holds answers without a group (polls).
ORDER = (*reversed(GROUPS), "other")


def scope_note(principal: Principal) -> str | None:
    """Why the caller sees no (or only some) verbatims."""
    if not principal.can(Permission.ACCOUNTS):
        return "Comments name accounts: your role sees the survey figures only."
    if principal.book_only:
        return "Themes and comments of the accounts in your book."
    return None


def scoped_where(
    ws: Workspace, principal: Principal, where: dict[str, list[str]]
) -> dict[str, list[str]]:
    """The page's filter, narrowed to the caller's book for a CSM."""
    if not principal.book_only:
        return where
    book = visible_accounts(ws, principal).account_id.to_pyarrow().to_pylist()
    return {**where, "account_id": [str(a) for a in book] or ["\x00none"]}


def theme_groups(
    ws: Workspace, principal: Principal, window: tuple[date, date], where: dict[str, list[str]]
) -> list[dict[str, Any]]:
    """Per score group: comments, and its themes with their newest comments."""
    if not principal.can(Permission.ACCOUNTS):
        return []
    scoped = scoped_where(ws, principal, where)
    key = (window, str(sorted(scoped.items())))

    def compute() -> list[dict[str, Any]]:
        found = ws.feedback(start=window[0], end=window[1], where=scoped or None, top=THEMES)
        comments = found.comments.assign(group=found.comments["group"].fillna("other"))
        return [_group(name, comments, found.themes) for name in ORDER]

    groups: list[dict[str, Any]] = cached(ws, "verbatims", key, compute)
    return [group for group in groups if group["comments"]]


def _group(name: str, comments: pd.DataFrame, themes: pd.DataFrame) -> dict[str, Any]:
    mine = comments[comments["group"] == name].head(SCAN)
    listed = themes[themes["group"] == name]
    return {
        "group": name,
        "comments": int((comments["group"] == name).sum()),
        "themes": [
            {
                "theme": str(row["theme"]),
                "mentions": int(row["mentions"]),
                "share": float(row["share"]),
                "verbatims": list(_mentioning(str(row["theme"]), mine)),
            }
            for _, row in listed.iterrows()
        ],
    }


def _mentioning(theme: str, comments: pd.DataFrame) -> Iterator[Row]:
    """The newest comments whose keywords hold `theme` (the engine's own tokenizer)."""
    gram = tuple(theme.split())
    shown = 0
    for record in comments.to_dict("records"):
        if gram in terms(str(record["comment"])):
            yield _verbatim(record)
            shown += 1
            if shown == PER_THEME:
                return


def _verbatim(record: Mapping[Hashable, Any]) -> Row:
    return {
        "responded_at": str(plain(record["responded_at"]))[:10],
        "account_id": str(record["account_id"]),
        "survey": str(record["survey"]),
        "score": float(record["score"]),
        "comment": str(record["comment"]),
    }
