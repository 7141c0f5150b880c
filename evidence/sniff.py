"""What a file really is, from its first bytes, checked against the extension it claims.

Officials rename files, save web pages as ".pdf" and send scans as ".docx"; an assessor who
opens such a file finds nothing. The allow-list is the formats officials actually use.
"""

from __future__ import annotations

from dataclasses import dataclass

import filetype

SNIFF_BYTES = 64 * 1024

# extension -> (label shown to users, media type, detected kinds that are acceptable)
_OOXML_ZIP = {"zip"}
ALLOWED: dict[str, tuple[str, str, frozenset[str]]] = {
    "pdf": ("PDF", "application/pdf", frozenset({"pdf"})),
    "doc": ("Word 97-2003", "application/msword", frozenset({"doc", "xls", "ppt", "ole"})),
    "xls": ("Excel 97-2003", "application/vnd.ms-excel", frozenset({"doc", "xls", "ppt", "ole"})),
    "ppt": ("PowerPoint 97-2003", "application/vnd.ms-powerpoint",
            frozenset({"doc", "xls", "ppt", "ole"})),
    "docx": ("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             frozenset({"docx"}) | _OOXML_ZIP),
    "xlsx": ("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             frozenset({"xlsx"}) | _OOXML_ZIP),
    "pptx": ("PowerPoint",
             "application/vnd.openxmlformats-officedocument.presentationml.presentation",
             frozenset({"pptx"}) | _OOXML_ZIP),
    "odt": ("OpenDocument Teks", "application/vnd.oasis.opendocument.text",
            frozenset({"odt"}) | _OOXML_ZIP),
    "ods": ("OpenDocument Lembar Kerja", "application/vnd.oasis.opendocument.spreadsheet",
            frozenset({"ods"}) | _OOXML_ZIP),
    "odp": ("OpenDocument Presentasi", "application/vnd.oasis.opendocument.presentation",
            frozenset({"odp"}) | _OOXML_ZIP),
    "jpg": ("gambar JPEG", "image/jpeg", frozenset({"jpg"})),
    "jpeg": ("gambar JPEG", "image/jpeg", frozenset({"jpg"})),
    "png": ("gambar PNG", "image/png", frozenset({"png"})),
    "webp": ("gambar WebP", "image/webp", frozenset({"webp"})),
    "csv": ("CSV", "text/csv", frozenset({"text"})),
    "txt": ("teks", "text/plain", frozenset({"text"})),
    "zip": ("arsip ZIP", "application/zip",
            frozenset({"zip", "docx", "xlsx", "pptx", "odt", "ods", "odp", "epub"})),
}

_LABELS = {
    "html": "halaman web (HTML)", "text": "teks biasa", "ole": "dokumen Office 97-2003",
    "zip": "arsip ZIP", "pdf": "PDF", "jpg": "gambar JPEG", "png": "gambar PNG",
    "webp": "gambar WebP", "gif": "gambar GIF", "exe": "program Windows (EXE)",
    "elf": "program Linux", "empty": "berkas kosong", "binary": "data biner tak dikenal",
    "docx": "dokumen Word", "xlsx": "lembar kerja Excel", "pptx": "presentasi PowerPoint",
    "doc": "dokumen Word 97-2003", "xls": "Excel 97-2003", "ppt": "PowerPoint 97-2003",
    "odt": "dokumen OpenDocument", "ods": "lembar kerja OpenDocument",
    "odp": "presentasi OpenDocument", "rar": "arsip RAR", "7z": "arsip 7z",
    "gz": "arsip gzip", "mp4": "video MP4", "mp3": "audio MP3", "rtf": "dokumen RTF",
}


class TypeMismatch(ValueError):
    """The content is not what the extension claims, or the extension is not allowed."""


@dataclass(frozen=True, slots=True)
class Sniffed:
    extension: str
    label: str
    media_type: str


def allowed_extensions() -> list[str]:
    return sorted(ALLOWED)


def detect(head: bytes) -> str:
    """A short kind for the first bytes of a file: a filetype extension, html, text, ..."""
    if not head:
        return "empty"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        kind = filetype.guess_extension(head)
        return kind if kind in {"doc", "xls", "ppt"} else "ole"
    kind = filetype.guess_extension(head)
    if kind:
        return kind
    if _looks_like_html(head):
        return "html"
    if _looks_like_text(head):
        return "text"
    return "binary"


def _looks_like_html(head: bytes) -> bool:
    start = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        start.startswith(b"<") and b"<html" in start
    )


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a multi-byte character cut by the sniff window
            return True
    # Legacy 8-bit text (Windows-1252 exports): mostly printable bytes.
    printable = sum(1 for b in head if b >= 32 or b in (9, 10, 13))
    return printable / len(head) > 0.95


def extension_of(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def check(name: str, head: bytes) -> Sniffed:
    """Accept the file only if its extension is allowed and its content agrees with it."""
    ext = extension_of(name)
    if ext not in ALLOWED:
        shown = f".{ext}" if ext else "tanpa ekstensi"
        raise TypeMismatch(
            f"jenis berkas {shown} tidak diterima; yang diterima: "
            + ", ".join(allowed_extensions())
        )
    label, media_type, accepted = ALLOWED[ext]
    kind = detect(head)
    if kind == "empty":
        raise TypeMismatch("berkas kosong (0 byte) tidak bisa dijadikan bukti dukung")
    if kind not in accepted:
        what = _LABELS.get(kind, kind.upper())
        raise TypeMismatch(f"isi berkas ternyata {what}, bukan {label} seperti ekstensi .{ext}")
    return Sniffed(ext, label, media_type)


def label_for_media_type(media_type: str | None) -> str:
    """The user-facing name of a stored media type ("PDF", "Excel"), for file lists."""
    for label, known, _kinds in ALLOWED.values():
        if known == media_type:
            return label
    return media_type or "berkas"
