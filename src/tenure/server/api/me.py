"""Who am I: the caller's name, role and permissions."""

from __future__ import annotations

from fastapi import APIRouter

from tenure.server.api.models import Me
from tenure.server.auth.deps import ApiUser
from tenure.server.auth.roles import Permission

router = APIRouter(tags=["auth"])


@router.get("/me", response_model=Me)
def me(principal: ApiUser) -> Me:
    """The authenticated caller."""
    return Me(
        name=principal.name,
        role=principal.role.value,
        csm_id=principal.csm_id,
        via=principal.via,
        permissions=sorted(p.value for p in Permission if principal.can(p)),
    )
