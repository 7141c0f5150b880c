"""Templates + plain values -> PDF. A leaf package: it knows nothing of EPSS.

``render(template, context)`` returns PDF bytes; ``render_html`` the HTML it is printed from.
"""

from reports.renderer import ReportError, check_plain, render, render_html

__all__ = ["ReportError", "check_plain", "render", "render_html"]
