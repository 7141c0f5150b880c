"""Issue 20 in the terminal UI (Pilot): the leaderboard by category (`c` cycles Semua → each
category → Belum berkategori), and the Indeks SDI with its domains in the committee value
dialog (`i`), on a private copy of the committee demo."""

from __future__ import annotations

from fractions import Fraction

import pytest
from pilot_kit import keys, press, text
from textual.widgets import DataTable, Input, Select, Static

from epss.tui.app import create_app
from epss.tui.screens.committee import CommitteeScreen, EntrantScreen, ValueDialog

SIZE = (140, 40)
AWARD = "sata-jatim-2024"


@pytest.fixture
def ws(committee_workspace, open_workspace):
    return open_workspace(committee_workspace)


async def test_c_cycles_the_leaderboard_through_the_categories(ws):
    c = ws.committee
    award = c.award(AWARD)
    entrants = c.entrants(award)
    award = c.add_category(award, "kab", "Kabupaten")
    award = c.add_category(award, "kota", "Kota")
    kab = [e.key for e in entrants if e.agency.kind == "kabupaten"]
    kota = [e.key for e in entrants if e.agency.kind == "kota"]
    assert kab and kota
    for k in kab:
        c.set_category(award, k, "kab")
    for k in kota[1:]:
        c.set_category(award, k, "kota")  # the first kota stays in no category
    rankings = c.rankings(award)
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CommitteeScreen)
        table = screen.query_one("#entrants", DataTable)
        assert table.row_count == len(entrants)
        assert [str(col.label) for col in table.columns.values()][:3] == [
            "Posisi", "Peserta", "Kat."]
        assert "kategori: semua" in text(screen, "#award-summary")
        assert str(table.get_row(kota[0])[-1]) == "tanpa kategori"
        assert str(table.get_row(kota[0])[0]) == "–"  # not ranked

        await press(pilot, "c")
        assert screen.category == "kab"
        assert sorted(keys(table)) == sorted(kab)
        assert "Kat." not in [str(col.label) for col in table.columns.values()]
        first = rankings.categories[0].ranking.stages[-1].ranked
        expected = [r.entrant.key for r in first]
        assert keys(table)[:len(expected)] == expected  # positions within the category
        assert "kategori: Kabupaten" in text(screen, "#award-summary")
        assert "Kategori: Kabupaten (c)" in text(screen, "#committee-hint")

        await press(pilot, "c")
        assert sorted(keys(table)) == sorted(kota[1:])
        assert str(table.get_row_at(0)[0]).endswith("#1")
        await press(pilot, "c")
        assert keys(table) == [kota[0]] and "belum berkategori" in text(screen,
                                                                        "#award-summary")
        await press(pilot, "c")
        assert screen.category == "" and table.row_count == len(entrants)


async def test_without_categories_c_is_not_offered(ws):
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CommitteeScreen)
        assert screen.check_action("category", ()) is False
        table = screen.query_one("#entrants", DataTable)
        assert "Kat." not in [str(col.label) for col in table.columns.values()]
        assert "Kategori" not in text(screen, "#committee-hint")


async def test_i_records_the_indeks_sdi_with_its_domains(ws):
    c = ws.committee
    award = c.award(AWARD)
    entrant = next(e for e in c.entrants(award) if e.ips is not None)
    app = create_app(ws)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#entrants", DataTable)
        table.move_cursor(row=table.get_row_index(entrant.key))
        await pilot.pause()
        dialog = await press(pilot, "i")
        assert isinstance(dialog, ValueDialog)
        boxes = dialog.query(".sdi-domains")
        assert len(boxes) == 1 and not boxes.first().has_class("-shown")
        dialog.query_one("#criterion", Select).value = "sdi"
        await pilot.pause()
        assert boxes.first().has_class("-shown")
        labels = " ".join(str(w.render()) for w in boxes.first().query("Label"))
        assert labels.count("nama belum diketahui") == 3
        assert "tidak dihitung dari domain" in str(
            boxes.first().query_one(Static).render())
        value = dialog.query_one("#value", Input)
        value.value = "74,1"
        dialog.query_one("#sdi-sdi-domain-2", Input).value = "101"
        await pilot.pause()
        await dialog.query_one("#value", Input).action_submit()
        await pilot.pause()
        assert app.screen is dialog  # refused: the reason inside, nothing saved
        assert "antara 0 dan 100" in str(dialog.query_one("#error", Static).render())
        dialog.query_one("#sdi-sdi-domain-2", Input).value = "66,5"
        await dialog.query_one("#value", Input).action_submit()
        await pilot.pause()
        assert app.screen is screen
        plain = next(e for e in c.plain_entrants(c.award(AWARD)) if e.key == entrant.key)
        assert plain.sdi["sdi"].total == Fraction("74.1")
        assert dict(plain.sdi["sdi"].domains) == {"domain-2": Fraction("66.5")}

        detail = await press(pilot, "enter")
        assert isinstance(detail, EntrantScreen)
        rows = [v for v in detail.values if v.get("domain")]
        assert [v["domain"] for v in rows] == [
            f"domain-{n} (nama belum diketahui)" for n in (1, 2, 3)]
        dialog = await press(pilot, "i")  # the recorded domains are filled in again
        dialog.query_one("#criterion", Select).value = "sdi"
        await pilot.pause()
        assert dialog.query_one("#sdi-sdi-domain-2", Input).value == "66,5"
