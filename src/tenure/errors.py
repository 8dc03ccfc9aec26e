"""Errors that reach users as one clear line (the CLI prints them without a traceback)."""

from __future__ import annotations


class TenureError(Exception):
    """Base of every error tenure reports to a user."""


class FileProblem(TenureError):
    """An input file cannot be used at all (missing, empty, wrong format, encoding, columns)."""


class WorkspaceError(TenureError):
    """The workspace is missing, locked or inconsistent."""
