"""The shape a bundle's ``manifest.json`` must have before anything in it is believed.

A bundle comes from another office, by e-mail or flash drive: every field is checked for type
(strictly: ``"3"`` is not a level), size and form here, and against the catalog and the archive
in ``bundle.py``. The models mirror what ``epss.core.manifest.build_manifest`` writes; a change
there needs a change here and a new ``format_version`` (what an older epss refuses by number,
telling the user to update). Version 2 added the sampled kegiatan and the evidence marks, both
optional: a version 1 manifest is still read as before.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationError,
    field_validator,
    model_validator,
)

from epss.core.manifest import BASE_VERSION, FORMAT, FORMAT_VERSION
from epss.core.messages import json_kind, shown, validation_message
from epss.core.model import MAX_EXPLANATION, AgencyKind, AssessmentKind, AssessmentStatus
from epss.core.validate import MAX_NOTE, MAX_TITLE, MAX_URL

MAX_NAME = 255
MAX_ANSWERS, MAX_ATTACHMENTS = 500, 20_000

Sha = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Code = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{4}$")]
Person = Annotated[str, StringConstraints(max_length=200)]


def _stamp(value: str) -> str:
    """An ISO 8601 time with a zone, as the store writes them."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"bukan waktu ISO 8601: {shown(value, 40)}") from None
    if parsed.tzinfo is None:
        raise ValueError(f"waktu tanpa zona waktu: {shown(value, 40)}")
    return value


Stamp = Annotated[str, StringConstraints(max_length=40)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class AgencyPart(_Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    kind: AgencyKind
    code: Annotated[str, StringConstraints(max_length=10)]


class AssessmentPart(_Strict):
    year: int
    kind: AssessmentKind
    status: AssessmentStatus
    title: Annotated[str, StringConstraints(max_length=MAX_TITLE)]
    source_year: int | None


class AnswerPart(_Strict):
    indicator: Code
    level: Annotated[int, Field(ge=1, le=5)] | None
    explanation: Annotated[str, StringConstraints(max_length=MAX_EXPLANATION)]
    carried_over: bool
    updated_by: Person
    updated_at: Stamp

    _check_stamp = field_validator("updated_at")(_stamp)


KegiatanKey = Annotated[str, StringConstraints(pattern=r"^k[1-9][0-9]{0,3}$")]
MAX_KEGIATAN = 1_000


class MarksPart(_Strict):
    """What an attachment is (epss.services.sampling.Sampling.mark_evidence); written only when
    something was said. The kind, the year and the kegiatan are checked in ``bundle.py``."""

    doc_kind: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None
    doc_year: int | None
    signed: bool
    for_tpb: bool
    kegiatan: KegiatanKey | None


class KegiatanPart(_Strict):
    """A sampled kegiatan, named in the bundle by ``key`` (no database ids travel)."""

    key: KegiatanKey
    opd: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    code: Annotated[str, StringConstraints(max_length=40)]
    kind: Annotated[str, StringConstraints(max_length=40)]


class AttachmentPart(_Strict):
    indicator: Code
    kind: Literal["file", "link"]
    title: Annotated[str, StringConstraints(max_length=MAX_TITLE)]
    note: Annotated[str, StringConstraints(max_length=MAX_NOTE)]
    sha256: Sha | None
    size: Annotated[int, Field(ge=0)] | None
    media_type: Annotated[str, StringConstraints(max_length=200)] | None
    filename: Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME)] | None
    url: Annotated[str, StringConstraints(max_length=MAX_URL)] | None
    confidential: bool
    created_by: Person
    created_at: Stamp
    marks: MarksPart | None = None  # format version 2

    _check_stamp = field_validator("created_at")(_stamp)


class RedactedPart(_Strict):
    """A confidential attachment left at home: only that it exists, and where."""

    indicator: Code
    confidential: Literal[True]
    redacted: Literal[True]


def _attachment_tag(value: Any) -> str:
    redacted = value.get("redacted") if isinstance(value, dict) else None
    return "redacted" if redacted is not None else "entry"


class FilePart(_Strict):
    size: Annotated[int, Field(ge=0)]
    path: Annotated[str, StringConstraints(max_length=100)]


class DaftarDataOpdPart(_Strict):
    name: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    items: Annotated[int, Field(ge=1, le=1_000_000)]
    fulfilled: Annotated[int, Field(ge=0, le=1_000_000)]


