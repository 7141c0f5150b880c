"""Atomic file output: a reader never sees half a PDF, bundle or worksheet.

Everything ``epss`` hands to a user is written to a temporary file beside the target, fsynced and
renamed over it; a crash or a refusal half-way leaves the previous file (or none) in place.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from epss.core.errors import os_error_text


class OutputError(OSError):
    """The target cannot be written; the message says why, in Indonesian."""


def current_umask() -> int:
    """The process umask. Read from /proc where it is shown (no window in which another thread
    would create files with a changed mask), else set and restored at once."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike) -> Iterator[BinaryIO]:
    """A binary file that becomes ``target`` only when the block ends without an exception."""
    target = Path(target)
    if target.is_dir():
        raise OutputError(f"{target} adalah folder; beri nama berkas")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise OutputError(f"tidak bisa menulis di {target.parent}: {os_error_text(exc)}") from None
    try:
        # mkstemp makes the file private (0600); what we hand to a user is an ordinary file
        # that follows their umask, like one saved by any other program.
        os.fchmod(fd, 0o666 & ~current_umask())
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OutputError):
            raise
        raise OutputError(f"tidak bisa menulis {target}: {os_error_text(exc)}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(target: str | os.PathLike, data: bytes) -> None:
    with atomic_output(target) as fh:
        fh.write(data)
