"""The LKE worksheet: our export reads back losslessly, hand-filled files give row-exact problems,
the official worksheet gives its wording, and no file makes the reader raise anything but
WorksheetError."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epss.core.catalog import LEVELS, load_catalog
from epss.core.model import MAX_EXPLANATION, Agency, Answer, Assessment, Attachment, clean_text
from epss.core.scoring import score
from epss.services.exchange.worksheet import (
    OFFICIAL_HEADERS,
    OUR_HEADERS,
    CriteriaRead,
    Problem,
    SheetLink,
    WorksheetError,
    read_criteria,
    read_worksheet,
    write_worksheet,
)

CATALOG = load_catalog()
CODES = CATALOG.codes
AGENCY = Agency(id=1, name="Kota Contoh", kind="kota", code="3572")
ASSESSMENT = Assessment(
    id=1, agency_id=1, year=2024, kind="mandiri", edition=CATALOG.edition.id, status="draft",
    title="", source_year=None, manifest_hash=None, created_at="2024-01-01T00:00:00Z",
    updated_at="2024-01-01T00:00:00Z",
)
ODD_EXPLANATIONS = (
    "Baris satu\nbaris dua\n\n  baris empat berindentasi",
    "=SUM(A1)",
    "'diawali kutip",
    "kolom\tdengan\ttab",
    "Unikode: Rp 1.000 • ½ • 数据 • 🙂 • ‘kutip’ — selesai",
    "  spasi di depan dan di belakang  ",
    "_x0041_ bukan huruf A",
    "+62 812 ... -1",
    "@SUM(1)",
)
ODD_TITLES = (
    "SK Walidata — 2024",
    "Peta <data> & 'kutip'",
    "Laporan (final) [v2]",
    "Ringkasan: tahap 1 – tahap 2",
    "数据 🙂",
    "x —",
    "https://judul.example.org",
)
URLS = (
    "https://data.contoh.go.id/dataset/1",
    "http://contoh.go.id/a_(b)?q=1&r=2#frag",
    "https://id.wikipedia.org/wiki/Satu_Data_(Indonesia)",
    "https://192.168.1.10:8080/x",
)


def answer(code: str, level: int | None, explanation: str = "") -> Answer:
    return Answer(indicator=code, level=level, explanation=explanation, carried_over=False,
                  updated_by="tester", updated_at="2024-01-01T00:00:00Z")


def link(ident: int, code: str, title: str, url: str, *, confidential: bool = False) -> Attachment:
    return Attachment(
        id=ident, assessment_id=1, indicator=code, blob_sha=None, url=url, title=title, note="",
        media_type=None, size=None, original_name=None, confidential=confidential,
        created_by="tester", created_at="2024-01-01T00:00:00Z",
    )


def berkas(ident: int, code: str, title: str, name: str, *, confidential: bool = False):
    return Attachment(
        id=ident, assessment_id=1, indicator=code, blob_sha="ab" * 32, url=None, title=title,
        note="", media_type="application/pdf", size=10, original_name=name,
        confidential=confidential, created_by="tester", created_at="2024-01-01T00:00:00Z",
    )


def full_answers() -> dict[str, Answer]:
    out = {}
    for i, code in enumerate(CODES):
        level = None if i == 5 else LEVELS[i % 5]
        text = ODD_EXPLANATIONS[i % len(ODD_EXPLANATIONS)] + f" ({code})" if i != 7 else ""
        out[code] = answer(code, level, text)
    return out


def full_attachments() -> list[Attachment]:
    atts = []
    for i, code in enumerate(CODES):
        title = ODD_TITLES[i % len(ODD_TITLES)]
        atts.append(link(2 * i + 1, code, title, URLS[i % len(URLS)]))
        atts.append(berkas(2 * i + 2, code, f"Berkas {title}", f"bukti ({code}).pdf"))
    atts.append(link(900, CODES[0], "Rahasia", "https://rahasia.contoh.go.id/", confidential=True))
    atts.append(berkas(901, CODES[1], "Rahasia berkas", "rahasia.pdf", confidential=True))
    return atts


def write(path: Path, answers=None, attachments=(), **kwargs) -> Path:
    answers = full_answers() if answers is None else answers
    scorecard = score(CATALOG, {c: a.level for c, a in answers.items()})
    write_worksheet(path, CATALOG, agency=AGENCY, assessment=ASSESSMENT, answers=answers,
                    attachments=attachments, scorecard=scorecard, **kwargs)
    return path


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("lke") / "lke.xlsx", attachments=full_attachments())


def make_sheet(path: Path, rows, *, headers=OUR_HEADERS, title="LKE EPSS", merge=(),
               before=()) -> Path:
    """A hand-made workbook: optional sheets ``before`` (title, rows), then the LKE sheet."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for other_title, other_rows in before:
        other = wb.create_sheet(other_title)
        for values in other_rows:
            other.append(values)
    ws = wb.create_sheet(title)
    ws.append(list(headers))
    for values in rows:
        ws.append(list(values))
    for ref in merge:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def row(code, level=None, explanation=None, evidence=None):
    """A data row of OUR_HEADERS with only the columns the reader uses filled in."""
    return [None, None, None, code, None, None, None, level, explanation, evidence]


