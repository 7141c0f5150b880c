"""The EPSS catalog: domains, aspects and indicators with their weights, as validated models.

The catalog is data (``epss/domains/*.toml``) so that a new EPSS edition, or a correction of an
inferred weight, is an edit to a file rather than to code. Loading validates everything the
scoring relies on, and a broken file fails with a message naming the file and the field, because
the people who edit these files are statisticians, not Python programmers.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    field_validator,
)

from epss.core.errors import os_error_text
from epss.core.messages import clip, shown, toml_error_text, validation_message

LEVELS = (1, 2, 3, 4, 5)
Confidence = Literal["confirmed", "inferred", "uncertain", "unknown"]
# How a confidence mark reads in the interface.
CONFIDENCE_LABELS: dict[str, str] = {"confirmed": "terkonfirmasi", "inferred": "disimpulkan",
                                     "uncertain": "belum pasti", "unknown": "belum diketahui"}
Weight = Annotated[Decimal, Field(gt=0, le=100)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class CatalogError(ValueError):
    """The catalog data is inconsistent; the message names the file and the field."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def _five_levels(value: dict[int, str]) -> dict[int, str]:
    if sorted(value) != list(LEVELS):
        raise ValueError(f"harus memuat tepat tingkat 1-5, bukan {shown(sorted(value))}")
    return {k: " ".join(v.split()) for k, v in sorted(value.items())}


def _weights_sum_to_100(children: list, what: str) -> None:
    total = sum((c.weight for c in children), Decimal(0))
    if total != 100:
        detail = ", ".join(f"{c.code}={c.weight}" for c in children)
        raise ValueError(f"bobot {what} berjumlah {total}, harus 100 ({clip(detail, 200)})")


def _codes_unique(children: list, what: str) -> None:
    seen: set[str] = set()
    for child in children:
        if child.code in seen:
            raise ValueError(f"kode {what} ganda: {child.code}")
        seen.add(child.code)


class Indicator(_Frozen):
    code: Annotated[str, Field(pattern=r"^[1-9]\d{4}$")]
    name: Text
    aliases: tuple[str, ...] = ()
    weight: Weight
    weight_confidence: Confidence
    description: Text
    general: bool
    general_confidence: Confidence
    evidence_confidence: Confidence
    wording_note: str | None = None
    levels: dict[int, Text]
    evidence: dict[int, Text]

    _check_levels = field_validator("levels", "evidence")(_five_levels)

    @property
    def aspect_code(self) -> str:
        return self.code[:3]

    @property
    def domain_code(self) -> str:
        return self.code[:1]


class Aspect(_Frozen):
    code: Annotated[str, Field(pattern=r"^[1-9]\d{2}$")]
    name: Text
    aliases: tuple[str, ...] = ()
    weight: Weight
    weight_confidence: Confidence
    indicators: Annotated[tuple[Indicator, ...], Field(min_length=1)]

    @field_validator("indicators")
    @classmethod
    def _consistent(cls, indicators: tuple[Indicator, ...], info) -> tuple[Indicator, ...]:
        _codes_unique(list(indicators), "indikator")
        aspect = info.data.get("code")
        for ind in indicators:
            if aspect and ind.aspect_code != aspect:
                raise ValueError(f"indikator {ind.code} bukan bagian aspek {aspect} (kode "
                                 f"indikator harus diawali {aspect})")
        _weights_sum_to_100(list(indicators), f"indikator aspek {aspect}")
        return indicators


class Domain(_Frozen):
    code: Annotated[str, Field(pattern=r"^[1-9]$")]
    name: Text
    aliases: tuple[str, ...] = ()
    weight: Weight
    weight_confidence: Confidence
    general_note: str | None = None
    aspects: Annotated[tuple[Aspect, ...], Field(min_length=1)]

    @field_validator("aspects")
    @classmethod
    def _consistent(cls, aspects: tuple[Aspect, ...], info) -> tuple[Aspect, ...]:
        _codes_unique(list(aspects), "aspek")
        domain = info.data.get("code")
        for asp in aspects:
            if domain and asp.code[:1] != domain:
                raise ValueError(f"aspek {asp.code} bukan bagian domain {domain} (kode aspek "
                                 f"harus diawali {domain})")
        _weights_sum_to_100(list(aspects), f"aspek domain {domain}")
        return aspects


