"""The errors a user may see, in one low module so that every layer can raise them.

``WorkspaceError`` is the one type the CLI and the TUI show as a message (in Indonesian) instead
of a traceback. The store raises its subclasses for what SQLite reports about the file itself —
damage, a lock held by another program, a full disk, a read-only folder — so that no layer above
it needs to know sqlite3.
"""

from __future__ import annotations


class WorkspaceError(Exception):
    """Something the user asked for cannot be done; the message says why, in Indonesian."""


class StoreError(WorkspaceError):
    """The database could not be opened, read or written; the message is for the user."""


class DatabaseCorrupt(StoreError):
    """The database file is damaged; only `epss doctor` may go on to describe the damage."""


class DatabaseLocked(StoreError):
    """Another program holds the write lock longer than we are willing to wait."""


class DiskFull(StoreError):
    """The disk (or quota) holding the workspace has no room for the write."""


class ReadOnlyWorkspace(StoreError):
    """The workspace was opened for reading only (its folder or file is not writable)."""


CORRUPT_HINT = "database rusak: jalankan `epss doctor`"


def os_error_text(exc: OSError) -> str:
    """An operating-system error in the user's language (see ``evidence.oserror``); imported
    when an error happens, not on every start."""
    from evidence.oserror import os_error_text as text

    return text(exc)