# -- round trip -------------------------------------------------------------------------------


def test_round_trip_is_lossless(export):
    result = read_worksheet(export, CATALOG)
    assert result.problems == ()
    assert result.sheet == "LKE EPSS"
    assert result.columns == frozenset({"Penjelasan", "Bukti dukung"})
    written = full_answers()
    assert set(result.answers) == set(CODES)
    for code, got in result.answers.items():
        assert got.level == written[code].level
        assert got.explanation == written[code].explanation
    expected = full_attachments()
    for code in CODES:
        got = result.answers[code]
        links = [SheetLink(a.title, a.url) for a in expected
                 if a.indicator == code and a.url and not a.confidential]
        files = [a.title for a in expected
                 if a.indicator == code and not a.url and not a.confidential]
        assert list(got.links) == links
        assert list(got.file_titles) == files


def test_rows_are_spreadsheet_rows_in_catalog_order(export):
    result = read_worksheet(export, CATALOG)
    assert [result.answers[c].row for c in CODES] == list(range(2, 2 + len(CODES)))


def test_confidential_evidence_is_left_out_unless_asked(export, tmp_path):
    default = read_worksheet(export, CATALOG).answers
    assert "Rahasia" not in [lk.title for lk in default[CODES[0]].links]
    assert "Rahasia berkas" not in default[CODES[1]].file_titles
    raw = openpyxl.load_workbook(export)["LKE EPSS"]
    evidence = [c.value or "" for c in raw["J"]]
    assert not any("Rahasia" in text or "rahasia.contoh" in text for text in evidence)

    shown = write(tmp_path / "all.xlsx", attachments=full_attachments(), include_confidential=True)
    answers = read_worksheet(shown, CATALOG).answers
    assert SheetLink("Rahasia", "https://rahasia.contoh.go.id/") in answers[CODES[0]].links
    assert "Rahasia berkas" in answers[CODES[1]].file_titles


def test_characters_xml_cannot_hold_round_trip(tmp_path):
    texts = ["\uffff akhir", "\ufffe", "pengganti \ud800 tunggal", "_x005F_x0041_", "a\x85b\u2028c"]
    answers = {code: answer(code, 2, text) for code, text in zip(CODES, texts, strict=False)}
    got = read_worksheet(write(tmp_path / "x.xlsx", answers), CATALOG).answers
    assert [got[c].explanation for c in answers] == texts


def test_write_never_crashes_on_control_characters(tmp_path):
    # The model strips them; raw records should still not break the writer.
    answers = {CODES[0]: answer(CODES[0], 1, "nol\x00 bel\x07 esc\x1b cr\r")}
    got = read_worksheet(write(tmp_path / "c.xlsx", answers), CATALOG).answers
    assert got[CODES[0]].explanation == clean_text("nol\x00 bel\x07 esc\x1b cr\r")


def test_formula_text_is_written_as_text(export):
    ws = openpyxl.load_workbook(export)["LKE EPSS"]
    cell = ws.cell(row=2 + CODES.index(CODES[1]), column=9)
    assert cell.value == f"=SUM(A1) ({CODES[1]})"
    assert cell.data_type == "s"


_model_text = st.text(
    st.characters(exclude_categories=()), max_size=300
).map(clean_text)
_title = st.text(max_size=60).map(lambda t: " ".join(clean_text(t).split()))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(explanation=_model_text, titles=st.lists(_title, min_size=1, max_size=3),
       file_title=_title.filter(bool), url=st.sampled_from(URLS))
