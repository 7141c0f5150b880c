"""Workspace service layer: creation, assessments, answers, carry-over and the audit log."""

import sqlite3

import pytest

from epss.core.scoring import score
from epss.services.workspace import DB_NAME, Workspace, WorkspaceError


@pytest.fixture
def ws(workspace):
    return workspace


def test_create_records_agency_and_event(ws):
    assert ws.agency.name == "Pemerintah Kota Uji"
    assert ws.agency.code == "9976"
    events = ws.store.events()
    assert [e.action for e in events] == ["create"]
    assert ws.doctor() == []


@pytest.mark.parametrize(
    ("kind", "code", "fragment"),
    [
        ("kota", "3512", "angka ke-3"),
        ("kabupaten", "3572", "kode kota"),
        ("provinsi", "3572", "2 angka"),
        ("kota", "35a2", "code"),
        ("kementerian", "35", "K/L"),
        ("desa", "3572", "kind"),
    ],
)
def test_create_refuses_code_that_does_not_fit_kind(tmp_path, kind, code, fragment):
    with pytest.raises(WorkspaceError, match=fragment):
        Workspace.create(tmp_path / "x", name="Pemerintah Kota X", kind=kind, code=code)
    assert not (tmp_path / "x" / DB_NAME).exists()


def test_create_twice_is_refused(ws):
    with pytest.raises(WorkspaceError, match="sudah ada workspace"):
        Workspace.create(ws.root, name="Pemerintah Kota Y", kind="kota", code="3571")


def test_open_missing_workspace_says_how_to_create(tmp_path):
    with pytest.raises(WorkspaceError, match="epss init"):
        Workspace.open(tmp_path)


def test_database_settings(ws):
    conn = ws.store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_set_answer_scores_and_logs_before_and_after(ws):
    a = ws.new_assessment(2024)
    ws.set_answer(a.id, "10101", level=3, explanation="SOP SDS berlaku.")
    ws.set_answer(a.id, "10101", level=4)
    ans = ws.answer(a.id, "10101")
    assert (ans.level, ans.explanation, ans.updated_by) == (4, "SOP SDS berlaku.", "tester")
    changes = [e for e in ws.store.events() if e.action == "answer"]
    assert len(changes) == 2
    assert '"before":{"explanation":"SOP SDS berlaku.","level":3}' in changes[1].data
    assert '"after":{"explanation":"SOP SDS berlaku.","level":4}' in changes[1].data
    card = ws.scorecard(a.id)
    assert card.ips == score(ws.catalog, {"10101": 4}).ips
    assert card.answered == 1 and card.provisional


def test_unchanged_answer_writes_no_event(ws):
    a = ws.new_assessment(2024)
    ws.set_answer(a.id, "10101", level=3)
    before = len(ws.store.events())
    ws.set_answer(a.id, "10101", level=3)
    assert len(ws.store.events()) == before


@pytest.mark.parametrize(
    "changes",
    [{"level": 0}, {"level": 6}, {"level": 3.5}, {"level": "3"}, {"level": True},
     {"level": 3, "clear_level": True}, {"explanation": "x" * 20_001}, {"bogus": 1}],
)
def test_set_answer_refuses_bad_input_and_changes_nothing(ws, changes):
    a = ws.new_assessment(2024)
    ws.set_answer(a.id, "10101", level=2, explanation="awal")
    events = len(ws.store.events())
    with pytest.raises(WorkspaceError):
        ws.set_answer(a.id, "10101", **changes)
    ans = ws.answer(a.id, "10101")
    assert (ans.level, ans.explanation) == (2, "awal")
    assert len(ws.store.events()) == events


def test_unknown_indicator_refused(ws):
    a = ws.new_assessment(2024)
    with pytest.raises(WorkspaceError, match="99999"):
        ws.set_answer(a.id, "99999", level=2)


def test_clear_level_keeps_explanation(ws):
    a = ws.new_assessment(2024)
    ws.set_answer(a.id, "20101", level=2, explanation="teks")
    ws.set_answer(a.id, "20101", clear_level=True)
    ans = ws.answer(a.id, "20101")
    assert ans.level is None and ans.explanation == "teks"
    assert ws.scorecard(a.id).answered == 0


def test_control_characters_are_stripped_from_explanation(ws):
    a = ws.new_assessment(2024)
    ws.set_answer(a.id, "10101", explanation="baris1\r\nbaris2\x00\x1b[31m")
    assert ws.answer(a.id, "10101").explanation == "baris1\nbaris2[31m"


def test_duplicate_assessment_refused(ws):
    ws.new_assessment(2024)
    with pytest.raises(WorkspaceError, match="sudah ada"):
        ws.new_assessment(2024)


@pytest.mark.parametrize("year", [1999, 2101, "2024", 2024.0])
def test_bad_year_refused(ws, year):
    with pytest.raises(WorkspaceError, match="tahun"):
        ws.new_assessment(year)


def test_latest_assessment_by_kind(ws):
    ws.new_assessment(2023)
    ws.new_assessment(2024)
    ws.new_assessment(2023, "badan")
    assert ws.assessment().year == 2024
    assert ws.assessment(kind="badan").year == 2023
    with pytest.raises(WorkspaceError, match="target"):
        ws.assessment(kind="target")


