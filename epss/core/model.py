"""Plain records the workspace hands to the TUI, the CLI and the report builder.

They are pydantic models so that everything a user types is validated in one place (the input
models) and everything read back has a known shape (the record models). They carry no behaviour
that touches the database.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from epss.core.validate import YEAR_MAX, YEAR_MIN

AgencyKind = Literal["provinsi", "kabupaten", "kota", "kementerian", "lembaga"]
AssessmentKind = Literal["mandiri", "badan", "target"]
AssessmentStatus = Literal["draft", "submitted", "final"]

AGENCY_KINDS: tuple[str, ...] = ("provinsi", "kabupaten", "kota", "kementerian", "lembaga")
ASSESSMENT_STATUSES: tuple[str, ...] = ("draft", "submitted", "final")

KIND_LABELS = {
    "mandiri": "Penilaian mandiri",
    "badan": "Penilaian badan (hasil BPS)",
    "target": "Target",
}
STATUS_LABELS = {"draft": "Draf", "submitted": "Terkirim", "final": "Final"}

MAX_EXPLANATION = 20_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)


def clean_text(value: str) -> str:
    """Drop control characters (keeping newlines and tabs) and normalise line endings."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


class AgencyInput(BaseModel):
    """What a user gives to create a workspace; the BPS region code must fit the kind."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: Annotated[str, Field(min_length=3, max_length=200)]
    kind: AgencyKind
    code: Annotated[str, Field(pattern=r"^\d{2,4}$")]

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if _CONTROL.search(value) or "\n" in value:
            raise ValueError("nama instansi tidak boleh memuat karakter kontrol atau baris baru")
        return " ".join(value.split())

    @model_validator(mode="after")
    def _code_fits_kind(self) -> AgencyInput:
        code, kind = self.code, self.kind
        if kind == "provinsi" and len(code) != 2:
            raise ValueError(f"kode wilayah provinsi terdiri dari 2 angka (mis. 35), bukan {code}")
        if kind in ("kabupaten", "kota") and len(code) != 4:
            raise ValueError(f"kode wilayah {kind} terdiri dari 4 angka (mis. 3572), bukan {code}")
        if kind == "kota" and len(code) == 4 and code[2] != "7":
            raise ValueError(f"kode wilayah kota memakai angka ke-3 '7' (mis. 3572), bukan {code}")
        if kind == "kabupaten" and len(code) == 4 and code[2] == "7":
            raise ValueError(f"kode {code} adalah kode kota (angka ke-3 '7'), bukan kabupaten")
        if kind in ("kementerian", "lembaga") and len(code) != 3:
            raise ValueError(f"kode K/L terdiri dari 3 angka (kode bagian anggaran), bukan {code}")
        return self


class Agency(_Record):
    id: int
    name: str
    kind: AgencyKind
    code: str


class Assessment(_Record):
    id: int
    agency_id: int
    year: int
    kind: AssessmentKind
    edition: str
    status: AssessmentStatus
    title: str
    source_year: int | None  # the year answers were carried over from, if any
    manifest_hash: str | None
    created_at: str
    updated_at: str

    @property
    def label(self) -> str:
        return f"{KIND_LABELS[self.kind]} {self.year}"


class Answer(_Record):
    indicator: str
    level: int | None
    explanation: str
    carried_over: bool
    updated_by: str
    updated_at: str


class Attachment(_Record):
    id: int
    assessment_id: int
    indicator: str
    blob_sha: str | None
    url: str | None
    title: str
    note: str
    media_type: str | None
    size: int | None
    original_name: str | None
    confidential: bool
    created_by: str
    created_at: str
    # What an assessor asks of a document (issue: evidence sufficiency). None: not yet said.
    doc_kind: str | None = None        # an EvidenceKind key of the edition
    doc_year: int | None = None
    signed: bool = False               # bertanda tangan dan cap
    for_tpb: bool = True               # in the package the assessor reads, not internal only
    kegiatan_id: int | None = None     # the sampled kegiatan it proves; None: umum/walidata


KEGIATAN_KINDS = {"survei": "Survei", "kompilasi": "Kompilasi produk administrasi",
                  "lainnya": "Lainnya"}


class Kegiatan(_Record):
    """A sampled kegiatan statistik (kegiatan terpilih) of one assessment, and the OPD owning it."""

    id: int
    assessment_id: int
    opd: str
    name: str
    code: str          # Romantik code such as K-24.6104.005, or ""
    kind: str          # a KEGIATAN_KINDS key
    created_at: str

    @property
    def label(self) -> str:
        return f"{self.opd} — {self.name}"


class Comment(_Record):
    id: int
    assessment_id: int
    indicator: str
    author: str
    role: str
    body: str
    resolved: bool
    created_at: str


class Event(_Record):
    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    data: str
    prev_hash: str
    hash: str


class AnswerInput(BaseModel):
    """A change to one answer: only the fields given are changed."""

    model_config = ConfigDict(extra="forbid")

    level: Annotated[int, Field(ge=1, le=5, strict=True)] | None = None
    clear_level: bool = False
    explanation: Annotated[str, Field(max_length=MAX_EXPLANATION)] | None = None

    @field_validator("explanation")
    @classmethod
    def _clean(cls, value: str | None) -> str | None:
        return None if value is None else clean_text(value)

    @model_validator(mode="after")
    def _consistent(self) -> AnswerInput:
        if self.clear_level and self.level is not None:
            raise ValueError("tingkat tidak bisa diisi dan dikosongkan sekaligus")
        return self


YearField = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX, strict=True)]


# -- a BPS result given only as indices ----------------------------------------------------

IPS_NODE = "ips"  # the node name of the IPS among reported indices; domains use their code
INDEX_MIN, INDEX_MAX = Decimal(1), Decimal(5)
_INDEX_TEXT = re.compile(r"^[0-9]+(?:[.,][0-9]+)?$")


def parse_index(value: object, what: str = "indeks") -> Decimal:
    """An index as a BPS letter prints it ("2,52" or "2.52"): 1 to 5, at most two decimals.

    Kept exact (a Decimal from the text, never via a float) so that what is stored is what the
    letter says; a float argument is read through its shortest repr, which is what was typed.
    Raises ValueError with an Indonesian message naming ``what``.
    """
    if isinstance(value, bool) or not isinstance(value, str | Decimal | int | float):
        raise ValueError(f"{what}: nilai harus angka seperti 2,52, bukan {value!r}")
    if isinstance(value, Decimal):
        text = format(value, "f") if value.is_finite() else str(value)
    else:
        text = str(value).strip()
    if not _INDEX_TEXT.match(text):
        raise ValueError(f"{what}: nilai harus angka seperti 2,52, bukan {value!r}")
    whole, _, decimals = text.replace(",", ".").partition(".")
    if len(decimals) > 2:
        raise ValueError(f"{what}: paling banyak 2 angka desimal, bukan {text}")
    number = Decimal(f"{whole}.{decimals}" if decimals else whole)
    if not INDEX_MIN <= number <= INDEX_MAX:
        raise ValueError(f"{what}: nilai harus antara 1 dan 5, bukan {text}")
    return number


class ReportedIndices(_Record):
    """What a BPS result letter states for one assessment, exactly as given.

    Only what is known: the IPS and/or some domain indices (code -> value). Nothing here is
    derived from, or turned into, indicator levels.
    """

    ips: Decimal | None = None
    domains: dict[str, Decimal] = Field(default_factory=dict)
    aspects: dict[str, Decimal] = Field(default_factory=dict)  # aspect code (3 digits) -> value

    @property
    def empty(self) -> bool:
        return self.ips is None and not self.domains and not self.aspects

    @classmethod
    def from_text(cls, stored: Mapping[str, str]) -> ReportedIndices:
        """The record of stored node -> dot-decimal text rows (``as_text`` read back; the text
        was validated when it was written)."""
        return cls(
            ips=Decimal(stored[IPS_NODE]) if IPS_NODE in stored else None,
            domains={node: Decimal(v) for node, v in stored.items()
                     if node != IPS_NODE and len(node) == 1},
            aspects={node: Decimal(v) for node, v in stored.items() if len(node) == 3
                     and node != IPS_NODE},
        )

    def as_text(self) -> dict[str, str]:
        """Node -> dot-decimal text, as stored and as written to the audit log."""
        out = {code: str(value) for code, value in sorted(self.domains.items())}
        out.update({code: str(value) for code, value in sorted(self.aspects.items())})
        if self.ips is not None:
            out[IPS_NODE] = str(self.ips)
        return out