def test_property_write_read_is_lossless(tmp_path, explanation, titles, file_title, url):
    code = CODES[3]
    atts = [link(i, code, t, url) for i, t in enumerate(titles, start=1)]
    atts.append(berkas(99, code, file_title, "f (1).pdf"))
    path = write(tmp_path / "p.xlsx", {code: answer(code, 4, explanation)}, atts)
    got = read_worksheet(path, CATALOG)
    assert got.problems == ()
    assert got.answers[code].explanation == explanation
    assert got.answers[code].links == tuple(SheetLink(t, url) for t in titles)
    assert got.answers[code].file_titles == (file_title,)
    assert set(got.answers) == set(CODES)  # unanswered rows still come back, empty
    assert got.answers[CODES[0]].level is None


def test_evidence_cell_over_excel_limit_refuses_and_leaves_no_file(tmp_path):
    code = CODES[0]
    atts = [link(i, code, "t" * 190, f"https://contoh.go.id/{'x' * 1900}") for i in range(20)]
    target = tmp_path / "besar.xlsx"
    with pytest.raises(WorksheetError, match="32767"):
        write(target, {}, atts)
    assert list(tmp_path.iterdir()) == []


# -- the written workbook ---------------------------------------------------------------------


def test_written_workbook_is_readable_by_people(export):
    wb = openpyxl.load_workbook(export)
    assert wb.sheetnames == ["LKE EPSS", "Skor"]
    ws = wb["LKE EPSS"]
    assert tuple(c.value for c in ws[1]) == OUR_HEADERS
    assert tuple(c.value for c in ws[1])[:7] == OFFICIAL_HEADERS
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:J{1 + len(CODES)}"
    assert ws["I2"].alignment.wrap_text and ws["I2"].alignment.vertical == "top"
    assert ws["G2"].alignment.wrap_text
    assert ws.column_dimensions["I"].width >= 40
    assert ws["B2"].value == 101 and ws["B2"].data_type == "n"
    assert ws["D2"].value == 10101 and ws["D2"].data_type == "n"
    assert ws["H2"].value == 1 and ws["H2"].data_type == "n"
    assert ws[f"H{2 + 5}"].value is None  # unanswered
    criteria = ws["G2"].value.split("\n")
    assert [line[:3] for line in criteria] == ["1. ", "2. ", "3. ", "4. ", "5. "]
    assert str(ws.data_validations.dataValidation[0].sqref) == f"H2:H{1 + len(CODES)}"


def test_score_sheet_has_ips_and_tables(export):
    ws = openpyxl.load_workbook(export)["Skor"]
    labels = {r[0].value: r[1] for r in ws.iter_rows(min_row=2) if r[0].value}
    card = score(CATALOG, {c: a.level for c, a in full_answers().items()})
    assert labels["Instansi"].value == "Kota Contoh"
    assert labels["Tahun"].value == 2024
    assert labels["IPS"].value == pytest.approx(float(card.ips))
    assert labels["IPS"].number_format == "0.00"
    assert labels["IPS (tampilan)"].value == card.ips_display
    assert "," in card.ips_display
    assert labels["Predikat"].value.startswith(card.predikat)
    assert labels["Indikator terjawab"].value == card.answered
    assert labels["Jumlah indikator"].value == len(CODES)
    domain_rows = [r for r in ws.iter_rows(values_only=True) if r[0] in (1, 2, 3, 4, 5)]
    assert [r[1] for r in domain_rows] == [d.name for d in card.domains]
    aspect_rows = {r[0]: r for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)
                   and r[0] >= 100}
    assert set(aspect_rows) == {int(a.code) for a in card.aspects}
    first = card.aspects[0]
    assert aspect_rows[int(first.code)][3] == pytest.approx(float(first.index))


def test_our_export_read_as_criteria_gives_our_wording(export):
    result = read_criteria(export, CATALOG)
    assert result.problems == () and result.missing == () and result.extra == ()
    assert result.renamed == ()
    for ind in CATALOG.indicators:
        got = result.wording[ind.code]
        assert (got.name, got.description, got.levels) == (
            ind.name, ind.description, dict(ind.levels))


# -- the official worksheet -------------------------------------------------------------------


@pytest.fixture(scope="module")
def official(lke_worksheet) -> CriteriaRead:
    return read_criteria(lke_worksheet, CATALOG)


