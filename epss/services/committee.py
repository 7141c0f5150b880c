"""The award committee's desk: awards, entrants, the values the committee enters, the ranking.

A committee workspace is an ordinary workspace (its agency is the organiser, e.g. Diskominfo
Provinsi Jawa Timur) that also holds awards. Entrants arrive as exchange bundles and go through
the bundle importer's full checks; what the committee adds (portal percentages, jury scores) is
stored as decimal text, and the ranking itself is the pure ``epss.core.award.rank``.

Two choices a committee should know about:

- the rubric is copied into the award when it is created (``award.rubric``), so a later edit
  of a packaged or local rubric file never changes a running award silently; replacing it is
  an explicit, logged step that refuses to orphan values already entered;
- an entrant's IPS is the one BPS would publish: two decimals, from the assessment's levels
  when all 38 are answered, else from the BPS letter's reported IPS; without either the
  entrant has no IPS and is incomplete wherever the rubric needs it;
- an award may have categories (issue 20): each entrant is put in one, and every category is
  ranked on its own (``rules.rank_categories``); an award without categories ranks as before.
  The Indeks SDI (source ``indeks_sdi``) is kept as its total, as given, plus the domain values
  beside it; the total is never computed from the domains.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from epss.core import award as rules
from epss.core.award import AwardError, Category, Rubric, RubricError
from epss.core.errors import WorkspaceError, os_error_text
from epss.core.messages import clip, shown
from epss.core.model import Agency, Assessment, ReportedIndices, clean_text
from epss.core.validate import check_year

if TYPE_CHECKING:
    from epss.services.exchange.bundle import ImportResult
    from epss.services.workspace import Workspace

MAX_JUROR = 80
MAX_RUBRIC_BYTES = 256 * 1024


@dataclass(frozen=True)
class AwardInfo:
    id: int
    rubric_id: str
    year: int
    rubric: Rubric
    rubric_text: str
    rubric_sha256: str
    created_by: str
    created_at: str
    categories: tuple[Category, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.rubric_id}-{self.year}"

    def category(self, ref: str) -> Category:
        """A category by id or by its name (any case)."""
        text = " ".join(str(ref).split())
        for cat in self.categories:
            if text == cat.id or cat.name.casefold() == text.casefold():
                return cat
        known = ", ".join(c.id for c in self.categories) or "belum ada kategori"
        raise WorkspaceError(f"kategori {shown(ref)} tidak ada di lomba {self.key} "
                             f"(kategori: {known})")

    @property
    def label(self) -> str:
        return f"{self.rubric.title} {self.year}"


@dataclass(frozen=True)
class EntrantInfo:
    agency: Agency
    assessment: Assessment
    bundle_hash: str
    bundle_name: str
    entered_by: str
    entered_at: str
    ips: Decimal | None  # two decimals, as BPS publishes it; None when there is none yet
    ips_source: Literal["scored", "reported"] | None
    predikat: str | None
    ips_note: str  # why there is no IPS (empty when there is one)
    category: str | None = None  # the award category it competes in

    @property
    def key(self) -> str:
        return entrant_key(self.agency)

    @property
    def name(self) -> str:
        return self.agency.name


@dataclass(frozen=True)
class Entered:
    status: Literal["entered", "updated", "unchanged"]
    entrant: EntrantInfo
    bundle: ImportResult


@dataclass(frozen=True)
class JuryScore:
    """One juror's score for one entrant and criterion (a sheet row, or a typed command)."""

    entrant: str  # entrant key
    criterion: str
    score: Fraction


def entrant_key(agency: Agency) -> str:
    return f"{agency.kind}:{agency.code}"


def score_text(value: Fraction) -> str:
    """The exact decimal text of a score (at most four decimals by ``parse_score``)."""
    number = Decimal(value.numerator) / Decimal(value.denominator)
    return format(number.normalize(), "f")


