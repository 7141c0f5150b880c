"""Assessor rounds of a BPS assessment (penilaian badan) and the repair window.

A badan assessment keeps the TPB's level and note per indicator in each round: dokumen,
interviu, pleno, harmonisasi, final. The badan assessment's own answers are the assessor's
current word: setting a round's level also sets the answer when no later round has a level for
that indicator (so the answers always hold each indicator's latest recorded round; the
explanation is never touched). A round re-scores only what it changes, so the levels "after a
round" are, per indicator, those of the latest round up to it (``standing``); the IPS of a round
is ``epss.core.scoring.score`` on those (an indicator no round has scored yet counts as the
score counts an unanswered one).

The drop list of a round: indicators whose level after that round is below the mandiri level of
the same year, with the TPB's latest note. The repair list adds what each needs (the criterion
of the mandiri level, the expected evidence, the sufficiency findings, the sampled kegiatan and
their OPD) and ``package`` writes it in the assessors' layout: one folder ``NN_<kode>_<topik>``
per dropped indicator with the mandiri attachments marked for TPB, plus ``indeks-perbaikan.xlsx``.
"""

from __future__ import annotations

import io
import re
import shutil
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epss.core.errors import WorkspaceError
from epss.core.model import clean_text

if TYPE_CHECKING:
    from epss.core.model import Assessment
    from epss.core.scoring import Scorecard
    from epss.services.workspace import Workspace

ROUNDS: dict[str, str] = {
    "dokumen": "Penilaian dokumen",
    "interviu": "Interviu",
    "pleno": "Pleno",
    "harmonisasi": "Harmonisasi",
    "final": "Final",
}
MAX_NOTE = 2000
TOPIC_LIMIT = 40
INDEX_XLSX = "indeks-perbaikan.xlsx"
INDEX_PDF = "indeks-perbaikan.pdf"
TEMPLATE = "perbaikan.html.j2"
INDEX_HEADERS = ("NN", "Kode", "Indikator", "Tingkat mandiri", "Tingkat TPB", "Catatan TPB",
                 "Kebutuhan", "OPD", "Berkas")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LEAD_WORDS = frozenset({"tingkat", "kematangan", "penerapan"})
_TAIL_WORDS = frozenset({"dan", "untuk", "terhadap", "dengan", "atau", "di", "ke", "dari",
                         "sebagai", "pada", "yang"})


def check_round(value: str) -> str:
    key = (value or "").strip().lower()
    if key not in ROUNDS:
        raise WorkspaceError(f"babak {value!r} tidak dikenal; pilih: {', '.join(ROUNDS)}")
    return key


def parse_deadline(value: str) -> date:
    text = (value or "").strip()
    if not _DATE.match(text):
        raise WorkspaceError(f"tenggat {value!r} harus berbentuk TTTT-BB-HH, mis. 2026-07-31")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise WorkspaceError(f"tanggal {text} tidak ada di kalender") from None


