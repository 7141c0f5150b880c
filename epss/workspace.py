"""The service layer: every action a user can take on a workspace, shared by the TUI and the CLI.

A workspace is a folder (``epss.db`` plus the evidence vault) that can be copied to a flash
drive. Each public method validates its input, writes through the store in one transaction with
its audit event, and returns plain records; messages of ``WorkspaceError`` are shown to users
as they are, so they are in Indonesian.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from epss.catalog import Catalog, load_catalog
from epss.model import (
    ASSESSMENT_KINDS,
    ASSESSMENT_STATUSES,
    YEAR_MAX,
    YEAR_MIN,
    Agency,
    AgencyInput,
    Answer,
    AnswerInput,
    Assessment,
    Comment,
    clean_text,
)
from epss.scoring import Scorecard, score
from epss.store import Store, StoreError

DB_NAME = "epss.db"


class WorkspaceError(Exception):
    """Something the user asked for cannot be done; the message says why, in Indonesian."""


def validation_message(exc: ValidationError) -> str:
    """The first pydantic error as one readable line (field: message)."""
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"])
    msg = err["msg"].removeprefix("Value error, ")
    return f"{field}: {msg}" if field else msg


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


def current_actor() -> str:
    name = os.environ.get("EPSS_USER", "").strip()
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = ""
    return name or "pengguna"


def _check_year(year: object) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise WorkspaceError(f"tahun harus bilangan bulat {YEAR_MIN}-{YEAR_MAX}, bukan {year!r}")
    return year


def _check_kind(kind: str) -> str:
    if kind not in ASSESSMENT_KINDS:
        raise WorkspaceError(
            f"jenis penilaian harus salah satu dari {', '.join(ASSESSMENT_KINDS)}, bukan {kind!r}"
        )
    return kind


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
            agency = AgencyInput(name=name, kind=kind, code=code)
        except ValidationError as exc:
            raise WorkspaceError(validation_message(exc)) from None
        if (root / DB_NAME).exists():
            raise WorkspaceError(f"sudah ada workspace di {root}")
        if root.exists() and not root.is_dir():
            raise WorkspaceError(f"{root} bukan folder")
        try:
            root.mkdir(parents=True, exist_ok=True)
            store = Store.open(root / DB_NAME, create=True)
        except (OSError, StoreError) as exc:
            raise WorkspaceError(f"workspace tidak bisa dibuat di {root}: {exc}") from None
        ws = cls(root, store, load_catalog(), actor or current_actor())
        with store.transaction():
            agency_id = store.insert_agency(agency.name, agency.kind, agency.code)
            store.set_setting("agency_id", agency_id)
            store.append_event(ws.actor, "create", "agency", agency_id, agency.model_dump())
        return ws

    @classmethod
    def open(cls, root: str | os.PathLike, *, actor: str | None = None) -> Workspace:
        root = Path(root).expanduser()
        if not (root / DB_NAME).is_file():
            raise WorkspaceError(
                f"belum ada workspace di {root} (buat dengan `epss init` atau `epss demo`)"
            )
        try:
            store = Store.open(root / DB_NAME)
        except StoreError as exc:
            raise WorkspaceError(str(exc)) from None
        return cls(root, store, load_catalog(), actor or current_actor())

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- agency ------------------------------------------------------------------------------

    @property
    def agency(self) -> Agency:
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
        _check_kind(kind)
        if year is None:
            found = [a for a in self.assessments() if a.kind == kind]
            if not found:
                raise WorkspaceError(
                    f"belum ada penilaian jenis {kind} (buat dengan `epss assessment new`)"
                )
            return found[0]
        found_one = self.store.find_assessment(self.agency.id, _check_year(year), kind)
        if found_one is None:
            raise WorkspaceError(f"belum ada penilaian {kind} tahun {year}")
        return found_one

    def get_assessment(self, assessment_id: int) -> Assessment:
        found = self.store.get_assessment(assessment_id)
        if found is None:
            raise WorkspaceError(f"penilaian #{assessment_id} tidak ada")
        return found

    def new_assessment(self, year: int, kind: str = "mandiri", *, from_year: int | None = None,
                       title: str = "") -> Assessment:
        """Create an assessment, empty or carrying over another year's answers and evidence.

        Carried-over answers are marked until someone reviews them; attachments are referenced
        (the same vault blobs), never copied.
        """
        year, kind = _check_year(year), _check_kind(kind)
        agency = self.agency
        if self.store.find_assessment(agency.id, year, kind):
            raise WorkspaceError(f"penilaian {kind} tahun {year} sudah ada")
        source = None
        if from_year is not None:
            source = self.store.find_assessment(agency.id, _check_year(from_year), kind)
            if source is None:
                source = self.store.find_assessment(agency.id, from_year, "mandiri")
            if source is None:
                raise WorkspaceError(f"tidak ada penilaian tahun {from_year} untuk disalin")
        title = clean_text(title).strip()[:200]
        with self.store.transaction():
            new_id = self.store.insert_assessment(agency.id, year, kind, self.catalog.edition.id,
                                                  title, source.year if source else None)
            copied = self._carry_over(source.id, new_id) if source else (0, 0)
            self.store.append_event(self.actor, "create", "assessment", new_id, {
                "year": year, "kind": kind, "from_year": source.year if source else None,
                "answers_copied": copied[0], "attachments_copied": copied[1],
            })
        return self.get_assessment(new_id)

    def _carry_over(self, source_id: int, target_id: int) -> tuple[int, int]:
        answers = self.store.answers(source_id)
        for code, ans in answers.items():
            if self.catalog.has_indicator(code):
                self.store.put_answer(target_id, code, ans.level, ans.explanation, True,
                                      self.actor)
        attachments = self.store.attachments(source_id)
        for att in attachments:
            self.store.insert_attachment(
                target_id, att.indicator, blob_sha=att.blob_sha, url=att.url, title=att.title,
                note=att.note, media_type=att.media_type, size=att.size,
                original_name=att.original_name, confidential=att.confidential,
                actor=att.created_by, created_at=att.created_at,
            )
        return len(answers), len(attachments)

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
        """Delete an assessment with its answers; vault files stay (other years may use them)."""
        found = self.get_assessment(assessment_id)
        answers = self.store.answers(assessment_id)
        with self.store.transaction():
            self.store.append_event(self.actor, "delete", "assessment", assessment_id, {
                "year": found.year, "kind": found.kind,
                "answers": {c: [a.level, a.explanation] for c, a in answers.items()},
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

    # -- integrity ---------------------------------------------------------------------------

    def doctor(self) -> list[str]:
        """Every integrity problem found, as readable lines; empty when all is well."""
        problems = [f"database: {p}" for p in self.store.integrity_check()]
        problems += [f"log audit: {p}" for p in self.store.verify_chain()]
        return problems
