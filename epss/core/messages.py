"""What libraries say when they refuse something, in the user's language.

pydantic, tomllib and json explain a refusal in English, and with the user's own input inside
it; a user of epss reads Indonesian and must not get a screenful of a bad value back. This module
is below every other (it imports only the standard library and pydantic's error type), so that
the pure core (catalog, award, exchange schema) and the workspace layer translate alike.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import ValidationError

SHOWN_MAX = 60  # characters of a user's value a message may repeat

_repr = reprlib.Repr()
_repr.maxlevel, _repr.maxstring, _repr.maxother, _repr.maxlong = 2, SHOWN_MAX, SHOWN_MAX, 40
_repr.maxlist = _repr.maxtuple = _repr.maxset = 8
_repr.maxdict = 4


def clip(text: str, limit: int = SHOWN_MAX) -> str:
    """``text`` cut to ``limit`` characters (an ellipsis marks the cut), on one line."""
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shown(value: object, limit: int = SHOWN_MAX) -> str:
    """A value as a message repeats it: its repr, bounded in length and nesting, on one line.

    reprlib stops at a depth and a number of items, so a deeply nested or huge value costs
    nothing to show; an integer too long for ``repr`` (Python refuses past 4300 digits) is
    described instead.
    """
    try:
        text = _repr.repr(value)
    except (ValueError, RecursionError):
        if isinstance(value, int):  # str() refuses it too: estimate the digits from the bits
            return f"bilangan sekitar {int(value.bit_length() * 0.30103) + 1} digit"
        return "(nilai yang tidak bisa ditampilkan)"
    return clip(text, limit)


def json_kind(value: object) -> str:
    """What a JSON value is, as a user who wrote the JSON would call it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "angka"
    if isinstance(value, str):
        return "teks"
    if isinstance(value, list | tuple):
        return "daftar [ ]"
    if isinstance(value, dict):
        return "objek { }"
    return type(value).__name__


def more_text(count: int) -> str:
    """The suffix for the problems a message does not name: " (dan 2 masalah lain)"."""
    return f" (dan {count} masalah lain)" if count > 0 else ""


# -- pydantic ---------------------------------------------------------------------------------

# pydantic's messages are English; its error types and their context are stable, so the
# message is rebuilt from those. Our own validators already speak Indonesian (value_error).
PYDANTIC_MESSAGES = {
    "missing": "wajib diisi",
    "extra_forbidden": "tidak dikenal",
    "string_type": "harus berupa teks",
    "string_too_short": "paling sedikit {min_length} karakter",
    "string_too_long": "paling banyak {max_length} karakter",
    "string_pattern_mismatch": "bentuknya tidak sah",
    "string_unicode": "harus berupa teks",
    "int_type": "harus bilangan bulat",
    "int_parsing": "harus bilangan bulat",
    "int_parsing_size": "bilangan terlalu besar",
    "int_from_float": "harus bilangan bulat, bukan pecahan",
    "float_type": "harus angka",
    "float_parsing": "harus angka",
    "finite_number": "harus angka yang berhingga",
    "decimal_type": "harus angka desimal",
    "decimal_parsing": "harus angka desimal",
    "decimal_max_places": "paling banyak {decimal_places} angka desimal",
    "decimal_max_digits": "paling banyak {max_digits} digit",
    "decimal_whole_digits": "paling banyak {whole_digits} digit sebelum koma",
    "decimal_finite_number": "harus angka yang berhingga",
    "bool_type": "harus ya atau tidak (true/false)",
    "bool_parsing": "harus ya atau tidak (true/false)",
    "greater_than": "harus lebih dari {gt}",
    "greater_than_equal": "paling kecil {ge}",
    "less_than": "harus kurang dari {lt}",
    "less_than_equal": "paling besar {le}",
    "multiple_of": "harus kelipatan {multiple_of}",
    "literal_error": "harus salah satu dari {expected}",
    "enum": "harus salah satu dari {expected}",
    "list_type": "harus berupa daftar",
    "tuple_type": "harus berupa daftar",
    "set_type": "harus berupa daftar",
    "dict_type": "harus berupa objek (pasangan kunci dan nilai)",
    "model_type": "harus berupa objek (pasangan kunci dan nilai)",
    "model_attributes_type": "harus berupa objek (pasangan kunci dan nilai)",
    "too_short": "paling sedikit {min_length} butir",
    "too_long": "paling banyak {max_length} butir",
    "none_required": "harus kosong (null)",
    "union_tag_invalid": "jenisnya tidak dikenal",
    "union_tag_not_found": "jenisnya tidak disebut",
    "date_type": "harus tanggal",
    "date_parsing": "harus tanggal",
    "datetime_type": "harus tanggal dan jam",
    "datetime_parsing": "harus tanggal dan jam",
    "url_parsing": "bukan tautan yang sah",
    "url_scheme": "tautan harus memakai {expected_schemes}",
    "recursion_loop": "bersarang terlalu dalam",
}