def test_carry_over_copies_answers_and_attachments_marked_unreviewed(ws):
    old = ws.new_assessment(2023)
    ws.set_answer(old.id, "10101", level=3, explanation="Perwali 12/2022")
    ws.set_answer(old.id, "20101", level=2)
    ws.store.conn.execute("BEGIN IMMEDIATE")
    ws.store.insert_attachment(old.id, "10101", blob_sha=None, url="https://contoh.go.id/sop",
                               title="SOP", note="", media_type=None, size=None,
                               original_name=None, confidential=False, actor="tester")
    ws.store.conn.execute("COMMIT")
    new = ws.new_assessment(2024, from_year=2023)
    assert new.source_year == 2023
    answers = ws.answers(new.id)
    assert answers["10101"].level == 3 and answers["10101"].carried_over
    assert answers["10101"].explanation == "Perwali 12/2022"
    assert [a.url for a in ws.store.attachments(new.id)] == ["https://contoh.go.id/sop"]
    assert ws.scorecard(new.id).ips == ws.scorecard(old.id).ips
    ws.mark_reviewed(new.id, "10101")
    assert not ws.answer(new.id, "10101").carried_over
    assert ws.answer(new.id, "20101").carried_over


def test_carry_over_from_missing_year_refused(ws):
    with pytest.raises(WorkspaceError, match="2020"):
        ws.new_assessment(2024, from_year=2020)
    assert ws.assessments() == []


def test_final_assessment_cannot_change(ws):
    a = ws.new_assessment(2024)
    ws.set_status(a.id, "final")
    with pytest.raises(WorkspaceError, match="final"):
        ws.set_answer(a.id, "10101", level=2)


def test_delete_assessment_logs_answers(ws):
    a = ws.new_assessment(2024)
    ws.set_answer(a.id, "10101", level=2)
    ws.delete_assessment(a.id)
    assert ws.assessments() == []
    assert ws.store.events()[-1].action == "delete"
    assert '"10101":[2,""]' in ws.store.events()[-1].data


def test_comments_add_and_resolve(ws):
    a = ws.new_assessment(2024)
    c = ws.add_comment(a.id, "10101", "Lampirkan SK walidata", role="supervisor")
    assert not c.resolved and c.author == "tester"
    assert ws.resolve_comment(c.id).resolved
    with pytest.raises(WorkspaceError):
        ws.add_comment(a.id, "10101", "   ")


def test_event_log_is_append_only_and_tamper_evident(ws):
    a = ws.new_assessment(2024)
    ws.set_answer(a.id, "10101", level=2)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ws.store.conn.execute("UPDATE event SET actor = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        ws.store.conn.execute("DELETE FROM event")
    ws.store.conn.rollback()
    # Tampering past the triggers (dropping them) is still detected by the chain.
    ws.store.conn.execute("DROP TRIGGER event_no_update")
    ws.store.conn.execute("UPDATE event SET data = '{}' WHERE action = 'answer'")
    ws.store.conn.commit()
    problems = ws.doctor()
    assert any("altered" in p for p in problems)


def test_reopen_keeps_everything(ws, tmp_path):
    a = ws.new_assessment(2024)
    ws.set_answer(a.id, "10101", level=5, explanation="ok")
    ws.close()
    with Workspace.open(ws.root) as again:
        assert again.answer(a.id, "10101").level == 5
        assert again.doctor() == []


# -- carry-over direction and settings that contradict each other ------------------------------


@pytest.mark.parametrize(("year", "kind", "from_year"), [
    (2023, "mandiri", 2024),  # a later year
    (2023, "badan", 2025),
    (2024, "target", 2025),
])
def test_carry_over_only_from_an_earlier_year(ws, refused, year, kind, from_year):
    ws.new_assessment(2024)
    ws.new_assessment(2025)
    refused(ws, lambda: ws.new_assessment(year, kind, from_year=from_year),
            str(from_year), str(year), "sesudah")


def test_carry_over_within_the_same_year_starts_from_its_mandiri(ws):
    """A target (or badan) assessment may start from the same year's self-assessment."""
    source = ws.new_assessment(2024)
    ws.set_answer(source.id, "10101", level=3)
    target = ws.new_assessment(2024, "target", from_year=2024)
    assert ws.answer(target.id, "10101").level == 3


def test_carry_over_from_the_year_before_still_works(ws):
    ws.new_assessment(2023)
    assert ws.new_assessment(2024, "target", from_year=2023).source_year == 2023


def test_warning_size_above_the_limit_is_refused(ws, refused):
    ws.set_setting("evidence_max_mib", 50)
    refused(ws, lambda: ws.set_setting("evidence_warn_mib", 51),
            "evidence_warn_mib", "evidence_max_mib", "50")
    assert ws.set_setting("evidence_warn_mib", 50) == 50  # equal is fine: never warns


def test_limit_below_the_warning_size_is_refused(ws, refused):
    """Refused rather than lowering the warning along with it: a setting the user did not
    name never changes behind their back; the message says which to lower first."""
    assert ws.setting("evidence_warn_mib") == 10
    refused(ws, lambda: ws.set_setting("evidence_max_mib", 5),
            "evidence_max_mib", "evidence_warn_mib", "10")
    ws.set_setting("evidence_warn_mib", 5)
    assert ws.set_setting("evidence_max_mib", 5) == 5
