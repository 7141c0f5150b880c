"""``ws.agency``, ``ws.vault`` and ``ws.committee`` are made once per open workspace, not on
every access (the TUI reads them on every refresh); what may change meanwhile still holds.

The agency never changes after ``create``. The vault's size limits are settings that another
process may change while a TUI is open (`epss setting evidence_max_mib 1`): every path that
stores files reads them again, so a cached vault never lets an over-limit file in.
"""

from __future__ import annotations

import pytest

from epss.core.errors import WorkspaceError
from epss.services.workspace import Workspace

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
MiB = 1024 * 1024


def test_the_agency_is_read_once(workspace: Workspace, monkeypatch) -> None:
    first = workspace.agency

    def no_query(*_args: object) -> None:
        raise AssertionError("ws.agency queried the database again")

    monkeypatch.setattr(workspace.store, "get_setting", no_query)
    monkeypatch.setattr(workspace.store, "get_agency", no_query)
    assert workspace.agency is first


def test_a_workspace_without_agency_keeps_saying_so(workspace: Workspace, monkeypatch) -> None:
    """A failed read is not cached as an answer: it is asked (and refused) again."""
    monkeypatch.setattr(workspace.store, "get_setting", lambda *_args: None)
    for _ in range(2):
        with pytest.raises(WorkspaceError, match="belum punya instansi"):
            _ = workspace.agency


def test_the_vault_and_the_committee_are_made_once(workspace: Workspace) -> None:
    assert workspace.vault is workspace.vault
    assert workspace.committee is workspace.committee


def test_a_limit_set_by_another_process_holds_for_a_cached_vault(workspace, tmp_path) -> None:
    a = workspace.new_assessment(2024)
    assert workspace.vault.max_bytes == 100 * MiB  # the vault is made, with the default
    with Workspace.open(workspace.root, actor="lain") as other:
        other.set_setting("evidence_warn_mib", 1)
        other.set_setting("evidence_max_mib", 1)
    big = tmp_path / "besar.pdf"
    big.write_bytes(PDF + b"%" + bytes(2 * MiB))
    assert workspace.check_evidence_files([big]) == [
        f"besar.pdf: lebih besar dari batas {'1,0 MiB'}"]
    with pytest.raises(WorkspaceError, match="lebih besar dari batas"):
        workspace.add_evidence(a.id, "10101", big)
    assert workspace.evidence(a.id) == []
    assert not any(p.is_file() for p in (workspace.root / "evidence").rglob("*")
                   if "tmp" not in p.parts)


def test_a_raised_limit_set_by_another_process_lets_the_file_in(workspace, tmp_path) -> None:
    a = workspace.new_assessment(2024)
    workspace.set_setting("evidence_warn_mib", 1)
    workspace.set_setting("evidence_max_mib", 1)
    assert workspace.vault.max_bytes == MiB
    with Workspace.open(workspace.root, actor="lain") as other:
        other.set_setting("evidence_max_mib", 3)
    big = tmp_path / "besar.pdf"
    big.write_bytes(PDF + b"%" + bytes(2 * MiB))
    attachment, blob = workspace.add_evidence(a.id, "10101", big)
    assert blob.size == big.stat().st_size and attachment.size == blob.size