def topic_slug(name: str, limit: int = TOPIC_LIMIT) -> str:
    """A short file-safe slug of an indicator name, cut only between words, without the
    "Tingkat Kematangan (Penerapan)" every name starts with: "standar-data-statistik-sds"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())
    while len(words) > 1 and words[0] in _LEAD_WORDS:  # every name starts "Tingkat Kematangan"
        words = words[1:]
    kept: list[str] = []
    for word in words:
        if len("-".join([*kept, word])) > limit:
            break
        kept.append(word)
    while len(kept) > 1 and kept[-1] in _TAIL_WORDS:  # no slug ends "...-untuk"
        kept.pop()
    return "-".join(kept) or (words[0][:limit] if words else "indikator")


def _file_name(title: str, original: str | None) -> str:
    stem = re.sub(r'[\x00-\x1f\x7f<>:"/\\|?*]+', "_", title).strip(" .") or "bukti"
    if len(stem) > 80:
        stem = stem[:81].rsplit(" ", 1)[0].rstrip(" .-_,") or stem[:80]
    ext = (original or "").rpartition(".")[2] if "." in (original or "") else ""
    if ext and re.fullmatch(r"[A-Za-z0-9]{1,10}", ext) and not stem.lower().endswith(
            "." + ext.lower()):
        stem += "." + ext
    return stem


@dataclass(frozen=True, slots=True)
class RoundSummary:
    round: str
    label: str
    recorded: int     # indicators scored in this round
    standing: int     # indicators with a level after this round (this one or an earlier one)
    scorecard: Scorecard  # of the levels as they stand after this round
    deadline: str | None


@dataclass(slots=True)
class KegiatanShare:
    opd: str
    kegiatan: str
    evidence: int


@dataclass(slots=True)
class RepairItem:
    number: int
    code: str
    name: str
    mandiri_level: int
    tpb_level: int
    note: str
    criterion: str
    expected_evidence: str
    findings: list[str] = field(default_factory=list)
    kegiatan: list[KegiatanShare] = field(default_factory=list)
    files: list[str] = field(default_factory=list)   # titles of files marked for TPB
    links: list[str] = field(default_factory=list)   # URLs marked for TPB
    general: bool = False

    @property
    def folder(self) -> str:
        return f"{self.number:02d}_{self.code}_{topic_slug(self.name)}"

    @property
    def need(self) -> str:
        return (f"Tingkat {self.mandiri_level}: {self.criterion} Bukti yang diharapkan: "
                f"{self.expected_evidence}")

    @property
    def opd_text(self) -> str:
        if self.general:
            return "umum/walidata"
        return "; ".join(f"{k.opd} ({k.kegiatan}): {k.evidence} bukti"
                         for k in self.kegiatan) or "belum ada kegiatan terpilih"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "folder": self.folder, "need": self.need}


@dataclass(slots=True)
class RepairList:
    badan: Assessment
    mandiri: Assessment
    round: str
    deadline: str | None
    items: list[RepairItem]

    def as_dict(self) -> dict[str, Any]:
        return {"year": self.badan.year, "round": self.round, "round_label": ROUNDS[self.round],
                "deadline": self.deadline, "items": [i.as_dict() for i in self.items]}


class Rounds:
    """The rounds of the badan assessments of one workspace."""

    def __init__(self, ws: Workspace):
        self.ws = ws

    def _badan(self, assessment_id: int) -> Assessment:
        assessment = self.ws.get_assessment(assessment_id)
        if assessment.kind != "badan":
            raise WorkspaceError("babak penilaian hanya untuk penilaian badan (hasil BPS), bukan "
                                 f"penilaian {assessment.kind}")
        return assessment

    # -- levels per round --------------------------------------------------------------------

    def levels(self, assessment_id: int) -> dict[str, dict[str, dict[str, Any]]]:
        """round -> indicator -> {level, note, updated_by, updated_at}."""
        self._badan(assessment_id)
        out: dict[str, dict[str, dict[str, Any]]] = {}
        for row in self.ws.store.round_levels(assessment_id):
            out.setdefault(row["round"], {})[row["indicator"]] = row
        return out

    def set_level(self, assessment_id: int, round_key: str, code: str, level: int,
                  note: str | None = None) -> dict[str, Any]:
        """Record the TPB's level (and note) for one indicator in one round; the answer follows
        when this is the indicator's latest recorded round. ``note`` None keeps the note."""
        round_key = check_round(round_key)
        if not self.ws.catalog.has_indicator(code):
            raise WorkspaceError(f"kode indikator {code!r} tidak dikenal (lihat `epss catalog`)")
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
            raise WorkspaceError(f"tingkat harus 1 sampai 5, bukan {level!r}")
        if note is not None:
            note = clean_text(note).strip()
            if len(note) > MAX_NOTE:
                raise WorkspaceError(f"catatan terlalu panjang ({len(note)} karakter; paling "
                                     f"banyak {MAX_NOTE})")
        self._badan(assessment_id)
        self.ws.require_editable(assessment_id)
        order = list(ROUNDS)
        with self.ws.store.transaction():
            rows = self.levels(assessment_id)
            before = rows.get(round_key, {}).get(code)
            kept_note = note if note is not None else (before["note"] if before else "")
            if before and (before["level"], before["note"]) == (level, kept_note):
                return before
            self.ws.store.put_round_level(assessment_id, round_key, code, level, kept_note,
                                          self.ws.actor)
            later = [r for r in order[order.index(round_key) + 1:] if code in rows.get(r, {})]
            answer_changed = False
            if not later:
                answer = self.ws.store.get_answer(assessment_id, code)
                if answer is None or answer.level != level:
                    self.ws.store.put_answer(assessment_id, code, level,
                                             answer.explanation if answer else "", False,
                                             self.ws.actor)
                    answer_changed = True
            self.ws.store.touch_assessment(assessment_id)
            self.ws.store.append_event(self.ws.actor, "round", "assessment", assessment_id, {
                "round": round_key, "indicator": code,
                "before": {"level": before["level"], "note": before["note"]} if before else None,
                "after": {"level": level, "note": kept_note}, "answer_changed": answer_changed})
        return self.levels(assessment_id)[round_key][code]

    def summaries(self, assessment_id: int) -> list[RoundSummary]:
        """Each recorded round (or one with a deadline), in round order, with its IPS."""
        from epss.core.scoring import score

        levels = self.levels(assessment_id)
        deadlines = self.ws.store.round_deadlines(assessment_id)
        out = []
        for r in ROUNDS:
            if r in levels or r in deadlines:
                standing = self.standing(assessment_id, r, levels)
                out.append(RoundSummary(r, ROUNDS[r], len(levels.get(r, {})), len(standing),
                                        score(self.ws.catalog, standing), deadlines.get(r)))
        return out

    def standing(self, assessment_id: int, round_key: str,
                 levels: dict[str, dict[str, dict[str, Any]]] | None = None) -> dict[str, int]:
        """The levels as they stand after ``round_key``: per indicator, the level of the latest
        round up to and including it (a round re-scores only what it changes)."""
        round_key = check_round(round_key)
        levels = self.levels(assessment_id) if levels is None else levels
        order = list(ROUNDS)
        out: dict[str, int] = {}
        for r in order[:order.index(round_key) + 1]:
            out.update({c: row["level"] for c, row in levels.get(r, {}).items()})
        return out

    def latest_round(self, assessment_id: int) -> str | None:
        levels = self.levels(assessment_id)
        found = [r for r in ROUNDS if r in levels]
        return found[-1] if found else None

    # -- the repair window -------------------------------------------------------------------

    def set_deadline(self, assessment_id: int, round_key: str, deadline: str) -> str:
        round_key = check_round(round_key)
        day = parse_deadline(deadline).isoformat()
        self._badan(assessment_id)
        self.ws.require_editable(assessment_id)
        with self.ws.store.transaction():
            before = self.ws.store.round_deadlines(assessment_id).get(round_key)
            if before != day:
                self.ws.store.put_round_deadline(assessment_id, round_key, day, self.ws.actor)
                self.ws.store.append_event(self.ws.actor, "round_deadline", "assessment",
                                           assessment_id, {"round": round_key,
                                                           "before": before, "after": day})
        return day

    def _mandiri(self, badan: Assessment) -> Assessment:
        found = self.ws.store.find_assessment(badan.agency_id, badan.year, "mandiri")
        if found is None:
            raise WorkspaceError(f"belum ada penilaian mandiri tahun {badan.year} untuk "
                                 "dibandingkan dengan hasil TPB")
        return found

    def drops(self, assessment_id: int, round_key: str | None = None) -> RepairList:
        """The indicators the TPB scored below the mandiri level in ``round_key`` (default the
        latest recorded round), in catalog order, with what each needs."""
        badan = self._badan(assessment_id)
        mandiri = self._mandiri(badan)
        levels = self.levels(assessment_id)
        if round_key is None:
            round_key = self.latest_round(assessment_id)
            if round_key is None:
                raise WorkspaceError(f"belum ada tingkat dari TPB pada {badan.label} (catat "
                                     "dengan `epss round set`)")
        else:
            round_key = check_round(round_key)
        order = list(ROUNDS)
        standing = self.standing(assessment_id, round_key, levels)
        own = self.ws.store.answers(mandiri.id)
        attachments = self.ws.store.attachments(mandiri.id)
        kegiatan = self.ws.store.kegiatan(mandiri.id)
        findings = self.ws.findings(mandiri.id)
        items: list[RepairItem] = []
        for ind in self.ws.catalog.indicators:
            level, answer = standing.get(ind.code), own.get(ind.code)
            if level is None or answer is None or answer.level is None:
                continue
            if level >= answer.level:
                continue
            note = next((levels[r][ind.code]["note"] for r in reversed(order[:order.index(
                round_key) + 1]) if levels.get(r, {}).get(ind.code, {}).get("note")), "")
            mine = [a for a in attachments if a.indicator == ind.code]
            tpb_files = [a for a in mine if a.for_tpb]
            items.append(RepairItem(
                number=len(items) + 1, code=ind.code, name=ind.name,
                mandiri_level=answer.level, tpb_level=level, note=note,
                criterion=ind.levels[answer.level], expected_evidence=ind.evidence[answer.level],
                findings=[f"{f.label}: {f.detail}" for f in findings if f.code == ind.code],
                kegiatan=[KegiatanShare(k.opd, k.name,
                                        sum(1 for a in mine if a.kegiatan_id == k.id))
                          for k in kegiatan],
                files=[a.title for a in tpb_files if a.blob_sha],
                links=[a.url for a in tpb_files if a.url],
                general=ind.general))
        return RepairList(badan, mandiri, round_key,
                          self.ws.store.round_deadlines(assessment_id).get(round_key), items)

    def package(self, repair: RepairList, dest: str | Path, *, pdf: bool = True) -> list[Path]:
        """Write the repair package into ``dest`` (new or empty): one folder per dropped
        indicator with the mandiri attachments marked for TPB (links in ``tautan.txt``),
        ``indeks-perbaikan.xlsx`` and (unless ``pdf`` is false) ``indeks-perbaikan.pdf``.
        Every file is written atomically."""
        from epss.fileio import atomic_output, write_atomic

        dest = Path(dest)
        if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
            raise WorkspaceError(f"{dest} sudah ada dan tidak kosong; pilih folder lain")
        vault = self.ws.vault
        chosen = {i.code: [a for a in self.ws.store.attachments(repair.mandiri.id, i.code)
                           if a.for_tpb] for i in repair.items}
        missing = [a for atts in chosen.values() for a in atts
                   if a.blob_sha and not vault.exists(a.blob_sha)]
        if missing:
            raise WorkspaceError(f"{len(missing)} berkas bukti hilang dari brankas; jalankan "
                                 "`epss doctor`")
        written: list[Path] = []
        file_names: dict[str, list[str]] = {}
        for item in repair.items:
            folder = dest / item.folder
            folder.mkdir(parents=True, exist_ok=True)
            names: list[str] = []
            links: list[str] = []
            for n, att in enumerate(chosen[item.code], 1):
                if att.url:
                    links.append(f"{n:02d}\t{att.title}\t{att.url}")
                    continue
                assert att.blob_sha is not None
                name = f"{n:02d} {_file_name(att.title, att.original_name)}"  # NN: unique
                with vault.open(att.blob_sha) as source, atomic_output(folder / name) as out:
                    shutil.copyfileobj(source, out)
                written.append(folder / name)
                names.append(name)
            if links:
                write_atomic(folder / "tautan.txt", ("\n".join(links) + "\n").encode())
                written.append(folder / "tautan.txt")
                names.append("tautan.txt")
            file_names[item.code] = names
        dest.mkdir(parents=True, exist_ok=True)
        write_atomic(dest / INDEX_XLSX, self._index_xlsx(repair, file_names))
        written.append(dest / INDEX_XLSX)
        if pdf:
            from reports.renderer import render

            write_atomic(dest / INDEX_PDF, render(TEMPLATE, self.pdf_context(repair, file_names)))
            written.append(dest / INDEX_PDF)
        return written

    def pdf_context(self, repair: RepairList,
                    file_names: dict[str, list[str]] | None = None) -> dict[str, Any]:
        """The plain data ``perbaikan.html.j2`` prints."""
        from epss import __version__

        today = date.today().isoformat()
        agency = self.ws.agency
        items = []
        for item in repair.items:
            lines = [f"Catatan TPB: {item.note or '-'}",
                     f"Kriteria tingkat {item.mandiri_level}: {item.criterion}",
                     f"Bukti yang diharapkan: {item.expected_evidence}",
                     f"OPD: {item.opd_text}"]
            lines += [f"Temuan: {f}" for f in item.findings]
            names = (file_names or {}).get(item.code)
            lines.append("Berkas: " + (", ".join(names) if names else
                                       f"{len(item.files)} berkas, {len(item.links)} tautan"))
            items.append({"folder": item.folder, "name": item.name,
                          "mandiri_level": item.mandiri_level, "tpb_level": item.tpb_level,
                          "lines": "\n".join(lines)})
        return {
            "document": {"title": "Daftar Perbaikan", "heading": "Daftar Perbaikan EPSS",
                         "subject": f"Perbaikan {repair.badan.label}, babak "
                                    f"{ROUNDS[repair.round]}",
                         "language": "id", "generated": today, "tool": f"epss {__version__}"},
            "agency": {"name": agency.name, "code": agency.code},
            "assessment": {"year": repair.badan.year},
            "repair": {"assessment": repair.badan.label, "round": ROUNDS[repair.round],
                       "deadline": repair.deadline or "", "count": len(repair.items)},
            "items": items,
        }

    def _index_xlsx(self, repair: RepairList, file_names: dict[str, list[str]]) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font

        book = Workbook()
        sheet = book.active
        assert sheet is not None
        sheet.title = "Perbaikan"
        sheet.append(list(INDEX_HEADERS))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for item in repair.items:
            sheet.append([item.folder[:2], item.code, item.name, item.mandiri_level,
                          item.tpb_level, item.note, item.need, item.opd_text,
                          "\n".join(file_names.get(item.code, []))])
        for column, width in zip("ABCDEFGHI", (5, 8, 40, 10, 10, 40, 60, 40, 40), strict=True):
            sheet.column_dimensions[column].width = width
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        info = book.create_sheet("Keterangan")
        info.append(["Penilaian", repair.badan.label])
        info.append(["Babak", ROUNDS[repair.round]])
        info.append(["Tenggat perbaikan", repair.deadline or "-"])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
