"""The only way a rendered document may load anything: packaged assets and ``data:`` URIs.

WeasyPrint's default fetcher follows any URL, including ``file:///`` and ``http://``. A report
printed from user-typed text must not read the user's files or reveal that it was opened, so
every other URL is refused (WeasyPrint then logs a warning and leaves the resource out), and
every refusal is recorded so tests can prove nothing was fetched.

The fetcher subclasses WeasyPrint's ``URLFetcher``, so the class is built on first use (module
``__getattr__``): importing this module does not import WeasyPrint.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit


class RefusedURL(ValueError):
    """A URL outside the package; the renderer leaves the resource out."""


def _build_fetcher() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PackageFetcher(URLFetcher):
        def __init__(self, root: Path) -> None:
            super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
            self.root = root.resolve()
            self.refused: list[str] = []
            self.served: list[str] = []

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = self._inside(url)
                if path is not None:
                    self.served.append(url)
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})
            self.refused.append(url)
            raise RefusedURL(f"refused to fetch {url!r}: reports load only packaged assets")

        def _inside(self, url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                return None
            path = Path(unquote(parts.path)).resolve()
            if path.is_file() and path.is_relative_to(self.root):
                return path
            return None

    PackageFetcher.__qualname__ = "PackageFetcher"
    return PackageFetcher


def __getattr__(name: str) -> type:
    if name == "PackageFetcher":
        cls = _build_fetcher()
        globals()["PackageFetcher"] = cls  # built once; later lookups find it directly
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
