"""The award committee's desk (epss/committee.py) on a real workspace: entrants come in as
bundles (every importer check applies), the committee enters values, the ranking is worked by
hand here, and every refusal leaves the workspace exactly as it was."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction as F
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from epss.core.manifest import manifest_bytes
from epss.core.scoring import score
from epss.demo.committee import EntrantSpec, levels_for, write_entrant_bundles
from epss.services.committee import AwardInfo, Committee, JuryScore
from epss.services.workspace import Workspace, WorkspaceError

ORGANISER = {"name": "Dinas Kominfo Provinsi Contoh", "kind": "provinsi", "code": "99"}
YEAR, SEED = 2024, 2024
ALFA = EntrantSpec("Pemerintah Kota Sumberwangi", "kota", "9971")
BETA = EntrantSpec("Pemerintah Kabupaten Tirtamulya", "kabupaten", "9911")
GAMA = EntrantSpec("Pemerintah Kabupaten Gunungsari", "kabupaten", "9912")
DRAFT = EntrantSpec("Pemerintah Kabupaten Karangjati", "kabupaten", "9913", answered=30)
SPECS = (ALFA, BETA, GAMA, DRAFT)
MANIFEST = "manifest.json"


def key(spec: EntrantSpec) -> str:
    return f"{spec.kind}:{spec.code}"


def dec(text: object) -> F:
    """A value as the committee types it, read by hand (decimal comma or point)."""
    return F(Decimal(str(text).replace(",", ".")))


# -- bundles (generated once per module) ----------------------------------------------------


@dataclass(frozen=True)
class Bundles:
    paths: dict[str, Path]  # entrant key -> its 2024 bundle
    reseeded: Path  # ALFA's 2024 self-assessment with other levels (seed 7)
    earlier: Path  # ALFA's 2023 self-assessment

    def __getitem__(self, spec: EntrantSpec) -> Path:
        return self.paths[key(spec)]


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> Bundles:
    base = tmp_path_factory.mktemp("entrant-bundles")
    paths = write_entrant_bundles(base / "2024", SPECS, year=YEAR, seed=SEED)
    [reseeded] = write_entrant_bundles(base / "reseeded", [ALFA], year=YEAR, seed=7)
    [earlier] = write_entrant_bundles(base / "2023", [ALFA], year=2023, seed=SEED)
    return Bundles({key(s): p for s, p in zip(SPECS, paths, strict=True)}, reseeded, earlier)


MANY = tuple(EntrantSpec(f"Pemerintah Kabupaten Fiktif {n:02d}", "kabupaten", f"99{n}")
             for n in range(21, 33))  # twelve complete entrants, codes 9921..9932


@pytest.fixture(scope="module")
def many_bundles(tmp_path_factory) -> list[Path]:
    return write_entrant_bundles(tmp_path_factory.mktemp("many"), MANY, year=YEAR, seed=SEED)


@pytest.fixture
def ws(tmp_path) -> Workspace:
    ws = Workspace.create(tmp_path / "komite", actor="Sekretariat Komite", **ORGANISER)
    yield ws
    ws.close()


@dataclass
class Desk:
    ws: Workspace
    committee: Committee
    award: AwardInfo

    def refresh(self) -> None:
        self.award = self.committee.award(self.award.key)


def open_desk(ws: Workspace, bundles: Bundles, specs=SPECS, rubric: str = "sata-jatim") -> Desk:
    committee = ws.committee
    award = committee.new_award(rubric, YEAR)
    for spec in specs:
        assert committee.enter(award, bundles[spec]).status == "entered"
    return Desk(ws, committee, award)


@pytest.fixture
def desk(ws, bundles) -> Desk:
    """SATA Jatim 2024 with the four entrants entered and nothing else."""
    return open_desk(ws, bundles)


SATA_INPUTS = {  # daftar-data, integrasi, sdi as typed by the committee
    ALFA: ("81,15", "74.1", "66,5"),
    BETA: (90, 60, "88.25"),
    GAMA: ("55,5", 70, 95),
    DRAFT: (99, 99, 99),  # complete in Tahap I, but no final IPS for Tahap II
}
SATA_JURY = {
    ALFA: {"BPS Provinsi": 80, "Bappeda": "92,5", "Akademisi A": 70, "Akademisi B": 85,
           "Konsultan Data": 60},
    BETA: {"BPS Provinsi": 75, "Bappeda": 80, "Akademisi A": "77,75", "Akademisi B": 90},
    GAMA: {"BPS Provinsi": 88},
}


def fill_sata_inputs(d: Desk, inputs=SATA_INPUTS) -> None:
    for spec, values in inputs.items():
        for criterion, value in zip(("daftar-data", "integrasi", "sdi"), values, strict=True):
            if value is not None:
                d.committee.set_input(d.award, key(spec), criterion, value)


def fill_sata_jury(d: Desk, jury=SATA_JURY) -> None:
    for spec, scores in jury.items():
        for juror, value in scores.items():
            d.committee.set_jury(d.award, juror, key(spec), "presentasi", value)


# -- "nothing changed" ---------------------------------------------------------------------


def event_count(ws: Workspace) -> int:
    return ws.store.conn.execute("SELECT count(*) FROM event").fetchone()[0]


def events(ws: Workspace, action: str) -> list[dict[str, Any]]:
    return [json.loads(r[0]) for r in ws.store.conn.execute(
        "SELECT data FROM event WHERE action = ? ORDER BY id", (action,))]


def value_rows(ws: Workspace) -> list[tuple]:
    return [tuple(r) for r in ws.store.conn.execute(
        "SELECT agency_id, criterion, juror, value FROM award_value ORDER BY 1, 2, 3")]


# -- entering bundles --------------------------------------------------------------------------


def test_entrants_carry_their_published_ips_and_bundle_hash(ws, bundles):
    committee = ws.committee
    award = committee.new_award("sata-jatim", YEAR)
    codes = [i.code for i in ws.catalog.indicators]
    for spec in SPECS:
        entered = committee.enter(award, bundles[spec])
        assert entered.status == "entered"
        e = entered.entrant
        assert (e.key, e.name, e.agency.kind, e.agency.code) == (key(spec), spec.name,
                                                               spec.kind, spec.code)
        with zipfile.ZipFile(bundles[spec]) as zf:
            assert e.bundle_hash == hashlib.sha256(zf.read(MANIFEST)).hexdigest()
        assert e.bundle_name == bundles[spec].name
        assert (e.assessment.year, e.assessment.kind) == (YEAR, "mandiri")
        card = score(ws.catalog, levels_for(spec, codes, SEED))
        if spec.answered == 38:
            assert not card.provisional
            assert e.ips == card.ips_rounded  # two decimals, as BPS publishes it
            assert e.ips == e.ips.quantize(Decimal("0.01"))
            assert (e.ips_source, e.ips_note) == ("scored", "")
            assert e.predikat
        else:
            assert (e.ips, e.ips_source, e.predikat) == (None, None, None)
            assert "30 dari 38" in e.ips_note
    assert [e.name for e in committee.entrants(award)] == sorted(s.name for s in SPECS)
    entered = events(ws, "award_enter")
    assert [e["entrant"] for e in entered] == [key(s) for s in SPECS]
    assert all(e["manifest_hash"] for e in entered)


@pytest.fixture
def half(ws, bundles) -> Desk:
    """ALFA and BETA entered with some values; GAMA's bundle is the one tampered with."""
    d = open_desk(ws, bundles, specs=(ALFA, BETA))
    d.committee.set_input(d.award, key(ALFA), "sdi", "70,5")
    d.committee.set_jury(d.award, "Bappeda", key(BETA), "presentasi", 80)
    return d