def test_official_worksheet_wording(official):
    assert official.sheet == "LKE EPSS"
    assert official.problems == ()
    assert sorted(official.wording) == sorted(CODES)
    assert official.missing == () and official.extra == ()
    # Our names are the official ones; the 20101 double space is whitespace, not a rename.
    assert official.renamed == ()
    assert official.wording["20101"].name == "Tingkat Kematangan Relevansi Data Terhadap Pengguna"
    for wording in official.wording.values():
        assert sorted(wording.levels) == [1, 2, 3, 4, 5]
        assert all(text and text == text.strip() for text in wording.levels.values())
        assert wording.description == wording.description.rstrip()
        assert all(line == line.rstrip() for line in wording.description.split("\n"))


def test_official_worksheet_quirks(official):
    levels = official.wording["50102"].levels
    assert levels[5].endswith("dalam rangka peningkatan kualitas")  # trailing blank lines gone
    assert official.wording["10101"].levels[1] == (
        "Penerapan SDS belum dilakukan oleh seluruh Produsen Data")
    description = official.wording["10301"].description
    assert "\n  (1) konsisten" in description  # internal line breaks and indentation kept


def test_official_worksheet_is_not_a_filled_worksheet(lke_worksheet):
    result = read_worksheet(lke_worksheet, CATALOG)
    assert result.answers == {}
    [problem] = result.problems
    assert (problem.sheet, problem.row) == ("LKE EPSS", 1)
    assert "Tingkat terpilih" in problem.message
    assert "tidak ada" in problem.message


def test_renamed_and_extra_codes(tmp_path):
    criteria = "1. a\n2. b\n3. c\n4. d\n5. e"
    headers = ("KodeInd", "Indikator", "Tingkat Kematangan")
    spread = "1. a\n\n2. b\n3. c\n   lanjut\n4. d\n5. e\n \n\n"
    path = make_sheet(tmp_path / "c.xlsx", [
        ("10101", "Nama  Baru\tIndikator", criteria),
        (10201, CATALOG.indicator("10201").name + "  ", spread),
        (99901, "Tidak dikenal", criteria),
        (10301, "Tanpa lima", "1. a\n2. b\n3. c\n4. d"),
        (10401, "Urutan salah", "1. a\n3. c\n2. b\n4. d\n5. e"),
        (20101, "", criteria),
    ], headers=headers)
    result = read_criteria(path, CATALOG)
    assert result.renamed == (("10101", CATALOG.indicator("10101").name, "Nama Baru Indikator"),)
    assert result.extra == ("99901",)
    assert "99901" not in result.wording
    assert result.wording["10201"].levels[3] == "c\n   lanjut"
    assert result.wording["10201"].levels[1] == "a"
    assert result.wording["10201"].levels[5] == "e"
    assert result.wording["10201"].description == ""
    assert {(p.row, p.column) for p in result.problems} == {
        (5, "Tingkat Kematangan"), (6, "Tingkat Kematangan"), (7, "Indikator")}
    assert not {"10301", "10401", "20101"} & set(result.wording)
    assert "10301" not in result.missing  # in the file, just unreadable
    assert "20102" in result.missing


def test_criteria_without_headers(tmp_path):
    path = make_sheet(tmp_path / "x.xlsx", [(10101, "a")], headers=("KodeInd", "Nama"))
    result = read_criteria(path, CATALOG)
    assert result.wording == {} and result.missing == CODES
    assert result.problems[0].row == 1
    assert '"Indikator"' in result.problems[0].message


# -- problems in a filled-in worksheet --------------------------------------------------------

GOOD = row(10101, 3, "baik")


