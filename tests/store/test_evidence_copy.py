"""``Workspace.evidence_copy``: the read-only copy of an evidence file that a viewer opens (the
TUI's `o`), so that no program ever gets the vault's own file."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

import pytest

import epss.services.workspace
from epss.services.workspace import Workspace, WorkspaceError

PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
TXT = b"Daftar data prioritas Kota Contoh tahun 2024.\n" * 4


@pytest.fixture
def temp(tmp_path, monkeypatch) -> Path:
    """The system's temporary folder, for this test only."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def ws(workspace):
    return workspace


def attach(ws: Workspace, tmp_path: Path, name: str, data: bytes) -> int:
    a = ws.assessment(2024) if ws.assessments() else ws.new_assessment(2024)
    source = tmp_path / name
    source.write_bytes(data)
    att, _blob = ws.add_evidence(a.id, "10101", source, title=name)
    return att.id


def test_the_copy_is_read_only_outside_the_workspace_and_has_the_content(ws, tmp_path, temp):
    att_id = attach(ws, tmp_path, "sk-walidata.pdf", PDF)
    vault_file = ws.evidence_path(ws.evidence(ws.assessment(2024).id)[0])
    copy = ws.evidence_copy(att_id)
    assert copy.read_bytes() == PDF
    assert copy.suffix == ".pdf"  # the viewer is chosen by the extension
    assert copy.parent.parent == temp and not copy.is_relative_to(ws.root)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o444
    assert stat.S_IMODE(copy.parent.stat().st_mode) & 0o077 == 0  # a private folder
    assert copy.resolve() != vault_file.resolve() and vault_file.read_bytes() == PDF
    assert [p.name for p in copy.parent.iterdir()] == [copy.name]  # no temporary left over


def test_a_second_copy_reuses_the_first_and_a_damaged_one_is_replaced(ws, tmp_path, temp):
    att_id = attach(ws, tmp_path, "daftar.txt", TXT)
    first = ws.evidence_copy(att_id)
    assert first.suffix == ".txt"
    inode = first.stat().st_ino
    assert ws.evidence_copy(att_id) == first and first.stat().st_ino == inode
    first.chmod(0o644)
    first.write_bytes(b"terpotong")  # e.g. a viewer or a full disk cut it short
    again = ws.evidence_copy(att_id)
    assert again == first and again.read_bytes() == TXT
    assert stat.S_IMODE(again.stat().st_mode) == 0o444


def test_each_attachment_gets_its_own_copy(ws, tmp_path, temp):
    one = attach(ws, tmp_path, "satu.pdf", PDF)
    two = attach(ws, tmp_path, "dua.txt", TXT)
    assert ws.evidence_copy(one) != ws.evidence_copy(two)
    assert ws.evidence_copy(two).read_bytes() == TXT


def test_a_link_is_refused(ws, temp):
    a = ws.new_assessment(2024)
    link = ws.link_evidence(a.id, "10101", "https://contoh.go.id/sop", title="SOP")
    with pytest.raises(WorkspaceError, match="tautan, bukan berkas"):
        ws.evidence_copy(link.id)
    assert not any(temp.iterdir())


def test_an_unknown_attachment_is_refused(ws, temp):
    with pytest.raises(WorkspaceError, match="#999 tidak ada"):
        ws.evidence_copy(999)


def test_a_file_missing_from_the_vault_says_run_doctor(ws, tmp_path, temp):
    att_id = attach(ws, tmp_path, "sk.pdf", PDF)
    ws.evidence_path(ws.evidence(ws.assessment(2024).id)[0]).unlink()
    with pytest.raises(WorkspaceError, match=r"hilang dari brankas.*epss doctor"):
        ws.evidence_copy(att_id)
    assert not any(temp.iterdir())


def test_a_folder_planted_by_someone_else_is_not_used(ws, tmp_path, temp):
    """The temporary folder is shared: a link planted under our folder's name must not send
    the copy elsewhere."""
    att_id = attach(ws, tmp_path, "sk.pdf", PDF)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    first = ws.evidence_copy(att_id)
    folder = first.parent
    first.chmod(0o644)
    first.unlink()
    folder.rmdir()
    folder.symlink_to(elsewhere)
    with pytest.raises(WorkspaceError, match="bukan milik pengguna ini"):
        ws.evidence_copy(att_id)
    assert not any(elsewhere.iterdir())


def test_a_read_only_workspace_still_gives_a_copy(ws, tmp_path, temp, monkeypatch):
    att_id = attach(ws, tmp_path, "sk.pdf", PDF)
    root = ws.root
    ws.close()
    monkeypatch.setattr(epss.services.workspace, "read_only_reason",
                        lambda where: f"folder {where} tidak bisa ditulis")
    with Workspace.open(root) as ro:
        assert ro.read_only
        assert ro.evidence_copy(att_id).read_bytes() == PDF
