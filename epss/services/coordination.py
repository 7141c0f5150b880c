"""OPD coordination (issue 18): who answers each indicator (or a sampled kegiatan's share of
it) by when, each OPD's progress, the request sheet an OPD fills in, and the proposals its sheet
brought back, which the walidata accepts (through ``Workspace.set_answer``) or rejects.

Every write is one transaction with its audit event; a read-only workspace or a final assessment
refuses them (``require_editable``). The computation is epss.core.progress.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from epss.core import progress as core
from epss.core.catalog import LEVELS
from epss.core.errors import WorkspaceError
from epss.core.model import clean_text

if TYPE_CHECKING:
    from epss.core.model import Answer, Attachment
    from epss.services.exchange.worksheet import RequestRow
    from epss.services.workspace import Workspace

MAX_NAME = 200
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DUE_MIN, DUE_MAX = 2000, 2100


@dataclass(frozen=True, slots=True)
class Proposal:
    """What an OPD's sheet proposed for one indicator, beside what is saved."""

    indicator: str
    level: int | None
    explanation: str
    source: str
    created_at: str
    saved_level: int | None
    saved_explanation: str

    @property
    def level_changed(self) -> bool:
        return self.level != self.saved_level

    @property
    def explanation_changed(self) -> bool:
        return self.explanation != self.saved_explanation


def parse_date(text: str, what: str = "tanggal") -> date:
    """A YYYY-MM-DD date, or a one-line Indonesian refusal."""
    value = text.strip()
    try:
        if not ISO_DATE.match(value):
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        raise WorkspaceError(f"{what} {text!r} tidak valid: tulis TTTT-BB-HH, "
                             "mis. 2026-06-30") from None
    if not DUE_MIN <= day.year <= DUE_MAX:
        raise WorkspaceError(f"{what} {value} di luar tahun {DUE_MIN}-{DUE_MAX}")
    return day


def _name(value: str, what: str, *, required: bool = True) -> str:
    text = " ".join(clean_text(value).split())
    if required and not text:
        raise WorkspaceError(f"{what} tidak boleh kosong")
    if len(text) > MAX_NAME:
        raise WorkspaceError(f"{what} terlalu panjang ({len(text)} karakter; paling banyak "
                             f"{MAX_NAME})")
    return text


