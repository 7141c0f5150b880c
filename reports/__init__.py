"""Templates + plain values -> PDF. A leaf package: it knows nothing of EPSS.

``render(template, context)`` returns PDF bytes; ``render_html`` the HTML it is printed from.
The names are loaded on first use (PEP 562), so that importing :mod:`reports.worker` or
:mod:`reports.pdf` does not import Jinja.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reports.renderer import ReportError, check_plain, render, render_html

__all__ = ["ReportError", "check_plain", "render", "render_html"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from reports import renderer

        return getattr(renderer, name)
    raise AttributeError(f"module 'reports' has no attribute {name!r}")
