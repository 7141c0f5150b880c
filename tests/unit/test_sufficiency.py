"""Each of the assessor's sufficiency rules (epss.core.sufficiency), in both directions: it finds
what a TPB would lower, and stays quiet when the evidence answers it."""

from __future__ import annotations

from itertools import count

import pytest

from epss.core import sufficiency
from epss.core.catalog import REVIEW_RULES, load_catalog
from epss.core.model import Answer, Attachment, Comment, Kegiatan

SPECIFIC = "20101"  # a kegiatan-specific indicator
GENERAL = "40101"  # an indikator umum
YEAR = 2026
_ids = count(1)


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def answer(code: str, level: int | None, text: str = "Penjelasan tahun ini.") -> Answer:
    return Answer(indicator=code, level=level, explanation=text, carried_over=False,
                  updated_by="t", updated_at="2026-01-01T00:00:00+00:00")


def att(code: str, *, link: bool = False, **marks) -> Attachment:
    return Attachment(
        id=next(_ids), assessment_id=1, indicator=code,
        blob_sha=None if link else "a" * 64, url="https://x.go.id/a" if link else None,
        title="Dokumen", note="", media_type=None, size=1, original_name=None,
        confidential=False, created_by="t", created_at="2026-01-01T00:00:00+00:00", **marks)


def kegiatan(kid: int, opd: str) -> Kegiatan:
    return Kegiatan(id=kid, assessment_id=1, opd=opd, name=f"Survei {opd}", code="",
                    kind="survei", created_at="2026-01-01T00:00:00+00:00")


TWO = (kegiatan(1, "Dinas Kesehatan"), kegiatan(2, "Dinas Pendidikan"))


def found(catalog, *, answers, attachments=(), kegiatan=(), previous=None, comments=(),
          max_age_years=None, disabled=()) -> dict[str, list[str]]:
    situation = sufficiency.Situation(
        year=YEAR, answers={a.indicator: a for a in answers}, attachments=list(attachments),
        kegiatan=kegiatan, previous={a.indicator: a for a in previous} if previous else None,
        comments=comments, max_age_years=max_age_years)
    result: dict[str, list[str]] = {}
    for f in sufficiency.findings(catalog, situation, disabled):
        result.setdefault(f.kind, []).append(f.code)
    return result


def test_every_rule_of_the_edition_is_known_and_sourced(catalog):
    rules = catalog.edition.review_rules
    assert [r.id for r in rules] == list(REVIEW_RULES)
    assert all(r.source and r.confidence in ("confirmed", "inferred", "unknown") for r in rules)


# -- ketimpangan bukti antar-OPD ---------------------------------------------------------------

def test_one_sampled_opd_without_evidence_is_uneven(catalog):
    result = found(catalog, answers=[answer(SPECIFIC, 2)],
                   attachments=[att(SPECIFIC, kegiatan_id=1)], kegiatan=TWO)
    assert result.get("ketimpangan-opd") == [SPECIFIC]


def test_evidence_naming_no_kegiatan_says_how_to_name_it(catalog):
    situation = sufficiency.Situation(
        year=YEAR, answers={SPECIFIC: answer(SPECIFIC, 3)},
        attachments=[att(SPECIFIC)], kegiatan=TWO)
    details = {f.kind: f.detail for f in sufficiency.findings(catalog, situation, ())}
    assert "semua bukti tercatat umum/walidata" in details["ketimpangan-opd"]
    assert "Dinas Kesehatan" in details["ketimpangan-opd"]


def test_evidence_for_every_sampled_kegiatan_is_even(catalog):
    result = found(catalog, answers=[answer(SPECIFIC, 2)],
                   attachments=[att(SPECIFIC, kegiatan_id=1), att(SPECIFIC, kegiatan_id=2)],
                   kegiatan=TWO)
    assert "ketimpangan-opd" not in result


def test_general_indicators_and_level_1_need_no_evidence_per_opd(catalog):
    result = found(catalog, answers=[answer(GENERAL, 4), answer("20102", 1)],
                   attachments=[att(GENERAL), att("20102", kegiatan_id=1)], kegiatan=TWO)
    assert "ketimpangan-opd" not in result


def test_without_sampled_kegiatan_there_is_nothing_to_compare(catalog):
    result = found(catalog, answers=[answer(SPECIFIC, 3)], attachments=[att(SPECIFIC)])
    assert "ketimpangan-opd" not in result