class Rounding(_Frozen):
    decimals: Annotated[int, Field(ge=0, le=6)] = 2
    mode: Literal["half-up", "half-even"] = "half-up"
    predikat_basis: Literal["rounded", "exact"] = "rounded"
    intermediate: Literal["none", "aspect", "domain"] = "none"
    confidence: Confidence = "unknown"


class Band(_Frozen):
    name: Text
    min: Decimal
    max: Decimal | None = None


class MaturityLevel(_Frozen):
    level: Annotated[int, Field(ge=1, le=5)]
    name: Text
    meaning: Text


class EvidenceKind(_Frozen):
    """A kind of supporting document (jenis bukti dukung), as an assessor sorts them."""

    key: Annotated[str, Field(pattern=r"^[a-z][a-z-]*$")]
    name: Text
    formal: bool = False  # a policy, regulation, SK or SOP: what a level >= 3 rests on
    signed: bool = False  # only valid signed and stamped
    standing: bool = False  # valid while in force, however old (a regulation, an SOP)


REVIEW_RULES = ("ketimpangan-opd", "tanpa-dokumen-formal", "tanpa-tanda-tangan", "bukti-lama",
                "hanya-internal", "naik-dua-tingkat", "penjelasan-tidak-berubah",
                "komentar-terbuka")  # what epss.core.sufficiency knows how to check


class ReviewRule(_Frozen):
    """One of the assessor's rules of evidence sufficiency, with where it comes from."""

    id: str
    label: Text
    explanation: Text
    source: Text
    confidence: Confidence
    min_level: Annotated[int, Field(ge=1, le=5)] = 1
    min_raise: Annotated[int, Field(ge=1, le=4)] = 2
    max_age_years: Annotated[int, Field(ge=0, le=50)] = 1

    @field_validator("id")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in REVIEW_RULES:
            raise ValueError(f"aturan {value!r} tidak dikenal; ada: {', '.join(REVIEW_RULES)}")
        return value


class Edition(_Frozen):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")]
    title: Text
    domains: tuple[str, ...]
    rounding: Rounding = Rounding()
    predicates: Annotated[tuple[Band, ...], Field(min_length=1)]
    predicates_meta: dict[str, str] = {}
    levels: tuple[MaturityLevel, ...]
    evidence_tiers: dict[str, str]
    evidence_kinds: tuple[EvidenceKind, ...] = ()
    review_rules: tuple[ReviewRule, ...] = ()

    @field_validator("evidence_kinds", "review_rules")
    @classmethod
    def _unique(cls, items: tuple[Any, ...]) -> tuple[Any, ...]:
        keys = [getattr(item, "key", None) or item.id for item in items]
        if len(set(keys)) != len(keys):
            raise ValueError("kunci/id tidak boleh berulang")
        return items

    def evidence_kind(self, key: str) -> EvidenceKind | None:
        return next((k for k in self.evidence_kinds if k.key == key), None)

    @field_validator("predicates")
    @classmethod
    def _bands_ascending(cls, bands: tuple[Band, ...]) -> tuple[Band, ...]:
        mins = [b.min for b in bands]
        if mins != sorted(mins) or len(set(mins)) != len(mins):
            raise ValueError("batas bawah (min) predikat harus naik dan tidak boleh sama "
                             "(predikat terendah dulu)")
        if bands[-1].max is None or bands[-1].max < bands[-1].min:
            raise ValueError("predikat tertinggi perlu batas atas (max) yang tidak lebih kecil "
                             "dari batas bawahnya (min)")
        return bands

    @field_validator("levels")
    @classmethod
    def _levels_complete(cls, levels: tuple[MaturityLevel, ...]) -> tuple[MaturityLevel, ...]:
        if [lv.level for lv in levels] != list(LEVELS):
            raise ValueError("harus memuat tepat tingkat kematangan 1-5, berurutan")
        return levels

    def level_name(self, level: int) -> str:
        return self.levels[level - 1].name


