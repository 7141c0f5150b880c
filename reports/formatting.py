"""Indonesian formatting for printed documents: 2,52 and 22 November 2026.

A score arrives already formatted (``*_display``): how an index is rounded is a setting of the
EPSS edition, which this package does not know. The number filter is for other figures (sizes,
axis ticks) and rounds half-up before babel formats it (babel alone would round half-even).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "id"


def _decimal(value: Any) -> Decimal | None:
    """An exact Decimal for ints, floats (their shortest repr), Fractions and numeric strings;
    None for anything that is not a finite number."""
    if isinstance(value, Fraction):
        result = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        try:
            result = Decimal(str(value))
        except InvalidOperation:
            return None
    return result if result.is_finite() else None


def number(value: Any, decimals: int = 2) -> str:
    """Indonesian number, rounded half-up (2.525 -> "2,53", 1234 -> "1.234")."""
    if value is None or value == "":
        return "–"
    exact = _decimal(value)
    if exact is None:
        return "–" if isinstance(value, float | Decimal) else str(value)
    quantum = Decimal(1).scaleb(-decimals)
    rounded = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0,00"
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(rounded, format=pattern, locale=LOCALE, decimal_quantization=False)


def long_date(value: Any) -> str:
    """"22 November 2026" from a date, a datetime or an ISO string; a timestamp with a zone
    (the workspace stores UTC) is read in the machine's local time, the day the user lived."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone()
        value = value.date()
    return format_date(value, format="long", locale=LOCALE)


def moment_utc(value: Any) -> str:
    """"12 Maret 2024 pukul 03.15 UTC" from an ISO timestamp (or a datetime), read in UTC.

    The dossier's date is the moment its data last changed, printed in UTC like the manifest
    beside it: the same data gives the same words, whatever the machine's time zone."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        try:
            value = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    if not isinstance(value, _dt.datetime):
        return long_date(value)
    if value.tzinfo is not None:
        value = value.astimezone(_dt.UTC)
    day = format_date(value.date(), format="long", locale=LOCALE)
    return f"{day} pukul {value:%H.%M} UTC"


def file_size(value: Any) -> str:
    """Bytes in the units people read on a file list: "12,5 KB", "3,2 MB" (rounded first, so
    1.048.575 bytes is "1,0 MB", not "1.024,0 KB")."""
    if value is None or value == "":
        return "–"
    size = Decimal(int(value))
    if size < 1024:
        return f"{int(size)} B"
    for unit in ("KB", "MB", "GB", "TB"):
        size /= 1024
        shown = size.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if shown < 1024 or unit == "TB":
            return f"{number(shown, 1)} {unit}"
    raise AssertionError("unreachable")


def short_hash(value: Any, length: int = 12) -> str:
    return str(value or "")[:length]


FILTERS: dict[str, Callable[..., str]] = {
    "number": number,
    "long_date": long_date,
    "moment_utc": moment_utc,
    "file_size": file_size,
    "short_hash": short_hash,
}
