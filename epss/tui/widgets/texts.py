"""How the TUI words times and files: local time with its zone, "PDF, 591 byte"."""

from __future__ import annotations

from datetime import datetime, timedelta

# Indonesia's three zones by their UTC offset; elsewhere the offset itself is shown.
ZONES = {7: "WIB", 8: "WITA", 9: "WIT"}

MEDIA_NAMES = {
    "application/pdf": "PDF",
    "application/zip": "ZIP",
    "application/msword": "Word",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.ms-excel": "Excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.ms-powerpoint": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
    "text/plain": "teks",
    "text/csv": "CSV",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
}


def zone_name(offset: timedelta | None) -> str:
    """WIB/WITA/WIT for +7/+8/+9, else "UTC+5:30"-style (UTC for no offset)."""
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    if minutes % 60 == 0 and minutes // 60 in ZONES:
        return ZONES[minutes // 60]
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def local_time(stamp: str) -> str:
    """A stored ISO time (UTC) as "2024-05-20 15:00 WIB" in the system's time zone."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    local = moment.astimezone()  # a naive stamp is taken as local already
    return f"{local:%Y-%m-%d %H:%M} {zone_name(local.utcoffset())}"


def byte_size(size: int) -> str:
    """591 byte, 12,3 KB, 4,5 MB (decimal comma)."""
    if size < 1024:
        return f"{size} byte"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            return f"{value:.1f} {unit}".replace(".", ",")
    return f"{size} byte"  # not reached


def file_kind(media_type: str | None, size: int | None) -> str:
    """"PDF, 591 byte" for a stored file; the media type itself when it has no short name."""
    name = MEDIA_NAMES.get(media_type or "")
    if name is None:
        name = (media_type or "berkas").split("/")[-1].upper() if media_type else "berkas"
    return f"{name}, {byte_size(size or 0)}"