# -- tingkat 3+ tanpa dokumen formal -----------------------------------------------------------

def test_level_3_resting_on_a_report_only_is_found(catalog):
    result = found(catalog, answers=[answer(SPECIFIC, 3)],
                   attachments=[att(SPECIFIC, doc_kind="laporan")])
    assert result.get("tanpa-dokumen-formal") == [SPECIFIC]


@pytest.mark.parametrize("kind", ["kebijakan", "sk", "sop"])
def test_a_formal_document_answers_level_3(catalog, kind):
    result = found(catalog, answers=[answer(SPECIFIC, 3)],
                   attachments=[att(SPECIFIC, doc_kind="laporan"), att(SPECIFIC, doc_kind=kind)])
    assert "tanpa-dokumen-formal" not in result


def test_level_2_needs_no_formal_document(catalog):
    result = found(catalog, answers=[answer(SPECIFIC, 2)],
                   attachments=[att(SPECIFIC, doc_kind="laporan")])
    assert "tanpa-dokumen-formal" not in result


def test_unmarked_evidence_is_only_questioned_once_kinds_are_in_use(catalog):
    unmarked = found(catalog, answers=[answer(SPECIFIC, 3)], attachments=[att(SPECIFIC)])
    assert "tanpa-dokumen-formal" not in unmarked
    in_use = found(catalog, answers=[answer(SPECIFIC, 3), answer("20102", 2)],
                   attachments=[att(SPECIFIC), att("20102", doc_kind="laporan")])
    assert in_use.get("tanpa-dokumen-formal") == [SPECIFIC]


# -- tanpa tanda tangan --------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["kak", "pernyataan", "sk"])
def test_an_unsigned_kak_statement_or_sk_is_found(catalog, kind):
    result = found(catalog, answers=[answer(SPECIFIC, 2)],
                   attachments=[att(SPECIFIC, doc_kind=kind)])
    assert result.get("tanpa-tanda-tangan") == [SPECIFIC]


def test_signed_documents_and_kinds_without_signature_pass(catalog):
    result = found(catalog, answers=[answer(SPECIFIC, 2)],
                   attachments=[att(SPECIFIC, doc_kind="kak", signed=True),
                                att(SPECIFIC, doc_kind="tangkapan-layar")])
    assert "tanpa-tanda-tangan" not in result


# -- bukti lama ----------------------------------------------------------------------------------

def test_a_document_older_than_the_period_is_found(catalog):
    result = found(catalog, answers=[answer(SPECIFIC, 2)],
                   attachments=[att(SPECIFIC, doc_year=YEAR - 2)])
    assert result.get("bukti-lama") == [SPECIFIC]


def test_this_and_last_years_documents_pass_and_the_setting_widens_the_period(catalog):
    recent = found(catalog, answers=[answer(SPECIFIC, 2)],
                   attachments=[att(SPECIFIC, doc_year=YEAR), att(SPECIFIC, doc_year=YEAR - 1)])
    assert "bukti-lama" not in recent
    wider = found(catalog, answers=[answer(SPECIFIC, 2)],
                  attachments=[att(SPECIFIC, doc_year=YEAR - 3)], max_age_years=3)
    assert "bukti-lama" not in wider


# -- hanya internal ------------------------------------------------------------------------------

def test_evidence_only_in_the_internal_folder_is_found(catalog):
    result = found(catalog, answers=[answer(SPECIFIC, 2)],
                   attachments=[att(SPECIFIC, for_tpb=False), att(SPECIFIC, for_tpb=False)])
    assert result.get("hanya-internal") == [SPECIFIC]


def test_one_item_in_the_assessors_package_is_enough(catalog):
    result = found(catalog, answers=[answer(SPECIFIC, 2)],
                   attachments=[att(SPECIFIC, for_tpb=False), att(SPECIFIC)])
    assert "hanya-internal" not in result


# -- naik dua tingkat, penjelasan tidak berubah -------------------------------------------------

def test_a_raise_of_two_levels_is_found_and_of_one_is_not(catalog):
    previous = [answer(SPECIFIC, 1, "lama"), answer("20102", 2, "lama")]
    result = found(catalog, answers=[answer(SPECIFIC, 3), answer("20102", 3)],
                   previous=previous)
    assert result.get("naik-dua-tingkat") == [SPECIFIC]


