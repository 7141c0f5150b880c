"""Content-addressed evidence vault: put, open, verify, type sniffing, limits.

A leaf package: it knows nothing of EPSS, so any records-keeping tool could reuse it.
"""

from evidence.sniff import ALLOWED, TypeMismatch, allowed_extensions, check, detect
from evidence.vault import (
    DEFAULT_MAX_BYTES,
    DEFAULT_WARN_BYTES,
    Staged,
    StoredBlob,
    Vault,
    VaultError,
    VerifyReport,
    human_size,
    safe_name,
)

__all__ = [
    "ALLOWED", "DEFAULT_MAX_BYTES", "DEFAULT_WARN_BYTES", "Staged", "StoredBlob", "TypeMismatch",
    "Vault", "VaultError", "VerifyReport", "allowed_extensions", "check", "detect", "human_size",
    "safe_name",
]