class Catalog(_Frozen):
    """The whole catalog of one edition, with fast look-ups derived once at load time."""

    edition: Edition
    domains: tuple[Domain, ...]

    _indicators: dict[str, Indicator] = PrivateAttr(default_factory=dict)
    _aspects: dict[str, Aspect] = PrivateAttr(default_factory=dict)
    _effective: dict[str, Fraction] = PrivateAttr(default_factory=dict)
    _weights: dict[str, Fraction] = PrivateAttr(default_factory=dict)

    @field_validator("domains")
    @classmethod
    def _consistent(cls, domains: tuple[Domain, ...]) -> tuple[Domain, ...]:
        _codes_unique(list(domains), "domain")
        _weights_sum_to_100(list(domains), "domain")
        return domains

    def model_post_init(self, __context: object) -> None:
        for dom in self.domains:
            self._weights[dom.code] = Fraction(dom.weight)
            for asp in dom.aspects:
                self._aspects[asp.code] = asp
                self._weights[asp.code] = Fraction(asp.weight)
                for ind in asp.indicators:
                    self._indicators[ind.code] = ind
                    self._weights[ind.code] = Fraction(ind.weight)
                    self._effective[ind.code] = (
                        Fraction(dom.weight) * Fraction(asp.weight) * Fraction(ind.weight)
                    ) / 10_000

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(self._indicators.values())

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._indicators)

    def indicator(self, code: str) -> Indicator:
        try:
            return self._indicators[code]
        except KeyError:
            raise KeyError(f"unknown indicator code {code!r}") from None

    def aspect(self, code: str) -> Aspect:
        return self._aspects[code]

    def domain(self, code: str) -> Domain:
        for dom in self.domains:
            if dom.code == code:
                return dom
        raise KeyError(f"unknown domain code {code!r}")

    def has_indicator(self, code: str) -> bool:
        return code in self._indicators

    def weight(self, code: str) -> Fraction:
        """Exact weight of a domain, aspect or indicator (their codes differ in length)."""
        return self._weights[code]

    def effective_weight(self, code: str) -> Fraction:
        """The indicator's exact share of the IPS in percent (all 38 sum to 100)."""
        return self._effective[code]

    def with_wording(self, wording: Mapping[str, Mapping[str, Any]]) -> Catalog:
        """The same catalog in other words for some indicators (the official worksheet's).

        ``wording``: code -> {"name", "description", "levels": five texts}. Only words change;
        codes, weights and evidence stay ours, so scores never depend on an imported file.
        """
        def reworded(ind: Indicator) -> Indicator:
            words = wording.get(ind.code)
            if words is None:
                return ind
            levels = dict(zip(LEVELS, words["levels"], strict=True))
            return Indicator.model_validate({**ind.model_dump(), "name": words["name"],
                                             "description": words["description"],
                                             "levels": levels})

        domains = tuple(
            dom.model_copy(update={"aspects": tuple(
                asp.model_copy(update={"indicators": tuple(map(reworded, asp.indicators))})
                for asp in dom.aspects)})
            for dom in self.domains)
        return Catalog(edition=self.edition, domains=domains)


def read_data_file(path: Path, error: type[Exception]) -> str:
    """The text of a data file the user may have edited, or ``error`` saying why not."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(f"{path.name}: berkas tidak ditemukan") from None
    except UnicodeDecodeError:
        raise error(f"{path.name}: bukan teks UTF-8") from None
    except OSError as exc:
        raise error(f"{path.name}: tidak bisa dibaca ({os_error_text(exc)})") from None


def _read_toml(path: Path) -> dict:
    text = read_data_file(path, CatalogError)
    try:
        return tomllib.loads(text)
    except (ValueError, RecursionError) as exc:  # TOMLDecodeError is a ValueError
        raise CatalogError(f"{path.name}: {toml_error_text(exc)}") from None


def _validate(model: type[BaseModel], data: dict, source: str):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(f"{source}: {validation_message(exc, count_more=True)}") from None


def load_catalog_from(directory: Path) -> Catalog:
    """Load and validate an edition from a folder holding edition.toml and its domain files."""
    directory = Path(directory)
    edition = _validate(Edition, _read_toml(directory / "edition.toml"), "edition.toml")
    domains = [_validate(Domain, _read_toml(directory / name), name) for name in edition.domains]
    try:
        return Catalog(edition=edition, domains=tuple(domains))
    except ValidationError as exc:  # only cross-domain checks remain: name the domain files
        files = ", ".join(edition.domains)
        raise CatalogError(f"{files}: {validation_message(exc)}") from None


@functools.cache
def load_catalog() -> Catalog:
    """The packaged catalog (cached: it is immutable and loading it validates ~40 models)."""
    with resources.as_file(resources.files("epss.core") / "domains") as folder:
        return load_catalog_from(folder)
