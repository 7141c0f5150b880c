"""The demo workspace: a fictional "Kota Contoh" with a believable history to explore.

Levels are chosen so that the 2024 self-assessment scores exactly 2,52 (Cukup), the figure Kota
Blitar reported for 2024, and the 2023 BPS result sits below the 2023 self-assessment, as it
usually does; every answer carries a penjelasan written for its level.

The 2023 BPS result carries the assessors' rounds that led to it (``tpb.toml``): "dokumen" scores
every indicator, "pleno" re-scores a few and ends exactly at the 2023 BPS levels, with a note on
each indicator left below the 2023 self-assessment and a repair deadline, so ``epss perbaikan
--year 2023`` has something to list. The 2024 self-assessment has indicators assigned to the
walidata and the sampled kegiatan's OPD (``penugasan.toml``), one of which lags.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epss.demo.texts import EXPLANATIONS
from epss.services.workspace import Workspace

if TYPE_CHECKING:
    from epss.core.model import Kegiatan

AGENCY = {"name": "Pemerintah Kota Contoh", "kind": "kota", "code": "9971"}

MANDIRI_2024: dict[str, int] = {
    "10101": 3, "10201": 3, "10301": 3, "10401": 3,
    "20101": 3, "20102": 2, "20201": 2, "20301": 3, "20302": 2, "20401": 3, "20402": 2,
    "20403": 2, "20501": 2, "20502": 2,
    "30101": 3, "30102": 2, "30103": 2, "30201": 3, "30301": 2, "30302": 2, "30401": 3,
    "40101": 3, "40102": 2, "40103": 2, "40104": 2, "40201": 2, "40202": 3, "40301": 3,
    "40302": 3, "40303": 2, "40304": 3,
    "50101": 1, "50102": 2, "50103": 2, "50201": 2, "50301": 2, "50302": 1, "50303": 2,
}

# 2023: one level lower where the city improved during 2024.
_IMPROVED_IN_2024 = ("10301", "10401", "20101", "30101", "30401", "40101", "40202", "40301",
                     "40302", "40304", "20301")
MANDIRI_2023: dict[str, int] = {
    code: level - 1 if code in _IMPROVED_IN_2024 else level
    for code, level in MANDIRI_2024.items()
}

# The BPS verification of 2023 did not accept every claimed level.
_NOT_VERIFIED_2023 = ("10101", "10201", "20201", "30201", "40202", "20401", "50102", "50201")
BADAN_2023: dict[str, int] = {
    code: max(1, level - 1) if code in _NOT_VERIFIED_2023 else level
    for code, level in MANDIRI_2023.items()
}


# (year, indicator, file name or URL, title, content lines or None for a link, confidential)
EVIDENCE: tuple[tuple[int, str, str, str, tuple[str, ...] | None, bool], ...] = (
    (2023, "10101", "perwali-12-2022-satu-data.pdf",
     "Perwali Kota Contoh No. 12 Tahun 2022 tentang Satu Data",
     ("PERATURAN WALI KOTA CONTOH NOMOR 12 TAHUN 2022", "TENTANG SATU DATA KOTA CONTOH",
      "Pasal 8: Setiap produsen data wajib menerapkan Standar Data Statistik.",
      "Pasal 11: Walidata memeriksa kesesuaian data dengan standar dan metadata."), False),
    (2023, "30101", "notula-forum-satu-data-2023.pdf", "Notula Forum Satu Data 2023",
     ("NOTULA FORUM SATU DATA KOTA CONTOH", "Tanggal: 14 Maret 2023",
      "Agenda: daftar data prioritas 2023 dan jadwal pemutakhiran.",
      "Hadir: Bappeda, Diskominfo, BPS Kota Contoh, 18 OPD."), False),
    (2024, "10101", "perwali-12-2022-satu-data.pdf",
     "Perwali Kota Contoh No. 12 Tahun 2022 tentang Satu Data",
     ("PERATURAN WALI KOTA CONTOH NOMOR 12 TAHUN 2022", "TENTANG SATU DATA KOTA CONTOH",
      "Pasal 8: Setiap produsen data wajib menerapkan Standar Data Statistik.",
      "Pasal 11: Walidata memeriksa kesesuaian data dengan standar dan metadata."), False),
    (2024, "10101", "sop-003-penerapan-sds.pdf", "SOP 003/SOP/Diskominfo/2023 Penerapan SDS",
     ("STANDAR OPERASIONAL PROSEDUR", "Nomor 003/SOP/Diskominfo/2023",
      "Penerapan Standar Data Statistik pada seluruh perangkat daerah.",
      "1. Produsen data memakai konsep dan definisi baku dari portal SDS.",
      "2. Walidata memeriksa kesesuaian sebelum data dipublikasikan."), False),
    (2024, "10201", "rekap-metadata-2024.csv", "Rekap metadata kegiatan statistik 2024",
     ("opd,kegiatan,ms_keg,ms_var,ms_ind", "Dinas Kesehatan,Profil Kesehatan,ya,ya,ya",
      "Dinas Pendidikan,Data Pokok Pendidikan,ya,ya,tidak",
      "Disdukcapil,Data Agregat Kependudukan,ya,ya,ya"), False),
    (2024, "10301", "https://data.contohkota.go.id/api/3/action/package_list",
     "API portal Satu Data Kota Contoh", None, False),
    (2024, "10401", "https://drive.google.com/drive/folders/kota-contoh-kode-referensi",
     "Folder bukti kode referensi (Google Drive)", None, False),
    (2024, "20101", "laporan-survei-kebutuhan-data-2024.pdf",
     "Laporan Survei Kebutuhan Data 2024",
     ("LAPORAN SURVEI KEBUTUHAN DATA PENGGUNA 2024", "Responden: 212 pengguna data",
      "Indeks kepuasan: 3,41 dari 4", "Tindak lanjut: 6 dataset baru di portal."), False),
    (2024, "30101", "notula-forum-satu-data-2024.pdf", "Notula Forum Satu Data 2024",
     ("NOTULA FORUM SATU DATA KOTA CONTOH", "Tanggal: 20 Februari 2024",
      "Agenda: penetapan daftar data 2024 dan reviu pelaksanaan 2023."), False),
    (2024, "40201", "daftar-pegawai-fungsional-statistik.csv",
     "Daftar pegawai fungsional statistisi dan pranata komputer",
     ("nip,nama,jabatan", "1987xxxx,Rina S.,Statistisi Ahli Pertama",
      "1990xxxx,Agus W.,Pranata Komputer Ahli Muda"), True),
    (2024, "40301", "sk-tpi-epss-2024.pdf", "SK Wali Kota tentang Tim Penilai Internal EPSS 2024",
     ("KEPUTUSAN WALI KOTA CONTOH NOMOR 100.3.3/45/2024",
      "TENTANG TIM PENILAI INTERNAL EVALUASI PENYELENGGARAAN STATISTIK SEKTORAL",
      "Ketua: Kepala Dinas Komunikasi dan Informatika"), False),
    (2024, "50201", "https://romantik.web.bps.go.id/", "Rekomendasi kegiatan statistik (Romantik)",
     None, False),
)


def minimal_pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page text PDF, built by hand so the demo needs no PDF library."""

    def esc(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = " ".join(f"({esc(line)}) '" for line in lines)
    content = f"BT /F1 11 Tf 72 780 Td 16 TL {text} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def _add_evidence(ws: Workspace, assessments: dict[int, int]) -> None:
    with tempfile.TemporaryDirectory(prefix="epss-demo-") as tmp:
        for year, code, name, title, lines, confidential in EVIDENCE:
            assessment_id = assessments[year]
            if lines is None:
                ws.link_evidence(assessment_id, code, name, title=title)
                continue
            path = Path(tmp) / name
            if name.endswith(".pdf"):
                path.write_bytes(minimal_pdf(lines))
            else:
                path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            ws.add_evidence(assessment_id, code, path, title=title, confidential=confidential)


def build_demo(root: str | os.PathLike) -> Workspace:
    """Create the demo workspace in ``root`` (which must not hold a workspace yet)."""
    ws = Workspace.create(Path(root), actor="Tim Penilai Internal", **AGENCY)
    mandiri: dict[int, int] = {}
    for year, kind, levels in (
        (2023, "mandiri", MANDIRI_2023),
        (2023, "badan", BADAN_2023),
        (2024, "mandiri", MANDIRI_2024),
    ):
        assessment = ws.new_assessment(year, kind)
        with ws.store.transaction():
            for code, level in levels.items():
                explanation = EXPLANATIONS[code][level] if kind == "mandiri" else ""
                ws.set_answer(assessment.id, code, level=level, explanation=explanation)
        if kind == "mandiri":
            mandiri[year] = assessment.id
    _add_evidence(ws, mandiri)
    kegiatan = _sample_and_profile(ws, mandiri[2024])
    _assign(ws, mandiri[2024], kegiatan)
    _tpb_rounds(ws, ws.assessment(2023, "badan").id, BADAN_2023)  # before 2023 is final
    for a in ws.assessments():
        if a.year < 2024:
            ws.set_status(a.id, "final")
    return ws


# What some 2024 documents are, as an assessor asks (title prefix -> marks); the KAK-like survey
# report is unsigned and one file sits in the internal folder only, so Periksa has something to
# say. ``kegiatan``: index into profile.toml's [[kegiatan]].
_MARKS: dict[str, dict[str, Any]] = {
    "Perwali Kota Contoh": {"doc_kind": "kebijakan", "doc_year": 2022, "signed": True},
    "SOP 003": {"doc_kind": "sop", "doc_year": 2023, "signed": True},
    "Laporan Survei Kebutuhan": {"doc_kind": "laporan", "doc_year": 2024, "kegiatan": 0},
    "Notula Forum Satu Data 2024": {"doc_kind": "notula", "doc_year": 2024},
    "SK Wali Kota": {"doc_kind": "sk", "doc_year": 2024, "signed": True},
    "Daftar pegawai": {"doc_kind": "data", "doc_year": 2024, "for_tpb": False},
}


def _data(name: str) -> dict[str, Any]:
    """One of the demo's TOML data files beside this module, parsed."""
    import tomllib
    from importlib import resources

    return tomllib.loads(resources.files("epss.demo").joinpath(name).read_text(encoding="utf-8"))


def _note(text: str) -> str:
    """A note wrapped over several lines in the TOML file, as one paragraph."""
    return " ".join(text.split())


def _sample_and_profile(ws: Workspace, assessment_id: int) -> list[Kegiatan]:
    """The 2024 sample of kegiatan (returned, in profile.toml's order), what its documents are,
    and the agency's profile texts."""
    from epss.services.profile import Profile, Signer, save_profile

    data = _data("profile.toml")
    kegiatan = [ws.sampling.add_kegiatan(assessment_id, **k) for k in data["kegiatan"]]
    for att in ws.evidence(assessment_id):
        marks = next((m for prefix, m in _MARKS.items() if att.title.startswith(prefix)), None)
        if marks:
            marks = dict(marks)
            index = marks.pop("kegiatan", None)
            if index is not None:
                marks["kegiatan_id"] = kegiatan[int(index)].id
            ws.sampling.mark_evidence(att.id, **marks)
    save_profile(ws, Profile(
        unit=data["unit"], award=data["award"], contact=data["contact"],
        foreword=data["foreword"].strip(), about=" ".join(data["about"].split()),
        highlights=tuple(data["highlights"]), signer=Signer(**data["signer"])))
    return kegiatan


def _assign(ws: Workspace, assessment_id: int, kegiatan: list[Kegiatan]) -> None:
    """penugasan.toml: indicators (or a sampled kegiatan's share of them) given to an OPD with a
    PIC and a fixed due date."""
    for entry in _data("penugasan.toml")["penugasan"]:
        index = entry.get("kegiatan")
        kegiatan_id = None if index is None else kegiatan[int(index)].id
        for code in entry["indikator"]:
            ws.coordination.assign(assessment_id, code, opd=entry["opd"],
                                   pic=entry.get("pic", ""), due=entry.get("due"),
                                   kegiatan_id=kegiatan_id)


def _tpb_rounds(ws: Workspace, badan_id: int, result: dict[str, int]) -> None:
    """tpb.toml: the assessors' levels and notes per round of a BPS assessment whose answers are
    ``result``, and the repair deadlines. The first round scores every indicator (those the file
    does not name at their level in ``result``); a later round scores only what the file names.
    After the last round every level must be the one in ``result``, so the answers (which follow
    the latest round) end as they were."""
    from epss.services.rounds import ROUNDS

    data = _data("tpb.toml")
    unknown = sorted(set(data) - set(ROUNDS))
    if unknown:
        raise ValueError(f"tpb.toml: babak tidak dikenal: {', '.join(unknown)}")
    first = True
    last = None
    for round_key in ROUNDS:
        if round_key not in data:
            continue
        spec = data[round_key]
        named = {e["code"]: e for e in spec.get("indikator", [])}
        entries: dict[str, tuple[int, str | None]] = {
            code: (level, None) for code, level in result.items()} if first else {}
        entries.update({code: (int(e["level"]), _note(e["note"]) if "note" in e else None)
                        for code, e in named.items()})
        with ws.store.transaction():
            for code, (level, note) in entries.items():
                ws.rounds.set_level(badan_id, round_key, code, level, note=note)
            if "deadline" in spec:
                ws.rounds.set_deadline(badan_id, round_key, str(spec["deadline"]))
        first = False
        last = round_key
    if last is not None:
        standing = ws.rounds.standing(badan_id, last)
        wrong = sorted(c for c in result if standing.get(c) != result[c])
        if wrong:
            raise ValueError(f"tpb.toml: setelah babak {last} tingkat indikator "
                             f"{', '.join(wrong)} tidak sama dengan hasil BPS")
