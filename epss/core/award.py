"""Award rubrics as data, and the committee's ranking as a pure, exact, explained computation.

A provincial Satu Data Award scores entrants in stages (SATA Jatim: portal data list, then the
EPSS result, then a presentation to a jury; the ten best after two stages go on, five win). The
rubric says which criteria each stage has, their weights, where each value comes from and how
many advance; it lives in ``epss/awards/*.toml`` so that a committee changes a weight by editing
a file. Weights nobody has published are marked ``assumed`` and shown as such.

Rules the ranking keeps (each has a hand-worked test):

- a criterion's value is 0-100: ``epss_ips`` maps the IPS linearly (1 -> 0, 5 -> 100),
  ``input`` is a number the committee enters, ``daftar_data`` is the fulfilment percentage
  of the daftar data recap in the entrant's bundle, ``indeks_sdi`` is Bappenas' Indeks SDI as
  the committee records it (the total as given, never computed from its domain values, which
  are kept beside it), ``jury`` aggregates the jurors' scores by the
  mean, or by the trimmed mean (highest and lowest dropped) when at least five jurors scored;
- a stage score is the weighted mean of its criteria; the score a stage ranks by is the
  weighted mean of the stage scores so far (stage weights);
- an entrant missing any value of a stage is *incomplete*: listed, never ranked, never scored
  as zero, and does not advance;
- ties are broken by the current stage's own score, then the earlier stages' scores from the
  latest back, then the IPS, then the name; the rule is part of every result;
- an award may have categories (kabupaten/kota, OPD provinsi, RSUD): each entrant belongs to
  one, and each category is ranked on its own, exactly as ``rank`` ranks the entrants of that
  category alone (``rank_categories``); without categories nothing changes.

Arithmetic is in ``Fraction``: a cut between 10th and 11th place must not depend on float noise.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from epss.core.catalog import read_data_file
from epss.core.messages import clip, shown, toml_error_text, validation_message

Source = Literal["epss_ips", "input", "jury", "daftar_data", "indeks_sdi"]
Confidence = Literal["published", "assumed"]
# a fact the reference material does not give (the Indeks SDI's domain names and weights)
Knowledge = Literal["published", "unknown"]
UNKNOWN = "belum diketahui"
SDI_RULE = ("Indeks SDI dicatat sebagaimana diberikan (0–100); tidak dihitung dari nilai "
            "domainnya, yang dicatat di sampingnya.")
Ident = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Weight = Annotated[Decimal, Field(gt=0, le=100)]

TRIM_FROM = 5  # jurors needed before the highest and lowest scores are dropped
SCORE_MIN, SCORE_MAX = Fraction(0), Fraction(100)
TIE_RULE = ("Nilai sama diurutkan menurut nilai tahap ini sendiri, lalu nilai tahap-tahap "
            "sebelumnya dari yang terakhir, lalu IPS, lalu nama.")
IPS_MAPPING = ("IPS (dua desimal, seperti diumumkan) dipetakan linear ke 0–100: IPS 1 = 0, "
               "IPS 5 = 100 (nilai = (IPS \u2212 1) \u00d7 25).")


class RubricError(ValueError):
    """A rubric file is inconsistent; the message names the file and the field."""


class AwardError(ValueError):
    """A value given for an entrant cannot be used; the message says why (Indonesian)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SdiDomain(_Frozen):
    """One of the Indeks SDI's domains as the rubric knows it. Name and weight are data with a
    confidence mark: when no source gives them they stay empty and every output says
    "belum diketahui"; a weight is never used to compute the total (it is only shown)."""

    id: Ident
    name: Text | None = None
    name_confidence: Knowledge = "unknown"
    weight: Weight | None = None
    weight_confidence: Knowledge = "unknown"

    @model_validator(mode="after")
    def _consistent(self) -> SdiDomain:
        if (self.name is None) != (self.name_confidence == "unknown"):
            raise ValueError(f"domain {self.id}: name dan name_confidence tidak cocok (nama "
                             "yang tidak diketahui dikosongkan dengan name_confidence = "
                             "\"unknown\")")
        if (self.weight is None) != (self.weight_confidence == "unknown"):
            raise ValueError(f"domain {self.id}: weight dan weight_confidence tidak cocok "
                             "(bobot yang tidak diketahui dikosongkan dengan "
                             "weight_confidence = \"unknown\")")
        return self

    @property
    def label(self) -> str:
        """"Domain 1 (nama belum diketahui)" or the published name."""
        return self.name if self.name is not None else f"{self.id} (nama {UNKNOWN})"

    @property
    def weight_text(self) -> str:
        return f"{self.weight}".replace(".", ",") + " %" if self.weight is not None else UNKNOWN


