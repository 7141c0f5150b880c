"""The service layer: every action a user can take on a workspace, shared by the TUI and the CLI.

A workspace is a folder (``epss.db`` plus the evidence vault) that can be copied to a flash
drive. Each public method validates its input, writes through the store in one transaction with
its audit event, and returns plain records; messages of ``WorkspaceError`` are shown to users
as they are, so they are in Indonesian.
"""

from __future__ import annotations

import functools
import getpass
import os
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from epss.core import review
from epss.core.catalog import Catalog, load_catalog
from epss.core.errors import (
    DatabaseCorrupt,
    ReadOnlyWorkspace,
    StoreError,
    WorkspaceError,
    os_error_text,
)
from epss.core.messages import validation_message
from epss.core.model import (
    ASSESSMENT_STATUSES,
    IPS_NODE,
    Agency,
    AgencyInput,
    Answer,
    AnswerInput,
    Assessment,
    Attachment,
    Comment,
    ReportedIndices,
    clean_text,
    parse_index,
)
from epss.core.review import Finding
from epss.core.scoring import Scorecard, score
from epss.core.validate import (
    MAX_NOTE,
    MAX_TITLE,
    check_kind,
    check_url,
    check_year,
    url_identity,
)
from epss.store import Store

if TYPE_CHECKING:  # the vault is imported when evidence is first touched: faster start-up
    from epss.core import history, planner  # likewise when a comparison or plan is asked for
    from epss.services.committee import Committee
    from epss.services.coordination import Coordination
    from epss.services.exchange.bundle import ExportResult, ImportResult
    from epss.services.exchange.worksheet import CriteriaRead
    from epss.services.exchange.worksheet_import import WorksheetImport
    from epss.services.rounds import Rounds
    from epss.services.sampling import Sampling
    from evidence import StoredBlob, Vault

DB_NAME = "epss.db"
EVIDENCE_DIR = "evidence"
SETTINGS = {  # key -> (default, description); shown by `epss setting`
    "evidence_max_mib": (100, "batas ukuran satu berkas bukti dukung, MiB"),
    "evidence_warn_mib": (10, "peringatan untuk berkas di atas ukuran ini, MiB"),
    "dossier_coverage_warn_percent": (
        50, "peringatan saat mencetak berkas bila indikator berbukti di bawah persen ini"),
    "review_evidence_age_years": (
        1, "Periksa: bukti boleh bertahun sampai sekian tahun sebelum tahun penilaian "
           "(asumsi; aturan BPS tidak diumumkan)"),
}
# Preferences kept by the TUI (issue 19), not numbers: written by their own methods.
REVIEWER_NAME, LAST_FOLDER = "reviewer_name", "last_folder"


@dataclass(frozen=True, slots=True)
class OverviewRow:
    """One assessment as the lists show it (Beranda, ``epss assessment list``)."""

    assessment: Assessment
    card: Scorecard  # its levels scored (unanswered at 1): answered/total, domain indices
    ips: history.ShownIps  # the IPS to show and its source: levels, the BPS letter, or none
    with_evidence: int  # indicators with at least one piece of evidence


def read_only_reason(root: Path) -> str:
    """Why the workspace at ``root`` cannot be written, or "" when it can.

    SQLite needs to create its journal files beside the database, so a writable database in a
    write-protected folder is as read-only as a write-protected database.
    """
    db = root / DB_NAME
    if not os.access(root, os.W_OK | os.X_OK):
        return f"folder {root} tidak bisa ditulis"
    if not os.access(db, os.W_OK):
        return f"berkas {db} tidak bisa ditulis"
    return ""