def field_path(loc: Iterable[object]) -> str:
    """Where in a data file a problem is: ``stages[0].criteria[1].weight``."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        else:
            parts.append(("." if parts else "") + clip(str(item), 40))
    return "".join(parts)


def error_text(err: Mapping[str, Any]) -> str:
    """One pydantic error (an item of ``exc.errors()``) as an Indonesian phrase, no location."""
    kind = err.get("type", "")
    if kind in ("value_error", "assertion_error"):  # raised by our own validators
        text = str(err.get("msg", "")).removeprefix("Value error, ")
        return clip(text.removeprefix("Assertion failed, "), 300)
    # The context holds our own constraints (allowed values, lengths), not the user's input.
    context = {key: clip(str(value).replace(" or ", " atau "), 200)
               for key, value in (err.get("ctx") or {}).items()}
    try:
        return PYDANTIC_MESSAGES.get(kind, "nilai tidak sah").format(**context)
    except (KeyError, IndexError):
        return "nilai tidak sah"


def validation_message(exc: ValidationError, *, count_more: bool = False) -> str:
    """The first pydantic error as one Indonesian line (field: message); pydantic's English
    never reaches a user, an unknown kind of error says only that the value is not valid.
    A field keeps its name, which is the name of the option or key that set it. With
    ``count_more`` the line ends with how many other problems there are."""
    err = exc.errors()[0]
    field = field_path(err["loc"])
    text = error_text(err)
    if count_more:
        text += more_text(exc.error_count() - 1)
    return f"{field}: {text}" if field else text


# -- TOML -------------------------------------------------------------------------------------

_TOML_MESSAGES = (  # tomllib's messages, most specific first (matched as prefixes)
    ("Expected newline or end of document", "setelah satu isian harus ganti baris"),
    ("Expected '=' after a key", "setelah nama kunci harus ada '='"),
    ("Expected ']]' at the end", "judul daftar tabel harus diakhiri ']]'"),
    ("Expected ']' at the end", "judul tabel harus diakhiri ']'"),
    ("Expected", "ada tanda baca yang kurang"),
    ("Invalid statement", "baris ini bukan isian TOML yang sah"),
    ("Invalid initial character for a key", "nama kunci diawali karakter yang tidak sah"),
    ("Invalid value", "nilainya tidak sah (teks harus diapit tanda kutip)"),
    ("Invalid date or datetime", "tanggal atau jam tidak sah"),
    ("Invalid hex value", "kode heksadesimal tidak sah"),
    ("Unterminated string", "teks tidak ditutup dengan tanda kutip"),
    ("Unclosed array", "daftar [ ] tidak ditutup"),
    ("Unclosed inline table", "tabel { } tidak ditutup"),
    ("Unescaped '\\'", "garis miring terbalik di dalam teks harus ditulis \\\\"),
    ("Escaped character", "karakter escape tidak sah"),
    ("Illegal character", "ada karakter yang tidak boleh ada di sini"),
    ("Found invalid character", "ada karakter yang tidak boleh ada di sini"),
    ("Cannot overwrite a value", "nilai yang sama ditulis dua kali"),
    ("Cannot declare", "tabel atau kunci yang sama ditulis dua kali"),
    ("Duplicate inline table key", "kunci yang sama ditulis dua kali di tabel { }"),
    ("Cannot mutate immutable namespace", "tabel yang sudah lengkap tidak bisa diubah lagi"),
    ("Cannot redefine namespace", "tabel yang sama didefinisikan ulang"),
)
_TOML_WHERE = re.compile(r"\(at (?:line (\d+), column (\d+)|(end of document))\)\s*$")


def toml_error_text(exc: BaseException) -> str:
    """Why ``tomllib.loads`` failed, in Indonesian with the line and column.

    Besides its own ``TOMLDecodeError`` tomllib lets through a ``ValueError`` for an integer too
    long to convert and a ``RecursionError`` for deep nesting; both are described too.
    """
    if isinstance(exc, RecursionError):
        return "TOML bersarang terlalu dalam"
    text = str(exc)
    where = _TOML_WHERE.search(text)
    if where is None:  # not tomllib's own refusal: a number Python will not convert
        return "TOML tidak sah: ada angka yang terlalu panjang"
    reason = next((indonesian for english, indonesian in _TOML_MESSAGES
                   if text.startswith(english)), "penulisan tidak sah")
    if where.group(3):
        return f"TOML tidak sah di akhir berkas: {reason}"
    return f"TOML tidak sah di baris {where.group(1)}, kolom {where.group(2)}: {reason}"
