"""A defect of ours met by a user: one Indonesian line and where the details went.

The CLI and the TUI both end up here when something that is not a user's mistake goes wrong
(an unforeseen exception in a command or in a background job), so that neither shows a
traceback nor an English exception name alone.
"""

from __future__ import annotations

import os
from pathlib import Path


def unexpected_error_line(exc: BaseException) -> str:
    """A defect of ours: the user gets one line and where the details went, never a traceback
    (set EPSS_DEBUG=1 to see it on the terminal instead)."""
    import traceback
    from datetime import datetime

    from platformdirs import user_log_dir

    saved = ""
    try:
        folder = Path(user_log_dir("epss", appauthor=False))
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / f"galat-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.txt"
        log.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
        saved = f"; rincian di {log}"
    except OSError:
        pass
    return (f"kesalahan tak terduga di epss ({type(exc).__name__}){saved}; mohon laporkan ke "
            "pengembang beserta berkas itu")