class Coordination:
    """Assignments, progress, request sheets and proposals of one workspace."""

    def __init__(self, ws: Workspace):
        self.ws = ws

    # -- assignments -------------------------------------------------------------------------

    def assignments(self, assessment_id: int) -> list[core.Assignment]:
        self.ws.get_assessment(assessment_id)
        return [core.Assignment(
            indicator=r["indicator"], kegiatan_id=r["kegiatan_id"], opd=r["opd"], pic=r["pic"],
            due=date.fromisoformat(r["due"]) if r["due"] else None,
            updated_by=r["updated_by"], updated_at=r["updated_at"])
            for r in self.ws.store.assignments(assessment_id)]

    def assign(self, assessment_id: int, code: str, *, opd: str, pic: str = "",
               due: date | str | None = None, kegiatan_id: int | None = None
               ) -> core.Assignment:
        """Give an indicator (or a sampled kegiatan's share of it) to an OPD; replaces an
        earlier assignment of the same share (logged with what it replaced)."""
        self._check_code(code)
        opd, pic = _name(opd, "nama OPD"), _name(pic, "nama PIC", required=False)
        day = parse_date(due, "tenggat") if isinstance(due, str) else due
        assessment = self.ws.get_assessment(assessment_id)
        if kegiatan_id is not None:
            self._check_share(assessment_id, assessment.label, code, kegiatan_id)
        self.ws.require_editable(assessment_id)
        with self.ws.store.transaction():
            before = self._find(assessment_id, code, kegiatan_id)
            self.ws.store.put_assignment(assessment_id, code, kegiatan_id, opd, pic,
                                         day.isoformat() if day else None, self.ws.actor)
            self.ws.store.append_event(self.ws.actor, "assign", "assessment", assessment_id, {
                "indicator": code, "kegiatan": kegiatan_id,
                "before": _event_value(before),
                "after": {"opd": opd, "pic": pic, "due": day.isoformat() if day else None}})
        found = self._find(assessment_id, code, kegiatan_id)
        assert found is not None
        return found

    def clear(self, assessment_id: int, code: str, kegiatan_id: int | None = None
              ) -> list[core.Assignment]:
        """Remove the assignment of a kegiatan's share, or without a kegiatan every assignment
        of the indicator; refused when there is none (logged)."""
        self._check_code(code)
        self.ws.get_assessment(assessment_id)
        current = [a for a in self.assignments(assessment_id) if a.indicator == code
                   and (kegiatan_id is None or a.kegiatan_id == kegiatan_id)]
        if not current:
            share = f" untuk kegiatan #{kegiatan_id}" if kegiatan_id is not None else ""
            raise WorkspaceError(f"indikator {code}{share} belum ditugaskan ke OPD mana pun")
        self.ws.require_editable(assessment_id)
        with self.ws.store.transaction():
            for a in current:
                self.ws.store.delete_assignment(assessment_id, code, a.kegiatan_id)
            self.ws.store.append_event(self.ws.actor, "unassign", "assessment", assessment_id, {
                "indicator": code, "removed": [
                    {"kegiatan": a.kegiatan_id, **(_event_value(a) or {})} for a in current]})
        return current

    def _find(self, assessment_id: int, code: str, kegiatan_id: int | None
              ) -> core.Assignment | None:
        return next((a for a in self.assignments(assessment_id)
                     if a.indicator == code and a.kegiatan_id == kegiatan_id), None)

    def _check_code(self, code: str) -> None:
        if not self.ws.catalog.has_indicator(code):
            raise WorkspaceError(f"kode indikator {code!r} tidak dikenal (lihat `epss catalog`)")

    def _check_share(self, assessment_id: int, label: str, code: str, kegiatan_id: int) -> None:
        found = self.ws.store.get_kegiatan(kegiatan_id)
        if found is None or found.assessment_id != assessment_id:
            raise WorkspaceError(f"kegiatan #{kegiatan_id} bukan kegiatan terpilih {label} "
                                 "(lihat `epss kegiatan list`)")
        if self.ws.catalog.indicator(code).general:
            raise WorkspaceError(f"indikator {code} adalah indikator umum: tidak dibagi per "
                                 "kegiatan; tugaskan tanpa --kegiatan")

    def opds(self, assessment_id: int) -> list[str]:
        names: dict[str, str] = {}
        for a in self.assignments(assessment_id):
            names.setdefault(a.opd.casefold(), a.opd)
        return sorted(names.values(), key=str.casefold)

    def kegiatan_shares(self, assessment_id: int, opd: str) -> dict[str, list[int]]:
        """indicator -> the kegiatan whose share of it the OPD holds."""
        shares: dict[str, list[int]] = {}
        for a in self.assignments(assessment_id):
            if a.opd.casefold() == opd.casefold() and a.kegiatan_id is not None:
                shares.setdefault(a.indicator, []).append(a.kegiatan_id)
        return shares

    # -- progress ----------------------------------------------------------------------------

    def progress(self, assessment_id: int, today: date | None = None) -> list[core.OpdProgress]:
        """Per OPD: assigned, answered, evidenced, findings, overdue and the zone."""
        answers = self.ws.answers(assessment_id)
        return core.progress(
            self.assignments(assessment_id),
            {code: a.level for code, a in answers.items()},
            [(att.indicator, att.kegiatan_id) for att in self.ws.evidence(assessment_id)],
            [f.code for f in self.ws.findings(assessment_id)],
            today or date.today())

    # -- the request sheet -------------------------------------------------------------------

    def opd_name(self, assessment_id: int, opd: str) -> str:
        wanted = _name(opd, "nama OPD")
        for name in self.opds(assessment_id):
            if name.casefold() == wanted.casefold():
                return name
        known = ", ".join(self.opds(assessment_id)) or "belum ada; tugaskan dengan `epss assign`"
        raise WorkspaceError(f"OPD {wanted!r} tidak punya indikator yang ditugaskan pada "
                             f"penilaian ini (OPD: {known})")

    def request_file_name(self, assessment_id: int, opd: str) -> str:
        """permintaan-<opd>-<year>.xlsx, the OPD's name made safe for any file system."""
        slug = re.sub(r"[^a-z0-9]+", "-", opd.casefold()).strip("-")[:60] or "opd"
        return f"permintaan-{slug}-{self.ws.get_assessment(assessment_id).year}.xlsx"

    def export_request(self, assessment_id: int, opd: str, target: str | Path) -> Path:
        """Write the request sheet of one OPD: only its indicators, with the evidence it must
        send (criterion of the saved and the next level, expected evidence, its kegiatan)."""
        from epss.fileio import OutputError
        from epss.services.exchange.worksheet import WorksheetError, write_request_sheet

        name = self.opd_name(assessment_id, opd)
        assessment = self.ws.get_assessment(assessment_id)
        answers = self.ws.answers(assessment_id)
        mine = [a for a in self.assignments(assessment_id) if a.opd.casefold() == name.casefold()]
        rows = [self._request_row(code, [a for a in mine if a.indicator == code],
                                  answers.get(code))
                for code in core.opd_codes(mine, name)]
        evidence = self._request_evidence(assessment_id, mine)
        try:
            write_request_sheet(Path(target), self.ws.catalog, agency=self.ws.agency,
                                assessment=assessment, opd=name, rows=rows, answers=answers,
                                evidence=evidence)
        except (WorksheetError, OutputError) as exc:
            raise WorkspaceError(str(exc)) from None
        return Path(target)

    def _request_row(self, code: str, shares: list[core.Assignment], answer: Answer | None
                     ) -> RequestRow:
        from epss.services.exchange.worksheet import RequestRow

        ind = self.ws.catalog.indicator(code)
        level = answer.level if answer else None
        nxt = (level or 0) + 1 if (level or 0) < max(LEVELS) else None
        kegiatan = "; ".join(self.ws.sampling.kegiatan_label(a.kegiatan_id) for a in shares
                             if a.kegiatan_id is not None)
        if not kegiatan:
            kegiatan = "umum/walidata" if ind.general else "semua kegiatan terpilih"
        expected = [f"Tingkat {n}: {ind.evidence[n]}" for n in (level, nxt) if n]
        dues = sorted(a.due for a in shares if a.due)
        return RequestRow(
            code=code, kegiatan=kegiatan,
            pic="; ".join(sorted({a.pic for a in shares if a.pic})),
            due=dues[0].isoformat() if dues else "",
            current=f"Tingkat {level}: {ind.levels[level]}" if level else "",
            next=f"Tingkat {nxt}: {ind.levels[nxt]}" if nxt else "",
            expected="\n".join(expected))

    def _request_evidence(self, assessment_id: int, mine: list[core.Assignment]
                          ) -> dict[str, list[Attachment]]:
        """The evidence each row lists: not confidential, and for a kegiatan's share only the
        evidence of that kegiatan or of umum/walidata."""
        shares: dict[str, set[int | None]] = {}
        whole: set[str] = set()
        for a in mine:
            if a.kegiatan_id is None:
                whole.add(a.indicator)
            else:
                shares.setdefault(a.indicator, {None}).add(a.kegiatan_id)
        out: dict[str, list[Attachment]] = {}
        for att in self.ws.evidence(assessment_id):
            if att.confidential:
                continue
            if att.indicator in whole or att.kegiatan_id in shares.get(att.indicator, ()):
                out.setdefault(att.indicator, []).append(att)
        return out

    # -- proposals ---------------------------------------------------------------------------

    def proposals(self, assessment_id: int) -> list[Proposal]:
        answers = self.ws.answers(assessment_id)
        out = []
        for r in self.ws.store.proposals(assessment_id):
            saved = answers.get(r["indicator"])
            out.append(Proposal(r["indicator"], r["level"], r["explanation"], r["source"],
                                r["created_at"], saved.level if saved else None,
                                saved.explanation if saved else ""))
        return out

    def proposal(self, assessment_id: int, code: str) -> Proposal:
        self._check_code(code)
        found = next((p for p in self.proposals(assessment_id) if p.indicator == code), None)
        if found is None:
            raise WorkspaceError(f"tidak ada usulan untuk indikator {code}")
        return found

    def accept(self, assessment_id: int, code: str) -> Answer:
        """Apply a proposal through ``Workspace.set_answer`` and drop it, in one transaction."""
        found = self.proposal(assessment_id, code)
        self.ws.require_editable(assessment_id)
        with self.ws.store.transaction():
            changes: dict[str, object] = {"explanation": found.explanation}
            if found.level is not None:
                changes["level"] = found.level
            answer = self.ws.set_answer(assessment_id, code, **changes)  # nested, logged
            self.ws.store.delete_proposal(assessment_id, code)
            self.ws.store.append_event(self.ws.actor, "accept_proposal", "assessment",
                                       assessment_id, _proposal_event(found))
        return answer

    def reject(self, assessment_id: int, code: str) -> Proposal:
        """Drop a proposal; the saved answer stays (logged with what was proposed)."""
        found = self.proposal(assessment_id, code)
        self.ws.require_editable(assessment_id)
        with self.ws.store.transaction():
            self.ws.store.delete_proposal(assessment_id, code)
            self.ws.store.append_event(self.ws.actor, "reject_proposal", "assessment",
                                       assessment_id, _proposal_event(found))
        return found


def _event_value(a: core.Assignment | None) -> dict[str, object] | None:
    if a is None:
        return None
    return {"opd": a.opd, "pic": a.pic, "due": a.due.isoformat() if a.due else None}


def _proposal_event(p: Proposal) -> dict[str, object]:
    return {"indicator": p.indicator, "source": p.source,
            "proposed": {"level": p.level, "explanation": p.explanation},
            "saved": {"level": p.saved_level, "explanation": p.saved_explanation}}
