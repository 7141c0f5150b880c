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


class OutputError(OSError):
    """The target cannot be written; the message says why, in Indonesian."""


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
        raise OutputError(f"tidak bisa menulis di {target.parent}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OutputError):
            raise
        raise OutputError(f"tidak bisa menulis {target}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(target: str | os.PathLike, data: bytes) -> None:
    with atomic_output(target) as fh:
        fh.write(data)
