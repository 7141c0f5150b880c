"""Operating-system errors in the user's language.

The OS's own text (``strerror``) is English; every message ``epss`` shows is Indonesian. This
lives in the leaf package so that the vault can use it without importing ``epss``; the
application reaches it through ``epss.core.errors.os_error_text``.
"""

from __future__ import annotations

import errno

_TEXT = {
    errno.ENOSPC: "disk penuh",
    errno.EDQUOT: "kuota disk habis",
    errno.EACCES: "tidak ada izin",
    errno.EPERM: "tidak ada izin",
    errno.EROFS: "disk hanya bisa dibaca",
    errno.ENOENT: "tidak ditemukan",
    errno.ENOTDIR: "bukan folder",
    errno.EISDIR: "ini folder, bukan berkas",
    errno.EEXIST: "sudah ada",
    errno.EIO: "kesalahan baca/tulis disk",
    errno.ENAMETOOLONG: "nama terlalu panjang",
    errno.EBUSY: "sedang dipakai program lain",
    errno.ELOOP: "terlalu banyak tautan simbolik",
    errno.EMFILE: "terlalu banyak berkas terbuka",
    errno.ETXTBSY: "sedang dipakai program lain",
}


def os_error_text(exc: OSError) -> str:
    return _TEXT.get(exc.errno or 0) or f"kesalahan sistem {exc.errno or ''}".strip()
