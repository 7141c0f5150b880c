"""Profil instansi (o on Beranda): the texts the dossier and the presentation print, edited in
one dialog: unit, award, contact, the Lembar Pengesahan's signer, innovations (one a line),
Kata Pengantar, Profil singkat, and the logo file."""

from __future__ import annotations

from pathlib import Path

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static, TextArea

from epss.services.profile import (
    Profile,
    Signer,
    check_profile,
    load_profile,
    read_logo,
    save_profile,
    set_logo,
)
from epss.tui.attempt import TOLD, error_text
from epss.tui.screens.dialogs import Dialog

# (input id, label, placeholder)
LINES = (
    ("unit", "Unit pengusul", "Dinas Komunikasi dan Informatika (Walidata)"),
    ("award", "Nama penghargaan", "Satu Data Award Jawa Timur 2024"),
    ("contact", "Narahubung", "nama, telepon atau surel"),
    ("signer-name", "Penanda tangan: nama", "nama dan gelar"),
    ("signer-nip", "Penanda tangan: NIP", "18 angka, spasi boleh"),
    ("signer-title", "Penanda tangan: jabatan", "Kepala Dinas Kominfo / Sekretaris Daerah"),
)


class ProfileDialog(Dialog[Profile]):
    """Edit the profile; saves itself (a refusal is shown inside, with the input kept) and
    dismisses with the stored profile."""

    DEFAULT_CSS = """
    ProfileDialog > Vertical { width: 90; }
    ProfileDialog .row { height: auto; }
    ProfileDialog .row Label { width: 26; padding: 1 1 0 0; }
    ProfileDialog .row Input { width: 1fr; }
    ProfileDialog.-narrow .row { layout: vertical; }
    ProfileDialog.-narrow .row Label { width: 1fr; padding: 0; }
    ProfileDialog TextArea { height: 5; }
    ProfileDialog .hint { color: $text-muted; height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.current = load_profile(self.ws)  # read here: an error is told by the opener

    def compose(self) -> ComposeResult:
        p = self.current
        values = {"unit": p.unit, "award": p.award, "contact": p.contact,
                  "signer-name": p.signer.name, "signer-nip": p.signer.nip,
                  "signer-title": p.signer.title}
        with Vertical():
            yield Label("[b]Profil instansi[/b] — untuk berkas penilaian dan presentasi")
            for key, text, placeholder in LINES:
                with Horizontal(classes="row"):
                    yield Label(text)
                    yield Input(values[key], placeholder=placeholder, id=key)
            yield Label("Inovasi/unggulan (satu per baris)")
            yield TextArea("\n".join(p.highlights), id="highlights")
            yield Label("Kata pengantar")
            yield TextArea(p.foreword, id="foreword")
            yield Label("Profil singkat")
            yield TextArea(p.about, id="about")
            logo = (f"tersimpan (sha256 {p.logo_sha256[:12]}…)" if p.logo_sha256
                    else "belum ada (sampul memakai tempat kosong)")
            with Horizontal(classes="row"):
                yield Label("Berkas logo baru")
                yield Input("", placeholder="PNG/JPEG, kosongkan bila tetap", id="logo")
            yield Static(f"Logo: {logo}", classes="hint")
            yield Static("", classes="error", id="error")
            with Horizontal(classes="buttons"):
                yield Button("Batal", id="cancel")
                yield Button("Simpan", id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#unit", Input).focus()

    def edited(self) -> Profile:
        """The profile as typed (not yet checked)."""

        def line(key: str) -> str:
            return self.query_one(f"#{key}", Input).value

        def text(key: str) -> str:
            return self.query_one(f"#{key}", TextArea).text

        highlights = tuple(h.strip() for h in text("highlights").splitlines() if h.strip())
        return Profile(unit=line("unit"), award=line("award"), foreword=text("foreword"),
                       about=text("about"), highlights=highlights,
                       signer=Signer(line("signer-name"), line("signer-nip"),
                                     line("signer-title")),
                       contact=line("contact"), logo_sha256=self.current.logo_sha256)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        logo = self.query_one("#logo", Input).value.strip()
        try:
            profile = check_profile(self.edited())  # every refusal before anything is saved
            if logo:
                read_logo(Path(logo).expanduser())
            stored = save_profile(self.ws, profile)
            if logo:
                stored = set_logo(self.ws, Path(logo).expanduser())
        except TOLD as exc:
            self.query_one("#error", Static).update(escape(error_text(exc)))
            return
        self.dismiss(stored)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
