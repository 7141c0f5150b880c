"""The agency profile (epss/services/profile.py): kept verbatim, validated, one transaction with
its audit event, the logo in the vault (kept by prune, checked by verify), and `epss profil`."""

from __future__ import annotations

import json
import os
from dataclasses import replace

import pytest
from click.testing import CliRunner
from PIL import Image

from epss.cli import main
from epss.core.errors import WorkspaceError
from epss.services.profile import (
    MAX_LOGO_BYTES,
    Profile,
    Signer,
    clear_logo,
    load_profile,
    logo_bytes,
    save_profile,
    set_logo,
)
from epss.services.workspace import Workspace

FOREWORD = "Puji syukur kami panjatkan.\n\n  Paragraf kedua,\ndengan baris baru.  "
NIP = "19700101 199003 1 001"


def png(path, size=(40, 30), fmt="PNG"):
    Image.new("RGB", size, (18, 53, 91)).save(path, fmt)
    return path


def full_profile() -> Profile:
    return Profile(unit="Dinas Kominfo (Walidata)", award="Satu Data Award Jawa Timur 2024",
                   foreword=FOREWORD, about="Kota kecil.", highlights=("Kelurahan Cantik",),
                   signer=Signer("Drs. Budi", NIP, "Kepala Dinas"), contact="Rina, 0812")


def test_an_empty_workspace_has_an_empty_profile(workspace):
    assert load_profile(workspace) == Profile()
    assert logo_bytes(workspace, Profile()) is None


def test_save_keeps_texts_verbatim_and_logs_one_event(workspace):
    before = len(workspace.store.events())
    stored = save_profile(workspace, full_profile())
    assert load_profile(workspace) == stored
    # paragraphs and line breaks as written; only the trailing blanks of the whole text go
    assert stored.foreword == "Puji syukur kami panjatkan.\n\n  Paragraf kedua,\ndengan baris baru."
    assert stored.signer.nip == NIP
    events = workspace.store.events()
    assert len(events) == before + 1 and events[-1].action == "profile"
    save_profile(workspace, stored)  # nothing changed: nothing written
    assert len(workspace.store.events()) == before + 1


@pytest.mark.parametrize(("profile", "fragment"), [
    (Profile(signer=Signer(nip="1970 0101")), "NIP harus 18 angka"),
    (Profile(signer=Signer(nip="19700101-199003-1-001")), "hanya boleh berisi angka"),
    (Profile(unit="x" * 201), "unit pengusul paling panjang 200"),
    (Profile(foreword="x" * 6001), "kata pengantar paling panjang"),
    (Profile(highlights=tuple(f"inovasi {n}" for n in range(13))), "paling banyak 12"),
    (Profile(highlights=("a", "a")), "dua kali"),
])
def test_bad_input_is_refused_and_changes_nothing(workspace, refused, profile, fragment):
    refused(workspace, lambda: save_profile(workspace, profile), fragment)


def test_logo_is_sniffed_stored_in_the_vault_and_kept_by_prune(workspace, tmp_path):
    logo = png(tmp_path / "lambang.png")
    profile = set_logo(workspace, logo)
    assert profile.logo_sha256 and logo_bytes(workspace, profile) == logo.read_bytes()
    assert workspace.unreferenced_evidence() == []  # prune keeps it
    assert workspace.verify_evidence() == []
    # a JPEG named .png is sniffed as what it is
    jpeg = png(tmp_path / "foto.png", fmt="JPEG")
    assert logo_bytes(workspace, set_logo(workspace, jpeg)).startswith(b"\xff\xd8")
    assert workspace.store.events()[-1].action == "logo"
    cleared = clear_logo(workspace)
    assert cleared.logo_sha256 is None and load_profile(workspace).logo_sha256 is None