class DaftarDataPart(_Strict):
    """The daftar data recap (epss.core.daftar_data.bundle_recap); optional: older bundles
    and agencies without a list have none."""

    items: Annotated[int, Field(ge=0, le=1_000_000)]
    fulfilled: Annotated[int, Field(ge=0, le=1_000_000)]
    metadata: Annotated[int, Field(ge=0, le=1_000_000)]
    datasets: Annotated[int, Field(ge=0, le=10_000_000)]
    opd: Annotated[list[DaftarDataOpdPart], Field(max_length=5_000)]

    @model_validator(mode="after")
    def _consistent(self) -> DaftarDataPart:
        if self.fulfilled > self.items or self.metadata > self.items:
            raise ValueError("daftar_data: terpenuhi/bermetadata lebih dari jumlah item")
        if any(o.fulfilled > o.items for o in self.opd):
            raise ValueError("daftar_data: OPD dengan terpenuhi lebih dari jumlah itemnya")
        if (sum(o.items for o in self.opd), sum(o.fulfilled for o in self.opd)) != (
                self.items, self.fulfilled):
            raise ValueError("daftar_data: jumlah per OPD tidak sama dengan totalnya")
        return self


class Manifest(_Strict):
    format: Literal["epss-assessment"]
    format_version: Literal[1, 2]
    tool_version: Annotated[str, StringConstraints(max_length=40)]
    created: Stamp
    edition: Annotated[str, StringConstraints(max_length=100)]
    agency: AgencyPart
    assessment: AssessmentPart
    answers: Annotated[list[AnswerPart], Field(max_length=MAX_ANSWERS)]
    attachments: Annotated[
        list[Annotated[
            Annotated[AttachmentPart, Tag("entry")] | Annotated[RedactedPart, Tag("redacted")],
            Discriminator(_attachment_tag),
        ]],
        Field(max_length=MAX_ATTACHMENTS),
    ]
    files: dict[Sha, FilePart]
    include_confidential: bool
    reported: dict[Annotated[str, StringConstraints(max_length=3)],
                   Annotated[str, StringConstraints(max_length=10)]] = {}
    daftar_data: DaftarDataPart | None = None
    kegiatan: Annotated[list[KegiatanPart], Field(max_length=MAX_KEGIATAN)] = []  # version 2

    _check_stamp = field_validator("created")(_stamp)

    @model_validator(mode="after")
    def _version_says_enough(self) -> Manifest:
        """Kegiatan and marks came with version 2: a version 1 manifest carrying them was not
        written by epss (and an older epss would not have been told to update)."""
        marked = any(isinstance(a, AttachmentPart) and a.marks is not None
                     for a in self.attachments)
        if self.format_version < 2 and (self.kegiatan or marked):
            raise ValueError("kegiatan terpilih dan tanda bukti hanya ada sejak versi format 2, "
                             f"padahal manifest ini menyatakan versi {self.format_version}")
        return self


# keep the Literals above in step
assert FORMAT == "epss-assessment" and FORMAT_VERSION == 2 and BASE_VERSION == 1


class SchemaError(ValueError):
    """The manifest is not what ``build_manifest`` writes; the message says where."""


def _reject_constant(name: str) -> Any:
    raise SchemaError(f"nilai JSON {name} tidak diterima")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise SchemaError(f"kunci {shown(key, 40)} muncul dua kali")
        out[key] = value
    return out


def parse_manifest(raw: bytes) -> Manifest:
    """Strict JSON (UTF-8, no NaN, no repeated keys) in the manifest's schema."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SchemaError("isinya bukan teks UTF-8") from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_reject_constant)
    except SchemaError:
        raise
    except json.JSONDecodeError as exc:
        raise SchemaError(f"isinya bukan JSON yang sah (baris {exc.lineno} kolom {exc.colno})"
                          ) from None
    except RecursionError:
        raise SchemaError("isinya bersarang terlalu dalam") from None
    except ValueError:  # an integer of more digits than Python will convert
        raise SchemaError("isinya memuat angka yang terlalu panjang") from None
    if not isinstance(data, dict):
        raise SchemaError(f"isinya harus objek JSON {{...}}, bukan {json_kind(data)}")
    version = data.get("format_version")
    if data.get("format") == FORMAT and isinstance(version, int) and version > FORMAT_VERSION:
        raise SchemaError(f"versi format {shown(version, 20)} lebih baru dari yang dipahami epss "
                          f"ini ({FORMAT_VERSION}); perbarui epss")
    try:
        return Manifest.model_validate(data)
    except ValidationError as exc:
        raise SchemaError(validation_message(exc, count_more=True)) from None
