"""The vault on a failing disk: short writes, a full disk, bytes that do not read back.

Every add either stores exactly the source's bytes or fails with a clear message and leaves
nothing behind (no blob, no temporary file, no folder it made for the write); a retry on a
healthy disk then stores the exact bytes. Faults are injected through the temporary file object
the vault opens, and for real on a tiny tmpfs when this machine lets us mount one.
"""

from __future__ import annotations

import errno
import hashlib
import io
import random
import stat
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

import evidence.vault as vault_module
from epss.demo import minimal_pdf
from epss.services.exchange.bundle import BundleError
from epss.services.workspace import Workspace
from evidence import Vault, VaultError
from evidence.vault import CHUNK

KiB = 1024
MiB = 1024 * KiB
# tiny, a few hundred KiB, a whole first chunk (written without the background thread), and
# beyond one chunk (the rest goes through the writer thread)
SIZES = [37, 300 * KiB, CHUNK - 1, CHUNK + 1, 2 * CHUNK + 12_345]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def zip_data(size: int) -> bytes:
    """``size`` bytes that pass as a .zip (the vault checks the type from the first bytes)."""
    return b"PK\x03\x04" + random.Random(size).randbytes(size - 4)


def fault_at(size: int) -> int:
    """Where a fault strikes: mid-file, and inside the background writer's part when the file
    is longer than one chunk."""
    return size // 2 if size <= CHUNK else CHUNK + (size - CHUNK) // 2


def listing(root: Path) -> list[tuple[str, str]]:
    """Every folder and file under ``root`` (the root itself included), by relative path."""
    if not root.exists():
        return []
    found = [(".", "dir")]
    for p in sorted(root.rglob("*")):
        found.append((str(p.relative_to(root)), "dir" if p.is_dir() else "file"))
    return found


# -- fault-injecting temporary files --------------------------------------------------------