def test_logo_refusals(workspace, tmp_path, refused):
    import weasyprint.images  # noqa: F401  (it tells Pillow to load truncated images)

    text = tmp_path / "logo.png"
    text.write_text("bukan gambar")
    refused(workspace, lambda: set_logo(workspace, text), "PNG atau JPEG")
    broken = tmp_path / "rusak.png"
    broken.write_bytes(png(tmp_path / "ok.png").read_bytes()[:60])
    refused(workspace, lambda: set_logo(workspace, broken), "rusak")
    big = tmp_path / "besar.png"
    with big.open("wb") as fh:
        fh.write(b"\x89PNG\r\n\x1a\n" + os.urandom(MAX_LOGO_BYTES))
    refused(workspace, lambda: set_logo(workspace, big), "paling besar 2 MiB")
    refused(workspace, lambda: set_logo(workspace, tmp_path / "tidak-ada.png"), "tidak ada")
    wide = png(tmp_path / "lebar.png", size=(7000, 1))  # small file, too many pixels
    refused(workspace, lambda: set_logo(workspace, wide), "7000×1 piksel")


def test_a_read_only_workspace_refuses(demo_workspace, tmp_path, monkeypatch):
    import epss.services.workspace

    logo = png(tmp_path / "l.png")
    monkeypatch.setattr(epss.services.workspace, "read_only_reason",
                        lambda where: f"folder {where} tidak bisa ditulis")
    with Workspace.open(demo_workspace) as ws:
        assert ws.read_only
        before = load_profile(ws)  # the demo's own profile
        for action in (lambda: save_profile(ws, Profile(unit="x")),
                       lambda: set_logo(ws, logo), lambda: clear_logo(ws)):
            with pytest.raises(WorkspaceError, match="baca saja"):
                action()
        assert load_profile(ws) == before


def test_damaged_stored_value_reads_as_empty(workspace):
    with workspace.store.transaction():
        workspace.store.set_setting("profile", {"unit": 5, "highlights": "x",
                                                "logo_sha256": "../etc"})
    assert load_profile(workspace) == Profile()


# -- the command line ------------------------------------------------------------------------

def run(root, *args, **kw):
    return CliRunner().invoke(main, ["-w", str(root), "profil", *args], **kw)


def test_cli_set_show_and_logo(workspace, tmp_path):
    root = workspace.root
    workspace.close()
    result = run(root, "set", "--unit", "Diskominfo", "--signer-nip", NIP, "--highlight", "A",
                 "--highlight", "B", "--foreword-file", "-", input=FOREWORD)
    assert result.exit_code == 0, result.output
    shown = run(root, "show")
    assert "Unit pengusul:  Diskominfo" in shown.output and "  - B" in shown.output
    assert "  Paragraf kedua," in shown.output
    assert run(root, "set", "--clear-highlights").exit_code == 0
    assert run(root, "set", "--award", "SDA 2024").exit_code == 0  # the rest stays
    data = json.loads(run(root, "show", "--json").output)
    assert (data["unit"], data["award"], data["highlights"]) == ("Diskominfo", "SDA 2024", [])
    assert data["foreword"].startswith("Puji syukur")
    logo = run(root, "logo", str(png(tmp_path / "l.png")))
    assert logo.exit_code == 0 and "Logo disimpan" in logo.output


@pytest.mark.parametrize(("args", "fragment"), [
    (["set", "--signer-nip", "123"], "NIP harus 18 angka"),
    (["set"], "tidak ada yang diubah"),
    (["set", "--highlight", "x", "--clear-highlights"], "tidak bisa dipakai bersamaan"),
    (["set", "--about-file", "/tidak/ada.txt"], "tidak ada"),
    (["logo"], "sebutkan BERKAS"),
    (["logo", "/etc/hostname"], "PNG atau JPEG"),
])
def test_cli_refusals(workspace, refused, args, fragment):
    refused(workspace, ["profil", *args], fragment)


def test_cli_refuses_a_file_that_is_not_utf8(workspace, refused, tmp_path):
    bad = tmp_path / "pengantar.txt"
    bad.write_bytes(b"\xff\xfe\x00kata")
    refused(workspace, ["profil", "set", "--foreword-file", str(bad)], "bukan teks UTF-8")


def test_profile_round_trips_through_replace(workspace):
    stored = save_profile(workspace, full_profile())
    changed = save_profile(workspace, replace(stored, contact="Budi, budi@contoh.go.id"))
    assert load_profile(workspace) == changed != stored