def resolve_rubric(spec: str | os.PathLike) -> tuple[Rubric, str]:
    """A packaged rubric by id, or a rubric file (a committee's own edited copy)."""
    spec_text = str(spec)
    packaged = rules.packaged_rubrics()
    if spec_text in packaged:
        from importlib import resources

        text = (resources.files("epss.core") / "awards" / f"{spec_text}.toml").read_text("utf-8")
        return packaged[spec_text], text
    path = Path(spec)
    if path.suffix.lower() != ".toml" or not path.is_file():
        raise WorkspaceError(f"rubrik tidak dikenal: {clip(spec_text)} (tersedia: "
                             f"{', '.join(sorted(packaged))}; atau jalur berkas .toml)")
    try:
        if path.stat().st_size > MAX_RUBRIC_BYTES:
            raise WorkspaceError(f"{path.name}: berkas rubrik terlalu besar")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise WorkspaceError(f"{path.name}: berkas rubrik bukan teks UTF-8") from None
    except OSError as exc:
        raise WorkspaceError(f"{path.name}: berkas rubrik tidak bisa dibaca: "
                             f"{os_error_text(exc)}") from None
    try:
        return rules.parse_rubric(text, path.name), text
    except RubricError as exc:
        raise WorkspaceError(str(exc)) from None