class Criterion(_Frozen):
    id: Ident
    name: Text
    source: Source
    weight: Weight
    weight_confidence: Confidence = "assumed"
    note: str = ""
    domains: tuple[SdiDomain, ...] = ()  # source indeks_sdi only: the parts recorded beside it

    @model_validator(mode="after")
    def _domains(self) -> Criterion:
        if self.source == "indeks_sdi":
            if not 1 <= len(self.domains) <= 6:
                raise ValueError(f"kriteria {self.id}: indeks_sdi perlu 1-6 domain "
                                 "([[...domains]])")
            ids = [d.id for d in self.domains]
            if len(set(ids)) != len(ids):
                raise ValueError(f"kriteria {self.id}: id domain ganda")
        elif self.domains:
            raise ValueError(f"kriteria {self.id}: domains hanya untuk sumber indeks_sdi")
        return self

    def domain(self, ref: str) -> SdiDomain:
        """A domain by id, by its number (1, 2, 3) or by its known name (any case)."""
        text = " ".join(str(ref).split())
        for match in (lambda d, n: d.id == text, lambda d, n: str(n) == text,
                      lambda d, n: d.name is not None and d.name.casefold() == text.casefold()):
            found = [d for n, d in enumerate(self.domains, 1) if match(d, n)]
            if len(found) == 1:
                return found[0]
        known = ", ".join(d.id for d in self.domains)
        raise AwardError(f"domain {shown(ref)} tidak ada di kriteria {self.id} "
                         f"(domain: {known})")


