"""The evidence vault on its own: content addressing, type checks, refusals, verification.

`evidence` is a leaf package, so nothing here imports `epss`.
"""

from __future__ import annotations

import hashlib
import io
import os
import stat
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from evidence import DEFAULT_MAX_BYTES, DEFAULT_WARN_BYTES, StoredBlob, Vault, VaultError
from evidence.vault import CHUNK

# -- real-format samples, built by hand ---------------------------------------------------------

PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n"
)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\x00"))
    + _png_chunk(b"IEND", b"")
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
WEBP = b"RIFF" + struct.pack("<I", 30) + b"WEBPVP8 " + b"\x00" * 22
HTML = b"<!DOCTYPE html>\n<html><head><title>Satu Data</title></head><body>x</body></html>\n"
CSV_1252 = "No;Nama OPD;Keterangan\n1;Dinas Kesehatan;Caf\xe9 \u2013 r\xe9sum\xe9\n".encode(
    "cp1252")
TXT = "Laporan penyelenggaraan Satu Data Indonesia — tingkat kota.\n".encode() * 3


def _xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "Indikator"
    wb.active["B1"] = 3
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _docx_like() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return out.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def vault_files(root: Path) -> list[Path]:
    """Every file anywhere under the vault (blobs and temporary files alike)."""
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if not p.is_dir())


def assert_untouched(vault: Vault) -> None:
    assert vault_files(vault.root) == []
    assert list(vault.blobs()) == []


@pytest.fixture
def vault(tmp_path):
    return Vault(tmp_path / "vault")


@pytest.fixture
def src(tmp_path):
    folder = tmp_path / "pilihan"
    folder.mkdir()
    return folder


# -- the leaf rule ------------------------------------------------------------------------------