def _rezip(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> Path:
    """The same archive, entry by entry, with ``change(name, data)`` applied (valid CRCs)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(buf, "w") as out:
        for info in src.infolist():
            out.writestr(info, change(info.filename, src.read(info)))
    target.write_bytes(buf.getvalue())
    return target


def _entry_data_offset(raw: bytes, info: zipfile.ZipInfo) -> int:
    at = info.header_offset
    name_len, extra_len = struct.unpack("<HH", raw[at + 26:at + 30])
    return at + 30 + name_len + extra_len


def _flip_in_entry(source: Path, target: Path, wanted: Callable[[str], bool]) -> Path:
    """One byte of one entry's stored data flipped in place (the zip directory intact)."""
    raw = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as zf:
        info = next(i for i in zf.infolist() if wanted(i.filename))
    start = _entry_data_offset(bytes(raw), info)
    raw[start + info.compress_size // 2] ^= 0x01
    target.write_bytes(bytes(raw))
    return target


def _edit_manifest(source: Path, target: Path, edit: Callable[[dict], None], *,
                   canonical: bool = True) -> Path:
    def change(name: str, data: bytes) -> bytes:
        if name != MANIFEST:
            return data
        manifest = json.loads(data)
        edit(manifest)
        if canonical:
            return manifest_bytes(manifest)
        return json.dumps(manifest, indent=2, sort_keys=True).encode()

    return _rezip(source, target, change)


def _grow_file_size(manifest: dict) -> None:
    [entry] = manifest["files"].values()
    entry["size"] += 1


def _level_seven(manifest: dict) -> None:
    manifest["answers"][0]["level"] = 7


TAMPERS = {
    "manifest byte flipped": lambda s, t: _flip_in_entry(s, t, lambda n: n == MANIFEST),
    "evidence byte flipped": lambda s, t: _flip_in_entry(s, t, lambda n: n != MANIFEST),
    "evidence edited, same size": lambda s, t: _rezip(
        s, t, lambda n, d: d if n == MANIFEST else d.replace(b"WALIDATA", b"WALIDATU")),
    "manifest: file size edited": lambda s, t: _edit_manifest(s, t, _grow_file_size),
    "manifest: level 7": lambda s, t: _edit_manifest(s, t, _level_seven),
    "manifest re-serialised by hand": lambda s, t: _edit_manifest(s, t, lambda m: None,
                                                                  canonical=False),
}


@pytest.mark.parametrize("how", list(TAMPERS))
def test_a_tampered_bundle_is_refused_and_nothing_changes(half, bundles, tmp_path, how, refused):
    path = TAMPERS[how](bundles[GAMA], tmp_path / bundles[GAMA].name)
    assert path.read_bytes() != bundles[GAMA].read_bytes()
    refused(half.ws, lambda: half.committee.enter(half.award, path))
    refused(half.ws, lambda: half.committee.enter(half.award, path, replace=True))
    assert [e.key for e in half.committee.entrants(half.award)] == [key(BETA), key(ALFA)]
    # the genuine bundle still goes in afterwards
    assert half.committee.enter(half.award, bundles[GAMA]).status == "entered"


def test_a_missing_or_non_zip_bundle_is_refused(half, tmp_path, refused):
    refused(half.ws, lambda: half.committee.enter(half.award, tmp_path / "tidak-ada.zip"))
    junk = tmp_path / "bukan.zip"
    junk.write_bytes(b"PK\x03\x04 bukan zip")
    refused(half.ws, lambda: half.committee.enter(half.award, junk))


def test_same_bundle_twice_is_unchanged(desk, bundles, snapshot):
    before = snapshot(desk.ws)
    entered = desk.committee.enter(desk.award, bundles[ALFA])
    assert entered.status == "unchanged"
    assert entered.entrant.key == key(ALFA)
    assert snapshot(desk.ws) == before


def test_another_assessment_of_the_same_agency_needs_replace(desk, bundles, refused):
    committee, award = desk.committee, desk.award
    old = committee.entrant(award, key(ALFA))
    refused(desk.ws, lambda: committee.enter(award, bundles.reseeded), "--replace")
    entered = committee.enter(award, bundles.reseeded, replace=True)
    assert entered.status == "updated"
    new = entered.entrant
    assert new.bundle_hash != old.bundle_hash
    with zipfile.ZipFile(bundles.reseeded) as zf:
        assert new.bundle_hash == hashlib.sha256(zf.read(MANIFEST)).hexdigest()
    codes = [i.code for i in desk.ws.catalog.indicators]
    assert new.ips == score(desk.ws.catalog, levels_for(ALFA, codes, 7)).ips_rounded
    assert events(desk.ws, "award_enter")[-1]["previous_hash"] == old.bundle_hash
    # entering the replacement again is "unchanged"
    assert committee.enter(award, bundles.reseeded, replace=True).status == "unchanged"
    assert len(committee.entrants(award)) == len(SPECS)


def test_another_year_of_the_same_agency_needs_replace(desk, bundles, refused):
    committee, award = desk.committee, desk.award
    refused(desk.ws, lambda: committee.enter(award, bundles.earlier))


# -- the ranking, worked by hand -------------------------------------------------------------


def ips_score(ips: Decimal) -> F:
    return (F(ips) - 1) * 25


def trimmed_or_mean(scores: dict[str, object]) -> F:
    values = sorted(dec(v) for v in scores.values())
    if len(values) >= 5:
        values = values[1:-1]
    return sum(values, F(0)) / len(values)


def ranked_rows(result) -> list[tuple]:
    return [(r.entrant.key, r.rank, r.stage_score, r.score, r.advanced) for r in result.ranked]


def expected_rows(scores: dict[str, tuple[F, F]], advance: int | None) -> list[tuple]:
    """(key, rank, stage score, score, advanced) sorted by score; ties are not relied on."""
    assert len({s for _, s in scores.values()}) == len(scores)
    order = sorted(scores, key=lambda k: -scores[k][1])
    cut = advance if advance is not None else len(order)
    return [(k, n, *scores[k], n <= cut) for n, k in enumerate(order, 1)]


def test_sata_jatim_ranking_worked_by_hand(desk):
    fill_sata_inputs(desk)
    fill_sata_jury(desk)
    entrants = {e.key: e for e in desk.committee.entrants(desk.award)}
    ranking = desk.committee.ranking(desk.award)
    one, two, three = ranking.stages

    s1, s2, s3 = {}, {}, {}
    for spec, (dd, ig, sdi) in SATA_INPUTS.items():
        s1[key(spec)] = (dec(dd) * F(50, 100) + dec(ig) * F(50, 100))
        ips = entrants[key(spec)].ips
        if ips is not None:
            s2[key(spec)] = ips_score(ips) * F(1, 2) + dec(sdi) * F(1, 2)
    for spec, scores in SATA_JURY.items():
        s3[key(spec)] = trimmed_or_mean(scores)

    # Tahap I: a stage weight of 1; no cut, every complete entrant goes on
    assert ranked_rows(one) == expected_rows({k: (v, v) for k, v in s1.items()}, None)
    # Tahap II ranks by the mean of the stage scores so far; ten go on
    cumulative2 = {k: (s2[k], (s1[k] + s2[k]) / 2) for k in s2}
    assert ranked_rows(two) == expected_rows(cumulative2, 10)
    [draft] = two.incomplete
    assert draft.entrant.key == key(DRAFT)
    assert (draft.rank, draft.score, draft.stage_score, draft.advanced) == (None, None, None,
                                                                            False)
    assert draft.missing == ("Hasil EPSS (IPS)",)
    # Tahap III: the three finalists by the mean of all three stage scores; five win
    cumulative3 = {k: (s3[k], (s1[k] + s2[k] + s3[k]) / 3) for k in s3}
    assert ranked_rows(three) == expected_rows(cumulative3, 5)
    assert key(DRAFT) not in {r.entrant.key for r in three.rows}

    # the IPS part is the two-decimal IPS mapped linearly
    for row in two.ranked:
        part = next(p for p in row.parts if p.criterion.id == "epss")
        assert part.value == ips_score(entrants[row.entrant.key].ips)
        assert part.contribution == part.value / 2
    # the jury parts say how they were aggregated
    jury = {r.entrant.key: r.parts[0].jury for r in three.ranked}
    assert (jury[key(ALFA)].rule, jury[key(ALFA)].jurors) == ("trimmed-mean", 5)
    assert set(jury[key(ALFA)].dropped) == {"Konsultan Data", "Bappeda"}
    assert (jury[key(BETA)].rule, jury[key(BETA)].dropped) == ("mean", ())
    assert jury[key(ALFA)].value == F(80 + 70 + 85, 3)
    assert jury[key(BETA)].value == (75 + 80 + F(7775, 100) + 90) / 4
    assert jury[key(GAMA)].value == 88


def test_kota_malang_ranking_worked_by_hand(ws, bundles):
    d = open_desk(ws, bundles, specs=(ALFA, BETA, GAMA), rubric="kota-malang-opd")
    typed = {ALFA: ("80", "92,5"), BETA: ("70,25", 88), GAMA: (95, "61.75")}
    for spec, (bps, portal) in typed.items():
        d.committee.set_input(d.award, spec.code, "rekomendasi-bps", bps)
        d.committee.set_input(d.award, spec.name, "portal", portal)
    ips = {e.key: e.ips for e in d.committee.entrants(d.award)}
    expected = {}
    for spec, (bps, portal) in typed.items():
        total = (F(30, 100) * ips_score(ips[key(spec)]) + F(30, 100) * dec(bps)
                 + F(40, 100) * dec(portal))
        expected[key(spec)] = (total, total)
    [stage] = d.committee.ranking(d.award).stages
    assert ranked_rows(stage) == expected_rows(expected, None)
    for row in stage.ranked:
        assert sum(p.contribution for p in row.parts) == row.score
        internal = row.parts[0]
        assert internal.criterion.id == "internal"
        assert internal.contribution == F(30, 100) * ips_score(ips[row.entrant.key])


def test_ranking_up_to_a_stage_and_bad_stage(desk):
    fill_sata_inputs(desk)
    assert len(desk.committee.ranking(desk.award, upto=2).stages) == 2
    for bad in (0, 4, -1):
        with pytest.raises(WorkspaceError, match="tahap harus 1-3"):
            desk.committee.ranking(desk.award, upto=bad)


# -- incomplete entrants ---------------------------------------------------------------------


def test_incomplete_entrants_are_listed_never_ranked_and_do_not_advance(desk):
    inputs = {**SATA_INPUTS, BETA: (90, None, "88.25")}  # BETA's integration not reported
    fill_sata_inputs(desk, inputs)
    fill_sata_jury(desk)
    one, two, three = desk.committee.ranking(desk.award).stages

    [beta] = one.incomplete
    assert beta.entrant.key == key(BETA)
    assert beta.rank is None and beta.score is None and beta.stage_score is None
    assert not beta.advanced and not beta.complete
    assert beta.missing == ("Integrasi dan interoperabilitas dengan Open Data Jatim dan SDI",)
    assert [p.value for p in beta.parts] == [90, None]
    assert all(r.rank is not None and r.rank > 0 for r in one.ranked)
    assert key(BETA) not in {r.entrant.key for r in two.rows}  # stopped at Tahap I

    [draft] = two.incomplete  # complete in Tahap I, but no final IPS
    assert draft.entrant.key == key(DRAFT)
    assert draft.rank is None and not draft.advanced
    assert draft.entrant.ips is None
    assert {r.entrant.key for r in two.ranked} == {key(ALFA), key(GAMA)}
    assert {r.entrant.key for r in three.ranked} == {key(ALFA), key(GAMA)}
    assert three.incomplete == ()
    # the jury scores the two who got through, not the incomplete ones
    assert {e.key for e in desk.committee.jury_entrants(desk.award)} == {key(ALFA), key(GAMA)}


def test_the_draft_entrant_explains_why_it_has_no_ips(desk):
    draft = desk.committee.entrant(desk.award, key(DRAFT))
    assert draft.ips is None and draft.ips_source is None
    assert draft.ips_note == "IPS belum final: baru 30 dari 38 indikator terisi"


# -- values the committee enters: validation -------------------------------------------------


Action = Callable[[Committee, AwardInfo], object]
BAD_VALUES: dict[str, tuple[Action, tuple[str, ...]]] = {
    "above 100": (lambda c, a: c.set_input(a, key(ALFA), "sdi", "100,01"),
                  ("antara 0 dan 100",)),
    "negative": (lambda c, a: c.set_input(a, key(ALFA), "sdi", -1), ("antara 0 dan 100",)),
    "five decimals": (lambda c, a: c.set_input(a, key(ALFA), "sdi", "12,34567"),
                      ("4 angka desimal",)),
    "text": (lambda c, a: c.set_input(a, key(ALFA), "sdi", "abc"), ("harus angka", "'abc'")),
    "empty text": (lambda c, a: c.set_input(a, key(ALFA), "sdi", ""), ("harus angka",)),
    "nan": (lambda c, a: c.set_input(a, key(ALFA), "sdi", "nan"), ("harus angka",)),
    "bool": (lambda c, a: c.set_input(a, key(ALFA), "sdi", True), ("harus angka",)),
    "epss by hand": (lambda c, a: c.set_input(a, key(ALFA), "epss", 50),
                     ("epss", "tidak diisi tangan")),
    "jury via input": (lambda c, a: c.set_input(a, key(ALFA), "presentasi", 50),
                       ("presentasi", "epss award jury")),
    "input via jury": (lambda c, a: c.set_jury(a, "Bappeda", key(ALFA), "sdi", 50),
                       ("sdi", "epss award input")),
    "unknown criterion": (lambda c, a: c.set_input(a, key(ALFA), "portal", 50),
                          ("'portal'", "daftar-data, integrasi, sdi")),
    "unknown criterion (jury)": (lambda c, a: c.set_jury(a, "Bappeda", key(ALFA), "x", 50),
                                 ("'x'", "presentasi")),
    "unknown entrant": (lambda c, a: c.set_input(a, "kota:9979", "sdi", 50),
                        ("kota:9979", "tidak terdaftar")),
    "unknown entrant name": (lambda c, a: c.set_input(a, "Surabaya", "sdi", 50),
                             ("tidak terdaftar",)),
    "ambiguous name part": (lambda c, a: c.set_input(a, "kabupaten", "sdi", 50),
                            ("beberapa peserta", "sebut kodenya")),
    "empty entrant": (lambda c, a: c.set_input(a, "  ", "sdi", 50), ("wajib",)),
    "empty juror": (lambda c, a: c.set_jury(a, "   ", key(ALFA), "presentasi", 50),
                    ("nama juri wajib",)),
    "juror too long": (lambda c, a: c.set_jury(a, "J" * 81, key(ALFA), "presentasi", 50),
                       ("80 karakter",)),
    "jury score above 100": (lambda c, a: c.set_jury(a, "Bappeda", key(ALFA), "presentasi",
                                                     "101"), ("antara 0 dan 100",)),
    "jury score text": (lambda c, a: c.set_jury(a, "Bappeda", key(ALFA), "presentasi",
                                                "baik"), ("harus angka",)),
    "sheet scores for an unknown entrant": (
        lambda c, a: c.set_jury_scores(a, "Bappeda", [
            JuryScore(key(ALFA), "presentasi", F(80)),
            JuryScore("kota:9979", "presentasi", F(80))]), ("kota:9979",)),
    "sheet scores for an input criterion": (
        lambda c, a: c.set_jury_scores(a, "Bappeda", [
            JuryScore(key(ALFA), "presentasi", F(80)), JuryScore(key(BETA), "sdi", F(80))]),
        ("sdi",)),
    "no sheet scores": (lambda c, a: c.set_jury_scores(a, "Bappeda", []), ("tidak ada nilai",)),
}


@pytest.mark.parametrize("case", list(BAD_VALUES))
def test_a_bad_value_is_refused_and_changes_nothing(desk, case, refused):
    desk.committee.set_input(desk.award, key(ALFA), "sdi", "66,5")  # something to keep
    desk.committee.set_jury(desk.award, "Bappeda", key(BETA), "presentasi", 75)
    action, fragments = BAD_VALUES[case]
    refused(desk.ws, lambda: action(desk.committee, desk.award), *fragments)


def test_values_are_stored_exactly_and_can_be_cleared(desk, refused):
    c, a, ws = desk.committee, desk.award, desk.ws
    assert c.set_input(a, key(ALFA), "sdi", "66,50") == F(133, 2)
    assert c.set_input(a, key(ALFA), "daftar-data", "0,0001") == F(1, 10000)
    assert c.set_jury(a, "  Akademisi   A ", key(ALFA), "presentasi", 100) == 100
    alfa = c.entrant(a, key(ALFA)).agency.id
    assert value_rows(ws) == [(alfa, "daftar-data", "", "0.0001"),
                              (alfa, "presentasi", "Akademisi A", "100"),
                              (alfa, "sdi", "", "66.5")]
    assert events(ws, "award_input")[0] == {"entrant": key(ALFA), "criterion": "sdi",
                                             "juror": "", "value": "66.5"}
    # overwrite, then clear
    assert c.set_input(a, key(ALFA), "sdi", 70) == 70
    count = event_count(ws)
    assert c.set_input(a, key(ALFA), "sdi", None) is None
    assert c.set_jury(a, "Akademisi A", key(ALFA), "presentasi", None) is None
    assert value_rows(ws) == [(alfa, "daftar-data", "", "0.0001")]
    assert event_count(ws) == count + 2
    assert events(ws, "award_input")[-1]["value"] is None
    assert events(ws, "award_jury")[-1] == {"entrant": key(ALFA), "criterion": "presentasi",
                                             "juror": "Akademisi A", "value": None}
    # clearing what is not there is refused, and changes nothing
    refused(ws, lambda: c.set_input(a, key(ALFA), "sdi", None), "belum ada nilai sdi")
    refused(ws, lambda: c.set_jury(a, "Akademisi A", key(ALFA), "presentasi", None),
            "belum ada nilai presentasi")
    refused(ws, lambda: c.set_jury(a, "Bappeda", key(BETA), "presentasi", None),
            "dari juri Bappeda")


# -- finding an entrant ------------------------------------------------------------------------


@pytest.mark.parametrize("ref", ["kota:9971", "9971", "  kota:9971 ", "Pemerintah Kota Sumberwangi",
                                 "sumberwangi", "KOTA SUMBER", "Kota"])
def test_an_entrant_is_found_by_key_code_or_unique_name_part(desk, ref):
    assert desk.committee.entrant(desk.award, ref).key == key(ALFA)


@pytest.mark.parametrize("ref, fragment", [
    ("Kabupaten", "beberapa peserta"), ("pemerintah", "beberapa peserta"),
    ("kota:9972", "tidak terdaftar"), ("9972", "tidak terdaftar"), ("99", "tidak terdaftar"),
    ("", "wajib")])
def test_an_ambiguous_or_unknown_entrant_is_refused(desk, ref, fragment):
    with pytest.raises(WorkspaceError, match=fragment):
        desk.committee.entrant(desk.award, ref)


# -- jury aggregation through the service ------------------------------------------------------


def test_five_jurors_trimmed_mean_four_jurors_mean(desk):
    fill_sata_inputs(desk)
    c, a = desk.committee, desk.award
    five = {"Juri A": "60", "Juri B": "95,5", "Juri C": 70, "Juri D": 80, "Juri E": "81,25"}
    for juror, value in five.items():
        c.set_jury(a, juror, key(ALFA), "presentasi", value)
    four = {"Juri A": 50, "Juri B": 100, "Juri C": "77,5", "Juri D": 81}
    c.set_jury_scores(a, "Juri A", [JuryScore(key(BETA), "presentasi", F(50))])
    for juror, value in list(four.items())[1:]:
        c.set_jury(a, juror, key(BETA), "presentasi", value)
    rows = {r.entrant.key: r for r in c.ranking(a).stages[2].rows}
    alfa = rows[key(ALFA)].parts[0].jury
    # 60 and 95,5 are dropped: (70 + 80 + 81,25) / 3
    assert alfa.rule == "trimmed-mean" and alfa.jurors == 5
    assert alfa.value == (70 + 80 + F(8125, 100)) / 3
    assert set(alfa.dropped) == {"Juri A", "Juri B"}
    assert (alfa.low, alfa.high, alfa.spread) == (60, F(955, 10), F(355, 10))
    assert rows[key(ALFA)].stage_score == alfa.value
    beta = rows[key(BETA)].parts[0].jury
    assert beta.rule == "mean" and beta.jurors == 4 and beta.dropped == ()
    assert beta.value == (50 + 100 + F(775, 10) + 81) / 4
    assert "terpangkas" in alfa.rule_text and "terpangkas" not in beta.rule_text
    # a fifth juror for BETA switches it to the trimmed mean
    c.set_jury(a, "Juri E", key(BETA), "presentasi", 90)
    beta = {r.entrant.key: r for r in c.ranking(a).stages[2].rows}[key(BETA)].parts[0].jury
    assert beta.rule == "trimmed-mean"
    assert beta.value == (F(775, 10) + 81 + 90) / 3


# -- the jury sheet ----------------------------------------------------------------------------


@pytest.fixture
def finalists(desk) -> Desk:
    """Inputs filled: ALFA, BETA and GAMA reach Tahap III; DRAFT is incomplete."""
    fill_sata_inputs(desk)
    return desk


def sheet_rows(path: Path) -> dict[str, int]:
    """Entrant key -> its row in the sheet."""
    book = openpyxl.load_workbook(path)
    ws = book.active
    return {ws.cell(row=r, column=1).value: r for r in range(6, ws.max_row + 1)
            if ws.cell(row=r, column=1).value}


def edited_sheet(source: Path, target: Path, change: Callable[[Any, dict[str, int]], None]
                 ) -> Path:
    rows = sheet_rows(source)
    book = openpyxl.load_workbook(source)
    change(book.active, rows)
    book.save(target)
    return target


def put(ws, row: int, column: int, value: object) -> None:
    ws.cell(row=row, column=column).value = value  # (ws.cell(value=None) would not clear)


def filled(ws, rows: dict[str, int], juror: str | None = "Akademisi A") -> None:
    put(ws, 1, 2, juror)
    put(ws, rows[key(ALFA)], 3, "81,5")  # typed with a decimal comma: text
    put(ws, rows[key(BETA)], 3, 90)
    put(ws, rows[key(GAMA)], 3, 77.25)


@pytest.fixture
def blank_sheet(finalists, tmp_path) -> Path:
    path, count = finalists.committee.export_jury_sheet(finalists.award,
                                                        tmp_path / "nilai-juri.xlsx")
    assert count == 3
    return path


def test_jury_sheet_lists_the_finalists(finalists, blank_sheet, tmp_path):
    book = openpyxl.load_workbook(blank_sheet)
    ws = book.active
    assert ws.title == "Nilai Juri"
    assert ws["B1"].value in (None, "")
    assert ws["B2"].value == "SATA Jatim Award 2024"
    assert [c.value for c in ws[5]] == ["Kode peserta", "Nama peserta", (
        "Presentasi dan wawancara: tata kelola data dan dukungan Satu Data Jatim "
        "[presentasi]")]
    rows = sheet_rows(blank_sheet)
    assert set(rows) == {key(ALFA), key(BETA), key(GAMA)}  # not the incomplete DRAFT
    assert ws.cell(row=rows[key(ALFA)], column=2).value == ALFA.name
    named, _ = finalists.committee.export_jury_sheet(finalists.award, tmp_path / "b.xlsx",
                                                     juror="Bappeda")
    assert openpyxl.load_workbook(named).active["B1"].value == "Bappeda"
    with pytest.raises(WorkspaceError, match="80 karakter"):
        finalists.committee.export_jury_sheet(finalists.award, tmp_path / "c.xlsx",
                                              juror="J" * 81)
    assert not (tmp_path / "c.xlsx").exists()


def test_jury_sheet_round_trip_and_juror_override(finalists, blank_sheet, tmp_path):
    c, a, ws = finalists.committee, finalists.award, finalists.ws
    path = edited_sheet(blank_sheet, tmp_path / "isi.xlsx", filled)
    count = event_count(ws)
    assert c.import_jury_sheet(a, path) == ("Akademisi A", 3)
    assert event_count(ws) == count + 1
    [event] = events(ws, "award_jury")
    assert (event["juror"], event["source"], event["scores"]) == ("Akademisi A", "isi.xlsx", 3)
    ids = {e.key: e.agency.id for e in c.entrants(a)}
    assert sorted(r for r in value_rows(ws) if r[2]) == sorted([
        (ids[key(ALFA)], "presentasi", "Akademisi A", "81.5"),
        (ids[key(BETA)], "presentasi", "Akademisi A", "90"),
        (ids[key(GAMA)], "presentasi", "Akademisi A", "77.25")])
    three = {r.entrant.key: r for r in c.ranking(a).stages[2].ranked}
    assert three[key(ALFA)].stage_score == F(815, 10)
    assert three[key(GAMA)].stage_score == F(7725, 100)

    # the juror given to the import wins over the name in B1
    assert c.import_jury_sheet(a, path, juror=" Bappeda ") == ("Bappeda", 3)
    jurors = {r[2] for r in value_rows(ws) if r[1] == "presentasi"}
    assert jurors == {"Akademisi A", "Bappeda"}
    assert {r.entrant.key: r.parts[0].jury.jurors
            for r in c.ranking(a).stages[2].ranked} == dict.fromkeys(ids.keys() - {key(DRAFT)},
                                                                     2)


def _twice(w, rows):
    filled(w, rows)
    put(w, max(rows.values()) + 1, 1, key(ALFA))
    put(w, max(rows.values()) + 1, 3, 70)


def _sdi_column(w, rows):
    filled(w, rows)
    put(w, 5, 4, "Penilaian SDI [sdi]")
    put(w, rows[key(ALFA)], 4, 70)


HOSTILE_SHEETS: dict[str, tuple[Callable[[Any, dict[str, int]], None],
                                Callable[[dict[str, int]], tuple[str, ...]]]] = {
    "unknown entrant code": (
        lambda w, rows: (filled(w, rows), put(w, rows[key(BETA)], 1, "kota:9979")),
        lambda rows: (f"baris {rows[key(BETA)]}, kolom A", "kota:9979")),
    "entrant listed twice": (
        _twice, lambda rows: (f"baris {max(rows.values()) + 1}, kolom A",
                              f"sudah ada di baris {rows[key(ALFA)]}")),
    "score 120": (
        lambda w, rows: (filled(w, rows), put(w, rows[key(GAMA)], 3, 120)),
        lambda rows: (f"baris {rows[key(GAMA)]}, kolom C", "antara 0 dan 100")),
    "non-jury criterion column": (
        _sdi_column, lambda rows: ("baris 5, kolom D", "[sdi]", "tidak dinilai juri")),
    "no juror name": (
        lambda w, rows: filled(w, rows, juror=None), lambda rows: ("nama juri kosong",
                                                                   "--juror")),
    "code header missing": (
        lambda w, rows: (filled(w, rows), put(w, 5, 1, "Kode")),
        lambda rows: ("'Kode peserta'", "tidak ditemukan")),
    "criterion header missing": (
        lambda w, rows: (filled(w, rows), put(w, 5, 3, "Presentasi")),
        lambda rows: ("tidak ada kolom kriteria juri",)),
}


@pytest.mark.parametrize("case", list(HOSTILE_SHEETS))
def test_a_bad_jury_sheet_is_refused_whole(finalists, blank_sheet, tmp_path, case, refused):
    change, fragments = HOSTILE_SHEETS[case]
    rows = sheet_rows(blank_sheet)
    path = edited_sheet(blank_sheet, tmp_path / "rusak.xlsx", change)
    c, a, ws = finalists.committee, finalists.award, finalists.ws
    refused(ws, lambda: c.import_jury_sheet(a, path), "rusak.xlsx", *fragments(rows))
    assert [r for r in value_rows(ws) if r[2]] == []  # not one score


def test_every_bad_cell_is_named(finalists, blank_sheet, tmp_path, refused):
    def many(w, rows):
        filled(w, rows)
        put(w, rows[key(ALFA)], 3, "bagus")
        put(w, rows[key(BETA)], 3, "81,12345")
        put(w, rows[key(GAMA)], 1, None)  # a score without its entrant code
        put(w, 5, 4, "Lain [wawancara]")
        put(w, 5, 5, "Lagi [presentasi]")
        put(w, 20, 3, -1)
        put(w, 20, 1, key(DRAFT))  # entered, so known, but the score is out of range

    rows = sheet_rows(blank_sheet)
    path = edited_sheet(blank_sheet, tmp_path / "banyak.xlsx", many)
    c, a = finalists.committee, finalists.award
    message = refused(finalists.ws, lambda: c.import_jury_sheet(a, path))
    assert "tidak ada nilai yang diimpor" in message
    for fragment in ("baris 5, kolom D: kriteria [wawancara] tidak ada di rubrik",
                     "baris 5, kolom E: kolom kriteria [presentasi] ada dua kali",
                     f"baris {rows[key(ALFA)]}, kolom C: nilai presentasi: harus angka",
                     f"baris {rows[key(BETA)]}, kolom C: nilai presentasi: paling banyak 4",
                     f"baris {rows[key(GAMA)]}, kolom A: ada nilai tetapi kode peserta kosong"):
        assert fragment in message, message
    assert "(dan 1 lagi)" in message  # the sixth problem (row 20) is counted, not listed


@pytest.mark.parametrize("content, fragment", [
    (b"", "kosong"), (b"Kode peserta;Nama\nkota:9971;x\n", "bukan berkas xlsx"),
    (b"PK\x03\x04" + bytes(100), "bukan berkas xlsx")])
def test_a_file_that_is_no_xlsx_is_refused(finalists, tmp_path, content, fragment, refused):
    path = tmp_path / "nilai.xlsx"
    path.write_bytes(content)
    c, a = finalists.committee, finalists.award
    refused(finalists.ws, lambda: c.import_jury_sheet(a, path), "nilai.xlsx", fragment)
    refused(finalists.ws, lambda: c.import_jury_sheet(a, tmp_path / "tidak-ada.xlsx"),
            "tidak ditemukan")


def test_reading_a_small_jury_sheet_stays_small(finalists, blank_sheet, tmp_path,
                                                monkeypatch):
    import epss.services.exchange.jury_sheet as jury_sheet

    opened = []
    original = jury_sheet.open_workbook

    def spy(path):
        book = original(path)
        opened.append(book)
        return book

    monkeypatch.setattr(jury_sheet, "open_workbook", spy)
    path = edited_sheet(blank_sheet, tmp_path / "isi.xlsx", filled)
    read = jury_sheet.read_jury_sheet(path, finalists.award.rubric,
                                      [e.key for e in finalists.committee.entrants(
                                          finalists.award)])
    assert len(read.scores) == 3 and not read.problems
    [book] = opened
    assert len(book.active._cells) < 1000  # the sheet has 8 rows x 3 columns of content


# -- replacing the rubric ----------------------------------------------------------------------


DAFTAR = ('id = "daftar-data"\nname = "Pemenuhan daftar data Forum Walidata di portal (%)"\n'
          'source = "input"\nweight = 50')
INTEGRASI = ('id = "integrasi"\nname = "Integrasi dan interoperabilitas dengan Open Data '
             'Jatim dan SDI"\nsource = "input"\nweight = 50')
SDI = 'id = "sdi"\nname = "Penilaian Satu Data Indonesia"\nsource = "indeks_sdi"'


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def rubric_file(folder: Path, text: str, name: str = "sata-jatim.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def scored(desk) -> Desk:
    """Inputs for everyone and one jury score: values a rubric change must not orphan."""
    fill_sata_inputs(desk)
    desk.committee.set_jury(desk.award, "Bappeda", key(ALFA), "presentasi", 80)
    return desk


def test_an_edited_rubric_with_new_weights_is_accepted(scored, tmp_path):
    c, a, ws = scored.committee, scored.award, scored.ws
    text = edit(edit(a.rubric_text, DAFTAR, DAFTAR[:-2] + "70"), INTEGRASI,
                INTEGRASI[:-2] + "30")
    count = event_count(ws)
    new = c.replace_rubric(a, rubric_file(tmp_path, text))
    assert new.rubric_text == text
    assert new.rubric_sha256 == hashlib.sha256(text.encode()).hexdigest() != a.rubric_sha256
    assert [cr.weight for cr in new.rubric.stages[0].criteria] == [70, 30]
    assert c.award(a.key).rubric_sha256 == new.rubric_sha256
    assert event_count(ws) == count + 1
    [event] = events(ws, "replace_rubric")
    assert event["before_sha256"] == a.rubric_sha256
    assert event["after_sha256"] == new.rubric_sha256
    assert event["before"] == a.rubric_text
    # the ranking uses the new weights
    alfa = next(r for r in c.ranking(new).stages[0].rows if r.entrant.key == key(ALFA))
    dd, ig, _ = SATA_INPUTS[ALFA]
    assert alfa.stage_score == F(70, 100) * dec(dd) + F(30, 100) * dec(ig)
    # the same text again changes nothing and logs nothing
    assert c.replace_rubric(new, rubric_file(tmp_path, text, "lagi.toml")) == new
    assert event_count(ws) == count + 1


def test_dropping_a_criterion_without_values_is_accepted(desk, tmp_path):
    c, a = desk.committee, desk.award
    c.set_input(a, key(ALFA), "daftar-data", 50)
    text = edit(a.rubric_text, DAFTAR, DAFTAR[:-2] + "100")
    text = edit(text, "[[stages.criteria]]\n" + INTEGRASI + '\nweight_confidence = "assumed"\n',
                "")
    new = c.replace_rubric(a, rubric_file(tmp_path, text))
    assert [cr.id for cr in new.rubric.stages[0].criteria] == ["daftar-data"]


def _drop_integrasi(text: str) -> str:
    text = edit(text, DAFTAR, DAFTAR[:-2] + "100")
    return edit(text, "[[stages.criteria]]\n" + INTEGRASI + '\nweight_confidence = "assumed"\n',
                "")


BAD_RUBRICS: dict[str, tuple[Callable[[str], str], str, tuple[str, ...]]] = {
    "drops a criterion with values": (_drop_integrasi, "sata-jatim.toml",
                                      ("tidak diganti", "integrasi")),
    "input becomes jury": (lambda t: edit(t, INTEGRASI, INTEGRASI.replace('"input"', '"jury"')),
                           "sata-jatim.toml", ("tidak diganti", "integrasi", "jury")),
    "jury becomes input": (
        lambda t: edit(t, 'source = "jury"', 'source = "input"'), "sata-jatim.toml",
        ("tidak diganti", "presentasi")),
    "another rubric id": (lambda t: edit(t, 'id = "sata-jatim"', 'id = "sata-jabar"'),
                          "sata-jabar.toml", ("sata-jabar", "bukan rubrik lomba ini")),
    "broken TOML": (lambda t: t + "\n[[stages]\n", "rusak.toml",
                    ("rusak.toml: TOML tidak sah di baris ", "judul daftar tabel harus diakhiri")),
    "weights not adding up": (lambda t: edit(t, DAFTAR, DAFTAR[:-2] + "60"), "sata-jatim.toml",
                              ("sata-jatim.toml", "berjumlah 110, harus 100")),
    "not a toml file": (lambda t: t, "sata-jatim.txt", ("rubrik tidak dikenal",)),
}


@pytest.mark.parametrize("case", list(BAD_RUBRICS))
def test_a_bad_rubric_replacement_is_refused(scored, tmp_path, case, refused):
    change, name, fragments = BAD_RUBRICS[case]
    c, a = scored.committee, scored.award
    path = rubric_file(tmp_path, change(a.rubric_text), name)
    refused(scored.ws, lambda: c.replace_rubric(a, path), *fragments)
    assert c.award(a.key).rubric_text == a.rubric_text


def test_a_rubric_file_that_is_not_utf8_is_refused_in_indonesian(scored, tmp_path, refused):
    c, a = scored.committee, scored.award
    path = tmp_path / "sata-jatim.toml"
    path.write_bytes(a.rubric_text.encode("utf-8") + "\n# catatan: dicek\n".encode("cp1252")
                     + b"\xff")
    message = refused(scored.ws, lambda: c.replace_rubric(a, path))
    assert message == "sata-jatim.toml: berkas rubrik bukan teks UTF-8"


def test_huge_references_are_quoted_short(scored, refused):
    """A pasted blob as an entrant, criterion or award is named in a few words, not echoed."""
    c, a, blob = scored.committee, scored.award, "x" * 50_000
    for action, start in [
        (lambda: c.set_input(a, key(ALFA), blob, 50), "kriteria 'xxx"),
        (lambda: c.set_input(a, blob, "sdi", 50), "peserta 'xxx"),
        (lambda: c.award(blob), "lomba xxx"),
        (lambda: c.set_input(a, key(ALFA), "sdi", blob), "nilai sdi untuk "),
        (lambda: c.set_input(a, key(ALFA), "sdi", "9" * 50_000), "nilai sdi untuk "),
    ]:
        message = refused(scored.ws, action)
        assert message.startswith(start) and len(message) < 250, message
        assert "'" + "x" * 60 not in message and "9" * 60 not in message


def test_a_packaged_rubric_of_another_id_is_refused(scored, refused):
    refused(scored.ws, lambda: scored.committee.replace_rubric(scored.award, "kota-malang-opd"),
            "bukan rubrik lomba ini")
    refused(scored.ws, lambda: scored.committee.replace_rubric(scored.award, "tidak-ada"),
            "rubrik tidak dikenal", "sata-jatim")


def test_input_becoming_epss_ips_with_values_is_refused(scored, tmp_path, refused):
    c, a = scored.committee, scored.award
    path = rubric_file(tmp_path, edit(a.rubric_text, INTEGRASI,
                                      INTEGRASI.replace('"input"', '"epss_ips"')))
    refused(scored.ws, lambda: c.replace_rubric(a, path), "tidak diganti", "integrasi")


# -- withdrawing -------------------------------------------------------------------------------


def test_withdraw_removes_the_entrant_and_its_values_but_keeps_the_assessment(desk, bundles,
                                                                              refused):
    fill_sata_inputs(desk)
    fill_sata_jury(desk)
    c, a, ws = desk.committee, desk.award, desk.ws
    alfa = c.entrant(a, key(ALFA))
    mine = [r for r in value_rows(ws) if r[0] == alfa.agency.id]
    assert len(mine) == 3 + 5
    others = [r for r in value_rows(ws) if r[0] != alfa.agency.id]

    gone = c.withdraw(a, "sumberwangi")
    assert gone.key == key(ALFA)
    assert key(ALFA) not in {e.key for e in c.entrants(a)}
    assert value_rows(ws) == others
    assert ws.get_assessment(alfa.assessment.id).year == YEAR  # the import stays
    assert ws.store.find_agency("kota", "9971") is not None
    [event] = events(ws, "award_withdraw")
    assert event["entrant"] == key(ALFA)
    assert event["manifest_hash"] == alfa.bundle_hash
    assert len(event["values"]) == len(mine)
    assert key(ALFA) not in {r.entrant.key for s in c.ranking(a).stages for r in s.rows}
    refused(ws, lambda: c.set_input(a, key(ALFA), "sdi", 50), "tidak terdaftar")
    refused(ws, lambda: c.withdraw(a, key(ALFA)), "tidak terdaftar")
    # it can enter again; its bundle is already in the workspace, the values are not
    again = c.enter(a, bundles[ALFA])
    assert again.status == "entered"
    assert [r for r in value_rows(ws) if r[0] == alfa.agency.id] == []


# -- who the jury scores, with more than ten entrants ------------------------------------------


def test_jury_entrants_are_the_ten_who_advance(ws, many_bundles, tmp_path):
    c = ws.committee
    a = c.new_award("sata-jatim", YEAR)
    for path in many_bundles:
        c.enter(a, path)
    assert len(c.jury_entrants(a)) == 12  # nobody has advanced yet: everyone
    typed = {}
    for n, spec in enumerate(MANY):
        typed[key(spec)] = F(40 + 5 * n)
        for criterion in ("daftar-data", "integrasi", "sdi"):
            c.set_input(a, key(spec), criterion, 40 + 5 * n)
    ips = {e.key: e.ips for e in c.entrants(a)}
    assert all(v is not None for v in ips.values())
    cumulative = {k: (typed[k] + (ips_score(ips[k]) + typed[k]) / 2) / 2 for k in typed}
    assert len(set(cumulative.values())) == 12
    top = sorted(cumulative, key=lambda k: -cumulative[k])[:10]

    finalists = c.jury_entrants(a)
    assert len(finalists) == 10
    assert {e.key for e in finalists} == set(top)
    two = c.ranking(a, upto=2).stages[1]
    assert {r.entrant.key for r in two.ranked if r.advanced} == set(top)
    path, count = c.export_jury_sheet(a, tmp_path / "juri.xlsx")
    assert count == 10
    assert set(sheet_rows(path)) == set(top)


# -- several awards ----------------------------------------------------------------------------


def test_awards_by_key_and_the_latest(ws, bundles, refused):
    c = ws.committee
    with pytest.raises(WorkspaceError, match="belum ada lomba"):
        c.award()
    old = c.new_award("sata-jatim", 2023)
    new = c.new_award("sata-jatim", 2024)
    assert [x.key for x in c.awards()] == ["sata-jatim-2024", "sata-jatim-2023"]
    assert c.award().key == "sata-jatim-2024"
    assert c.award("sata-jatim-2024").id == new.id
    assert c.award("sata-jatim-2023").id == old.id
    assert c.award(str(old.id)).key == "sata-jatim-2023"
    with pytest.raises(WorkspaceError, match="beberapa tahun"):
        c.award("sata-jatim")
    with pytest.raises(WorkspaceError, match="tidak ada"):
        c.award("sata-jatim-2030")
    refused(ws, lambda: c.new_award("sata-jatim", 2024), "sudah ada")
    refused(ws, lambda: c.new_award("sata-jabar", 2024), "rubrik tidak dikenal")
    refused(ws, lambda: c.new_award("sata-jatim", 1899))
    # entrants belong to one award
    c.enter(new, bundles[ALFA])
    assert [e.key for e in c.entrants(new)] == [key(ALFA)]
    assert c.entrants(old) == []
    # with one year only, the rubric id is enough
    malang = c.new_award("kota-malang-opd", 2024)
    assert c.award("kota-malang-opd").id == malang.id


def test_the_award_keeps_a_copy_of_the_rubric(ws):
    from importlib import resources

    award = ws.committee.new_award("sata-jatim", YEAR)
    packaged = (resources.files("epss.core") / "awards" / "sata-jatim.toml").read_text("utf-8")
    assert award.rubric_text == packaged
    assert award.rubric_sha256 == hashlib.sha256(packaged.encode()).hexdigest()
    assert award.rubric.assumed
    assert award.label == "SATA Jatim Award 2024"
    [event] = events(ws, "create")[1:]  # after the workspace's own agency
    assert event == {"rubric": "sata-jatim", "year": YEAR,
                     "rubric_sha256": award.rubric_sha256, "assumed_weights": True}


# -- an entrant is kind, code and name (issue 15) -------------------------------------------------


def test_a_bundle_of_another_agency_under_an_entrants_code_is_refused(desk, bundles, tmp_path,
                                                                      refused):
    """A "Pemerintah Kota Contoh" bundle with Sumberwangi's code must not replace Sumberwangi."""
    [impostor] = write_entrant_bundles(tmp_path, [EntrantSpec("Pemerintah Kota Contoh",
                                                              ALFA.kind, ALFA.code)], seed=3)
    committee, award = desk.committee, desk.award
    for replace in (False, True):
        message = refused(desk.ws, lambda r=replace: committee.enter(award, impostor, replace=r),
                          "Pemerintah Kota Contoh", ALFA.name)
        assert message.count(f"kota {ALFA.code}") == 2
    assert committee.entrant(award, key(ALFA)).name == ALFA.name


def test_the_same_entrant_written_differently_replaces_itself(desk, tmp_path):
    spelled = EntrantSpec("KOTA  SUMBERWANGI", ALFA.kind, ALFA.code)
    [path] = write_entrant_bundles(tmp_path, [spelled], seed=7)
    committee, award = desk.committee, desk.award
    entered = committee.enter(award, path, replace=True)
    assert entered.status == "updated"
    assert entered.entrant.name == ALFA.name  # the name it was entered with stays
    assert len(committee.entrants(award)) == len(SPECS)


def test_the_two_demos_share_no_code(tmp_path, demo_workspace):
    """`epss demo`'s city can enter the `epss demo --committee` award as an entrant of its own."""
    from epss.demo import AGENCY
    from epss.demo.committee import ORGANISER, demo_entrants

    specs = demo_entrants()
    keys = [(s.kind, s.code) for s in specs]
    assert len(set(keys)) == len(keys) == 14
    assert (AGENCY["kind"], AGENCY["code"]) not in keys
    assert all(code.startswith("99") for _, code in keys)  # fictional, never a BPS region
    city = Workspace.open(demo_workspace)
    try:
        city_bundle = city.export_bundle(city.assessment(2024).id, tmp_path / "kota-contoh.zip")
    finally:
        city.close()
    kota = [s for s in specs if s.kind == AGENCY["kind"]]
    paths = write_entrant_bundles(tmp_path / "bundel", kota, year=YEAR, seed=SEED)
    with Workspace.create(tmp_path / "komite", actor="Sekretariat Komite", **ORGANISER) as ws:
        award = ws.committee.new_award("sata-jatim", YEAR)
        for path in [*paths, city_bundle.path]:
            assert ws.committee.enter(award, path).status == "entered"
        names = sorted(e.name for e in ws.committee.entrants(award))
        assert names == sorted([AGENCY["name"], *(s.name for s in kota)])