@pytest.mark.parametrize(("bad", "column", "words"), [
    (row(99999, 3), "KodeInd", "tidak ada di katalog"),
    (row("1010x", 3), "KodeInd", "lima digit"),
    (row(10201, 0), "Tingkat terpilih", "bukan 0"),
    (row(10201, 6), "Tingkat terpilih", "bukan 6"),
    (row(10201, "tiga"), "Tingkat terpilih", 'bukan "tiga"'),
    (row(10201, 3.5), "Tingkat terpilih", "bukan 3.5"),
    (row(10201, True), "Tingkat terpilih", "bukan TRUE"),
    (row(10201, "3,0"), "Tingkat terpilih", "1-5"),
    (row(10201, "³"), "Tingkat terpilih", "1-5"),
    (row(10201, "9" * 5000), "Tingkat terpilih", "1-5"),
    (row(10201, "#N/A"), "Tingkat terpilih", "1-5"),
    (row(10201, 2, "x" * (MAX_EXPLANATION + 1)), "Penjelasan", "paling panjang"),
    (row(10201, 2, None, "Data — https://-bukan-host-/x"), "Bukti dukung", "tidak sah"),
    (row(10201, 2, None, "Data — https://contoh.go.id:99999/x"), "Bukti dukung",
     "tautan https://contoh.go.id:99999/x: tautan tidak sah: nomor port harus bilangan 0-65535"),
    (row(10201, 2, None, "Data — ftp://contoh.go.id/x"), "Bukti dukung", "tidak terbaca"),
    (row(10201, 2, None, "lihat https://contoh.go.id/x di sini"), "Bukti dukung", "tidak terbaca"),
    (row(10101, 4), "KodeInd", "sudah ada di baris 2"),
    (row(None, 4), "KodeInd", "kosong"),
])
def test_bad_row_is_reported_and_left_out(tmp_path, bad, column, words):
    path = make_sheet(tmp_path / "isi.xlsx", [GOOD, bad, row(10301, 5)])
    result = read_worksheet(path, CATALOG)
    [problem] = result.problems
    assert (problem.sheet, problem.row, problem.column) == ("LKE EPSS", 3, column)
    assert words in problem.message
    assert str(problem).startswith(f"LKE EPSS, baris 3, kolom {column}: ")
    assert set(result.answers) == {"10101", "10301"}
    assert result.answers["10101"].level == 3  # the first of a duplicate wins


def test_merged_cells_are_reported_and_their_rows_left_out(tmp_path):
    rows = [GOOD, row(10201, 2, "gabung"), row(10301, 1), row(10401, 4)]
    path = make_sheet(tmp_path / "m.xlsx", rows, merge=["H3:I4", "K30:L31"])
    result = read_worksheet(path, CATALOG)
    [problem] = result.problems
    assert (problem.sheet, problem.row) == ("LKE EPSS", 3)
    assert "sel gabungan H3:I4" in problem.message
    assert set(result.answers) == {"10101", "10401"}


def test_merged_header_is_reported(tmp_path):
    path = make_sheet(tmp_path / "m.xlsx", [GOOD], merge=["A1:B1"])
    result = read_worksheet(path, CATALOG)
    assert [(p.row, "A1:B1" in p.message) for p in result.problems] == [(1, True)]
    assert set(result.answers) == {"10101"}


def test_missing_header_is_a_problem_not_an_exception(tmp_path):
    path = make_sheet(tmp_path / "h.xlsx", [(10101, 3)], headers=("KodeInd", "Tingkat"),
                      title="Isian")
    result = read_worksheet(path, CATALOG)
    assert result.answers == {}
    [problem] = result.problems
    assert (problem.sheet, problem.row, problem.column) == ("Isian", 1, None)
    assert '"Tingkat terpilih"' in problem.message


def test_level_and_code_forms_a_person_may_type(tmp_path):
    path = make_sheet(tmp_path / "f.xlsx", [
        row(10101, 3.0), row("10201", "3"), row(" 10301 ", " 4 "), row(10401.0, None, 12),
        row(20101, 5, 2.5), [None] * 10, row(None, None, None, None),
    ])
    result = read_worksheet(path, CATALOG)
    assert result.problems == ()
    got = {c: (a.level, a.explanation) for c, a in result.answers.items()}
    assert got == {"10101": (3, ""), "10201": (3, ""), "10301": (4, ""), "10401": (None, "12"),
                   "20101": (5, "2.5")}


def test_evidence_lines_a_person_may_type(tmp_path):
    cell = "\n".join([
        "https://contoh.go.id/tanpa-judul",
        "  SK Walidata - https://contoh.go.id/sk  ",
        "",
        "Notulen (berkas: notulen rapat.pdf)",
        "catatan bebas tanpa tautan",
        "Judul: https://contoh.go.id/titik-dua",
    ])
    path = make_sheet(tmp_path / "e.xlsx", [row(10101, 2, "", cell)])
    got = read_worksheet(path, CATALOG)
    assert got.problems == ()
    assert got.answers["10101"].links == (
        SheetLink("", "https://contoh.go.id/tanpa-judul"),
        SheetLink("SK Walidata", "https://contoh.go.id/sk"),
        SheetLink("Judul", "https://contoh.go.id/titik-dua"),
    )
    # free text is listed with the files (mentioned, not importable), never silently dropped
    assert got.answers["10101"].file_titles == ("Notulen", "catatan bebas tanpa tautan")


