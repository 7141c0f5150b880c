"""Profil instansi (o on Beranda): edit the dossier's texts, a refusal shown inside the dialog
with the input kept, the logo stored, and a read-only workspace refused before typing."""

from __future__ import annotations

import pytest
from PIL import Image
from textual.widgets import Button, Input, Static, TextArea

from epss.services.profile import load_profile
from epss.services.workspace import Workspace
from epss.tui.app import create_app
from epss.tui.screens.home import HomeScreen
from epss.tui.screens.profile import ProfileDialog

NIP = "19700101 199003 1 001"


@pytest.fixture
def ws(demo_workspace, open_workspace):
    return open_workspace(demo_workspace)


async def open_dialog(pilot) -> ProfileDialog:
    await pilot.pause()
    assert isinstance(pilot.app.screen, HomeScreen)
    await pilot.press("o")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, ProfileDialog)
    return dialog


async def ok(pilot, dialog: ProfileDialog) -> None:
    """Scroll the dialog to its Simpan button (it is taller than a small terminal), press it."""
    button = dialog.query_one("#ok", Button)
    button.scroll_visible(animate=False)
    await pilot.pause()
    button.press()
    await pilot.pause()


@pytest.mark.parametrize("size", [(120, 36), (40, 15)])
async def test_profile_is_edited_and_saved(ws, tmp_path, size):
    logo = tmp_path / "lambang.png"
    Image.new("RGB", (20, 20), (18, 53, 91)).save(logo)
    app = create_app(ws)
    async with app.run_test(size=size) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one("#unit", Input).value = "Diskominfo (Walidata)"
        dialog.query_one("#signer-nip", Input).value = NIP
        dialog.query_one("#highlights", TextArea).text = "Kelurahan Cantik\n\nPortal SDI\n"
        dialog.query_one("#foreword", TextArea).text = "Paragraf satu.\n\nParagraf dua."
        dialog.query_one("#logo", Input).value = str(logo)
        await ok(pilot, dialog)
        assert isinstance(app.screen, HomeScreen)
    stored = load_profile(ws)
    assert stored.unit == "Diskominfo (Walidata)" and stored.signer.nip == NIP
    assert stored.highlights == ("Kelurahan Cantik", "Portal SDI")
    assert stored.foreword == "Paragraf satu.\n\nParagraf dua."
    assert stored.logo_sha256


async def test_a_bad_nip_is_refused_inside_with_the_input_kept(ws, snapshot):
    profile, before = load_profile(ws), snapshot(ws)
    app = create_app(ws)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one("#unit", Input).value = "Diskominfo"
        dialog.query_one("#signer-nip", Input).value = "123"
        await ok(pilot, dialog)
        assert app.screen is dialog
        assert "NIP harus 18 angka" in str(dialog.query_one("#error", Static).render())
        assert dialog.query_one("#unit", Input).value == "Diskominfo"
        dialog.query_one("#logo", Input).value = "/tidak/ada.png"
        dialog.query_one("#signer-nip", Input).value = NIP
        await ok(pilot, dialog)
        assert app.screen is dialog  # the logo is checked before anything is saved
        assert "tidak ada" in str(dialog.query_one("#error", Static).render())
        await pilot.press("escape")
    assert load_profile(ws) == profile and snapshot(ws) == before


async def test_read_only_refuses_before_the_dialog(demo_workspace, monkeypatch):
    import epss.services.workspace

    monkeypatch.setattr(epss.services.workspace, "read_only_reason",
                        lambda where: f"folder {where} tidak bisa ditulis")
    with Workspace.open(demo_workspace) as ws:
        app = create_app(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("o")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert any("baca saja" in n.message for n in app._notifications)


@pytest.mark.parametrize("size", [
    *(pytest.param(s, marks=pytest.mark.slow) for s in [(40, 15), (44, 15), (60, 20)]), (80, 24)])
async def test_dialogs_reach_their_buttons_on_small_terminals(ws, size):
    """The profile dialog and the Cetak PDF dialog (with its coverage warning and the jury-copy
    choice) scroll to their buttons from 40x15 up."""
    from textual.containers import Vertical

    from epss.tui.screens.report import ReportDialog

    app = create_app(ws)
    async with app.run_test(size=size) as pilot:
        for key, kind in (("o", ProfileDialog), ("g", ReportDialog)):
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, kind)
            for selector in ("#ok", "#cancel"):
                button = dialog.query_one(selector, Button)
                button.focus()
                await pilot.pause()
                await pilot.wait_for_scheduled_animations()
                box = dialog.query_one(Vertical)
                assert box.region.contains_region(button.region), (key, selector)
                assert app.screen.region.contains_region(button.region), (key, selector)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
