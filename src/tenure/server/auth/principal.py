"""Who is asking: the user or token behind a request, with its role and its book."""

from __future__ import annotations

from dataclasses import dataclass

from tenure.server.auth.roles import Permission, Role, allows


@dataclass(frozen=True)
class Principal:
    """An authenticated caller.

    `csm_id` ties a `csm` to their book of accounts; `csrf` is the session's token (None
    for API tokens, which need no CSRF protection since browsers never send them).
    """

    name: str
    role: Role
    csm_id: str | None = None
    via: str = "session"
    csrf: str | None = None

    def can(self, permission: Permission) -> bool:
        """True when this caller's role grants `permission`."""
        return allows(self.role, permission)

    @property
    def scope(self) -> tuple[str, str | None]:
        """What decides what this caller may see — role and book — so callers alike share
        cached answers."""
        return (self.role, self.csm_id)

    @property
    def book_only(self) -> bool:
        """True when this caller sees only the accounts of their own book."""
        return not self.can(Permission.ALL_ACCOUNTS)