def test_excel_escapes_are_decoded(tmp_path):
    # Excel stores a carriage return as _x000D_ and a literal "_x0041_" as "_x005F_x0041_".
    path = make_sheet(tmp_path / "x.xlsx", [row(10101, 1, "a_x000D_\nb _x005F_x0041_")])
    assert read_worksheet(path, CATALOG).answers["10101"].explanation == "a\nb _x0041_"


def test_long_evidence_lines_are_read_quickly(tmp_path):
    cell = "a" + " " * 30_000 + "b\n" + "(berkas: " * 3_000
    path = make_sheet(tmp_path / "l.xlsx", [row(10101, 1, "", cell)])
    result = read_worksheet(path, CATALOG)
    assert result.answers["10101"].links == ()


def test_optional_columns_may_be_absent_and_headers_are_matched_loosely(tmp_path):
    path = make_sheet(tmp_path / "o.xlsx", [("10101", 2), ("10201", None)],
                      headers=(" kodeind", "TINGKAT   terpilih "), title="Isian",
                      before=[("Catatan", [("bukan lembar LKE",)])])
    result = read_worksheet(path, CATALOG)
    assert result.sheet == "Isian"
    assert result.columns == frozenset()
    assert result.problems == ()
    assert result.answers["10101"].level == 2 and result.answers["10101"].explanation == ""
    assert result.answers["10201"].level is None


def test_too_many_rows_stop_with_a_problem(tmp_path):
    rows = [row(10101, 1)] + [[f"isi {i}"] + [None] * 9 for i in range(5_001)]
    path = make_sheet(tmp_path / "n.xlsx", rows)
    result = read_worksheet(path, CATALOG)
    assert result.answers.keys() == {"10101"}
    assert [(p.row, "5000" in p.message) for p in result.problems] == [(5_002, True)]


def test_problem_text_without_row_or_column():
    assert str(Problem("LKE EPSS", None, None, "pesan")) == "LKE EPSS: pesan"
    assert str(Problem("LKE EPSS", 7, "Tingkat terpilih", "x")) == (
        "LKE EPSS, baris 7, kolom Tingkat terpilih: x")


# -- files that are not worksheets ------------------------------------------------------------

READERS = [read_worksheet, read_criteria]


def _zip_bomb(path: Path, size: int) -> Path:
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return path


@pytest.fixture(scope="module")
def big_bomb(tmp_path_factory) -> Path:
    return _zip_bomb(tmp_path_factory.mktemp("bomb") / "bom.xlsx", 300 * 1024 * 1024)


@pytest.mark.parametrize("reader", READERS)
def test_zip_bomb_is_refused(big_bomb, reader):
    assert big_bomb.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(WorksheetError, match=r"bom\.xlsx: isi berkas terlalu besar"):
        reader(big_bomb, CATALOG)


def test_highly_compressed_member_is_refused(tmp_path):
    bomb = _zip_bomb(tmp_path / "rasio.xlsx", 20 * 1024 * 1024)
    with pytest.raises(WorksheetError, match="bom zip"):
        read_worksheet(bomb, CATALOG)


def _text_file(path: Path) -> Path:
    path.write_text("Domain;Kode\n1;101\n", encoding="utf-8")
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _truncated(path: Path) -> Path:
    data = write(path, {}).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _other_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "bukan excel")
    return path


def _broken_sheet(path: Path) -> Path:
    good = write(path.with_name("baik.xlsx"), {})
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 3]
            dst.writestr(info, data)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("make", "words"), [
    (_text_file, "bukan berkas xlsx"),
    (_empty, "kosong"),
    (_truncated, "bukan berkas xlsx"),
    (_other_zip, "tidak bisa dibaca sebagai berkas Excel"),
    (_broken_sheet, "tidak bisa dibaca sebagai berkas Excel"),
    (_folder, "folder"),
    (lambda p: p, "tidak ditemukan"),
])
def test_unreadable_files_raise_worksheet_error(tmp_path, reader, make, words):
    path = make(tmp_path / "lke.xlsx")
    with pytest.raises(WorksheetError, match=words) as info:
        reader(path, CATALOG)
    assert str(info.value).startswith("lke.xlsx: ")


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("make", "detail"), [
    (_other_zip, "bagian wajib berkas Excel tidak ada (mungkin arsip ZIP biasa)"),
    (_broken_sheet, "isi XML di dalamnya rusak atau terpotong"),
])
def test_parser_failure_is_described_in_indonesian(tmp_path, reader, make, detail):
    """openpyxl's own text ("There is no item named ...", "unclosed token") stays out."""
    path = make(tmp_path / "lke.xlsx")
    with pytest.raises(WorksheetError) as info:
        reader(path, CATALOG)
    assert str(info.value) == f"lke.xlsx: tidak bisa dibaca sebagai berkas Excel (.xlsx): {detail}"