def test_evidence_package_imports_nothing_from_epss():
    code = (
        "import sys, evidence, evidence.vault, evidence.sniff\n"
        "bad = sorted(m for m in sys.modules if m == 'epss' or m.startswith('epss.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    package = Path(__file__).resolve().parents[2] / "evidence"
    for source in package.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert "import epss" not in text and "from epss" not in text, source


# -- putting ------------------------------------------------------------------------------------


def test_put_from_path_describes_and_stores(vault, src):
    path = write(src / "laporan.pdf", PDF)
    blob = vault.put(path)
    assert isinstance(blob, StoredBlob)
    assert blob.sha256 == sha(PDF)
    assert blob.size == len(PDF)
    assert blob.media_type == "application/pdf"
    assert blob.name == "laporan.pdf"
    assert blob.existed is False
    assert blob.warnings == ()
    stored = vault.root / blob.sha256[:2] / blob.sha256[2:]
    assert vault.path(blob.sha256) == stored
    assert stored.read_bytes() == PDF
    assert stat.S_IMODE(stored.stat().st_mode) == 0o444
    assert vault_files(vault.root) == [stored]  # no temporary file left behind
    assert path.read_bytes() == PDF  # the source is untouched


def test_put_from_stream_needs_a_name(vault):
    blob = vault.put(io.BytesIO(PNG), "grafik.png")
    assert (blob.sha256, blob.size, blob.media_type) == (sha(PNG), len(PNG), "image/png")
    assert vault.exists(blob.sha256)
    with pytest.raises(VaultError, match="nama berkas"):
        vault.put(io.BytesIO(PNG))


def test_put_name_overrides_the_path_name(vault, src):
    path = write(src / "unduhan", PDF)
    blob = vault.put(path, "Perwali Satu Data.pdf")
    assert blob.name == "Perwali Satu Data.pdf"
    assert blob.media_type == "application/pdf"


def test_same_content_is_stored_once(vault, src):
    first = vault.put(write(src / "a.pdf", PDF))
    second = vault.put(io.BytesIO(PDF), "salinan lain.pdf")
    third = vault.put(write(src / "b.pdf", PDF))
    assert first.sha256 == second.sha256 == third.sha256
    assert (first.existed, second.existed, third.existed) == (False, True, True)
    assert second.name == "salinan lain.pdf"
    assert list(vault.blobs()) == [first.sha256]
    assert vault_files(vault.root) == [vault.path(first.sha256)]


def test_different_content_gets_different_blobs(vault):
    a = vault.put(io.BytesIO(TXT), "a.txt")
    b = vault.put(io.BytesIO(TXT + b"x"), "a.txt")
    assert a.sha256 != b.sha256
    assert sorted(vault.blobs()) == sorted([a.sha256, b.sha256])


def test_open_and_exists(vault):
    blob = vault.put(io.BytesIO(TXT), "catatan.txt")
    with vault.open(blob.sha256) as f:
        assert f.read() == TXT
    assert vault.exists(blob.sha256)
    other = sha(b"never stored")
    assert not vault.exists(other)
    with pytest.raises(VaultError, match="tidak ada"):
        vault.open(other)


@pytest.mark.parametrize("bad", ["", "abc", "../../etc/passwd", "A" * 64, "g" * 64,
                                 sha(b"x") + "0"])
def test_malformed_hashes_are_refused(vault, bad):
    with pytest.raises(VaultError, match="SHA-256"):
        vault.path(bad)
    with pytest.raises(VaultError):
        vault.open(bad)


def test_multi_chunk_file_is_copied_exactly(vault, src):
    data = os.urandom(4 * CHUNK + 12345)
    data = b"PK\x03\x04" + data[4:]
    path = write(src / "arsip.zip", data)
    seen: list[int] = []
    blob = vault.put(path, progress=seen.append)
    assert blob.sha256 == sha(data)
    assert blob.size == len(data)
    assert sum(seen) == len(data)
    assert len(seen) >= 5
    assert vault.path(blob.sha256).read_bytes() == data


class _Trickle(io.RawIOBase):
    """A stream that hands out at most ``step`` bytes per read, like a slow pipe."""

    def __init__(self, data: bytes, step: int, fail_after: int | None = None):
        self._data, self._pos, self._step, self._fail_after = data, 0, step, fail_after

    def readable(self) -> bool:
        return True

    def readinto(self, buf) -> int:
        if self._fail_after is not None and self._pos >= self._fail_after:
            raise OSError(5, "Input/output error")
        n = min(len(buf), self._step, len(self._data) - self._pos)
        buf[:n] = self._data[self._pos:self._pos + n]
        self._pos += n
        return n


def test_short_reads_are_stored_exactly(vault):
    data = (TXT * 4000)[:300_000]
    blob = vault.put(_Trickle(data, 997), "potongan.txt")
    assert blob.size == len(data)
    assert blob.sha256 == sha(data)
    assert vault.path(blob.sha256).read_bytes() == data


def test_read_error_midway_stores_nothing(vault):
    data = (TXT * 40000)[: 2 * CHUNK]
    with pytest.raises(VaultError, match="gagal"):
        vault.put(_Trickle(data, 65536, fail_after=CHUNK), "putus.txt")
    assert_untouched(vault)


def test_interrupt_midway_stores_nothing(vault):
    data = b"PK\x03\x04" + os.urandom(3 * CHUNK)

    def cancel(n: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        vault.put(io.BytesIO(data), "arsip.zip", progress=cancel)
    assert_untouched(vault)


# -- real formats -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "media_type"),
    [
        ("perwali.pdf", lambda: PDF, "application/pdf"),
        ("PERWALI.PDF", lambda: PDF, "application/pdf"),
        ("grafik.png", lambda: PNG, "image/png"),
        ("foto.jpg", lambda: JPEG, "image/jpeg"),
        ("foto.jpeg", lambda: JPEG, "image/jpeg"),
        ("foto.webp", lambda: WEBP, "image/webp"),
        ("rekap.xlsx", _xlsx,
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("sk walidata.docx", _docx_like,
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("bundel.zip", _docx_like, "application/zip"),
        ("daftar data.csv", lambda: CSV_1252, "text/csv"),
        ("catatan.txt", lambda: TXT, "text/plain"),
        ("catatan-1252.txt", lambda: CSV_1252, "text/plain"),
    ],
)
def test_real_formats_are_accepted(vault, src, name, make, media_type):
    data = make()
    blob = vault.put(write(src / name, data))
    assert blob.media_type == media_type
    assert blob.sha256 == sha(data)
    assert vault.path(blob.sha256).read_bytes() == data


def test_windows_1252_text_is_stored_byte_for_byte(vault):
    assert b"\xe9" in CSV_1252 and b"\x96" in CSV_1252
    blob = vault.put(io.BytesIO(CSV_1252), "opd.csv")
    assert vault.path(blob.sha256).read_bytes() == CSV_1252


# -- type refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("halaman.pdf", HTML, "HTML"),
        ("bom.pdf", b"\xef\xbb\xbf  \n<html><body>x</body></html>", "HTML"),
        ("grafik.pdf", PNG, "PNG"),
        ("dokumen.docx", PDF, "PDF"),
        ("rekap.xlsx", TXT, "teks"),
        ("foto.jpg", PNG, "PNG"),
        ("surat.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "program Windows"),
        ("kosong.txt", b"\x00\x01\x02\x03\x04\x05" * 50, "biner"),
    ],
)
def test_content_that_contradicts_the_extension_is_refused(vault, src, name, data, fragment):
    with pytest.raises(VaultError, match=fragment) as err:
        vault.put(write(src / name, data))
    assert "isi berkas ternyata" in str(err.value)
    assert_untouched(vault)


@pytest.mark.parametrize("name", ["setup.exe", "halaman.html", "laporan", "laporan.pdf.exe",
                                  ".pdf", "arsip.rar", "skrip.js"])
def test_extension_not_on_the_allow_list_is_refused(vault, src, name):
    with pytest.raises(VaultError, match="tidak diterima") as err:
        vault.put(write(src / name, PDF))
    assert "pdf" in str(err.value) and "xlsx" in str(err.value)  # says what is accepted
    assert_untouched(vault)


def test_empty_file_is_refused(vault, src):
    with pytest.raises(VaultError, match="kosong"):
        vault.put(write(src / "kosong.pdf", b""))
    with pytest.raises(VaultError, match="kosong"):
        vault.put(io.BytesIO(b""), "kosong.txt")
    assert_untouched(vault)


# -- size limits --------------------------------------------------------------------------------


def test_defaults():
    assert DEFAULT_MAX_BYTES == 100 * 1024 * 1024
    assert DEFAULT_WARN_BYTES == 10 * 1024 * 1024
    v = Vault("x")
    assert (v.max_bytes, v.warn_bytes) == (DEFAULT_MAX_BYTES, DEFAULT_WARN_BYTES)


def test_file_over_the_size_limit_is_refused(tmp_path, src):
    vault = Vault(tmp_path / "vault", max_bytes=1000)
    data = (TXT * 100)[:1001]
    with pytest.raises(VaultError, match="batas"):
        vault.put(write(src / "besar.txt", data))
    assert_untouched(vault)
    with pytest.raises(VaultError, match="batas"):
        vault.put(io.BytesIO(data), "besar.txt")  # a stream: no size known beforehand
    assert_untouched(vault)
    exact = vault.put(io.BytesIO(data[:1000]), "pas.txt")
    assert exact.size == 1000


def test_stream_over_the_limit_after_several_chunks_leaves_nothing(tmp_path):
    vault = Vault(tmp_path / "vault", max_bytes=2 * CHUNK + 10)
    data = b"PK\x03\x04" + os.urandom(3 * CHUNK)
    with pytest.raises(VaultError, match="batas"):
        vault.put(io.BytesIO(data), "arsip.zip")
    assert_untouched(vault)


def test_large_file_gets_an_upload_warning(tmp_path):
    vault = Vault(tmp_path / "vault", warn_bytes=1000)
    small = vault.put(io.BytesIO((TXT * 100)[:1000]), "pas.txt")
    assert small.warnings == ()
    big = vault.put(io.BytesIO((TXT * 100)[:1001]), "besar.txt")
    assert len(big.warnings) == 1
    assert "besar.txt" in big.warnings[0]
    assert "formulir unggah" in big.warnings[0]


# -- refusals of what is not a plain, readable file in the chosen folder ------------------------


def test_directory_is_refused(vault, src):
    folder = src / "lampiran.pdf"
    folder.mkdir()
    with pytest.raises(VaultError, match="folder"):
        vault.put(folder)
    assert_untouched(vault)


def test_device_file_is_refused(vault):
    with pytest.raises(VaultError, match="bukan berkas biasa"):
        vault.put("/dev/null", "null.txt")
    assert_untouched(vault)


def test_fifo_is_refused_without_blocking(vault, src):
    fifo = src / "pipa.txt"
    os.mkfifo(fifo)
    with pytest.raises(VaultError, match="bukan berkas biasa"):
        vault.put(fifo)
    assert_untouched(vault)


def test_missing_file_is_refused(vault, src):
    with pytest.raises(VaultError, match="tidak ditemukan"):
        vault.put(src / "tidak-ada.pdf")
    assert_untouched(vault)


@pytest.mark.skipif(os.geteuid() == 0,
                    reason="running as root: permission bits are not enforced, chmod 000 "
                           "files stay readable")
def test_unreadable_file_is_refused(vault, src):
    path = write(src / "rahasia.pdf", PDF)
    path.chmod(0)
    try:
        with pytest.raises(VaultError, match="izin"):
            vault.put(path)
    finally:
        path.chmod(0o644)
    assert_untouched(vault)


def test_symlink_leaving_the_folder_is_refused(vault, tmp_path, src):
    outside = write(tmp_path / "lain" / "asli.pdf", PDF)
    link = src / "tautan.pdf"
    link.symlink_to(outside)
    with pytest.raises(VaultError, match="luar folder"):
        vault.put(link)
    relative = src / "naik.pdf"
    relative.symlink_to(Path("..") / "lain" / "asli.pdf")
    with pytest.raises(VaultError, match="luar folder"):
        vault.put(relative)
    assert_untouched(vault)


def test_symlink_chain_that_ends_outside_is_refused(vault, tmp_path, src):
    outside = write(tmp_path / "lain" / "asli.pdf", PDF)
    hop = src / "hop.pdf"
    hop.symlink_to(outside)
    link = src / "tautan.pdf"
    link.symlink_to(hop)
    with pytest.raises(VaultError, match="luar folder"):
        vault.put(link)
    assert_untouched(vault)


def test_symlink_inside_the_folder_is_accepted(vault, src):
    real = write(src / "sub" / "asli.pdf", PDF)
    link = src / "tautan.pdf"
    link.symlink_to(real)
    back = src / "kembali.pdf"
    back.symlink_to(Path("..") / src.name / "sub" / "asli.pdf")
    assert vault.put(link).sha256 == sha(PDF)
    assert vault.put(back).existed


def test_symlink_outside_accepted_when_the_chosen_root_covers_it(vault, tmp_path, src):
    outside = write(tmp_path / "lain" / "asli.pdf", PDF)
    link = src / "tautan.pdf"
    link.symlink_to(outside)
    assert vault.put(link, allowed_root=tmp_path).sha256 == sha(PDF)


def test_broken_symlink_is_refused(vault, src):
    link = src / "rusak.pdf"
    link.symlink_to(src / "hilang.pdf")
    with pytest.raises(VaultError, match="rusak"):
        vault.put(link)
    assert_untouched(vault)


def test_symlink_to_a_directory_inside_is_refused_as_folder(vault, src):
    (src / "sub").mkdir()
    link = src / "folder.pdf"
    link.symlink_to(src / "sub")
    with pytest.raises(VaultError, match="folder"):
        vault.put(link)
    assert_untouched(vault)


@pytest.mark.parametrize(
    "name",
    [
        "sub/laporan.pdf",
        "../laporan.pdf",
        "sub\\laporan.pdf",
        "lapor\nan.pdf",
        "lapor\ran.pdf",
        "lapor\tan.pdf",
        "lapor\x00an.pdf",
        "\x1b[31mmerah.pdf",
        "lapor\x7fan.pdf",
        "",
        "   ",
        ".",
        "..",
        "a" * 252 + ".pdf",
        "lapor\x85an.pdf",  # C1 control (NEL)
        "\x9b31mmerah.pdf",  # C1 CSI, a terminal escape
    ],
)
def test_bad_names_are_refused(vault, name):
    with pytest.raises(VaultError, match="nama berkas") as err:
        vault.put(io.BytesIO(PDF), name)
    message = str(err.value)
    assert "\n" not in message and "\x1b" not in message and "\x00" not in message
    assert_untouched(vault)


@pytest.mark.parametrize("name", ["a\\b.pdf", "tab\there.pdf", "esc\x1bhere.pdf"])
def test_bad_names_on_disk_are_refused(vault, src, name):
    path = write(src / name, PDF)
    with pytest.raises(VaultError, match="nama berkas"):
        vault.put(path)
    assert_untouched(vault)


def test_non_utf8_name_is_kept_and_shown_safely(vault, src):
    raw = os.path.join(os.fsencode(src), b"laporan\xff.pdf")
    with open(raw, "wb") as f:
        f.write(PDF)
    path = Path(os.fsdecode(raw))
    assert path.name == os.fsdecode(b"laporan\xff.pdf")
    blob = vault.put(path)
    assert blob.name == "laporan\\xff.pdf"
    blob.name.encode("utf-8")  # displayable: no lone surrogates
    assert vault.path(blob.sha256).read_bytes() == PDF


def test_non_utf8_name_in_a_refusal_is_shown_safely(vault, src):
    raw = os.path.join(os.fsencode(src), b"program\xff.exe")
    with open(raw, "wb") as f:
        f.write(PDF)
    with pytest.raises(VaultError) as err:
        vault.put(Path(os.fsdecode(raw)))
    message = str(err.value)
    message.encode("utf-8")
    assert "program\\xff.exe" in message
    assert_untouched(vault)


# -- check_file: the same refusals without storing ----------------------------------------------


def test_check_file_refuses_like_put_and_stores_nothing(tmp_path, src):
    vault = Vault(tmp_path / "vault", max_bytes=1000)
    vault.check_file(write(src / "baik.pdf", PDF))
    with pytest.raises(VaultError, match="HTML"):
        vault.check_file(write(src / "halaman.pdf", HTML))
    with pytest.raises(VaultError, match="batas"):
        vault.check_file(write(src / "besar.txt", (TXT * 100)[:1001]))
    with pytest.raises(VaultError, match="folder"):
        vault.check_file(src)
    assert_untouched(vault)


# -- verification -------------------------------------------------------------------------------


def _flip_byte(path: Path, offset: int = 0) -> None:
    path.chmod(stat.S_IMODE(path.stat().st_mode) | stat.S_IWUSR)
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))
    path.chmod(0o444)


