"""Checks of what a user types that every way in shares: a year, an assessment kind, a link,
and the length limits of evidence titles, notes and links.

The workspace, the bundle importer and the worksheet importer all take these values from users;
the checks live here, below all of them, so that each can use them without importing another
(and so that none of them can drift). Pure: each check returns the accepted value or raises
``WorkspaceError`` with the Indonesian message a user sees.
"""

from __future__ import annotations

import ipaddress
import re
from typing import TypeGuard
from urllib.parse import urlsplit, urlunsplit

from epss.core.errors import WorkspaceError

# The limits are defined here rather than in the pydantic models (which use them too), so that
# the command line can check a typed number without loading pydantic.
YEAR_MIN, YEAR_MAX = 2022, 2100
ASSESSMENT_KINDS: tuple[str, ...] = ("mandiri", "badan", "target")
MAX_TITLE, MAX_NOTE, MAX_URL = 200, 2000, 2000
MAX_ROW_ID = 2**63 - 1  # SQLite cannot even look up a number past its largest row id


def is_row_id(value: object) -> TypeGuard[int]:
    """Whether a number a user typed can name a stored row (evidence, kegiatan, proposal)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ROW_ID


def check_year(year: object) -> int:
    """A whole year within the range the tool knows (a bool is not a year)."""
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise WorkspaceError(f"tahun harus bilangan bulat {YEAR_MIN}-{YEAR_MAX}, bukan {year!r}")
    return year


def check_kind(kind: str) -> str:
    """One of the assessment kinds (mandiri, badan, target)."""
    if kind not in ASSESSMENT_KINDS:
        raise WorkspaceError(
            f"jenis penilaian harus salah satu dari {', '.join(ASSESSMENT_KINDS)}, bukan {kind!r}"
        )
    return kind


_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*"
                   r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$", re.IGNORECASE)


def check_url(url: str) -> str:
    """An http(s) URL with a plausible host; returned exactly as given (trimmed)."""
    url = url.strip()
    if not url:
        raise WorkspaceError("tautan kosong")
    if len(url) > MAX_URL:
        raise WorkspaceError(f"tautan paling panjang {MAX_URL} karakter")
    if re.search(r"[\s\x00-\x1f\x7f]", url):
        raise WorkspaceError("tautan tidak boleh memuat spasi atau karakter kontrol")
    try:
        parts = urlsplit(url)
    except ValueError:  # an unclosed "[" of an IPv6 host, or a host NFKC makes into another
        raise WorkspaceError("tautan tidak sah: alamat host tidak terbaca") from None
    try:
        _ = parts.port  # raises ValueError for a malformed port
    except ValueError:
        raise WorkspaceError("tautan tidak sah: nomor port harus bilangan 0-65535") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise WorkspaceError("tautan harus diawali http:// atau https://")
    if "@" in parts.netloc:  # userinfo: a password in the dossier, or a host in disguise
        raise WorkspaceError("tautan tidak boleh memuat nama pengguna atau kata sandi (bagian "
                             "sebelum '@' di alamat host); lampirkan tautan tanpa kredensial")
    host = parts.hostname or ""
    if not host or not (_HOST.match(host) or _is_ip(host)):
        raise WorkspaceError(f"alamat host tautan tidak sah: {host or '(kosong)'}")
    return url


def url_identity(url: str) -> str:
    """When two links are the same link: only the equivalences of RFC 3986 6.2.2-6.2.3 that
    hold for every http(s) server (scheme and host case, the default port, an empty path).
    Path, query and fragment are compared as written: a server may tell them apart."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != {"http": 80, "https": 443}.get(scheme):
        host += f":{port}"
    return urlunsplit((scheme, host, parts.path or "/", parts.query, parts.fragment))


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
