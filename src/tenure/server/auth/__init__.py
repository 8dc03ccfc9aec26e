"""Users, roles, sessions, API tokens and login throttling, kept in the workspace's auth file."""

from tenure.server.auth.db import AUTH_FILE, AuthDB
from tenure.server.auth.principal import Principal
from tenure.server.auth.roles import Permission, Role, parse_role

__all__ = ["AUTH_FILE", "AuthDB", "Permission", "Principal", "Role", "parse_role"]