def test_verify_clean_vault(vault):
    a = vault.put(io.BytesIO(PDF), "a.pdf")
    b = vault.put(io.BytesIO(PNG), "b.png")
    report = vault.verify([a.sha256, b.sha256])
    assert report.ok
    assert report.checked == 2
    assert report.missing == () and report.corrupt == ()


def test_verify_names_a_corrupt_blob(vault):
    good = vault.put(io.BytesIO(PDF), "a.pdf")
    bad = vault.put(io.BytesIO(TXT), "b.txt")
    _flip_byte(vault.path(bad.sha256), offset=len(TXT) // 2)
    report = vault.verify([good.sha256, bad.sha256])
    assert not report.ok
    assert report.corrupt == (bad.sha256,)
    assert report.missing == ()
    assert report.checked == 2


def test_verify_names_a_missing_blob(vault):
    keep = vault.put(io.BytesIO(PDF), "a.pdf")
    gone = vault.put(io.BytesIO(TXT), "b.txt")
    path = vault.path(gone.sha256)
    path.chmod(0o644)
    path.unlink()
    report = vault.verify([keep.sha256, gone.sha256])
    assert not report.ok
    assert report.missing == (gone.sha256,)
    assert report.corrupt == ()
    assert report.checked == 1


def test_verify_names_a_truncated_blob(vault):
    blob = vault.put(io.BytesIO(TXT), "b.txt")
    path = vault.path(blob.sha256)
    path.chmod(0o644)
    path.write_bytes(TXT[:-1])
    assert vault.verify([blob.sha256]).corrupt == (blob.sha256,)


def test_verify_cleans_temporary_files_of_dead_processes(vault):
    vault.put(io.BytesIO(PDF), "a.pdf")
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead = int(done.stdout)
    stale = write(vault.root / "tmp" / f"{dead}-deadbeefdeadbeef.part", PDF[:10])
    mine = write(vault.root / "tmp" / f"{os.getpid()}-0123456789abcdef.part", PDF[:10])
    report = vault.verify()
    assert report.ok and report.checked == 1
    assert not stale.exists()
    assert mine.exists()  # a live writer's file is left alone


def test_re_adding_repairs_a_truncated_blob(vault):
    blob = vault.put(io.BytesIO(TXT), "b.txt")
    path = vault.path(blob.sha256)
    path.chmod(0o644)
    path.write_bytes(TXT[:-5])
    again = vault.put(io.BytesIO(TXT), "b.txt")
    assert again.sha256 == blob.sha256
    assert path.read_bytes() == TXT
    assert vault.verify([blob.sha256]).ok


def test_re_adding_repairs_a_same_size_damaged_blob(vault):
    blob = vault.put(io.BytesIO(TXT), "b.txt")
    _flip_byte(vault.path(blob.sha256), offset=3)
    vault.put(io.BytesIO(TXT), "b.txt")
    assert vault.path(blob.sha256).read_bytes() == TXT
    assert vault.verify([blob.sha256]).ok


def test_re_adding_restores_read_only_mode(vault):
    blob = vault.put(io.BytesIO(TXT), "b.txt")
    path = vault.path(blob.sha256)
    path.chmod(0o644)  # what a crash between the rename and the chmod leaves
    assert vault.put(io.BytesIO(TXT), "b.txt").existed
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


# -- unreferenced blobs -------------------------------------------------------------------------


def test_unreferenced_listing_and_delete(vault):
    a = vault.put(io.BytesIO(PDF), "a.pdf")
    b = vault.put(io.BytesIO(PNG), "b.png")
    c = vault.put(io.BytesIO(TXT), "c.txt")
    orphans = vault.unreferenced([a.sha256])
    assert sorted(orphans) == sorted([b.sha256, c.sha256])
    assert vault.unreferenced([a.sha256, b.sha256, c.sha256]) == []
    # listing deletes nothing
    assert sorted(vault.blobs()) == sorted([a.sha256, b.sha256, c.sha256])
    vault.delete(b.sha256)
    assert not vault.exists(b.sha256)
    assert vault.exists(a.sha256) and vault.exists(c.sha256)
    assert vault.unreferenced([a.sha256]) == [c.sha256]
    vault.delete(b.sha256)  # deleting again is harmless


def test_blobs_lists_only_well_formed_blobs(vault):
    blob = vault.put(io.BytesIO(PDF), "a.pdf")
    write(vault.root / "tmp" / "123-abc.part", b"partial")
    write(vault.root / blob.sha256[:2] / "catatan.txt", b"bukan blob")
    write(vault.root / "zz" / ("0" * 62), b"bukan hex")
    assert list(vault.blobs()) == [blob.sha256]
    assert vault.unreferenced([]) == [blob.sha256]


def test_empty_or_absent_vault(tmp_path):
    vault = Vault(tmp_path / "belum-ada")
    assert list(vault.blobs()) == []
    assert vault.verify().ok
    assert vault.unreferenced([]) == []
    report = vault.verify([sha(b"x")])
    assert report.missing == (sha(b"x"),)
