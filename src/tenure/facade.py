"""The typed view of `self` that the Workspace's mixins hand to the services they call."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from tenure.workspace import Workspace


def facade(mixin: object) -> Workspace:
    """`mixin` as the Workspace it is part of (mixins exist only as Workspace bases)."""
    return cast("Workspace", mixin)
