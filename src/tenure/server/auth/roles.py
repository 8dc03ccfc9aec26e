"""Roles and the permissions each grants.

A role is a fixed bundle of permissions; endpoints ask for a permission, never a role,
so a later capability (goals, tasks, portfolios) adds a permission and grants it here.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    """Who a user or token is."""

    ADMIN = "admin"
    MANAGER = "manager"
    CSM = "csm"
    VIEWER = "viewer"


class Permission(StrEnum):
    """What a request may do."""

    KPIS = "kpis"  # company-level metrics, cohorts, explanations without accounts
    ACCOUNTS = "accounts"  # account data (all of it, or a CSM's own book)
    ALL_ACCOUNTS = "all_accounts"  # every account, not only a book
    TASKS = "tasks"  # tasks (a CSM's own, or all for managers)
    GOALS = "goals"  # create and change goals
    STATUS = "status"  # row counts and import log
    IMPORTS = "imports"  # upload files, read the quarantine
    CONFIG = "config"  # read the workspace settings
    USERS = "users"  # manage users and tokens


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.MANAGER: frozenset(
        {
            Permission.KPIS,
            Permission.ACCOUNTS,
            Permission.ALL_ACCOUNTS,
            Permission.TASKS,
            Permission.GOALS,
            Permission.STATUS,
        }
    ),
    Role.CSM: frozenset({Permission.KPIS, Permission.ACCOUNTS, Permission.TASKS}),
    Role.VIEWER: frozenset({Permission.KPIS}),
}


def allows(role: Role, permission: Permission) -> bool:
    """True when `role` grants `permission`."""
    return permission in GRANTS[role]


def parse_role(text: str) -> Role:
    """The role named `text` (a ValueError naming the choices otherwise)."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        choices = ", ".join(role.value for role in Role)
        raise ValueError(f"unknown role {text!r} (choose one of {choices})") from None