class Trickle(io.FileIO):
    """Each write takes only part of what it is given (legal, and what a nearly full disk or
    a signal does): the caller must write the rest."""

    def write(self, b):
        view = memoryview(b)
        return super().write(view[:max(1, len(view) // 3)])


class Stall(io.FileIO):
    """Writes short, then at ``STOP`` bytes makes no progress at all (returns 0)."""

    STOP = 0

    def write(self, b):
        view = memoryview(b)
        room = self.STOP - self.tell()
        if room <= 0:
            return 0
        return super().write(view[:min(room, max(1, len(view) // 2))])


class Full(io.FileIO):
    """A disk with room for ``ROOM`` bytes of this file: the write that reaches the edge is
    short (what fitted), the next one fails with ENOSPC, as the kernel does."""

    ROOM = 0

    def write(self, b):
        view = memoryview(b)
        room = self.ROOM - self.tell()
        if room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(view[:room])


class Liar(io.FileIO):
    """Reports every write as complete but stores one byte wrong (a disk that damages data)."""

    def write(self, b):
        data = bytearray(b)
        data[len(data) // 2] ^= 0xFF
        return super().write(data) and len(b)


def inject(monkeypatch, cls: type[io.FileIO], **attrs: int) -> None:
    """Make the vault's temporary files instances of ``cls`` (until monkeypatch.undo)."""
    faulty = type(cls.__name__, (cls,), attrs)

    def fake_open(file, mode="r", buffering=-1, *args, **kwargs):
        assert buffering == 0 and "b" in mode, (mode, buffering)
        return faulty(file, mode.replace("b", ""))

    monkeypatch.setattr(vault_module, "open", fake_open, raising=False)


def add(vault: Vault, folder: Path, data: bytes, how: str):
    if how == "path":  # `epss evidence add`: the size is known, space is reserved first
        source = folder / "arsip.zip"
        source.write_bytes(data)
        return vault.put(source)
    return vault.put(io.BytesIO(data), "arsip.zip")  # a bundle import: a stream, size unknown


def assert_stored_exactly(vault: Vault, data: bytes, blob) -> None:
    assert blob.sha256 == sha(data) and blob.size == len(data)
    path = vault.path(blob.sha256)
    assert path.read_bytes() == data
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert vault.verify([blob.sha256]).ok
    assert sorted((vault.root / "tmp").iterdir()) == []


@pytest.fixture
def src(tmp_path) -> Path:
    folder = tmp_path / "pilihan"
    folder.mkdir()
    return folder


# -- a failed write keeps nothing; a retry stores the exact bytes -------------------------


@pytest.mark.parametrize("how", ["path", "stream"])
@pytest.mark.parametrize("size", SIZES)
def test_full_disk_mid_file_fails_and_keeps_nothing(tmp_path, src, monkeypatch, size, how):
    vault = Vault(tmp_path / "vault")
    data = zip_data(size)
    inject(monkeypatch, Full, ROOM=fault_at(size))
    with pytest.raises(VaultError) as info:
        add(vault, src, data, how)
    assert "disk penuh" in str(info.value)
    assert "arsip.zip" in str(info.value)
    assert "No space" not in str(info.value)  # said in Indonesian, not libc's English
    assert listing(vault.root) == []  # no blob, no temporary file, no folder made for it
    monkeypatch.undo()
    blob = add(vault, src, data, how)
    assert not blob.existed
    assert_stored_exactly(vault, data, blob)


@pytest.mark.parametrize("size", SIZES)
def test_write_that_stops_making_progress_fails_and_keeps_nothing(tmp_path, src, monkeypatch,
                                                                  size):
    vault = Vault(tmp_path / "vault")
    data = zip_data(size)
    inject(monkeypatch, Stall, STOP=fault_at(size))
    with pytest.raises(VaultError, match="gagal menyimpan ke brankas"):
        add(vault, src, data, "path")
    assert listing(vault.root) == []
    monkeypatch.undo()
    assert_stored_exactly(vault, data, add(vault, src, data, "path"))


@pytest.mark.parametrize("how", ["path", "stream"])
@pytest.mark.parametrize("size", SIZES)
def test_short_writes_are_continued_to_the_exact_bytes(tmp_path, src, monkeypatch, size, how):
    vault = Vault(tmp_path / "vault")
    data = zip_data(size)
    inject(monkeypatch, Trickle)
    assert_stored_exactly(vault, data, add(vault, src, data, how))


@pytest.mark.parametrize("size", SIZES)
def test_bytes_that_do_not_read_back_are_refused(tmp_path, src, monkeypatch, size):
    vault = Vault(tmp_path / "vault")
    data = zip_data(size)
    inject(monkeypatch, Liar)
    with pytest.raises(VaultError, match="berbeda dari berkas asalnya"):
        add(vault, src, data, "path")
    assert listing(vault.root) == []
    monkeypatch.undo()
    assert_stored_exactly(vault, data, add(vault, src, data, "path"))


def test_failure_in_a_used_vault_leaves_it_exactly_as_it_was(tmp_path, src, monkeypatch):
    """Folders that were there before (or that hold anything) are never removed."""
    vault = Vault(tmp_path / "vault")
    kept = vault.put(io.BytesIO(b"Laporan Satu Data\n"), "laporan.txt")
    before = listing(vault.root)
    assert (".", "dir") in before and ("tmp", "dir") in before
    data = zip_data(CHUNK + 1)
    inject(monkeypatch, Full, ROOM=fault_at(len(data)))
    with pytest.raises(VaultError, match="disk penuh"):
        add(vault, src, data, "stream")
    assert listing(vault.root) == before
    assert vault.verify([kept.sha256]).ok


def test_retry_replaces_a_damaged_blob_with_the_exact_bytes(tmp_path, src, monkeypatch):
    """What a short write used to leave (the source's hash over zero-padded bytes) is never
    trusted as "already stored": the retry, itself written in short pieces, puts it right."""
    vault = Vault(tmp_path / "vault")
    data = zip_data(300 * KiB)
    damaged = vault.path(sha(data))
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(data[:100 * KiB] + bytes(len(data) - 100 * KiB))
    damaged.chmod(0o444)
    inject(monkeypatch, Trickle)
    blob = add(vault, src, data, "path")
    assert not blob.existed
    assert_stored_exactly(vault, data, blob)


# -- a real, tiny, full disk ----------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path) -> Path:
    """A 2 MiB tmpfs (needs root and permission to mount; skipped otherwise)."""
    mnt = tmp_path / "kecil"
    mnt.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=True, timeout=30)


@pytest.mark.parametrize("how", ["path", "stream"])
def test_real_full_disk(tiny_disk, src, how):
    vault = Vault(tiny_disk / "evidence")
    big = zip_data(3 * MiB)  # more than the whole disk
    with pytest.raises(VaultError, match="disk penuh"):
        add(vault, src, big, how)
    assert listing(tiny_disk) == [(".", "dir")]

    small = zip_data(700 * KiB)
    first = add(vault, src, small, how)
    assert_stored_exactly(vault, small, first)
    before = listing(tiny_disk)
    with pytest.raises(VaultError, match="disk penuh"):
        add(vault, src, zip_data(int(1.5 * MiB)), how)  # fits an empty disk, not this one
    assert listing(tiny_disk) == before
    assert vault.verify([first.sha256]).ok

    vault.delete(first.sha256)  # room again: the retry stores the exact bytes
    retry = zip_data(int(1.5 * MiB))
    assert_stored_exactly(vault, retry, add(vault, src, retry, how))


# -- a refused bundle import leaves the workspace folder as it was --------------------------

AGENCY = {"name": "Pemerintah Kota Contoh", "kind": "kota", "code": "9971"}
FILES = {
    "10101": ("perwali.pdf", minimal_pdf(("PERATURAN WALI KOTA CONTOH", "SATU DATA"))),
    "10201": ("rekap-metadata.csv", b"opd,kegiatan\nDinas Kesehatan,Profil Kesehatan\n"),
    "20101": ("surat.pdf", minimal_pdf(("SURAT KEPUTUSAN WALIDATA", "TAHUN 2024"))),
}


@pytest.fixture(scope="module")
def good_bundle(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("asal")
    ws = Workspace.create(base / "ws", actor="Tim Penilai Internal", **AGENCY)
    try:
        a = ws.new_assessment(2024)
        for code, (name, data) in FILES.items():
            (base / name).write_bytes(data)
            ws.set_answer(a.id, code, level=2, explanation="Ada buktinya.")
            ws.add_evidence(a.id, code, base / name)
        ws.export_bundle(a.id, base / "bundel.zip")
    finally:
        ws.close()
    return base / "bundel.zip"


def _evidence_names(bundle: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as zf:
        return sorted(n for n in zf.namelist() if n.startswith("evidence/"))


def flip_stored_byte(bundle: bytes, name: str) -> bytes:
    """One byte of a stored evidence entry changed in place: the zip's CRC no longer fits."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as zf:
        content = zf.read(name)
    at = bundle.index(content) + len(content) // 2
    out = bytearray(bundle)
    out[at] ^= 0x01
    return bytes(out)


def rewrite_entry(bundle: bytes, name: str) -> bytes:
    """The entry rewritten with one byte changed: a valid zip whose file no longer has the
    hash the manifest names."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(bundle)) as src, zipfile.ZipFile(out, "w") as dest:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == name:
                data = data[:-1] + bytes([data[-1] ^ 0x01])
            dest.writestr(info, data)
    return out.getvalue()


DAMAGE: dict[str, Callable[[bytes, str], bytes]] = {
    "crc": flip_stored_byte, "hash": rewrite_entry}


@pytest.mark.parametrize("which", [0, -1], ids=["first-staged", "last-staged"])
@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_refused_import_into_a_fresh_workspace_leaves_no_folder(tmp_path, good_bundle, damage,
                                                                which):
    raw = good_bundle.read_bytes()
    name = _evidence_names(raw)[which]  # files are staged in this order
    bad = tmp_path / "rusak.zip"
    bad.write_bytes(DAMAGE[damage](raw, name))
    ws = Workspace.create(tmp_path / "penerima", actor="Penerima", **AGENCY)
    try:
        before = listing(ws.root)
        with pytest.raises(BundleError):
            ws.import_bundle(bad)
        assert listing(ws.root) == before
        assert not (ws.root / "evidence").exists()
        assert ws.import_bundle(good_bundle).status == "imported"  # and the good one is taken
        assert ws.verify_evidence() == []
    finally:
        ws.close()
