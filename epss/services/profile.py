"""The agency's own texts for the award outputs: unit, award, Kata Pengantar, Profil, highlights,
the Lembar Pengesahan's signer, a contact person and the logo.

Kept in the store's ``setting`` table under the key ``profile`` as canonical JSON; the logo is a
file in the evidence vault (so ``epss evidence verify`` checks it and ``prune`` keeps it). The
dossier and the presentation read the same ``Profile``; the texts the user wrote are printed as
written (only control characters are dropped and the ends trimmed).
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epss.core.errors import WorkspaceError, os_error_text
from epss.core.model import clean_text

if TYPE_CHECKING:
    from epss.services.workspace import Workspace

SETTING_KEY = "profile"
MAX_LOGO_BYTES = 2 * 1024 * 1024  # a logo for a cover page; a larger file is a photo or a scan
MAX_LOGO_PIXELS = 6000  # per side
MAX_HIGHLIGHTS = 12
# field -> (label shown to users, longest length)
LIMITS: dict[str, tuple[str, int]] = {
    "unit": ("unit pengusul", 200),
    "award": ("nama penghargaan", 200),
    "foreword": ("kata pengantar", 6000),
    "about": ("profil singkat", 4000),
    "highlight": ("satu inovasi/unggulan", 300),
    "contact": ("narahubung", 300),
    "signer_name": ("nama penanda tangan", 120),
    "signer_title": ("jabatan penanda tangan", 150),
}
NIP_DIGITS = 18
_LOGO_KINDS = {"png": ("png", "image/png"), "jpg": ("jpg", "image/jpeg")}
_SHA = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Signer:
    """Who signs the Lembar Pengesahan (e.g. the Kepala Dinas Kominfo or the Sekretaris Daerah)."""

    name: str = ""
    nip: str = ""  # Nomor Induk Pegawai: 18 digits, spaces allowed ("19700101 199003 1 001")
    title: str = ""  # jabatan


@dataclass(frozen=True)
class Profile:
    unit: str = ""  # submitting unit, e.g. "Dinas Komunikasi dan Informatika (Walidata)"
    award: str = ""  # the award the dossier is for, e.g. "Satu Data Award Jawa Timur 2024"
    foreword: str = ""  # Kata Pengantar (paragraphs kept as written)
    about: str = ""  # Profil singkat (kept as written)
    highlights: tuple[str, ...] = ()  # innovations the user writes
    signer: Signer = field(default_factory=Signer)
    contact: str = ""  # contact person (name, phone/email)
    logo_sha256: str | None = None  # the logo (PNG or JPEG) in the evidence vault

    @property
    def is_empty(self) -> bool:
        return self == Profile()

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["highlights"] = list(self.highlights)
        return data


# -- reading ---------------------------------------------------------------------------------

def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def profile_from_json(data: object) -> Profile:
    """A profile from its stored form; anything unexpected (a hand-edited or damaged value)
    reads as empty rather than failing the dossier."""
    if not isinstance(data, dict):
        return Profile()
    signer = data.get("signer")
    signer = signer if isinstance(signer, dict) else {}
    highlights = data.get("highlights")
    logo = data.get("logo_sha256")
    return Profile(
        unit=_text(data.get("unit")),
        award=_text(data.get("award")),
        foreword=_text(data.get("foreword")),
        about=_text(data.get("about")),
        highlights=tuple(h for h in highlights if isinstance(h, str) and h)
        if isinstance(highlights, list) else (),
        signer=Signer(name=_text(signer.get("name")), nip=_text(signer.get("nip")),
                      title=_text(signer.get("title"))),
        contact=_text(data.get("contact")),
        logo_sha256=logo if isinstance(logo, str) and _SHA.match(logo) else None,
    )


_YEAR = re.compile(r"(?<!\d)20[1-9]\d(?!\d)")  # 2010-2099: "dari 2000 peserta" is no year


def award_for_year(award: str, year: int, latest: int) -> str:
    """The award a document of ``year`` names: the profile's (one free text, not kept per
    year) unless it names another year, which would have, say, a 2023 dossier or deck claim
    "Satu Data Award 2024". The text is used when it names no year, names ``year``, or, for
    the newest assessment (``latest``), names only later years (an award may judge the
    previous year's EPSS); otherwise nothing ("" as for an empty field)."""
    named = {int(y) for y in _YEAR.findall(award)}
    if award and (not named or year in named or (year == latest and min(named) > year)):
        return award
    return ""


def load_profile(ws: Workspace) -> Profile:
    """The workspace's profile (empty when none was ever saved)."""
    return profile_from_json(ws.store.get_setting(SETTING_KEY, None))


# -- validation ------------------------------------------------------------------------------

def _line(value: str, key: str) -> str:
    """A one-line field: whitespace runs become one space."""
    text = " ".join(clean_text(value).split())
    label, limit = LIMITS[key]
    if len(text) > limit:
        raise WorkspaceError(f"{label} paling panjang {limit} karakter (sekarang {len(text)})")
    return text


def _block(value: str, key: str) -> str:
    """A multi-paragraph text kept as written: control characters dropped, line ends
    normalised, trailing spaces of each line and blank lines at both ends removed."""
    text = "\n".join(line.rstrip() for line in clean_text(value).split("\n")).strip("\n")
    label, limit = LIMITS[key]
    if len(text) > limit:
        raise WorkspaceError(f"{label} paling panjang {limit} karakter (sekarang {len(text)})")
    return text


def check_nip(value: str) -> str:
    """An NIP: empty, or 18 digits with spaces between groups allowed; kept as written
    (whitespace runs made one space)."""
    nip = " ".join(clean_text(value).split())
    if not nip:
        return ""
    if not re.fullmatch(r"[0-9 ]+", nip):
        raise WorkspaceError(f"NIP hanya boleh berisi angka dan spasi, bukan {nip!r}")
    digits = nip.replace(" ", "")
    if len(digits) != NIP_DIGITS:
        raise WorkspaceError(f"NIP harus {NIP_DIGITS} angka (sekarang {len(digits)})")
    return nip


def check_profile(profile: Profile) -> Profile:
    """The profile as it will be stored, or ``WorkspaceError`` naming the first problem."""
    if not isinstance(profile, Profile) or not isinstance(profile.signer, Signer):
        raise WorkspaceError("profil tidak sah")
    highlights = tuple(h for h in (_line(h, "highlight") for h in profile.highlights) if h)
    if len(highlights) > MAX_HIGHLIGHTS:
        raise WorkspaceError(f"paling banyak {MAX_HIGHLIGHTS} inovasi/unggulan "
                             f"(sekarang {len(highlights)})")
    if len(set(highlights)) != len(highlights):
        raise WorkspaceError("inovasi/unggulan yang sama tertulis dua kali")
    logo = profile.logo_sha256
    if logo is not None and not _SHA.match(logo):
        raise WorkspaceError("hash logo tidak sah")
    return Profile(
        unit=_line(profile.unit, "unit"),
        award=_line(profile.award, "award"),
        foreword=_block(profile.foreword, "foreword"),
        about=_block(profile.about, "about"),
        highlights=highlights,
        signer=Signer(name=_line(profile.signer.name, "signer_name"),
                      nip=check_nip(profile.signer.nip),
                      title=_line(profile.signer.title, "signer_title")),
        contact=_line(profile.contact, "contact"),
        logo_sha256=logo,
    )


# -- writing ---------------------------------------------------------------------------------

def _changes(before: Profile, after: Profile) -> dict[str, Any]:
    old, new = before.to_json(), after.to_json()
    return {key: new[key] for key in new if new[key] != old[key]}


def save_profile(ws: Workspace, profile: Profile) -> Profile:
    """Validate and store the profile in one transaction with its audit event (listing the
    fields that changed and their new values); refused on a read-only workspace. Returns the
    profile as stored. Saving what is already stored writes nothing."""
    clean = check_profile(profile)
    _require_writable(ws)
    with ws.store.transaction():  # compared under the write lock
        before = load_profile(ws)
        changed = _changes(before, clean)
        if changed:
            ws.store.set_setting(SETTING_KEY, clean.to_json())
            ws.store.append_event(ws.actor, "profile", "workspace", SETTING_KEY,
                                  {"changed": changed})
    return clean


def _require_writable(ws: Workspace) -> None:
    from epss.core.errors import ReadOnlyWorkspace

    if ws.read_only:
        raise ReadOnlyWorkspace(f"mode baca saja: {ws.read_only_reason}; tidak ada yang diubah")


def read_logo(path: str | os.PathLike) -> tuple[bytes, str]:
    """The bytes of a logo file and its extension (png or jpg), checked: an existing regular
    file, at most ``MAX_LOGO_BYTES``, PNG or JPEG by its content, an image that decodes."""
    from evidence.sniff import detect

    source = Path(path)
    shown = source.name or str(source)
    try:
        if not source.is_file():
            raise WorkspaceError(f"{shown}: berkas tidak ada (atau bukan berkas biasa)")
        size = source.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise WorkspaceError(f"{shown}: logo paling besar {MAX_LOGO_BYTES // (1024 * 1024)}"
                                 f" MiB (berkas ini {size / (1024 * 1024):.1f} MiB)")
        with source.open("rb") as fh:
            data = fh.read(MAX_LOGO_BYTES + 1)
    except OSError as exc:
        raise WorkspaceError(f"{shown}: tidak bisa dibaca: {os_error_text(exc)}") from None
    if len(data) > MAX_LOGO_BYTES:
        raise WorkspaceError(f"{shown}: logo paling besar {MAX_LOGO_BYTES // (1024 * 1024)} MiB")
    kind = detect(data[:8192])
    if kind not in _LOGO_KINDS:
        raise WorkspaceError(f"{shown}: logo harus gambar PNG atau JPEG")
    _check_image(data, shown)
    return data, _LOGO_KINDS[kind][0]


def _check_image(data: bytes, shown: str) -> None:
    """The image is whole, decodes and has a sane size (a truncated file would break the PDF).
    Whole is checked from its last bytes: WeasyPrint tells Pillow to load truncated images, a
    setting of the whole process."""
    from PIL import Image, UnidentifiedImageError

    whole = (data.rstrip(b"\x00").endswith(b"\xff\xd9") if data.startswith(b"\xff\xd8")
             else b"IEND" in data[-16:])
    if not whole:
        raise WorkspaceError(f"{shown}: gambar rusak atau terpotong")

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size  # from the header: checked before decoding
            if not (1 <= width <= MAX_LOGO_PIXELS and 1 <= height <= MAX_LOGO_PIXELS):
                raise WorkspaceError(
                    f"{shown}: ukuran gambar {width}×{height} piksel; paling besar "
                    f"{MAX_LOGO_PIXELS}×{MAX_LOGO_PIXELS}")
            image.load()
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        raise WorkspaceError(f"{shown}: gambar rusak atau tidak terbaca") from None


def set_logo(ws: Workspace, path: str | os.PathLike) -> Profile:
    """Store a PNG or JPEG logo in the evidence vault and make it the profile's logo (one
    transaction with its audit event). Returns the profile as stored."""
    from evidence import StoredBlob, VaultError

    _require_writable(ws)
    data, ext = read_logo(path)

    def put() -> StoredBlob:
        try:
            return ws.storing_vault().put(io.BytesIO(data), name=f"logo.{ext}")
        except VaultError as exc:
            raise WorkspaceError(str(exc)) from None

    blob = put()
    with ws.store.transaction():  # under the write lock: a prune cannot run in between
        if not ws.vault.exists(blob.sha256):  # pruned by another process meanwhile
            blob = put()
        before = load_profile(ws)
        after = replace(before, logo_sha256=blob.sha256)
        if after != before:
            ws.store.set_setting(SETTING_KEY, after.to_json())
            ws.store.append_event(ws.actor, "logo", "workspace", SETTING_KEY, {
                "sha256": blob.sha256, "size": blob.size, "name": Path(path).name,
                "before": before.logo_sha256})
    return after


def clear_logo(ws: Workspace) -> Profile:
    """Remove the logo from the profile (the vault file stays until ``evidence prune``)."""
    _require_writable(ws)
    with ws.store.transaction():
        before = load_profile(ws)
        after = replace(before, logo_sha256=None)
        if after != before:
            ws.store.set_setting(SETTING_KEY, after.to_json())
            ws.store.append_event(ws.actor, "logo", "workspace", SETTING_KEY,
                                  {"sha256": None, "before": before.logo_sha256})
    return after


def logo_bytes(ws: Workspace, profile: Profile) -> bytes | None:
    """The logo's bytes, or None when there is none or its file is missing from the vault
    (the outputs then print the placeholder; ``epss doctor`` names the missing file)."""
    sha = profile.logo_sha256
    if not sha:
        return None
    try:
        path = ws.vault.path(sha)
        return path.read_bytes() if path.is_file() else None
    except (OSError, ValueError):
        return None


def logo_media_type(data: bytes) -> str:
    """The media type of logo bytes (for a data: URI)."""
    return "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