def test_a_jump_over_a_gap_year_names_the_year_it_started_from(catalog):
    def detail(previous_year):
        situation = sufficiency.Situation(
            year=YEAR, answers={SPECIFIC: answer(SPECIFIC, 4, "Sama.")}, attachments=[],
            previous={SPECIFIC: answer(SPECIFIC, 2, "Sama.")}, previous_year=previous_year)
        return {f.kind: f.detail for f in sufficiency.findings(catalog, situation, ())}

    assert "dalam setahun" in detail(YEAR - 1)["naik-dua-tingkat"]
    gap = detail(YEAR - 3)
    assert f"sejak {YEAR - 3}" in gap["naik-dua-tingkat"]
    assert f"tahun {YEAR - 3}" in gap["penjelasan-tidak-berubah"]
    assert "tahun lalu" not in gap["penjelasan-tidak-berubah"]


def test_without_last_year_nothing_is_a_jump(catalog):
    assert "naik-dua-tingkat" not in found(catalog, answers=[answer(SPECIFIC, 5)])


def test_a_changed_level_with_the_same_text_is_found(catalog):
    previous = [answer(SPECIFIC, 2, "Sama persis."), answer("20102", 2, "Sama persis.")]
    result = found(catalog, answers=[answer(SPECIFIC, 3, " Sama persis. "),
                                     answer("20102", 2, "Sama persis.")], previous=previous)
    assert result.get("penjelasan-tidak-berubah") == [SPECIFIC]


def test_a_rewritten_text_passes(catalog):
    result = found(catalog, answers=[answer(SPECIFIC, 3, "Tahun ini SOP ditetapkan.")],
                   previous=[answer(SPECIFIC, 2, "Tahun lalu belum ada SOP.")])
    assert "penjelasan-tidak-berubah" not in result


# -- komentar terbuka ----------------------------------------------------------------------------

def _comment(code: str, resolved: bool) -> Comment:
    return Comment(id=next(_ids), assessment_id=1, indicator=code, author="Rina",
                   role="TPI", body="Lampirkan SK-nya", resolved=resolved,
                   created_at="2026-01-01T00:00:00+00:00")


def test_open_comments_are_found_resolved_ones_are_not(catalog):
    result = found(catalog, answers=[], comments=[_comment(SPECIFIC, False),
                                                  _comment("20102", True)])
    assert result.get("komentar-terbuka") == [SPECIFIC]


# -- switching rules off -------------------------------------------------------------------------

def test_a_disabled_rule_finds_nothing(catalog):
    kwargs = dict(answers=[answer(SPECIFIC, 3)], attachments=[att(SPECIFIC, doc_kind="kak")])
    assert "tanpa-tanda-tangan" in found(catalog, **kwargs)
    assert "tanpa-tanda-tangan" not in found(catalog, disabled={"tanpa-tanda-tangan"}, **kwargs)


def test_findings_carry_the_rules_label(catalog):
    situation = sufficiency.Situation(year=YEAR, answers={SPECIFIC: answer(SPECIFIC, 3)},
                                      attachments=[att(SPECIFIC, doc_kind="kak")])
    labels = {f.kind: f.label for f in sufficiency.findings(catalog, situation)}
    assert labels["tanpa-tanda-tangan"] == "Dokumen tanpa tanda tangan dan cap"


def test_a_regulation_or_sop_in_force_is_never_too_old(catalog):
    result = found(catalog, answers=[answer(SPECIFIC, 3)],
                   attachments=[att(SPECIFIC, doc_kind="kebijakan", doc_year=2015),
                                att(SPECIFIC, doc_kind="sop", doc_year=2018)])
    assert "bukti-lama" not in result
    dated = found(catalog, answers=[answer(SPECIFIC, 3)],
                  attachments=[att(SPECIFIC, doc_kind="notula", doc_year=2018)])
    assert dated.get("bukti-lama") == [SPECIFIC]


def test_an_indicator_whose_general_status_is_uncertain_says_so(catalog):
    uncertain = next(i for i in catalog.indicators
                     if not i.general and i.general_confidence == "uncertain")
    situation = sufficiency.Situation(
        year=YEAR, answers={uncertain.code: answer(uncertain.code, 3)},
        attachments=[att(uncertain.code, kegiatan_id=1)], kegiatan=TWO)
    (finding,) = [f for f in sufficiency.findings(catalog, situation)
                  if f.kind == "ketimpangan-opd"]
    assert "belum pasti" in finding.detail and "Dinas Pendidikan" in finding.detail
