"""The assessment as BPS samples it: the sampled kegiatan statistik and their OPD, what each
attachment is (kind of document, year, signature, in the assessor's package or internal, which
kegiatan it proves), and the assessor's sufficiency rules a workspace has turned off.

Since 2023 a pemda is assessed on (usually two) sampled kegiatan owned by two OPD; samples rotate
each year, so kegiatan are never carried over to a new assessment and an attachment carried over
loses its kegiatan.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from epss.core import sufficiency
from epss.core.catalog import ReviewRule
from epss.core.errors import WorkspaceError
from epss.core.model import KEGIATAN_KINDS, Attachment, Kegiatan, clean_text
from epss.core.review import Finding
from epss.core.validate import is_row_id

if TYPE_CHECKING:
    from epss.services.workspace import Workspace

MAX_NAME = 200
CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-/]{0,39}$")  # Romantik, e.g. K-24.6104.005
RULES_OFF = "review_rules_off"  # setting key: the rule ids a workspace turned off (JSON list)
EARLIEST_DOC_YEAR = 1945
UNSET: object = object()


@dataclass(frozen=True, slots=True)
class RemovalEffects:
    """A kegiatan and what its removal touches: evidence that stops naming it (by id) and the
    OPD assignments of its share that go ("indicator → OPD")."""

    kegiatan: Kegiatan
    attachments: tuple[int, ...]
    assignments: tuple[str, ...]

    def describe(self) -> str:
        parts = []
        if self.attachments:
            ids = ", ".join(f"#{n}" for n in self.attachments)
            parts.append(f"{len(self.attachments)} bukti ({ids}) menjadi bukti umum/walidata")
        if self.assignments:
            parts.append(f"penugasan dihapus: {'; '.join(self.assignments)}")
        return "; ".join(parts) or "tidak ada bukti atau penugasan yang menyebutnya"


@dataclass(frozen=True, slots=True)
class RuleState:
    rule: ReviewRule
    enabled: bool


def _text(value: str, what: str) -> str:
    text = " ".join(clean_text(value).split())
    if not text:
        raise WorkspaceError(f"{what} tidak boleh kosong")
    if len(text) > MAX_NAME:
        raise WorkspaceError(f"{what} terlalu panjang ({len(text)} karakter; paling banyak "
                             f"{MAX_NAME})")
    return text


class Sampling:
    """Kegiatan terpilih, evidence marks and rule switches of one workspace."""

    def __init__(self, ws: Workspace):
        self.ws = ws

    # -- kegiatan ----------------------------------------------------------------------------

    def kegiatan(self, assessment_id: int) -> list[Kegiatan]:
        self.ws.get_assessment(assessment_id)
        return self.ws.store.kegiatan(assessment_id)

    def add_kegiatan(self, assessment_id: int, *, opd: str, name: str, code: str = "",
                     kind: str = "survei") -> Kegiatan:
        opd, name = _text(opd, "nama OPD"), _text(name, "nama kegiatan")
        code = code.strip()
        if code and not CODE.match(code):
            raise WorkspaceError(f"kode kegiatan {code!r} tidak valid: huruf, angka, titik dan "
                                 "tanda hubung, mis. K-24.6104.005")
        if kind not in KEGIATAN_KINDS:
            raise WorkspaceError(f"jenis kegiatan {kind!r} tidak dikenal; pilih: "
                                 f"{', '.join(KEGIATAN_KINDS)}")
        self.ws.require_editable(assessment_id)
        with self.ws.store.transaction():
            for k in self.ws.store.kegiatan(assessment_id):
                if k.opd.casefold() == opd.casefold() and k.name.casefold() == name.casefold():
                    raise WorkspaceError(f"kegiatan {k.label} sudah terdaftar (#{k.id})")
            new_id = self.ws.store.insert_kegiatan(assessment_id, opd, name, code, kind)
            self.ws.store.append_event(self.ws.actor, "create", "kegiatan", new_id, {
                "assessment": assessment_id, "opd": opd, "name": name, "code": code,
                "kind": kind})
        found = self.ws.store.get_kegiatan(new_id)
        assert found is not None
        return found

    def _kegiatan(self, kegiatan_id: int) -> Kegiatan:
        found = self.ws.store.get_kegiatan(kegiatan_id) if is_row_id(kegiatan_id) else None
        if found is None:
            raise WorkspaceError(f"kegiatan #{kegiatan_id} tidak ada")
        return found

    def samples_by_year(self, years: Iterable[int], kind: str = "mandiri") -> dict[str, list[str]]:
        """The sampled kegiatan of each year compared ("OPD — kegiatan"; empty when none were
        recorded): samples rotate, so a change in an indicator may come from a different OPD
        rather than a better process."""
        found: dict[str, list[str]] = {}
        for year in years:
            assessment = next((a for a in self.ws.assessments()
                               if a.year == year and a.kind == kind), None)
            found[str(year)] = ([k.label for k in self.kegiatan(assessment.id)]
                                if assessment else [])
        return found

    def kegiatan_label(self, kegiatan_id: int | None) -> str:
        """What an attachment proves: its kegiatan, or umum/walidata."""
        found = self.ws.store.get_kegiatan(kegiatan_id) if kegiatan_id is not None else None
        return found.label if found else "umum/walidata"

    def describe_marks(self, att: Attachment, *, short: bool = False) -> str:
        """What an attachment is, in one line: "SK, 2024, bertanda tangan, paket TPB, Dinas
        Kesehatan — Survei Gizi". ``short`` leaves out what has not been said yet (for the
        TUI's evidence list); empty when nothing has."""
        kind = self.ws.catalog.edition.evidence_kind(att.doc_kind) if att.doc_kind else None
        kegiatan = self.kegiatan_label(att.kegiatan_id)
        if short:
            parts = [kind.name if kind else "", str(att.doc_year) if att.doc_year else "",
                     "ttd" if att.signed else "", "" if att.for_tpb else "internal",
                     kegiatan if att.kegiatan_id else ""]
            return ", ".join(p for p in parts if p)
        return ", ".join([
            kind.name if kind else "jenis belum diisi",
            str(att.doc_year) if att.doc_year else "tahun belum diisi",
            "bertanda tangan" if att.signed else "belum bertanda tangan",
            "paket TPB" if att.for_tpb else "internal",
            kegiatan,
        ])

    def removal_effects(self, kegiatan_id: int) -> RemovalEffects:
        """What removing a kegiatan touches, to name in the confirmation before it happens."""
        found = self._kegiatan(kegiatan_id)
        store = self.ws.store
        return RemovalEffects(
            found,
            tuple(a.id for a in store.attachments(found.assessment_id)
                  if a.kegiatan_id == kegiatan_id),
            tuple(f"{a['indicator']} → {a['opd']}" for a in store.assignments(found.assessment_id)
                  if a["kegiatan_id"] == kegiatan_id))

    def remove_kegiatan(self, kegiatan_id: int) -> RemovalEffects:
        """Remove a kegiatan: its evidence stays (no longer naming it), the OPD assignments of
        its share go with it; the event names both, so the audit log can say what changed."""
        self.ws.require_editable(self._kegiatan(kegiatan_id).assessment_id)
        with self.ws.store.transaction():  # what it touches, read where it is changed
            effects = self.removal_effects(kegiatan_id)
            found = effects.kegiatan
            self.ws.store.delete_kegiatan(kegiatan_id)
            self.ws.store.append_event(
                self.ws.actor, "delete", "kegiatan", kegiatan_id,
                {**found.model_dump(), "detached_attachments": list(effects.attachments),
                 "dropped_assignments": list(effects.assignments)})
        return effects

    # -- what an attachment is ---------------------------------------------------------------

    def mark_evidence(self, attachment_id: int, *, doc_kind: object = UNSET,
                      doc_year: object = UNSET, signed: bool | None = None,
                      for_tpb: bool | None = None, kegiatan_id: object = UNSET) -> Attachment:
        """Say what an attachment is. ``None`` for kind, year or kegiatan clears it."""
        att = self.ws.store.get_attachment(attachment_id) if is_row_id(attachment_id) else None
        if att is None:
            raise WorkspaceError(f"bukti dukung #{attachment_id} tidak ada")
        assessment = self.ws.get_assessment(att.assessment_id)
        changes: dict[str, object] = {}
        if doc_kind is not UNSET:
            edition = self.ws.catalog.edition
            if doc_kind is not None and edition.evidence_kind(str(doc_kind)) is None:
                keys = ", ".join(k.key for k in edition.evidence_kinds)
                raise WorkspaceError(f"jenis dokumen {doc_kind!r} tidak dikenal; pilih: {keys}")
            changes["doc_kind"] = doc_kind
        if doc_year is not UNSET:
            if doc_year is not None:
                if not isinstance(doc_year, int) or isinstance(doc_year, bool):
                    raise WorkspaceError(f"tahun dokumen harus bilangan bulat, bukan {doc_year!r}")
                if not EARLIEST_DOC_YEAR <= doc_year <= assessment.year + 1:
                    raise WorkspaceError(f"tahun dokumen {doc_year} di luar "
                                         f"{EARLIEST_DOC_YEAR}-{assessment.year + 1}")
            changes["doc_year"] = doc_year
        if signed is not None:
            changes["signed"] = int(signed)
        if for_tpb is not None:
            changes["for_tpb"] = int(for_tpb)
        if kegiatan_id is not UNSET:
            if kegiatan_id is not None:
                found = (self.ws.store.get_kegiatan(kegiatan_id)
                         if is_row_id(kegiatan_id) else None)
                if found is None or found.assessment_id != att.assessment_id:
                    raise WorkspaceError(f"kegiatan #{kegiatan_id} bukan kegiatan terpilih "
                                         f"{assessment.label}")
            changes["kegiatan_id"] = kegiatan_id
        if not changes:
            raise WorkspaceError("tidak ada yang diubah: sebutkan jenis, tahun, tanda tangan, "
                                 "paket TPB atau kegiatan")
        self.ws.require_editable(att.assessment_id)
        with self.ws.store.transaction():
            self.ws.store.update_attachment(attachment_id, **changes)
            self.ws.store.append_event(self.ws.actor, "mark", "attachment", attachment_id,
                                       {k: v for k, v in changes.items()})
        updated = self.ws.store.get_attachment(attachment_id)
        assert updated is not None
        return updated

    # -- the assessor's rules ----------------------------------------------------------------

    def disabled_rules(self) -> set[str]:
        raw = self.ws.store.get_setting(RULES_OFF, "[]")
        try:
            ids = json.loads(raw) if isinstance(raw, str) else list(raw)
        except ValueError:
            ids = []
        return {str(i) for i in ids}

    def rules(self) -> list[RuleState]:
        off = self.disabled_rules()
        return [RuleState(r, r.id not in off) for r in self.ws.catalog.edition.review_rules]

    def set_rule(self, rule_id: str, enabled: bool) -> RuleState:
        rule = next((r for r in self.ws.catalog.edition.review_rules if r.id == rule_id), None)
        if rule is None:
            ids = ", ".join(r.id for r in self.ws.catalog.edition.review_rules)
            raise WorkspaceError(f"aturan {rule_id!r} tidak dikenal; ada: {ids}")
        self.ws.require_workspace_writable()
        with self.ws.store.transaction():
            off = self.disabled_rules()
            before = rule_id not in off
            (off.discard if enabled else off.add)(rule_id)
            self.ws.store.set_setting(RULES_OFF, json.dumps(sorted(off)))
            self.ws.store.append_event(self.ws.actor, "setting", "workspace", RULES_OFF,
                                       {"rule": rule_id, "before": before, "after": enabled})
        return RuleState(rule, enabled)

    def findings(self, assessment_id: int) -> list[Finding]:
        """The sufficiency findings of one assessment (see epss.core.sufficiency)."""
        assessment = self.ws.get_assessment(assessment_id)
        earlier = [a for a in self.ws.assessments()
                   if a.kind == assessment.kind and a.year < assessment.year]
        last = max(earlier, key=lambda a: a.year) if earlier else None
        previous = self.ws.store.answers(last.id) if last else None
        age = self.ws.store.get_setting("review_evidence_age_years")  # unset: the rule's own
        situation = sufficiency.Situation(
            year=assessment.year,
            answers=self.ws.store.answers(assessment_id),
            attachments=self.ws.store.attachments(assessment_id),
            kegiatan=self.ws.store.kegiatan(assessment_id),
            previous=previous,
            previous_year=last.year if last else None,
            comments=self.ws.store.comments(assessment_id),
            max_age_years=None if age is None else int(age),
        )
        return sufficiency.findings(self.ws.catalog, situation, self.disabled_rules())