def test_file_over_size_limit_is_refused(tmp_path, monkeypatch):
    import epss.services.exchange.worksheet as lke

    path = write(tmp_path / "besar.xlsx", {})
    monkeypatch.setattr(lke, "MAX_FILE_BYTES", 1024)
    with pytest.raises(WorksheetError, match="terlalu besar"):
        read_criteria(path, CATALOG)


def test_content_far_below_is_reported_without_walking_the_grid(tmp_path):
    path = make_sheet(tmp_path / "jauh.xlsx", [row(10101, 2)])
    wb = openpyxl.load_workbook(path)
    wb["LKE EPSS"]["J900000"] = "tersesat"
    wb["LKE EPSS"]["A1000000"].number_format = "0.00"  # formatting alone is not content
    wb.save(path)
    result = read_worksheet(path, CATALOG)
    assert result.answers.keys() == {"10101"}
    [problem] = result.problems
    assert problem.row == 20_001 and "sampai baris 900000" in problem.message


def test_formatting_far_below_is_not_a_problem(tmp_path):
    path = make_sheet(tmp_path / "format.xlsx", [row(10101, 2)])
    wb = openpyxl.load_workbook(path)
    wb["LKE EPSS"]["A1000000"].number_format = "0.00"
    wb.save(path)
    result = read_worksheet(path, CATALOG)
    assert result.problems == () and result.answers.keys() == {"10101"}


# -- empty level cells and rows absent from the sheet -----------------------------------------


def _with_saved_value(path: Path, formula: str, value: str) -> Path:
    """The file as Excel saves it: the formula with its computed value (openpyxl saves none)."""
    copy = path.with_name(f"dihitung-{path.name}")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(copy, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("xl/worksheets/"):
                for empty in ("<v />", "<v/>", "<v></v>"):  # openpyxl versions differ
                    data = data.replace(f"<f>{formula}</f>{empty}".encode(),
                                        f"<f>{formula}</f><v>{value}</v>".encode())
            dst.writestr(info, data)
    return copy


def test_formula_level_without_saved_value_is_marked(tmp_path):
    path = make_sheet(tmp_path / "rumus.xlsx", [
        row(10101, "=1+2"), row(10201, None, "hanya penjelasan"), row(10301, 4),
        row(10401, "=A1", "rumus"),
    ])
    result = read_worksheet(path, CATALOG)
    assert result.problems == ()
    got = {c: (a.level, a.formula) for c, a in result.answers.items()}
    assert got == {"10101": (None, True), "10201": (None, False), "10301": (4, False),
                   "10401": (None, True)}


def test_formula_level_with_saved_value_is_read_as_that_value(tmp_path):
    path = _with_saved_value(make_sheet(tmp_path / "rumus.xlsx", [row(10101, "=1+2")]),
                             "1+2", "3")
    answer = read_worksheet(path, CATALOG).answers["10101"]
    assert (answer.level, answer.formula) == (3, False)


def test_codes_absent_from_the_sheet_are_listed_in_catalog_order(tmp_path):
    absent = {CODES[3], CODES[10], CODES[-1]}
    bad, merged, duplicate = CODES[5], CODES[7], CODES[8]
    rows = []
    for code in reversed(CODES):  # the order of the rows does not matter
        if code not in absent:
            rows.append(row(int(code), "tiga" if code == bad else 2))
    rows.append(row(int(duplicate), 4))
    rows.append(row(99999, 1))
    merge_row = 2 + [r[3] for r in rows].index(int(merged))
    path = make_sheet(tmp_path / "sebagian.xlsx", rows, merge=[f"H{merge_row}:I{merge_row}"])
    result = read_worksheet(path, CATALOG)
    # a row that is there but bad is a problem, not an absent row
    assert result.missing == tuple(c for c in CODES if c in absent)
    assert len(result.problems) == 4  # bad level, merged cells, duplicate code, unknown code


def test_our_export_lacks_no_code(export):
    assert read_worksheet(export, CATALOG).missing == ()
