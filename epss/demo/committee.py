"""Entrant bundles for a committee to try things on, and the committee demo workspace.

The entrants are fictional (names invented, BPS-style codes in the unused 99xx range): a demo
must not put invented EPSS results next to the names of real regions. None has the code of the
`epss demo` city (kota 9971), so that city's bundle enters as an entrant of its own. Their
bundles are made the way a real entrant makes one — an assessment in a workspace, exported with
the exchange exporter — so that entering them exercises every check of the importer. The
benchmark uses the same generator at national scale (550 entrants).

The generator writes entrants' records straight through the store of a scratch workspace: a
workspace serves one agency, and going through 550 workspaces would only measure start-up.
"""

from __future__ import annotations

import os
import random
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from epss.core.award import parse_score
from epss.demo import minimal_pdf
from epss.services.committee import JuryScore
from epss.services.workspace import Workspace

ORGANISER = {"name": "Dinas Kominfo Provinsi Contoh", "kind": "provinsi", "code": "99"}
JURORS = ("BPS Provinsi", "Bappeda", "Akademisi A", "Akademisi B", "Konsultan Data")
_PLACES = ("Sumberwangi", "Tirtamulya", "Gunungsari", "Karangjati", "Wonoasri", "Banyuarum",
           "Sidomakmur", "Kedungrejo", "Pandanwangi", "Tanjunglaut", "Mekarsari", "Rejosari",
           "Bukitindah", "Sukamaju")
# Kota codes have a 7 third (BPS); 9971 is left to the `epss demo` city (epss.demo.AGENCY).
_KOTA_CODES = ("9970", "9975", "9972", "9973", "9974")


@dataclass(frozen=True)
class EntrantSpec:
    name: str
    kind: str
    code: str
    answered: int = 38  # fewer: the assessment is not complete, so there is no final IPS


def demo_entrants() -> list[EntrantSpec]:
    """Fourteen fictional kabupaten/kota; one has not answered every indicator yet."""
    specs = []
    for n, place in enumerate(_PLACES):
        kind = "kota" if n % 3 == 1 else "kabupaten"
        label = "Kota" if kind == "kota" else "Kabupaten"
        code = _KOTA_CODES[n // 3] if kind == "kota" else f"99{n + 10:02d}"
        specs.append(EntrantSpec(f"Pemerintah {label} {place}", kind, code,
                                 answered=30 if place == "Rejosari" else 38))
    return specs


def national_entrants(provinces: int = 38, regencies: int = 514) -> list[EntrantSpec]:
    """National scale for the benchmark: 38 provinces and 514 kabupaten/kota."""
    province_codes = [f"{n}" for n in range(11, 11 + provinces)]
    specs = [EntrantSpec(f"Provinsi Fiktif {code}", "provinsi", code) for code in province_codes]
    counters = {code: [0, 70] for code in province_codes}  # kabupaten 01.., kota 71..
    for n in range(regencies):  # spread over the provinces; kota codes have a 7 third
        province = province_codes[n % provinces]
        kind = "kota" if n % 5 == 4 else "kabupaten"
        slot = 1 if kind == "kota" else 0
        counters[province][slot] += 1
        code = f"{province}{counters[province][slot]:02d}"
        label = "Kota" if kind == "kota" else "Kabupaten"
        specs.append(EntrantSpec(f"{label} Fiktif {code}", kind, code))
    return specs


def levels_for(spec: EntrantSpec, codes: list[str], seed: int) -> dict[str, int]:
    """Believable levels: an agency-wide maturity plus per-indicator variation."""
    rng = random.Random(f"{seed}:{spec.kind}:{spec.code}")
    base = rng.uniform(1.5, 3.7)
    levels = {c: min(5, max(1, round(base + rng.gauss(0, 0.7)))) for c in codes}
    return dict(list(levels.items())[:spec.answered])


def write_entrant_bundles(folder: str | os.PathLike, specs: Iterable[EntrantSpec], *,
                          year: int = 2024, seed: int = 2024,
                          progress: Callable[[int], None] | None = None) -> list[Path]:
    """One bundle per entrant in ``folder`` (a mandiri assessment, a short penjelasan per
    indicator and one small evidence PDF each); returns their paths in order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    specs = list(specs)
    paths = []
    with tempfile.TemporaryDirectory(prefix="epss-entrants-") as tmp:
        first = specs[0]
        ws = Workspace.create(Path(tmp) / "ws", name=first.name, kind=first.kind,
                              code=first.code, actor="Tim Penilai Internal")
        try:
            codes = [i.code for i in ws.catalog.indicators]
            edition = ws.catalog.edition.id
            store = ws.store
            for number, spec in enumerate(specs, 1):
                with store.transaction():
                    agency = store.find_agency(spec.kind, spec.code)
                    agency_id = agency.id if agency else store.insert_agency(
                        spec.name, spec.kind, spec.code)
                    aid = store.insert_assessment(agency_id, year, "mandiri", edition, "", None)
                    for code, level in levels_for(spec, codes, seed).items():
                        store.put_answer(aid, code, level,
                                         f"Tingkat {level} terpenuhi; lihat bukti dukung "
                                         f"{spec.name}.", False, ws.actor)
                pdf = Path(tmp) / f"sk-walidata-{spec.code}.pdf"
                pdf.write_bytes(minimal_pdf((f"KEPUTUSAN {spec.name.upper()}",
                                             f"TENTANG WALIDATA DAN SATU DATA {year}")))
                ws.add_evidence(aid, codes[0], pdf, title=f"SK Walidata {spec.name}")
                target = folder / f"epss-{spec.kind}-{spec.code}-{year}.zip"
                ws.export_bundle(aid, target)
                paths.append(target)
                if progress:
                    progress(number)
        finally:
            ws.close()
    return paths


def build_committee_demo(root: str | os.PathLike, *, year: int = 2024,
                         seed: int = 2024) -> Workspace:
    """A committee workspace mid-award: SATA-style rubric, fourteen entrants entered from their
    bundles, the committee's values filled in (one entrant still lacks one), and five jurors'
    scores for the finalists, so the ranking, the trimmed mean and the report all show."""
    root = Path(root)
    ws = Workspace.create(root, actor="Sekretariat Komite", **ORGANISER)
    committee = ws.committee
    award = committee.new_award("sata-jatim", year)
    bundles = write_entrant_bundles(root / "bundel-peserta", demo_entrants(), year=year,
                                    seed=seed)
    for path in bundles:
        committee.enter(award, path)
    rng = random.Random(seed)
    entrants = committee.entrants(award)
    for n, entrant in enumerate(entrants):
        for criterion in ("daftar-data", "integrasi", "sdi"):
            if n == 4 and criterion == "integrasi":
                continue  # not reported yet: the entrant stays incomplete, never zero
            value = f"{rng.uniform(45, 98):.2f}"
            committee.set_input(award, entrant.key, criterion, value)
    finalists = committee.jury_entrants(award)
    for juror in JURORS:
        scores = [JuryScore(e.key, "presentasi", parse_score(f"{rng.uniform(60, 95):.1f}"))
                  for e in finalists]
        committee.set_jury_scores(award, juror, scores, source="demo")
    return ws