class Committee:
    """Every committee action on one workspace; the CLI and the TUI call these and nothing
    else. Each write is one transaction with its audit event."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.store = ws.store

    # -- awards ------------------------------------------------------------------------------

    def awards(self) -> list[AwardInfo]:
        return [self._award(row) for row in self.store.awards()]

    def _award(self, row: dict[str, Any]) -> AwardInfo:
        try:
            rubric = rules.parse_rubric(row["rubric"], f"rubrik lomba #{row['id']}")
        except RubricError as exc:  # only a hand-edited database gets here
            raise WorkspaceError(str(exc)) from None
        categories = tuple(Category(id=c["category"], name=c["name"])
                           for c in self.store.award_categories(row["id"]))
        return AwardInfo(row["id"], row["rubric_id"], row["year"], rubric, row["rubric"],
                         row["rubric_sha256"], row["created_by"], row["created_at"], categories)

    def award(self, key: str | None = None) -> AwardInfo:
        """The award named ``key`` (``sata-jatim-2024``, or a rubric id when it has one
        year); without a key, the latest."""
        found = self.awards()
        if not found:
            raise WorkspaceError("belum ada lomba di workspace ini "
                                 "(buat dengan `epss award new --rubric ... --year ...`)")
        if key is None:
            return found[0]
        exact = [a for a in found if a.key == key or str(a.id) == key]
        by_rubric = [a for a in found if a.rubric_id == key]
        chosen = exact or by_rubric
        if len(chosen) == 1:
            return chosen[0]
        keys = ", ".join(a.key for a in found)
        if chosen:
            raise WorkspaceError(f"{clip(key)} ada di beberapa tahun; pilih salah satu: {keys}")
        raise WorkspaceError(f"lomba {clip(key)} tidak ada (yang ada: {keys})")

    def new_award(self, rubric_spec: str | os.PathLike, year: int) -> AwardInfo:
        rubric, text = resolve_rubric(rubric_spec)
        year = check_year(year)
        if any(a.rubric_id == rubric.id and a.year == year for a in self.awards()):
            raise WorkspaceError(f"lomba {rubric.id}-{year} sudah ada")
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with self.store.transaction():
            award_id = self.store.insert_award(rubric.id, year, text, digest, self.ws.actor)
            self.store.append_event(self.ws.actor, "create", "award", award_id, {
                "rubric": rubric.id, "year": year, "rubric_sha256": digest,
                "assumed_weights": rubric.assumed})
        return self.award(f"{rubric.id}-{year}")

    def replace_rubric(self, award: AwardInfo, rubric_spec: str | os.PathLike) -> AwardInfo:
        """Use an edited rubric (new weights, say) for a running award. Refused when values
        already entered would lose their criterion or change meaning (input vs jury)."""
        rubric, text = resolve_rubric(rubric_spec)
        if rubric.id != award.rubric_id:
            raise WorkspaceError(f"rubrik {rubric.id} bukan rubrik lomba ini ({award.rubric_id})")
        problems = []
        for row in self.store.award_values(award.id):
            try:
                _, crit = rubric.criterion(row["criterion"])
            except KeyError:
                problems.append(f"kriteria {row['criterion']} sudah punya nilai tetapi tidak ada "
                                "di rubrik baru")
                continue
            if (crit.source in ("epss_ips", "daftar_data")
                    or (crit.source == "jury") != bool(row["juror"])):
                problems.append(f"kriteria {crit.id} berganti sumber menjadi {crit.source} "
                                "padahal sudah punya nilai")
        for row in self.store.award_sdi_domains(award.id):  # a domain value needs its domain
            try:
                domain_ids = {d.id for d in rubric.criterion(row["criterion"])[1].domains}
            except KeyError:
                domain_ids = set()
            if row["domain"] not in domain_ids:
                problems.append(f"domain {row['domain']} Indeks SDI kriteria {row['criterion']} "
                                "sudah punya nilai tetapi tidak ada di rubrik baru")
        if problems:
            unique = list(dict.fromkeys(problems))
            raise WorkspaceError("rubrik tidak diganti: " + "; ".join(unique[:5]))
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest == award.rubric_sha256:
            return award
        with self.store.transaction():
            self.store.update_award_rubric(award.id, text, digest)
            self.store.append_event(self.ws.actor, "replace_rubric", "award", award.id, {
                "before_sha256": award.rubric_sha256, "after_sha256": digest,
                "before": award.rubric_text})
        return self.award(award.key)

    # -- entrants ----------------------------------------------------------------------------

    def entrants(self, award: AwardInfo) -> list[EntrantInfo]:
        return [self._entrant(row) for row in self.store.entrants(award.id)]

    def _entrant(self, row: dict[str, Any]) -> EntrantInfo:
        from epss.core import history

        agency = Agency(id=row["agency_id"], name=row["name"], kind=row["kind"],
                        code=row["code"])
        assessment = self.ws.get_assessment(row["assessment_id"])
        side = history.side(self.ws.catalog, assessment.label,
                            self.store.levels(assessment.id),
                            ReportedIndices.from_text(self.store.reported_indices(assessment.id)))
        ips, note = None, ""
        if side.ips is None:
            note = "belum ada tingkat indikator maupun IPS dari surat BPS"
        elif side.provisional:
            note = f"IPS belum final: baru {side.answered} dari {side.total} indikator terisi"
        else:
            ips = side.ips_rounded
        return EntrantInfo(agency, assessment, row["bundle_hash"], row["bundle_name"],
                           row["entered_by"], row["entered_at"], ips,
                           side.ips_source if ips is not None else None,
                           side.predikat if ips is not None else None, note,
                           row.get("category"))

    def entrant(self, award: AwardInfo, ref: str) -> EntrantInfo:
        """One entrant by key, code or name (see ``find_entrant``); only it is scored."""
        rows = self.store.entrants(award.id)
        agencies = [Agency(id=r["agency_id"], name=r["name"], kind=r["kind"], code=r["code"])
                    for r in rows]
        chosen = find_entrant(agencies, ref)
        return self._entrant(next(r for r in rows if r["agency_id"] == chosen.id))

    def enter(self, award: AwardInfo, source: str | os.PathLike, *, replace: bool = False,
              progress: Callable[[int], None] | None = None) -> Entered:
        """Import one entrant's bundle with every check of the exchange importer and enter
        it, in one transaction: a refused bundle leaves nothing behind."""
        path = Path(source)
        store = self.store
        entered = {r["agency_id"]: r for r in store.entrants(award.id)}

        def accept(agency: Agency, year: int, kind: str) -> None:
            """Another assessment than the one entered needs --replace (checked before the
            bundle is staged, so a refusal leaves nothing behind)."""
            row = entered.get(agency.id) if agency.id else None
            if row is None or replace:
                return
            current = self.ws.get_assessment(row["assessment_id"])
            if (current.year, current.kind) != (year, kind):
                raise WorkspaceError(
                    f"{agency.name} sudah terdaftar dengan {current.label}; bundel ini membawa "
                    f"penilaian {kind} {year}. Tambahkan --replace untuk memakainya")

        with store.transaction():
            result = self.ws.import_bundle(path, replace=replace, other_agency=True,
                                           progress=progress, accept=accept)
            before = entered.get(result.agency.id)
            if (before is not None and before["assessment_id"] == result.assessment.id
                    and before["bundle_hash"] == result.manifest_hash):
                status: Literal["entered", "updated", "unchanged"] = "unchanged"
            else:
                status = "updated" if before is not None else "entered"
                store.put_entrant(award.id, result.agency.id, result.assessment.id,
                                  result.manifest_hash, path.name, self.ws.actor)
                store.append_event(self.ws.actor, "award_enter", "award", award.id, {
                    "entrant": entrant_key(result.agency), "bundle": path.name,
                    "manifest_hash": result.manifest_hash,
                    "assessment": {"year": result.assessment.year,
                                   "kind": result.assessment.kind},
                    "previous_hash": before["bundle_hash"] if before else None})
        entrant = self.entrant(award, entrant_key(result.agency))
        return Entered(status, entrant, result)

    def withdraw(self, award: AwardInfo, ref: str) -> EntrantInfo:
        """Take an entrant out of the award with its committee values; its imported
        assessment stays in the workspace (and in the audit log)."""
        entrant = self.entrant(award, ref)
        values = [v for v in self.store.award_values(award.id)
                  if v["agency_id"] == entrant.agency.id]
        domains = [v for v in self.store.award_sdi_domains(award.id)
                   if v["agency_id"] == entrant.agency.id]
        details: dict[str, Any] = {
            "entrant": entrant.key, "manifest_hash": entrant.bundle_hash,
            "values": [{k: v[k] for k in ("criterion", "juror", "value")} for v in values]}
        if domains:
            details["sdi_domains"] = [{k: v[k] for k in ("criterion", "domain", "value")}
                                      for v in domains]
        if entrant.category:
            details["category"] = entrant.category
        with self.store.transaction():
            self.store.delete_entrant(award.id, entrant.agency.id)
            self.store.append_event(self.ws.actor, "award_withdraw", "award", award.id, details)
        return entrant

    # -- values the committee enters ---------------------------------------------------------

    def _criterion(self, award: AwardInfo, criterion: str, source: str,
                   also: tuple[str, ...] = ()) -> rules.Criterion:
        sources = (source, *also)
        try:
            _, crit = award.rubric.criterion(criterion)
        except KeyError:
            ids = [c.id for s in award.rubric.stages for c in s.criteria if c.source in sources]
            raise WorkspaceError(f"kriteria {shown(criterion)} tidak ada di rubrik "
                                 f"{award.rubric_id} (kriteria {source}: {', '.join(ids) or '-'})"
                                 ) from None
        if crit.source not in sources:
            how = {"epss_ips": "diambil dari IPS penilaian peserta, tidak diisi tangan",
                   "daftar_data": "dihitung dari rekap daftar data di bundel peserta, tidak "
                                  "diisi tangan",
                   "input": "diisi dengan `epss award input`",
                   "indeks_sdi": "adalah Indeks SDI: diisi dengan `epss award sdi` (total dan "
                                 "domainnya) atau totalnya saja dengan `epss award input`",
                   "jury": "dinilai juri dengan `epss award jury`"}[crit.source]
            raise WorkspaceError(f"kriteria {crit.id} {how}")
        return crit

    def set_input(self, award: AwardInfo, ref: str, criterion: str,
                  value: object | None) -> Fraction | None:
        """Set (or, with None, clear) a committee-entered value 0-100 of one entrant. On an
        Indeks SDI criterion this is its total alone (domain values already recorded stay;
        clearing the total clears them too: they never stand without it)."""
        crit = self._criterion(award, criterion, "input", also=("indeks_sdi",))
        entrant = self.entrant(award, ref)
        return self._write_one(award, entrant, crit, "", value)

    def set_jury(self, award: AwardInfo, juror: str, ref: str, criterion: str,
                 value: object | None) -> Fraction | None:
        """Set (or, with None, clear) one juror's score 0-100 for one entrant."""
        juror = self._known_juror(award, check_juror(juror))
        crit = self._criterion(award, criterion, "jury")
        entrant = self.entrant(award, ref)
        return self._write_one(award, entrant, crit, juror, value)

    def _write_one(self, award: AwardInfo, entrant: EntrantInfo, crit: rules.Criterion,
                   juror: str, value: object | None) -> Fraction | None:
        what = f"{crit.id} untuk {entrant.name}" + (f" dari juri {juror}" if juror else "")
        action = "award_jury" if juror else "award_input"
        if value is None:
            with self.store.transaction():
                removed = self.store.delete_award_value(award.id, entrant.agency.id, crit.id,
                                                        juror)
                if not removed:
                    raise WorkspaceError(f"belum ada nilai {what}")
                event: dict[str, Any] = {"entrant": entrant.key, "criterion": crit.id,
                                         "juror": juror, "value": None}
                if crit.source == "indeks_sdi":
                    self.store.replace_sdi_domains(award.id, entrant.agency.id, crit.id, [],
                                                   self.ws.actor)
                    event["domains"] = None
                self.store.append_event(self.ws.actor, action, "award", award.id, event)
            return None
        try:
            score = rules.parse_score(value, f"nilai {what}")
        except AwardError as exc:
            raise WorkspaceError(str(exc)) from None
        text = score_text(score)
        with self.store.transaction():
            self.store.put_award_values(award.id, [(entrant.agency.id, crit.id, juror, text)],
                                        self.ws.actor)
            self.store.append_event(self.ws.actor, action, "award", award.id, {
                "entrant": entrant.key, "criterion": crit.id, "juror": juror, "value": text})
        return score

    def set_jury_scores(self, award: AwardInfo, juror: str, scores: Iterable[JuryScore],
                        source: str = "") -> int:
        """Many scores of one juror at once (a jury sheet): all or nothing."""
        juror = self._known_juror(award, check_juror(juror))
        ids = {f"{r['kind']}:{r['code']}": r["agency_id"] for r in self.store.entrants(award.id)}
        rows = []
        for item in scores:
            crit = self._criterion(award, item.criterion, "jury")
            if item.entrant not in ids:
                raise WorkspaceError(f"peserta {item.entrant} belum terdaftar di lomba ini")
            rows.append((ids[item.entrant], crit.id, juror, score_text(item.score)))
        if not rows:
            raise WorkspaceError("tidak ada nilai yang diisi di lembar juri")
        with self.store.transaction():
            self.store.put_award_values(award.id, rows, self.ws.actor)
            self.store.append_event(self.ws.actor, "award_jury", "award", award.id, {
                "juror": juror, "source": source, "scores": len(rows),
                "values": [[a, c, v] for a, c, _, v in rows]})
        return len(rows)

    # -- the Indeks SDI (issue 20) ------------------------------------------------------------

    def sdi_criterion(self, award: AwardInfo, criterion: str | None) -> rules.Criterion:
        """The Indeks SDI criterion named, or the rubric's only one when none is named."""
        if criterion:
            return self._criterion(award, criterion, "indeks_sdi")
        found = [c for s in award.rubric.stages for c in s.criteria if c.source == "indeks_sdi"]
        if len(found) == 1:
            return found[0]
        if not found:
            raise WorkspaceError(f"rubrik {award.rubric_id} tidak punya kriteria Indeks SDI "
                                 "(sumber indeks_sdi)")
        raise WorkspaceError("rubrik punya beberapa kriteria Indeks SDI; sebut kriterianya: "
                             + ", ".join(c.id for c in found))

    def set_sdi(self, award: AwardInfo, ref: str, criterion: str | None, total: object,
                domains: Mapping[str, object] | None = None) -> rules.SdiValue:
        """Record an entrant's Indeks SDI: the total as given (0-100) and its domain values
        (each 0-100, domains named by the rubric). It replaces what was recorded before,
        domains included; all of it is checked before anything is written."""
        crit = self.sdi_criterion(award, criterion)
        entrant = self.entrant(award, ref)
        try:
            sdi = rules.parse_sdi(crit, total, domains)
        except AwardError as exc:
            raise WorkspaceError(f"{exc} (untuk {entrant.name})") from None
        text = score_text(sdi.total)
        parts = [(d, score_text(v)) for d, v in sdi.domains.items()]
        with self.store.transaction():
            self.store.put_award_values(award.id, [(entrant.agency.id, crit.id, "", text)],
                                        self.ws.actor)
            self.store.replace_sdi_domains(award.id, entrant.agency.id, crit.id, parts,
                                           self.ws.actor)
            self.store.append_event(self.ws.actor, "award_sdi", "award", award.id, {
                "entrant": entrant.key, "criterion": crit.id, "value": text,
                "domains": dict(parts)})
        return sdi

    # -- categories (issue 20) ---------------------------------------------------------------

    def add_category(self, award: AwardInfo, category: str, name: str) -> AwardInfo:
        """Add a category to the award (or rename one); ids are short (``kab-kota``)."""
        from pydantic import ValidationError

        from epss.core.messages import validation_message

        try:
            cat = Category(id=str(category).strip(), name=clean_text(str(name)))
        except ValidationError as exc:
            raise WorkspaceError(f"kategori tidak sah: {validation_message(exc)} (id: huruf "
                                 "kecil, angka, - atau _, mis. kab-kota; nama 1-300 karakter)"
                                 ) from None
        before = {c.id: c.name for c in award.categories}
        if before.get(cat.id) == cat.name:
            return award
        taken = [c for c in award.categories
                 if c.id != cat.id and c.name.casefold() == cat.name.casefold()]
        if taken:
            raise WorkspaceError(f"nama kategori {shown(cat.name)} sudah dipakai kategori "
                                 f"{taken[0].id}")
        with self.store.transaction():
            self.store.put_award_category(award.id, cat.id, cat.name)
            self.store.append_event(self.ws.actor, "award_category", "award", award.id, {
                "category": cat.id, "name": cat.name, "before": before.get(cat.id)})
        return self.award(award.key)

    def remove_category(self, award: AwardInfo, category: str) -> AwardInfo:
        """Remove a category no entrant is in (refused, naming them, otherwise)."""
        cat = award.category(category)
        members = [e.name for e in self.entrants(award) if e.category == cat.id]
        if members:
            more = f" dan {len(members) - 3} lagi" if len(members) > 3 else ""
            raise WorkspaceError(f"kategori {cat.id} masih berisi {len(members)} peserta "
                                 f"({', '.join(members[:3])}{more}); pindahkan dulu dengan "
                                 "`epss award category assign`")
        with self.store.transaction():
            self.store.delete_award_category(award.id, cat.id)
            self.store.append_event(self.ws.actor, "award_category", "award", award.id, {
                "category": cat.id, "name": None, "before": cat.name})
        return self.award(award.key)

    def set_category(self, award: AwardInfo, ref: str, category: str | None) -> EntrantInfo:
        """Put an entrant in a category of the award (None: in none)."""
        entrant = self.entrant(award, ref)
        cat = award.category(category).id if category is not None else None
        if cat == entrant.category:
            return entrant
        with self.store.transaction():
            self.store.set_entrant_category(award.id, entrant.agency.id, cat)
            self.store.append_event(self.ws.actor, "award_entrant_category", "award", award.id,
                                    {"entrant": entrant.key, "category": cat,
                                     "before": entrant.category})
        return self.entrant(award, entrant.key)

    # -- jurors (issue 17: a typo cannot add a juror) ---------------------------------------

    def jurors(self, award: AwardInfo) -> list[str]:
        """The jurors who have scored anything in this award, by name."""
        names = {row["juror"] for row in self.store.award_values(award.id) if row["juror"]}
        return sorted(names, key=lambda name: (name.casefold(), name))

    def _known_juror(self, award: AwardInfo, juror: str) -> str:
        """A juror whose name differs from one already scoring only in upper/lower case or
        spaces ("bps provinsi", "BPSProvinsi" for "BPS Provinsi") would count as another juror
        (and a fifth one turns the mean into a trimmed mean): refused, naming the existing
        one. Any other new name is a new juror; a name already scoring is always accepted as
        it is (so two variants kept from before this check can each be corrected or cleared)."""
        jurors = self.jurors(award)
        if juror in jurors:
            return juror
        same = juror_match(juror)
        for known in jurors:
            if juror_match(known) == same:
                raise WorkspaceError(
                    f"juri {shown(juror)} hampir sama dengan juri yang sudah ada "
                    f"{shown(known)} (beda huruf besar/kecil atau spasi); tulis namanya persis "
                    f"{shown(known)}")
        return juror

    # -- the jury sheet (xlsx) -------------------------------------------------------------

    def export_jury_sheet(self, award: AwardInfo, target: str | os.PathLike,
                          juror: str = "") -> tuple[Path, int]:
        """Write the sheet a juror fills in: the entrants the jury scores, one column per jury
        criterion. Returns the path and how many entrants it lists."""
        from epss.fileio import OutputError
        from epss.services.exchange.jury_sheet import SheetEntrant, write_jury_sheet
        from epss.services.exchange.worksheet import WorksheetError

        juror = check_juror(juror) if juror else ""
        entrants = self.jury_entrants(award)
        try:
            write_jury_sheet(target, award.rubric, award.label,
                             [SheetEntrant(e.key, e.name) for e in entrants], juror)
        except WorksheetError as exc:
            raise WorkspaceError(f"lembar juri tidak ditulis: {exc}") from None
        except OSError as exc:  # OutputError carries its own Indonesian message
            detail = str(exc) if isinstance(exc, OutputError) else os_error_text(exc)
            raise WorkspaceError(f"lembar juri tidak ditulis: {detail}") from None
        return Path(target), len(entrants)

    def import_jury_sheet(self, award: AwardInfo, source: str | os.PathLike,
                          juror: str | None = None) -> tuple[str, int]:
        """Take a filled-in jury sheet whole, or nothing of it. The juror is ``juror`` when
        given, else the name in the sheet. Returns the juror and how many scores were set."""
        from epss.services.exchange.jury_sheet import read_jury_sheet
        from epss.services.exchange.worksheet import WorksheetError

        path = Path(source)
        try:
            keys = [f"{r['kind']}:{r['code']}" for r in self.store.entrants(award.id)]
            read = read_jury_sheet(path, award.rubric, keys)
        except WorksheetError as exc:
            raise WorkspaceError(str(exc)) from None
        if read.problems:
            lines = "; ".join(str(p) for p in read.problems[:5])
            more = f" (dan {len(read.problems) - 5} lagi)" if len(read.problems) > 5 else ""
            raise WorkspaceError(f"{path.name}: tidak ada nilai yang diimpor, ada sel "
                                 f"bermasalah: {lines}{more}")
        name = juror or read.juror
        if not name:
            raise WorkspaceError(f"{path.name}: nama juri kosong (isi sel B1 atau pakai --juror)")
        count = self.set_jury_scores(
            award, name, [JuryScore(s.entrant, s.criterion, s.score) for s in read.scores],
            source=path.name)
        return check_juror(name), count

    # -- ranking -----------------------------------------------------------------------------

    def plain_entrants(self, award: AwardInfo,
                       entrants: list[EntrantInfo] | None = None) -> list[rules.Entrant]:
        """What the pure ranking needs: the entrants (scored once each) and all the values."""
        entrants = self.entrants(award) if entrants is None else entrants
        inputs: dict[int, dict[str, Fraction]] = {}
        jury: dict[int, dict[str, dict[str, Fraction]]] = {}
        for row in self.store.award_values(award.id):
            value = Fraction(Decimal(row["value"]))
            if row["juror"]:
                jury.setdefault(row["agency_id"], {}).setdefault(
                    row["criterion"], {})[row["juror"]] = value
            else:
                inputs.setdefault(row["agency_id"], {})[row["criterion"]] = value
        domains: dict[tuple[int, str], dict[str, Fraction]] = {}
        for row in self.store.award_sdi_domains(award.id):
            domains.setdefault((row["agency_id"], row["criterion"]), {})[row["domain"]] = (
                Fraction(Decimal(row["value"])))
        sdi_criteria = [c for s in award.rubric.stages for c in s.criteria
                        if c.source == "indeks_sdi"]

        def sdi(agency_id: int) -> dict[str, rules.SdiValue]:
            found = {}
            for crit in sdi_criteria:
                total = inputs.get(agency_id, {}).get(crit.id)
                if total is not None:
                    parts = domains.get((agency_id, crit.id), {})
                    found[crit.id] = rules.SdiValue(
                        total, {d.id: parts[d.id] for d in crit.domains if d.id in parts})
            return found

        return [rules.Entrant(e.key, e.name, Fraction(e.ips) if e.ips is not None else None,
                              inputs.get(e.agency.id, {}), jury.get(e.agency.id, {}),
                              e.bundle_hash, *self._daftar_data(e), sdi=sdi(e.agency.id),
                              category=e.category if award.categories else None)
                for e in entrants]

    def _daftar_data(self, entrant: EntrantInfo) -> tuple[Fraction | None, str]:
        """The `daftar_data` criterion's value from the recap the entrant's bundle carried,
        and how it was computed (issue 20); (None, why) without one."""
        from epss.core.daftar_data import recap_note, recap_value

        recap = self.store.dd_recap(entrant.assessment.id)
        if recap is None or not recap["items"]:
            return None, "bundel peserta tidak memuat rekap daftar data"
        return (recap_value(recap["items"], recap["fulfilled"]),
                recap_note(recap["items"], recap["fulfilled"]))

    def ranking(self, award: AwardInfo, upto: int | None = None, *,
                plain: list[rules.Entrant] | None = None,
                category: str | None = None) -> rules.Ranking:
        """The ranking (up to stage ``upto``); ``plain``: entrants a caller already read with
        ``plain_entrants``, so that nothing is read or scored twice. An award with categories
        has one ranking per category: name it (or use ``rankings``)."""
        if award.categories and category is None:
            raise WorkspaceError(f"lomba {award.key} berkategori; sebut kategorinya "
                                 f"({', '.join(c.id for c in award.categories)})")
        found = self.rankings(award, upto, plain=plain)
        if category is None:
            return found.categories[0].ranking
        cat = award.category(category)
        return next(c.ranking for c in found.categories
                    if c.category is not None and c.category.id == cat.id)

    def rankings(self, award: AwardInfo, upto: int | None = None, *,
                 plain: list[rules.Entrant] | None = None) -> rules.Rankings:
        """Every category's ranking (one ranking of everyone when the award has none)."""
        if upto is not None and not 1 <= upto <= len(award.rubric.stages):
            raise WorkspaceError(f"tahap harus 1-{len(award.rubric.stages)}, bukan {upto}")
        if plain is None:
            plain = self.plain_entrants(award)
        try:
            return rules.rank_categories(award.rubric, plain, award.categories, upto=upto)
        except AwardError as exc:
            raise WorkspaceError(str(exc)) from None

    def jury_entrants(self, award: AwardInfo) -> list[EntrantInfo]:
        """Who the jury scores: the entrants who reached the first stage with jury criteria
        (all of them when no one has advanced that far yet)."""
        entrants = self.entrants(award)
        stages = award.rubric.stages
        first = next((n for n, s in enumerate(stages)
                      if any(c.source == "jury" for c in s.criteria)), None)
        if not first:
            return entrants
        result = rules.rank_categories(award.rubric, self.plain_entrants(award, entrants),
                                       award.categories, upto=first)
        advanced = {r.entrant.key for c in result.categories
                    for r in c.ranking.stages[-1].rows if r.advanced}
        reached = [e for e in entrants if e.key in advanced]
        return reached or entrants