def default_dir(explicit: str | os.PathLike | None = None) -> Path:
    """Where the workspace is: --workspace, else $EPSS_WORKSPACE, else the current folder if it
    holds a database, else the user data folder."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("EPSS_WORKSPACE")
    if env:
        return Path(env).expanduser()
    if (Path.cwd() / DB_NAME).exists():
        return Path.cwd()
    from platformdirs import user_data_dir

    return Path(user_data_dir("epss", appauthor=False))


def current_actor(saved: str = "") -> str:
    """Who is acting: $EPSS_USER, else the reviewer's name saved in the workspace (settable in
    the TUI), else the login name."""
    name = os.environ.get("EPSS_USER", "").strip() or saved.strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = ""
    return name or "pengguna"


class Workspace:
    """An open workspace folder. Use ``Workspace.create`` or ``Workspace.open``."""

    def __init__(self, root: Path, store: Store, catalog: Catalog, actor: str):
        self.root = root
        self.store = store
        self.catalog = catalog
        self.actor = actor

    # -- opening -----------------------------------------------------------------------------

    @classmethod
    def create(cls, root: str | os.PathLike, *, name: str, kind: str, code: str,
               actor: str | None = None) -> Workspace:
        root = Path(root).expanduser()
        try:
            agency = AgencyInput.model_validate({"name": name, "kind": kind, "code": code})
        except ValidationError as exc:
            raise WorkspaceError(validation_message(exc)) from None
        if (root / DB_NAME).exists():
            raise WorkspaceError(f"sudah ada workspace di {root}")
        if root.exists() and not root.is_dir():
            raise WorkspaceError(f"{root} bukan folder")
        try:
            root.mkdir(parents=True, exist_ok=True)
            store = Store.open(root / DB_NAME, create=True)
        except OSError as exc:
            raise WorkspaceError(
                f"workspace tidak bisa dibuat di {root}: {os_error_text(exc)}") from None
        except StoreError as exc:
            raise WorkspaceError(f"workspace tidak bisa dibuat di {root}: {exc}") from None
        ws = cls(root, store, load_catalog(), actor or current_actor())
        with store.transaction():
            agency_id = store.insert_agency(agency.name, agency.kind, agency.code)
            store.set_setting("agency_id", agency_id)
            store.append_event(ws.actor, "create", "agency", agency_id, agency.model_dump())
        return ws

    @classmethod
    def open(cls, root: str | os.PathLike, *, actor: str | None = None,
             check: bool = True) -> Workspace:
        """Open a workspace; read-only when its folder cannot be written. ``check=False``
        skips the quick damage check (only for ``doctor``, which reports damage itself)."""
        root = Path(root).expanduser()
        if not (root / DB_NAME).is_file():
            raise WorkspaceError(
                f"belum ada workspace di {root} (buat dengan `epss init` atau `epss demo`)"
            )
        store = Store.open(root / DB_NAME, read_only=read_only_reason(root), check=check)
        try:
            catalog = _worded_catalog(store)
        except BaseException:
            store.close()
            raise
        saved = store.get_setting(REVIEWER_NAME, "")
        return cls(root, store, catalog,
                   actor or current_actor(saved if isinstance(saved, str) else ""))

    @property
    def read_only(self) -> bool:
        """Whether this workspace can only be read (its folder or database is write-protected,
        e.g. a locked flash drive or a shared folder); every write then raises
        ``ReadOnlyWorkspace`` and nothing is changed."""
        return bool(self.store.read_only)

    @property
    def read_only_reason(self) -> str:
        return self.store.read_only

    @property
    def reports_folder(self) -> Path:
        """Where files made for people (PDFs, the presentation, packages) go unless told
        otherwise: WORKSPACE/reports/, or, for a read-only workspace (a locked flash drive, a
        shared folder), ~/epss-laporan/<folder name>/, so that printing still works there; the
        message after writing always says where the file went."""
        if self.read_only:  # resolved: `-w .` or `-w ..` has no usable name of its own
            return Path.home() / "epss-laporan" / (self.root.resolve().name or "workspace")
        return self.root / "reports"

    def require_workspace_writable(self) -> None:
        """Refuse a change on a read-only workspace (for services beside this class)."""
        self._require_writable()

    def require_editable(self, assessment_id: int) -> Assessment:
        """The assessment, when it may change: the workspace is writable and it is not final."""
        return self._writable(assessment_id)

    def _require_writable(self) -> None:
        if self.store.read_only:
            raise ReadOnlyWorkspace(
                f"mode baca saja: {self.store.read_only}; tidak ada yang diubah")

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- agency ------------------------------------------------------------------------------

    @functools.cached_property
    def agency(self) -> Agency:
        """The agency this workspace belongs to, read once: it is written when the workspace is
        created and nothing changes it afterwards (an imported entrant is another agency)."""
        agency_id = self.store.get_setting("agency_id")
        agency = self.store.get_agency(agency_id) if agency_id is not None else None
        if agency is None:
            raise WorkspaceError("workspace ini belum punya instansi")
        return agency

    # -- assessments -------------------------------------------------------------------------

    def assessments(self) -> list[Assessment]:
        return self.store.list_assessments(self.agency.id)

    def assessment(self, year: int | None = None, kind: str = "mandiri") -> Assessment:
        """The assessment of that year and kind; without a year, the latest one of the kind."""
        check_kind(kind)
        if year is None:
            found = [a for a in self.assessments() if a.kind == kind]
            if not found:
                raise WorkspaceError(
                    f"belum ada penilaian jenis {kind} (buat dengan `epss assessment new`)"
                )
            return found[0]
        found_one = self.store.find_assessment(self.agency.id, check_year(year), kind)
        if found_one is None:
            raise WorkspaceError(f"belum ada penilaian {kind} tahun {year}")
        return found_one

    def get_assessment(self, assessment_id: int) -> Assessment:
        found = self.store.get_assessment(assessment_id)
        if found is None:
            raise WorkspaceError(f"penilaian #{assessment_id} tidak ada")
        return found

    def new_assessment(self, year: int, kind: str = "mandiri", *, from_year: int | None = None,
                       title: str = "", keep_kegiatan: bool = False) -> Assessment:
        """Create an assessment, empty or carrying over another year's answers and evidence.

        Carried-over answers are marked until someone reviews them; attachments are referenced
        (the same vault blobs), never copied. The sampled kegiatan come along only when asked
        (``keep_kegiatan``): BPS rotates the sample every year, so by default the evidence keeps
        what each document is but not which kegiatan it proved.
        """
        year, kind = check_year(year), check_kind(kind)
        # The same year is allowed: a target or badan assessment may start from that year's
        # mandiri answers.
        if from_year is not None and check_year(from_year) > year:
            raise WorkspaceError(f"penilaian {year} tidak bisa disalin dari tahun sesudahnya "
                                 f"({from_year})")
        agency = self.agency
        if self.store.find_assessment(agency.id, year, kind):
            raise WorkspaceError(f"penilaian {kind} tahun {year} sudah ada")
        source = None
        if from_year is not None:
            source = self.store.find_assessment(agency.id, from_year, kind)
            if source is None:
                source = self.store.find_assessment(agency.id, from_year, "mandiri")
            if source is None:
                raise WorkspaceError(f"tidak ada penilaian tahun {from_year} untuk disalin")
        if keep_kegiatan and source is None:
            raise WorkspaceError("kegiatan terpilih hanya bisa dibawa dari penilaian yang disalin "
                                 "(sebutkan tahun asal)")
        title = clean_text(title).strip()[:200]
        with self.store.transaction():
            new_id = self.store.insert_assessment(agency.id, year, kind, self.catalog.edition.id,
                                                  title, source.year if source else None)
            copied = (self._carry_over(source.id, new_id, keep_kegiatan) if source
                      else (0, 0, 0))
            self.store.append_event(self.actor, "create", "assessment", new_id, {
                "year": year, "kind": kind, "from_year": source.year if source else None,
                "answers_copied": copied[0], "attachments_copied": copied[1],
                "kegiatan_copied": copied[2],
            })
        return self.get_assessment(new_id)

    def _carry_over(self, source_id: int, target_id: int,
                    keep_kegiatan: bool = False) -> tuple[int, int, int]:
        kegiatan = {k.id: self.store.insert_kegiatan(target_id, k.opd, k.name, k.code, k.kind)
                    for k in self.store.kegiatan(source_id)} if keep_kegiatan else {}
        answers = self.store.answers(source_id)
        for code, ans in answers.items():
            if self.catalog.has_indicator(code):
                self.store.put_answer(target_id, code, ans.level, ans.explanation, True,
                                      self.actor)
        attachments = self.store.attachments(source_id)
        for att in attachments:
            new_id = self.store.insert_attachment(
                target_id, att.indicator, blob_sha=att.blob_sha, url=att.url, title=att.title,
                note=att.note, media_type=att.media_type, size=att.size,
                original_name=att.original_name, confidential=att.confidential,
                actor=att.created_by, created_at=att.created_at,
            )
            # What the document is stays; the kegiatan it proved only when the sample does.
            self.store.update_attachment(new_id, doc_kind=att.doc_kind, doc_year=att.doc_year,
                                         signed=int(att.signed), for_tpb=int(att.for_tpb),
                                         kegiatan_id=kegiatan.get(att.kegiatan_id or 0))
        return len(answers), len(attachments), len(kegiatan)

    def rename_assessment(self, assessment_id: int, title: str) -> Assessment:
        self.get_assessment(assessment_id)
        title = " ".join(clean_text(title).split())
        if len(title) > 200:
            raise WorkspaceError("judul penilaian paling panjang 200 karakter")
        with self.store.transaction():
            self.store.update_assessment(assessment_id, title=title)
            self.store.append_event(self.actor, "rename", "assessment", assessment_id,
                                    {"title": title})
        return self.get_assessment(assessment_id)

    def set_status(self, assessment_id: int, status: str) -> Assessment:
        before = self.get_assessment(assessment_id)
        if status not in ASSESSMENT_STATUSES:
            raise WorkspaceError(f"status harus salah satu dari {', '.join(ASSESSMENT_STATUSES)}")
        with self.store.transaction():
            self.store.update_assessment(assessment_id, status=status)
            self.store.append_event(self.actor, "status", "assessment", assessment_id,
                                    {"before": before.status, "after": status})
        return self.get_assessment(assessment_id)

    def delete_assessment(self, assessment_id: int) -> None:
        """Delete an assessment with its answers; vault files stay (other years may use them).

        A final assessment is what was submitted: it must be put back to draft first, a second
        deliberate step, so that no single slip removes it.
        """
        self._require_writable()
        found = self.get_assessment(assessment_id)
        if found.status == "final":
            raise WorkspaceError(
                f"{found.label} berstatus final dan tidak bisa dihapus; kembalikan ke draf dulu "
                f"(`epss assessment draft --year {found.year} --kind {found.kind}`)")
        answers = self.store.answers(assessment_id)
        reported = self.store.reported_indices(assessment_id)
        with self.store.transaction():
            self.store.append_event(self.actor, "delete", "assessment", assessment_id, {
                "year": found.year, "kind": found.kind,
                "answers": {c: [a.level, a.explanation] for c, a in answers.items()},
                # a BPS letter's indices are logged too (they go by cascade), so nothing is lost
                **({"reported": reported} if reported else {}),
            })
            self.store.delete_assessment(assessment_id)

    # -- answers -----------------------------------------------------------------------------

    def answers(self, assessment_id: int) -> dict[str, Answer]:
        return self.store.answers(assessment_id)

    def answer(self, assessment_id: int, code: str) -> Answer | None:
        self._check_code(code)
        return self.store.get_answer(assessment_id, code)

    def _check_code(self, code: str) -> str:
        if not self.catalog.has_indicator(code):
            raise WorkspaceError(f"kode indikator {code!r} tidak dikenal (lihat `epss catalog`)")
        return code

    def set_answer(self, assessment_id: int, code: str, **changes: Any) -> Answer:
        """Change the level and/or explanation of one indicator; saved and logged at once.

        Any edit counts as a review, so a carried-over mark is cleared.
        """
        self._check_code(code)
        try:
            change = AnswerInput(**changes)
        except ValidationError as exc:
            raise WorkspaceError(validation_message(exc)) from None
        assessment = self.get_assessment(assessment_id)
        if assessment.status == "final":
            raise WorkspaceError("penilaian berstatus final tidak bisa diubah")
        with self.store.transaction():
            before = self.store.get_answer(assessment_id, code)
            level = before.level if before else None
            explanation = before.explanation if before else ""
            if change.level is not None:
                level = change.level
            if change.clear_level:
                level = None
            if change.explanation is not None:
                explanation = change.explanation
            if before and (level, explanation) == (before.level, before.explanation) \
                    and not before.carried_over:
                return before
            self.store.put_answer(assessment_id, code, level, explanation, False, self.actor)
            self.store.touch_assessment(assessment_id)
            self.store.append_event(self.actor, "answer", "assessment", assessment_id, {
                "indicator": code,
                "before": {"level": before.level, "explanation": before.explanation}
                if before else None,
                "after": {"level": level, "explanation": explanation},
            })
        result = self.store.get_answer(assessment_id, code)
        assert result is not None
        return result

    def mark_reviewed(self, assessment_id: int, code: str) -> Answer:
        """Confirm a carried-over answer without changing it."""
        return self.set_answer(assessment_id, code)

    def levels(self, assessment_id: int) -> dict[str, int]:
        return self.store.levels(assessment_id)

    def scorecard(self, assessment_id: int) -> Scorecard:
        return score(self.catalog, self.store.levels(assessment_id))

    def findings(self, assessment_id: int) -> list[Finding]:
        """What an assessor would challenge: the basic checks (epss.core.review), then the
        sufficiency rules of the edition (epss.core.sufficiency), per indicator in catalog
        order."""
        vault = self.vault
        basic = review.findings(self.catalog, self.store.answers(assessment_id),
                                self.store.attachments(assessment_id), vault.exists)
        order = {ind.code: i for i, ind in enumerate(self.catalog.indicators)}
        both = basic + self.sampling.findings(assessment_id)
        return sorted(both, key=lambda f: order.get(f.code, len(order)))  # stable per code

    def overview(self) -> list[OverviewRow]:
        """Each assessment as Beranda and ``epss assessment list`` list it."""
        from epss.core import history

        rows = []
        for a in self.assessments():
            side = self._history_side(a)
            rows.append(OverviewRow(a, self.scorecard(a.id), history.shown_ips(side),
                                    len(self.store.evidence_counts(a.id))))
        return rows

    def shown_ips(self, assessment_id: int) -> history.ShownIps:
        """The IPS this assessment is shown with and its source (levels, the BPS letter, or
        none): the one rule of ``epss.core.history.shown_ips``."""
        from epss.core import history

        return history.shown_ips(self._history_side(self.get_assessment(assessment_id)))

    def plan(self, assessment_id: int, target: str | planner.Target, *,
             max_level_step: int | None = None,
             locks: Iterable[str] | str = ()) -> planner.Plan:
        """The fewest one-level raises from this assessment's levels to ``target`` (a predikat
        name or slug, an IPS such as "2,60", or a parsed ``Target``); see epss.core.planner.
        ``locks`` are indicator codes that must not rise (a list, or "50101,50201")."""
        from epss.core import planner

        assessment = self.get_assessment(assessment_id)
        try:
            goal = (target if isinstance(target, planner.Target)
                    else planner.parse_target(target, self.catalog.edition))
            return planner.plan(self.catalog, self.store.levels(assessment.id), goal,
                                max_level_step=max_level_step, locked=locks)
        except planner.PlanError as exc:
            raise WorkspaceError(str(exc)) from None

    # -- reported indices (a BPS result given only as domain indices and/or the IPS) ---------

    def reported_indices(self, assessment_id: int) -> ReportedIndices:
        """What the BPS letter stated for this assessment (empty when nothing was entered)."""
        self.get_assessment(assessment_id)
        return ReportedIndices.from_text(self.store.reported_indices(assessment_id))

    def _reported_writable(self, assessment_id: int) -> Assessment:
        assessment = self._writable(assessment_id)
        if assessment.kind != "badan":
            raise WorkspaceError(
                "indeks yang dilaporkan BPS hanya untuk penilaian badan (hasil BPS), bukan "
                f"penilaian {assessment.kind}")
        return assessment

    def set_reported_indices(self, assessment_id: int, *,
                             ips: str | Decimal | None = None,
                             domains: Mapping[str, str | Decimal] | None = None,
                             replace: bool = False,
                             aspects: Mapping[str, str | Decimal] | None = None,
                             ) -> ReportedIndices:
        """Record the IPS and/or domain indices of a BPS result letter, exactly as printed.

        For when the letter gives only these: they are stored apart from the answers, so no
        indicator level is ever invented to reproduce them. Values given replace earlier ones;
        values not given stay, unless ``replace`` (a form showing every field) says the given
        values are now all there is. "2,52" and "2.52" are both accepted (1 to 5, two decimals
        at most). Everything is checked before anything is written, in one transaction.
        """
        self._reported_writable(assessment_id)
        known = [d.code for d in self.catalog.domains]
        values: dict[str, Decimal] = {}
        try:
            for key, value in (domains or {}).items():
                code = key.strip() if isinstance(key, str) else str(key)
                if isinstance(key, bool) or code not in known:
                    raise WorkspaceError(
                        f"kode domain {key!r} tidak dikenal; ada: {', '.join(known)}")
                values[code] = parse_index(value, f"indeks domain {code}")
            known_aspects = [a.code for d in self.catalog.domains for a in d.aspects]
            for key, value in (aspects or {}).items():  # a letter may give aspects (issue 18)
                code = key.strip() if isinstance(key, str) else str(key)
                if isinstance(key, bool) or code not in known_aspects:
                    raise WorkspaceError(f"kode aspek {key!r} tidak dikenal (lihat `epss catalog`)")
                values[code] = parse_index(value, f"indeks aspek {code}")
            if ips is not None:
                values[IPS_NODE] = parse_index(ips, "IPS")
        except ValueError as exc:
            raise WorkspaceError(str(exc)) from None
        if not values:
            if replace:
                return self.clear_reported_indices(
                    assessment_id, None if aspects is not None else [IPS_NODE, *known])
            raise WorkspaceError("tidak ada nilai indeks yang diberikan (IPS, indeks domain "
                                 "atau indeks aspek)")
        with self.store.transaction():
            before = self.store.reported_indices(assessment_id)
            given = {node: str(value) for node, value in values.items()}
            after = given if replace else {**before, **given}
            if replace and aspects is None:  # a form without aspect fields keeps them
                after = {**{n: v for n, v in before.items() if len(n) == 3 and n != IPS_NODE},
                         **after}
            if after != before:
                gone = tuple(node for node in before if node not in after)
                if gone:
                    self.store.delete_reported_indices(assessment_id, gone)
                for node, value in given.items():
                    self.store.put_reported_index(assessment_id, node, value, self.actor)
                self.store.touch_assessment(assessment_id)
                self.store.append_event(self.actor, "reported", "assessment", assessment_id,
                                        {"before": before, "after": after})
        return self.reported_indices(assessment_id)

    def clear_reported_indices(self, assessment_id: int,
                               nodes: Iterable[str] | None = None) -> ReportedIndices:
        """Remove all reported indices of a BPS result, or only ``nodes`` ('ips', '1'..'5');
        returns what remains."""
        self._reported_writable(assessment_id)
        if isinstance(nodes, str):  # one node, not its characters
            nodes = (nodes,)
        chosen = None if nodes is None else tuple(dict.fromkeys(str(n).strip() for n in nodes))
        if chosen is not None:
            allowed = {IPS_NODE} | {d.code for d in self.catalog.domains} | {
                a.code for d in self.catalog.domains for a in d.aspects}
            unknown = [n for n in chosen if n not in allowed]
            if unknown:
                raise WorkspaceError(
                    f"indeks {unknown[0]!r} tidak dikenal; ada: {', '.join(sorted(allowed))}")
        with self.store.transaction():
            before = self.store.reported_indices(assessment_id)
            after = {n: v for n, v in before.items() if chosen is not None and n not in chosen}
            if after != before:
                self.store.delete_reported_indices(assessment_id, chosen)
                self.store.touch_assessment(assessment_id)
                self.store.append_event(self.actor, "reported", "assessment", assessment_id,
                                        {"before": before, "after": after})
        return self.reported_indices(assessment_id)

    # -- history: year over year, self vs BPS, trend ---------------------------------------

    def _history_side(self, assessment: Assessment) -> history.Side:
        from epss.core import history

        reported = ReportedIndices.from_text(self.store.reported_indices(assessment.id))
        return history.side(self.catalog, assessment.label, self.store.levels(assessment.id),
                            reported)

    def compare_years(self, year_a: int, year_b: int, kind: str = "mandiri",
                      ) -> history.Comparison:
        """Compare two years of one kind; the earlier year is always the old side."""
        if check_year(year_a) == check_year(year_b):
            raise WorkspaceError(f"pilih dua tahun yang berbeda, bukan {year_a} dua kali")
        old, new = sorted((year_a, year_b))
        old_a, new_a = self.assessment(old, kind), self.assessment(new, kind)
        from epss.core import history

        return history.compare_sides(self.catalog, self._history_side(old_a),
                                     self._history_side(new_a))

    def compare_self_vs_badan(self, year: int | None = None) -> history.Gap:
        """The self-assessment of a year against the BPS result of that year (gap = self -
        BPS); without a year, the latest year that has a BPS result."""
        badan = self.assessment(year, "badan")
        mandiri = self.store.find_assessment(self.agency.id, badan.year, "mandiri")
        if mandiri is None:
            raise WorkspaceError(f"belum ada penilaian mandiri tahun {badan.year} untuk "
                                 "dibandingkan dengan hasil BPS")
        reported = ReportedIndices.from_text(self.store.reported_indices(badan.id))
        from epss.core import history

        return history.compare_self_vs_badan(
            self.catalog, self.store.levels(mandiri.id), self.store.levels(badan.id),
            badan_reported=reported, self_label=mandiri.label, badan_label=badan.label)

    def trend(self, kinds: Iterable[str] | None = None) -> history.Trend:
        """IPS per year and kind (all kinds unless given), for a trend chart."""
        from epss.core import history

        chosen = {check_kind(k) for k in kinds} if kinds is not None else None
        inputs = [
            history.TrendInput(
                a.year, a.kind, self.store.levels(a.id),
                ReportedIndices.from_text(self.store.reported_indices(a.id)), a.label)
            for a in self.assessments() if chosen is None or a.kind in chosen
        ]
        return history.trend(self.catalog, inputs)

    # -- comments ----------------------------------------------------------------------------

    def comments(self, assessment_id: int, code: str | None = None) -> list[Comment]:
        return self.store.comments(assessment_id, code)

    def add_comment(self, assessment_id: int, code: str, body: str, role: str = "") -> Comment:
        self._check_code(code)
        self.get_assessment(assessment_id)
        body = clean_text(body).strip()
        if not body:
            raise WorkspaceError("komentar tidak boleh kosong")
        if len(body) > 5000:
            raise WorkspaceError("komentar paling panjang 5.000 karakter")
        role = " ".join(clean_text(role).split())[:50]
        with self.store.transaction():
            comment_id = self.store.insert_comment(assessment_id, code, self.actor, role, body)
            self.store.append_event(self.actor, "comment", "assessment", assessment_id,
                                    {"indicator": code, "comment": comment_id, "body": body})
        found = self.store.get_comment(comment_id)
        assert found is not None
        return found

    def resolve_comment(self, comment_id: int, resolved: bool = True) -> Comment:
        found = self.store.get_comment(comment_id)
        if found is None:
            raise WorkspaceError(f"komentar #{comment_id} tidak ada")
        with self.store.transaction():
            self.store.set_comment_resolved(comment_id, resolved)
            self.store.append_event(self.actor, "resolve" if resolved else "reopen", "comment",
                                    comment_id, {"assessment": found.assessment_id})
        updated = self.store.get_comment(comment_id)
        assert updated is not None
        return updated

    # -- settings ----------------------------------------------------------------------------

    def setting(self, key: str) -> Any:
        if key not in SETTINGS:
            raise WorkspaceError(f"pengaturan {key!r} tidak dikenal; ada: {', '.join(SETTINGS)}")
        return self.store.get_setting(key, SETTINGS[key][0])

    def set_setting(self, key: str, value: str | int) -> Any:
        default = self.setting(key)
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise WorkspaceError(f"{key} harus bilangan bulat, bukan {value!r}") from None
        if not 1 <= number <= 10_240:
            raise WorkspaceError(f"{key} harus antara 1 dan 10240")
        if key.endswith("_percent") and number > 100:
            raise WorkspaceError(f"{key} harus antara 1 dan 100")
        with self.store.transaction():  # read under the write lock: no one changes the other
            # The warning must stay at or below the limit, or it could never be shown. A
            # contradiction is refused, not resolved by moving the other setting unasked.
            limit, warn = self.setting("evidence_max_mib"), self.setting("evidence_warn_mib")
            if key == "evidence_warn_mib" and number > limit:
                raise WorkspaceError(
                    f"evidence_warn_mib {number} lebih besar dari batas evidence_max_mib "
                    f"{limit}: peringatannya tidak akan pernah muncul. Pilih paling besar "
                    f"{limit}, atau naikkan evidence_max_mib dulu")
            if key == "evidence_max_mib" and number < warn:
                raise WorkspaceError(
                    f"evidence_max_mib {number} lebih kecil dari evidence_warn_mib {warn}; "
                    f"turunkan evidence_warn_mib dulu (mis. `epss setting evidence_warn_mib "
                    f"{number}`), lalu ulangi")
            self.store.set_setting(key, number)
            self.store.append_event(self.actor, "setting", "workspace", key,
                                    {"before": default, "after": number})
        return number

    # -- TUI preferences (issue 19): the reviewer's name, the last folder used ---------------

    def reviewer_name(self) -> str:
        """The name saved with ``set_reviewer_name`` ("" when none)."""
        saved = self.store.get_setting(REVIEWER_NAME, "")
        return saved if isinstance(saved, str) else ""

    def set_reviewer_name(self, name: str) -> str:
        """Save who reviews on this computer; used for every change when $EPSS_USER is unset."""
        text = " ".join(str(name).split())
        if not text:
            raise WorkspaceError("nama penilai tidak boleh kosong")
        if len(text) > 80 or not text.isprintable():
            raise WorkspaceError("nama penilai paling banyak 80 huruf, tanpa karakter kontrol")
        self._require_writable()
        with self.store.transaction():
            before = self.reviewer_name()
            self.store.set_setting(REVIEWER_NAME, text)
            self.store.append_event(self.actor, "setting", "workspace", REVIEWER_NAME,
                                    {"before": before, "after": text})
        if not os.environ.get("EPSS_USER", "").strip():
            self.actor = text
        return text

    def last_folder(self) -> Path | None:
        """The folder a file was last chosen from or written to, if it still exists."""
        saved = self.store.get_setting(LAST_FOLDER, "")
        if not isinstance(saved, str) or not saved:
            return None
        folder = Path(saved)
        return folder if folder.is_dir() else None

    def remember_folder(self, folder: str | os.PathLike) -> None:
        """Keep ``folder`` as the start of the next file dialog (silently skipped when the
        workspace is read-only: a preference is not worth a refusal)."""
        text = str(Path(folder).expanduser().absolute())
        if self.store.read_only or self.store.get_setting(LAST_FOLDER, "") == text:
            return
        with self.store.transaction():
            self.store.set_setting(LAST_FOLDER, text)
            self.store.append_event(self.actor, "setting", "workspace", LAST_FOLDER,
                                    {"after": text})

    # -- evidence (bukti dukung) -------------------------------------------------------------

    @functools.cached_property
    def vault(self) -> Vault:
        """The evidence vault, made once. Its size limits are the settings' when it was made:
        every path that stores files takes ``storing_vault`` instead, so a limit changed
        meanwhile (here or by another process, e.g. `epss setting` beside an open TUI) holds."""
        from evidence import Vault

        vault = Vault(self.root / EVIDENCE_DIR)
        self._apply_limits(vault)
        return vault

    def _apply_limits(self, vault: Vault) -> None:
        mib = 1024 * 1024
        vault.max_bytes = self.setting("evidence_max_mib") * mib
        vault.warn_bytes = self.setting("evidence_warn_mib") * mib

    def storing_vault(self) -> Vault:
        """The vault with the size limits as they are set now (read from the database): what
        every path that stores files (evidence, a bundle's files) must use."""
        vault = self.vault
        self._apply_limits(vault)
        return vault

    def _check_title_note(self, title: str, note: str) -> tuple[str, str]:
        title = " ".join(clean_text(title).split())
        note = clean_text(note).strip()
        if len(title) > MAX_TITLE:
            raise WorkspaceError(f"judul bukti paling panjang {MAX_TITLE} karakter")
        if len(note) > MAX_NOTE:
            raise WorkspaceError(f"catatan bukti paling panjang {MAX_NOTE} karakter")
        return title, note

    def _writable(self, assessment_id: int) -> Assessment:
        self._require_writable()
        assessment = self.get_assessment(assessment_id)
        if assessment.status == "final":
            raise WorkspaceError("penilaian berstatus final tidak bisa diubah")
        return assessment

    def add_evidence(self, assessment_id: int, code: str, source: str | os.PathLike, *,
                     title: str = "", note: str = "", confidential: bool = False,
                     progress: Callable[[int], None] | None = None,
                     ) -> tuple[Attachment, StoredBlob]:
        """Store a file in the vault and attach it to one indicator's answer.

        The same content twice on one indicator is refused: it proves nothing more and counts
        twice in the dossier. The file is hashed by storing it; when it is a duplicate the
        vault already holds those bytes, so the refusal leaves the vault as it was.
        """
        self._check_code(code)
        self._writable(assessment_id)
        title, note = self._check_title_note(title, note)
        blob = self._put(source, progress=progress)
        with self.store.transaction():  # checked under the write lock: no concurrent twin
            same = next((a for a in self.store.attachments(assessment_id, code)
                         if a.blob_sha == blob.sha256), None)
            if same is not None:
                raise WorkspaceError(f"{blob.name}: berkas yang sama sudah dilampirkan sebagai "
                                     f"#{same.id} ({same.title}) pada indikator {code}")
            if not self.vault.exists(blob.sha256):  # pruned by another process meanwhile
                blob = self._put(source, progress=None)
            att_id = self.store.insert_attachment(
                assessment_id, code, blob_sha=blob.sha256, url=None, title=title or blob.name,
                note=note, media_type=blob.media_type, size=blob.size, original_name=blob.name,
                confidential=confidential, actor=self.actor)
            self.store.append_event(self.actor, "attach", "assessment", assessment_id, {
                "indicator": code, "attachment": att_id, "sha256": blob.sha256,
                "name": blob.name, "size": blob.size, "confidential": confidential,
            })
        return self._attachment(att_id), blob

    def _put(self, source: str | os.PathLike,
             progress: Callable[[int], None] | None) -> StoredBlob:
        from evidence import VaultError

        try:
            return self.storing_vault().put(Path(source), progress=progress)
        except VaultError as exc:
            raise WorkspaceError(str(exc)) from None

    def check_evidence_files(self, sources: list[str | os.PathLike], *,
                             assessment_id: int | None = None,
                             code: str | None = None) -> list[str]:
        """Every refusal for a batch of files, so none is stored unless all are acceptable:
        also the same content twice in the batch and, given the assessment and indicator,
        content already attached there (what ``add_evidence`` would refuse halfway). Only a
        file whose size matches another's (in the batch or attached) is hashed here, so a
        usual batch is not read twice."""
        import hashlib

        from evidence import VaultError, safe_name

        vault, problems = self.storing_vault(), []
        accepted: list[tuple[Path, int]] = []
        for source in sources:
            try:
                vault.check_file(source)
                accepted.append((Path(source), Path(source).stat().st_size))
            except VaultError as exc:
                problems.append(str(exc))
            except OSError as exc:
                problems.append(
                    f"{safe_name(str(source))}: tidak bisa dibaca ({os_error_text(exc)})")
        attached = []
        if assessment_id is not None and code is not None:
            attached = [a for a in self.store.attachments(assessment_id, code) if a.blob_sha]
        sizes = [size for _, size in accepted] + [a.size for a in attached]
        seen: dict[str, str] = {}
        for path, size in accepted:
            if sizes.count(size) < 2:
                continue
            name = safe_name(path.name)
            try:
                with path.open("rb") as fh:
                    digest = hashlib.file_digest(fh, "sha256").hexdigest()
            except OSError as exc:
                problems.append(f"{name}: tidak bisa dibaca ({os_error_text(exc)})")
                continue
            same = next((a for a in attached if a.blob_sha == digest), None)
            if same is not None:
                problems.append(f"{name}: berkas yang sama sudah dilampirkan sebagai "
                                f"#{same.id} ({same.title}) pada indikator {code}")
            elif digest in seen:
                problems.append(f"{name}: isinya sama dengan {seen[digest]} yang juga dipilih; "
                                "satu berkas cukup dilampirkan sekali")
            else:
                seen[digest] = name
        return problems

    def link_evidence(self, assessment_id: int, code: str, url: str, *, title: str = "",
                      note: str = "", confidential: bool = False) -> Attachment:
        """Attach a link (e.g. a Google Drive folder); http/https only, stored as given.
        The same link twice on one indicator (``url_identity``) is refused."""
        self._check_code(code)
        self._writable(assessment_id)
        url = check_url(url)
        title, note = self._check_title_note(title, note)
        if not title:
            parts = urlsplit(url)
            title = (parts.hostname or "") + (parts.path if parts.path != "/" else "")
            title = title[:MAX_TITLE]
        with self.store.transaction():
            key = url_identity(url)
            same = next((a for a in self.store.attachments(assessment_id, code)
                         if a.url and url_identity(a.url) == key), None)
            if same is not None:
                raise WorkspaceError(f"tautan ini sudah dilampirkan sebagai #{same.id} "
                                     f"({same.title}) pada indikator {code}")
            att_id = self.store.insert_attachment(
                assessment_id, code, blob_sha=None, url=url, title=title, note=note,
                media_type=None, size=None, original_name=None, confidential=confidential,
                actor=self.actor)
            self.store.append_event(self.actor, "link", "assessment", assessment_id, {
                "indicator": code, "attachment": att_id, "url": url,
                "confidential": confidential,
            })
        return self._attachment(att_id)

    def _attachment(self, attachment_id: int) -> Attachment:
        found = self.store.get_attachment(attachment_id)
        if found is None:
            raise WorkspaceError(f"bukti dukung #{attachment_id} tidak ada")
        return found

    def evidence(self, assessment_id: int, code: str | None = None) -> list[Attachment]:
        if code is not None:
            self._check_code(code)
        return self.store.attachments(assessment_id, code)

    def evidence_counts(self, assessment_id: int) -> dict[str, int]:
        return self.store.evidence_counts(assessment_id)

    def remove_evidence(self, attachment_id: int) -> Attachment:
        """Detach evidence; the vault file stays until ``prune_evidence`` (other years may
        reference it, and a removal can be undone from the audit log)."""
        att = self._attachment(attachment_id)
        self._writable(att.assessment_id)
        with self.store.transaction():
            self.store.delete_attachment(attachment_id)
            self.store.append_event(self.actor, "detach", "assessment", att.assessment_id,
                                    {"attachment": att.model_dump()})
        return att

    def set_evidence_confidential(self, attachment_id: int, confidential: bool) -> Attachment:
        att = self._attachment(attachment_id)
        self._writable(att.assessment_id)
        with self.store.transaction():
            self.store.update_attachment(attachment_id, confidential=int(confidential))
            self.store.append_event(self.actor, "confidential", "attachment", attachment_id,
                                    {"before": att.confidential, "after": confidential})
        return self._attachment(attachment_id)

    def evidence_path(self, attachment: Attachment) -> Path | None:
        return self.vault.path(attachment.blob_sha) if attachment.blob_sha else None

    def evidence_copy(self, attachment_id: int) -> Path:
        """A read-only copy of an evidence file, for a viewer to open: the vault's own file is
        never handed out (a viewer that saves would change a file whose name is its hash). The
        copies live in one private folder per user in the system's temporary folder, named by
        attachment and hash, with the original's extension so the viewer knows the type; a
        copy already there with the right size is reused."""
        import tempfile

        from epss.fileio import atomic_output

        att = self._attachment(attachment_id)
        if not att.blob_sha:
            raise WorkspaceError(f"bukti dukung #{attachment_id} adalah tautan, bukan berkas")
        vault = self.vault
        if not vault.exists(att.blob_sha):
            raise WorkspaceError(f"berkas bukti dukung #{attachment_id} hilang dari brankas; "
                                 "jalankan `epss doctor`")
        uid = os.getuid() if hasattr(os, "getuid") else None
        folder = Path(tempfile.gettempdir()) / (f"epss-open-{uid}" if uid is not None
                                                else "epss-open")
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
        if folder.is_symlink() or (uid is not None and info.st_uid != uid):
            raise WorkspaceError(f"folder sementara {folder} bukan milik pengguna ini; "
                                 "hapus folder itu lalu coba lagi")
        suffix = Path(att.original_name or "").suffix
        if not re.fullmatch(r"\.[A-Za-z0-9]{1,10}", suffix):
            suffix = ".bin"
        target = folder / f"{att.id}-{att.blob_sha[:12]}{suffix}"
        size = vault.path(att.blob_sha).stat().st_size
        if target.is_file() and not target.is_symlink() and target.stat().st_size == size:
            return target
        with vault.open(att.blob_sha) as source, atomic_output(target) as out:
            shutil.copyfileobj(source, out)
        target.chmod(0o444)
        return target

    def missing_evidence(self) -> list[Attachment]:
        """Attachments whose file is not in the vault."""
        vault = self.vault
        return [a for a in self.store.all_attachments()
                if a.blob_sha and not vault.exists(a.blob_sha)]

    def verify_evidence(self) -> list[str]:
        """Re-hash the vault: every missing or corrupt file named, with what references it."""
        referenced = self.store.referenced_blobs()
        report = self.vault.verify(referenced)
        users: dict[str, list[Attachment]] = {}
        for att in self.store.all_attachments():
            if att.blob_sha:
                users.setdefault(att.blob_sha, []).append(att)
        problems = []
        for kind, shas in (("hilang", report.missing), ("rusak (isi berubah)", report.corrupt)):
            for sha in shas:
                names = ", ".join(f"#{a.id} {a.indicator} {a.title!r}" for a in users.get(sha, []))
                problems.append(f"berkas {kind}: {sha}" + (f" — dipakai {names}" if names else ""))
        return problems

    def unreferenced_evidence(self) -> list[str]:
        return self.vault.unreferenced(self.store.referenced_blobs())

    def prune_evidence(self) -> list[str]:
        """Delete vault files that no attachment references (only when the user asks)."""
        self._require_writable()
        with self.store.transaction():  # decided under the write lock: no add in between
            orphans = self.unreferenced_evidence()
            for sha in orphans:
                self.vault.delete(sha)
            if orphans:
                self.store.append_event(self.actor, "prune", "vault", "-", {"deleted": orphans})
        return orphans

    def export_evidence(self, assessment_id: int, dest: str | os.PathLike) -> list[Path]:
        """Copy the files out with readable names, one folder per indicator; links go to a
        ``tautan.txt`` in that folder. Folders and files follow the dossier: indicators in
        catalog order, each item prefixed with its number in the dossier ("07 SK Walidata.pdf"),
        names shortened at a word boundary."""
        assessment = self.get_assessment(assessment_id)
        dest = Path(dest)
        if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
            raise WorkspaceError(f"{dest} sudah ada dan tidak kosong; pilih folder lain")
        attachments = self.store.attachments(assessment.id)
        missing = [a for a in attachments if a.blob_sha and not self.vault.exists(a.blob_sha)]
        if missing:
            raise WorkspaceError(
                f"{len(missing)} berkas bukti hilang dari brankas; jalankan `epss doctor`")
        written: list[Path] = []
        dest.mkdir(parents=True, exist_ok=True)
        by_code: dict[str, list[Attachment]] = {}
        for att in attachments:
            by_code.setdefault(att.indicator, []).append(att)
        digits = max(2, len(str(len(attachments))))
        number = 0
        for code in [c for c in self.catalog.codes if c in by_code]:
            items = by_code[code]
            folder = dest / _cut_words(_file_safe(f"{code} {self.catalog.indicator(code).name}"))
            folder.mkdir(exist_ok=True)
            links = []
            for att in items:
                number += 1  # the dossier numbers files and links alike, in this order
                if att.url:
                    links.append(f"{number:0{digits}d}\t{att.title}\t{att.url}")
                    continue
                ext = (att.original_name or "").rpartition(".")[2]
                stem = _cut_words(_file_safe(att.title)) or "bukti"
                if ext and not stem.lower().endswith("." + ext.lower()):
                    stem += "." + ext
                target = folder / f"{number:0{digits}d} {stem}"
                assert att.blob_sha is not None  # an attachment is a link or a file
                shutil.copyfile(self.vault.path(att.blob_sha), target)
                written.append(target)
            if links:
                (folder / "tautan.txt").write_text("\n".join(links) + "\n", encoding="utf-8")
                written.append(folder / "tautan.txt")
        return written

    # -- exchange ----------------------------------------------------------------------------

    def manifest(self, assessment_id: int, *, include_confidential: bool = False
                 ) -> dict[str, Any]:
        """The assessment's manifest: the same dict the dossier hashes and a bundle carries."""
        from epss.core.manifest import build_manifest
        from epss.services.daftar_data import manifest_section

        assessment = self.get_assessment(assessment_id)
        agency = self.store.get_agency(assessment.agency_id)
        assert agency is not None  # a foreign key guarantees it
        return build_manifest(agency, assessment, self.store.answers(assessment.id),
                              self.store.attachments(assessment.id), edition=assessment.edition,
                              include_confidential=include_confidential,
                              reported=self.store.reported_indices(assessment.id),
                              extra=manifest_section(self, assessment.id, agency.id),
                              kegiatan=self.store.kegiatan(assessment.id))

    def export_bundle(self, assessment_id: int, target: str | os.PathLike, *,
                      include_confidential: bool = False,
                      progress: Callable[[int], None] | None = None) -> ExportResult:
        """Write the assessment and its evidence as one tamper-evident zip (see exchange)."""
        from epss.services.exchange.bundle import export_bundle

        return export_bundle(self, assessment_id, Path(target),
                             include_confidential=include_confidential, progress=progress)

    def import_bundle(self, source: str | os.PathLike, *, replace: bool = False,
                      other_agency: bool = False, progress: Callable[[int], None] | None = None,
                      accept: Callable[[Agency, int, str], None] | None = None
                      ) -> ImportResult:
        """Check a bundle completely, then take it in one transaction (see exchange)."""
        from epss.services.exchange.bundle import import_bundle

        self._require_writable()  # before anything is staged in a vault we could not write

        return import_bundle(self, Path(source), replace=replace, other_agency=other_agency,
                             progress=progress, accept=accept)

    def export_xlsx(self, assessment_id: int, target: str | os.PathLike, *,
                    include_confidential: bool = False) -> Path:
        """Write the evaluation worksheet with this assessment's answers (see exchange)."""
        from epss.services.exchange.worksheet_import import export_worksheet

        return export_worksheet(self, assessment_id, Path(target),
                                include_confidential=include_confidential)

    def import_xlsx(self, source: str | os.PathLike, year: int, kind: str = "mandiri", *,
                    skip_bad_rows: bool = False, dry_run: bool = False,
                    clear_blank: bool = False, create: bool = False) -> WorksheetImport:
        """Take levels, explanations and links from a filled-in worksheet (see exchange).

        Clearing a saved level or explanation from an empty cell (``clear_blank``) and making
        an assessment that does not exist (``create``) must be asked for: a sheet should not
        lose answers or start a new year by accident.
        """
        from epss.services.exchange.worksheet_import import import_worksheet

        return import_worksheet(self, Path(source), check_year(year), check_kind(kind),
                                skip_bad_rows=skip_bad_rows, dry_run=dry_run,
                                clear_blank=clear_blank, create=create)

    @functools.cached_property
    def sampling(self) -> Sampling:
        """Kegiatan terpilih, evidence marks and the assessor's rules (services/sampling.py)."""
        from epss.services.sampling import Sampling

        return Sampling(self)

    @functools.cached_property
    def coordination(self) -> Coordination:
        """OPD assignments, progress, request sheets and proposals (services/coordination.py)."""
        from epss.services.coordination import Coordination

        return Coordination(self)

    @functools.cached_property
    def rounds(self) -> Rounds:
        """Assessor rounds of a badan assessment and the repair window (services/rounds.py)."""
        from epss.services.rounds import Rounds

        return Rounds(self)

    @functools.cached_property
    def committee(self) -> Committee:
        """The award committee's actions on this workspace (see epss/services/committee.py);
        made once, it holds nothing but this workspace."""
        from epss.services.committee import Committee

        return Committee(self)

    # -- the official worksheet's wording -------------------------------------------------

    @property
    def base_catalog(self) -> Catalog:
        """The packaged catalog in our own words, whatever wording is imported."""
        return load_catalog()

    def criteria_source(self) -> dict[str, Any] | None:
        """Where the shown wording comes from: {"source", "imported_by", "imported_at",
        "count"}, or None when the catalog's own words are shown."""
        rows = self.store.criteria_wording()
        if not rows:
            return None
        first = rows[0]
        return {"source": first["source"], "imported_by": first["imported_by"],
                "imported_at": first["imported_at"], "count": len(rows)}

    def import_criteria(self, source: str | os.PathLike) -> CriteriaRead:
        """Take the indicator names and level criteria of an official worksheet (LKE) as the
        wording shown everywhere; refused whole when any row is malformed. Returns the
        reader's report (missing, extra and renamed codes)."""
        import hashlib

        from epss.services.exchange.worksheet import WorksheetError, read_criteria

        path = Path(source)
        try:
            report = read_criteria(path, self.base_catalog)
        except WorksheetError as exc:
            raise WorkspaceError(str(exc)) from None
        if report.problems:
            lines = "; ".join(str(p) for p in report.problems[:5])
            more = f" (dan {len(report.problems) - 5} lagi)" if len(report.problems) > 5 else ""
            raise WorkspaceError(f"kriteria tidak diimpor, ada baris bermasalah: {lines}{more}")
        if not report.wording:
            raise WorkspaceError(f"{path.name}: tidak ada indikator yang dikenal di lembar kerja")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        base = self.base_catalog
        rows: list[dict[str, Any]] = [
            {"indicator": w.code, "name": w.name,  # no description there: keep ours
             "description": w.description or base.indicator(w.code).description,
             "levels": [w.levels[n] for n in range(1, 6)]}
            for w in report.wording.values()]
        try:
            candidate = base.with_wording({r["indicator"]: r for r in rows})
        except ValidationError as exc:
            raise WorkspaceError(f"{path.name}: teks kriteria tidak bisa dipakai: "
                                 f"{validation_message(exc)}") from None
        with self.store.transaction():
            self.store.replace_criteria_wording(rows, path.name, self.actor)
            self.store.append_event(self.actor, "import_criteria", "catalog",
                                    self.catalog.edition.id, {
                                        "source": path.name, "sha256": digest,
                                        "indicators": len(rows), "missing": report.missing,
                                        "extra": report.extra,
                                        "renamed": [list(r) for r in report.renamed]})
        self.catalog = candidate
        return report

    def clear_criteria(self) -> int:
        """Go back to the catalog's own wording; returns how many indicators were reworded."""
        count = len(self.store.criteria_wording())
        if count:
            with self.store.transaction():
                self.store.replace_criteria_wording([], "", self.actor)
                self.store.append_event(self.actor, "clear_criteria", "catalog",
                                        self.catalog.edition.id, {"indicators": count})
        self.catalog = self.base_catalog
        return count

    # -- integrity ---------------------------------------------------------------------------

    def doctor(self) -> list[str]:
        """Every integrity problem found, as readable lines; empty when all is well."""
        problems: list[str] = []
        for label, check in (("database", self.store.integrity_check),
                             ("log audit", self.store.verify_chain),
                             ("bukti dukung", self.verify_evidence)):
            try:
                problems += [f"{label}: {p}" for p in check()]
            except DatabaseCorrupt:  # damage that stops the check itself is its finding
                problems.append(f"{label}: tidak bisa diperiksa karena database rusak")
        if any(p.startswith("database: ") for p in problems):
            problems.append("saran: pulihkan epss.db dari cadangan; berkas bukti di evidence/ "
                            "tetap utuh dan bisa diperiksa dengan `epss evidence verify`")
        return problems

    @classmethod
    def diagnose(cls, root: str | os.PathLike) -> list[str]:
        """``doctor`` for a workspace that may not even open: a damaged database is looked at
        read-only (never written, not even a journal) and is itself the finding."""
        root = Path(root).expanduser()
        if not (root / DB_NAME).is_file():
            raise WorkspaceError(f"belum ada workspace di {root}")
        damage = Store.damage_report(root / DB_NAME)
        if not damage:
            with cls.open(root) as ws:
                return ws.doctor()
        from evidence import Vault

        problems = [f"database: rusak — {line}" for line in damage]
        # The vault needs no database to check that every stored file still has its hash.
        report = Vault(root / EVIDENCE_DIR).verify()
        problems += [f"bukti dukung: berkas {sha[:12]}… rusak" for sha in report.corrupt]
        intact = "utuh" if report.ok else "lainnya utuh"
        return [*problems, f"saran: pulihkan epss.db dari cadangan; {report.checked} berkas "
                           f"bukti di evidence/ sudah diperiksa, {intact}"]


def _worded_catalog(store: Store) -> Catalog:
    """The packaged catalog, in the official worksheet's words when those were imported."""
    rows = store.criteria_wording()
    catalog = load_catalog()
    if not rows:
        return catalog
    try:
        return catalog.with_wording({r["indicator"]: r for r in rows
                                     if catalog.has_indicator(r["indicator"])})
    except (ValueError, KeyError):  # a wording stored by another edition: show ours
        return catalog


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def _cut_words(name: str, limit: int = 80) -> str:
    """``name`` shortened to at most ``limit`` characters at a word boundary (a single word
    longer than that is cut, there is no boundary to cut at)."""
    if len(name) <= limit:
        return name
    head = name[:limit + 1].rsplit(" ", 1)[0].rstrip(" .-_,")
    return head if head and len(head) <= limit else name[:limit]


def _file_safe(name: str) -> str:
    return _UNSAFE.sub("_", name).strip(" .")