class Stage(_Frozen):
    id: Ident
    name: Text
    weight: Weight  # in the cumulative score the stage (and later ones) rank by
    advance: Annotated[int, Field(ge=1)] | None = None  # top N go on (or win, on the last)
    note: str = ""
    criteria: Annotated[tuple[Criterion, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Stage:
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError(f"id kriteria ganda di tahap {self.id}")
        total = sum((c.weight for c in self.criteria), Decimal(0))
        if total != 100:
            raise ValueError(f"bobot kriteria tahap {self.id} berjumlah {total}, harus 100")
        return self


class Category(_Frozen):
    """A category of entrants within one award (kabupaten/kota, OPD provinsi, RSUD)."""

    id: Ident
    name: Text


class Rubric(_Frozen):
    id: Ident
    title: Text
    description: str = ""
    sources: tuple[str, ...] = ()
    stages: Annotated[tuple[Stage, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        ids = [s.id for s in self.stages]
        if len(set(ids)) != len(ids):
            raise ValueError("id tahap ganda")
        criteria = [c.id for s in self.stages for c in s.criteria]
        if len(set(criteria)) != len(criteria):
            raise ValueError("satu id kriteria dipakai di dua tahap; id kriteria harus unik")
        if sum(c.source == "daftar_data" for s in self.stages for c in s.criteria) > 1:
            raise ValueError("hanya satu kriteria boleh bersumber daftar_data (nilainya sama: "
                             "pemenuhan daftar data peserta)")
        advances = [s.advance for s in self.stages if s.advance is not None]
        if advances != sorted(advances, reverse=True) or len(set(advances)) != len(advances):
            raise ValueError("jumlah peserta yang lolos (advance) harus makin kecil dari tahap "
                             "ke tahap")
        return self

    def criterion(self, criterion_id: str) -> tuple[Stage, Criterion]:
        for stage in self.stages:
            for crit in stage.criteria:
                if crit.id == criterion_id:
                    return stage, crit
        raise KeyError(criterion_id)

    @property
    def assumed(self) -> bool:
        return any(c.weight_confidence == "assumed" for s in self.stages for c in s.criteria)


# -- loading ---------------------------------------------------------------------------------


def load_rubric_file(path: Path) -> Rubric:
    """Read and validate one rubric file; a broken one names the file and the field."""
    path = Path(path)
    rubric = parse_rubric(read_data_file(path, RubricError), path.name)
    if rubric.id != path.stem:
        raise RubricError(f"{path.name}: id: {shown(rubric.id)} harus sama dengan nama berkas "
                          f"({clip(path.stem, 40)})")
    return rubric


def parse_rubric(text: str, name: str) -> Rubric:
    """Validate rubric TOML text (a file's, or the copy an award keeps); ``name`` is what
    messages call it."""
    try:
        data = tomllib.loads(text)
    except (ValueError, RecursionError) as exc:  # TOMLDecodeError is a ValueError too
        raise RubricError(f"{name}: {toml_error_text(exc)}") from None
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        raise RubricError(f"{name}: {validation_message(exc, count_more=True)}") from None


def packaged_rubrics() -> dict[str, Rubric]:
    """The rubrics shipped in ``epss/awards`` by id."""
    with resources.as_file(resources.files("epss.core") / "awards") as folder:
        return {p.stem: load_rubric_file(p) for p in sorted(Path(folder).glob("*.toml"))}


# -- values ----------------------------------------------------------------------------------


def parse_score(value: object, what: str = "nilai") -> Fraction:
    """A score 0-100 as a committee types it ("81,15", "74.1", 90): exact, at most 4 decimals."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal | Fraction):
        raise AwardError(f"{what}: harus angka 0-100, bukan {shown(value)}")
    if isinstance(value, Fraction):
        number = value
    else:
        text = str(value).strip().replace(",", ".")
        try:
            decimal = Decimal(text)
        except ArithmeticError:
            raise AwardError(f"{what}: harus angka 0-100, bukan {shown(value)}") from None
        if not decimal.is_finite():
            raise AwardError(f"{what}: harus angka 0-100, bukan {shown(value)}")
        if decimal and decimal.adjusted() > 2:  # "1e999999999": refused before any big math
            raise AwardError(f"{what}: harus antara 0 dan 100, bukan {clip(text)}")
        if decimal.as_tuple().exponent < -4:  # type: ignore[operator]
            raise AwardError(f"{what}: paling banyak 4 angka desimal, bukan {clip(text)}")
        number = Fraction(decimal)
    if not SCORE_MIN <= number <= SCORE_MAX:
        raise AwardError(f"{what}: harus antara 0 dan 100, bukan {clip(str(value))}")
    return number


def ips_to_score(ips: Fraction | Decimal) -> Fraction:
    """IPS 1..5 onto 0..100, linearly (the mapping every report states)."""
    ips = Fraction(ips)
    if not 1 <= ips <= 5:
        raise AwardError(f"IPS harus antara 1 dan 5, bukan {float(ips)}")
    return (ips - 1) * 25


@dataclass(frozen=True)
class SdiValue:
    """An entrant's Indeks SDI as the committee recorded it: the total as given and the
    domain values given beside it (domain id -> 0-100; a domain not given is absent)."""

    total: Fraction
    domains: Mapping[str, Fraction] = field(default_factory=dict)


def parse_sdi(criterion: Criterion, total: object,
              domains: Mapping[str, object] | None = None) -> SdiValue:
    """Check an Indeks SDI entry: the total and each domain value 0-100 (``parse_score``),
    every domain named by the rubric (by id, number or known name), none twice. The total is
    kept exactly as given: domain weights, known or not, never compute it."""
    if criterion.source != "indeks_sdi":
        raise AwardError(f"kriteria {criterion.id} bukan Indeks SDI")
    if total is None or (isinstance(total, str) and not total.strip()):
        raise AwardError(f"Indeks SDI {criterion.id}: nilai total wajib diisi (tidak dihitung "
                         "dari nilai domain)")
    value = parse_score(total, f"Indeks SDI {criterion.id}")
    parts: dict[str, Fraction] = {}
    for ref, raw in (domains or {}).items():
        domain = criterion.domain(ref)
        if domain.id in parts:
            raise AwardError(f"domain {domain.id} disebut dua kali")
        parts[domain.id] = parse_score(raw, f"domain {domain.label} Indeks SDI")
    ordered = {d.id: parts[d.id] for d in criterion.domains if d.id in parts}
    return SdiValue(value, ordered)


@dataclass(frozen=True)
class JuryAggregate:
    rule: Literal["mean", "trimmed-mean"]
    jurors: int
    value: Fraction
    low: Fraction
    high: Fraction
    dropped: tuple[str, ...] = ()  # jurors whose score the trimmed mean left out

    @property
    def spread(self) -> Fraction:
        return self.high - self.low

    @property
    def rule_text(self) -> str:
        if self.rule == "trimmed-mean":
            return (f"rata-rata terpangkas ({self.jurors} juri; nilai tertinggi dan terendah "
                    "tidak dihitung)")
        return f"rata-rata ({self.jurors} juri)"


def aggregate_jury(scores: Mapping[str, Fraction]) -> JuryAggregate:
    """Mean of the jurors' scores, or the trimmed mean from ``TRIM_FROM`` jurors on.

    Which highest and lowest are dropped when several jurors gave the same extreme does not
    change the value; the names are picked by juror name, so the report is reproducible.
    """
    if not scores:
        raise AwardError("belum ada nilai juri")
    ordered = sorted(scores.items(), key=lambda kv: (kv[1], kv[0]))
    values = [v for _, v in ordered]
    low, high = values[0], values[-1]
    if len(values) >= TRIM_FROM:
        kept = values[1:-1]
        dropped = (ordered[0][0], ordered[-1][0])
        return JuryAggregate("trimmed-mean", len(values), sum(kept, Fraction(0)) / len(kept),
                             low, high, dropped)
    return JuryAggregate("mean", len(values), sum(values, Fraction(0)) / len(values), low, high)


@dataclass(frozen=True)
class Entrant:
    """What the committee holds about one entrant: plain values, no database."""

    key: str  # stable id (e.g. the agency's kind and code)
    name: str
    ips: Fraction | None = None
    inputs: Mapping[str, Fraction] = field(default_factory=dict)  # criterion -> 0-100
    jury: Mapping[str, Mapping[str, Fraction]] = field(default_factory=dict)  # crit -> juror
    bundle_hash: str | None = None
    daftar_data: Fraction | None = None  # fulfilment % from the recap in the bundle
    daftar_data_note: str = ""  # how it was computed, for the report
    sdi: Mapping[str, SdiValue] = field(default_factory=dict)  # indeks_sdi criterion -> value
    category: str | None = None  # the award category it competes in (None: no categories)


# -- ranking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """One criterion's share of an entrant's stage score."""

    criterion: Criterion
    value: Fraction | None  # 0-100, None when missing
    contribution: Fraction | None  # weight% x value
    jury: JuryAggregate | None = None
    sdi: SdiValue | None = None  # an indeks_sdi criterion: the total and its domain values


@dataclass(frozen=True)
class Row:
    entrant: Entrant
    parts: tuple[Part, ...]
    stage_score: Fraction | None  # None when incomplete
    score: Fraction | None  # the cumulative score this stage ranks by
    rank: int | None = None
    advanced: bool = False

    @property
    def complete(self) -> bool:
        return self.stage_score is not None

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(p.criterion.name for p in self.parts if p.value is None)


@dataclass(frozen=True)
class StageResult:
    stage: Stage
    rows: tuple[Row, ...]  # ranked first (by rank), then incomplete ones by name
    advance: int | None

    @property
    def ranked(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.rank is not None)

    @property
    def incomplete(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if not r.complete)


@dataclass(frozen=True)
class Ranking:
    rubric: Rubric
    stages: tuple[StageResult, ...]
    tie_rule: str = TIE_RULE
    ips_mapping: str = IPS_MAPPING


def _value(crit: Criterion, entrant: Entrant) -> tuple[Fraction | None, JuryAggregate | None]:
    if crit.source == "indeks_sdi":
        sdi = entrant.sdi.get(crit.id)
        if sdi is not None:
            return sdi.total, None
        return entrant.inputs.get(crit.id), None  # a total typed as a plain committee value
    if crit.source == "epss_ips":
        return (ips_to_score(entrant.ips) if entrant.ips is not None else None), None
    if crit.source == "input":
        return entrant.inputs.get(crit.id), None
    if crit.source == "daftar_data":
        return entrant.daftar_data, None
    scores = entrant.jury.get(crit.id) or {}
    if not scores:
        return None, None
    agg = aggregate_jury(scores)
    return agg.value, agg


def _stage_parts(stage: Stage, entrant: Entrant) -> tuple[tuple[Part, ...], Fraction | None]:
    parts, total, complete = [], Fraction(0), True
    for crit in stage.criteria:
        value, agg = _value(crit, entrant)
        sdi = entrant.sdi.get(crit.id) if crit.source == "indeks_sdi" else None
        if value is None:
            complete = False
            parts.append(Part(crit, None, None, agg, sdi))
            continue
        share = Fraction(crit.weight) / 100 * value
        total += share
        parts.append(Part(crit, value, share, agg, sdi))
    return tuple(parts), (total if complete else None)


def rank(rubric: Rubric, entrants: Sequence[Entrant], *, upto: int | None = None) -> Ranking:
    """Run the stages in order (all of them, or the first ``upto``); pure and exact."""
    keys = [e.key for e in entrants]
    if len(set(keys)) != len(keys):
        raise AwardError("peserta ganda (kunci sama)")
    stages = rubric.stages[:upto] if upto else rubric.stages
    active = list(entrants)
    history: dict[str, list[tuple[Fraction, Fraction]]] = {e.key: [] for e in entrants}
    results = []
    for stage in stages:
        rows = []
        for entrant in active:
            parts, stage_score = _stage_parts(stage, entrant)
            score = None
            if stage_score is not None:
                earlier = history[entrant.key]
                weights = [w for w, _ in earlier] + [Fraction(stage.weight)]
                values = [v for _, v in earlier] + [stage_score]
                score = sum((w * v for w, v in zip(weights, values, strict=True)),
                            Fraction(0)) / sum(weights)
            rows.append(Row(entrant, parts, stage_score, score))
        ranked = sorted((r for r in rows if r.complete), key=lambda r: _order(r, history))
        cut = stage.advance if stage.advance is not None else len(ranked)
        final = [Row(r.entrant, r.parts, r.stage_score, r.score, n, n <= cut)
                 for n, r in enumerate(ranked, 1)]
        incomplete = sorted((r for r in rows if not r.complete),
                            key=lambda r: (r.entrant.name.casefold(), r.entrant.key))
        results.append(StageResult(stage, tuple(final + incomplete), stage.advance))
        for row in final:
            assert row.stage_score is not None  # only complete rows are ranked
            history[row.entrant.key].append((Fraction(stage.weight), row.stage_score))
        active = [r.entrant for r in final if r.advanced]
    return Ranking(rubric, tuple(results))


@dataclass(frozen=True)
class CategoryRanking:
    """One category's ranking (``category`` None: the award has no categories)."""

    category: Category | None
    ranking: Ranking


@dataclass(frozen=True)
class Rankings:
    """An award's rankings: one per category in the award's order (one with category None
    when it has none), and the entrants no category holds yet (listed, never ranked)."""

    rubric: Rubric
    categories: tuple[CategoryRanking, ...]
    unassigned: tuple[Entrant, ...] = ()

    @property
    def categorised(self) -> bool:
        return any(c.category is not None for c in self.categories)


def rank_categories(rubric: Rubric, entrants: Sequence[Entrant],
                    categories: Sequence[Category] = (), *,
                    upto: int | None = None) -> Rankings:
    """Rank each category on its own: category c's ranking is exactly ``rank`` of the entrants
    whose ``category`` is c (cut-offs apply per category). Without categories: one ranking of
    everyone, as ``rank``. An entrant in no listed category is unassigned: not ranked."""
    keys = [e.key for e in entrants]
    if len(set(keys)) != len(keys):
        raise AwardError("peserta ganda (kunci sama)")
    if not categories:
        return Rankings(rubric, (CategoryRanking(None, rank(rubric, entrants, upto=upto)),))
    ids = [c.id for c in categories]
    if len(set(ids)) != len(ids):
        raise AwardError("kategori ganda")
    results = tuple(CategoryRanking(c, rank(rubric, [e for e in entrants if e.category == c.id],
                                            upto=upto)) for c in categories)
    unassigned = tuple(sorted((e for e in entrants if e.category not in ids),
                              key=lambda e: (e.name.casefold(), e.key)))
    return Rankings(rubric, results, unassigned)


def _order(row: Row, history: Mapping[str, list[tuple[Fraction, Fraction]]]) -> tuple:
    assert row.score is not None and row.stage_score is not None  # a complete row
    earlier = [v for _, v in reversed(history[row.entrant.key])]
    ips = row.entrant.ips if row.entrant.ips is not None else Fraction(0)
    return (-row.score, -row.stage_score, *(-v for v in earlier), -ips,
            row.entrant.name.casefold(), row.entrant.key)


# -- plain output ----------------------------------------------------------------------------


def display(value: Fraction | None) -> str | None:
    """A score as the committee reads it: two decimals, half up, decimal comma (81,15)."""
    from epss.core.scoring import format_id

    return None if value is None else format_id(value)


def _num(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def ranking_to_dict(ranking: Ranking) -> dict:
    """The ranking as JSON-ready data: full-precision floats plus display strings."""
    rubric = ranking.rubric
    stages = []
    for result in ranking.stages:
        rows = []
        for row in result.rows:
            parts = []
            for part in row.parts:
                item = {"criterion": part.criterion.id, "name": part.criterion.name,
                        "source": part.criterion.source, "weight": float(part.criterion.weight),
                        "weight_confidence": part.criterion.weight_confidence,
                        "value": _num(part.value), "value_display": display(part.value),
                        "contribution": _num(part.contribution)}
                if part.sdi is not None:
                    item["sdi"] = {
                        "total": _num(part.sdi.total), "total_display": display(part.sdi.total),
                        "domains": [{"id": d.id, "name": d.name, "weight": _num(
                            Fraction(d.weight) if d.weight is not None else None),
                            "value": _num(part.sdi.domains.get(d.id)),
                            "value_display": display(part.sdi.domains.get(d.id))}
                            for d in part.criterion.domains]}
                if part.jury is not None:
                    item["jury"] = {"rule": part.jury.rule, "rule_text": part.jury.rule_text,
                                    "jurors": part.jury.jurors, "low": _num(part.jury.low),
                                    "high": _num(part.jury.high),
                                    "spread": _num(part.jury.spread),
                                    "dropped": list(part.jury.dropped)}
                parts.append(item)
            entrant = row.entrant
            rows.append({"rank": row.rank, "key": entrant.key, "name": entrant.name,
                         "complete": row.complete, "missing": list(row.missing),
                         "ips": _num(entrant.ips), "stage_score": _num(row.stage_score),
                         "score": _num(row.score), "score_display": display(row.score),
                         "advanced": row.advanced, "bundle_sha256": entrant.bundle_hash,
                         "parts": parts})
        stages.append({"id": result.stage.id, "name": result.stage.name,
                       "weight": float(result.stage.weight), "advance": result.advance,
                       "rows": rows})
    return {"rubric": rubric.id, "title": rubric.title, "assumed_weights": rubric.assumed,
            "tie_rule": ranking.tie_rule, "ips_mapping": ranking.ips_mapping,
            "stages": stages}


def rankings_to_dict(rankings: Rankings) -> dict:
    """JSON-ready: without categories exactly ``ranking_to_dict``; with them, the common rubric
    fields and one entry per category (its id, name and stages) plus the unassigned entrants."""
    if not rankings.categorised:
        return ranking_to_dict(rankings.categories[0].ranking)
    per = []
    for item in rankings.categories:
        data = ranking_to_dict(item.ranking)
        assert item.category is not None
        per.append({"id": item.category.id, "name": item.category.name,
                    "stages": data.pop("stages")})
        common = data
    return {**common, "categories": per,
            "unassigned": [{"key": e.key, "name": e.name} for e in rankings.unassigned]}


@dataclass(frozen=True)
class Standing:
    """Where an entrant ended up: the last stage it reached and its row there."""

    stage: int  # 1-based; 0 when it reached no stage
    row: Row | None
    outcome: str  # Indonesian, e.g. "pemenang, peringkat 2"
    winner: bool

    @property
    def order(self) -> tuple:
        """Sorts a leaderboard: furthest stage first, ranked before incomplete, then rank."""
        if self.row is None:
            return (0, 2, 0, "")
        return (-self.stage, 0 if self.row.complete else 1, self.row.rank or 0,
                self.row.entrant.name.casefold())


def standings(ranking: Ranking) -> dict[str, Standing]:
    """Each entrant's standing by key (entrants that reached no stage are absent)."""
    last = len(ranking.rubric.stages)
    reached: dict[str, tuple[int, Row]] = {}
    for number, result in enumerate(ranking.stages, 1):
        for row in result.rows:
            reached[row.entrant.key] = (number, row)
    result_map = {}
    for key, (number, row) in reached.items():
        final = number == last
        has_cut = ranking.stages[number - 1].advance is not None
        winner = final and row.advanced and has_cut
        if not row.complete:
            outcome = f"belum lengkap di tahap {number}"
        elif winner:
            outcome = f"pemenang, peringkat {row.rank}"
        elif final:
            outcome = f"peringkat {row.rank} tahap akhir"
        elif number == len(ranking.stages) and row.advanced:
            outcome = f"lolos tahap {number}, peringkat {row.rank}"
        else:
            outcome = f"berhenti di tahap {number}, peringkat {row.rank}"
        result_map[key] = Standing(number, row, outcome, winner)
    return result_map


def all_standings(rankings: Rankings) -> dict[str, Standing]:
    """Each entrant's standing within its own category, by key (keys are unique across
    categories; unassigned entrants are absent)."""
    merged: dict[str, Standing] = {}
    for item in rankings.categories:
        merged.update(standings(item.ranking))
    return merged