def check_juror(juror: str) -> str:
    name = " ".join(clean_text(str(juror)).split())
    if not name:
        raise WorkspaceError("nama juri wajib diisi")
    if len(name) > MAX_JUROR:
        raise WorkspaceError(f"nama juri paling panjang {MAX_JUROR} karakter")
    return name


def juror_match(juror: str) -> str:
    """What two juror names must not share unless they are the same text: the name without
    case and spaces."""
    return "".join(juror.split()).casefold()


def find_entrant(agencies: list[Agency], ref: str) -> Agency:
    """An entrant by key (``kota:3577``), by code (``3577``) or by a unique part of its name."""
    ref = " ".join(str(ref).split())
    if not ref:
        raise WorkspaceError("peserta wajib disebut (kode atau nama)")
    folded = ref.casefold()
    for match in (lambda a: entrant_key(a) == ref, lambda a: a.code == ref,
                  lambda a: a.name.casefold() == folded, lambda a: folded in a.name.casefold()):
        found = [a for a in agencies if match(a)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(f"{a.name} ({entrant_key(a)})" for a in found[:6])
            raise WorkspaceError(f"{shown(ref)} cocok dengan beberapa peserta: {names}; "
                                 "sebut kodenya")
    raise WorkspaceError(f"peserta {shown(ref)} tidak terdaftar di lomba ini")
