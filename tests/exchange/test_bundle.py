"""Exchange bundles: a hostile bundle is refused whole with the workspace untouched; a good one
imports in one transaction, re-imports as "unchanged" and exports back byte for byte."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import stat
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from epss.cli import main
from epss.core.manifest import manifest_bytes, manifest_hash
from epss.demo import minimal_pdf
from epss.services.exchange.bundle import (
    BundleError,
    ExportResult,
    ImportResult,
    Limits,
    export_bundle,
    import_bundle,
)
from epss.services.workspace import Workspace

MiB = 1024 * 1024
MANIFEST = "manifest.json"
AGENCY = {"name": "Pemerintah Kota Contoh", "kind": "kota", "code": "9971"}
OTHER_AGENCY = {"name": "Pemerintah Kota Lain", "kind": "kota", "code": "3572"}
ANSWERS = {"10101": 3, "10201": 2, "10301": 4, "20101": 1, "30101": 5, "40201": 2}
PDF = minimal_pdf(("PERATURAN WALI KOTA CONTOH NOMOR 12 TAHUN 2022", "TENTANG SATU DATA"))
SECRET = b"nip,nama,jabatan\n1987xxxx,Rina S.,Statistisi Ahli Pertama\n"
CSV = b"opd,kegiatan,ms_keg\nDinas Kesehatan,Profil Kesehatan,ya\n"
LETTER = minimal_pdf(("SURAT HASIL PENILAIAN BADAN EPSS 2023", "IPS 2,10"))
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(50) + b"This program cannot be run in DOS mode"


def png_bytes() -> bytes:
    """A valid 1x1 PNG, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


PNG = png_bytes()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- the source workspace and its bundles ----------------------------------------------------


@dataclass
class Source:
    ws: Workspace
    mandiri: int
    badan: int
    redacted: bytes  # the 2024 self-assessment, confidential evidence left out
    full: bytes  # the same with --include-confidential
    badan_bundle: bytes  # the 2023 BPS result with its reported indices
    folder: Path

    def path(self, which: str) -> Path:
        return self.folder / f"{which}.zip"


@pytest.fixture(scope="module")
def src(tmp_path_factory) -> Source:
    base = tmp_path_factory.mktemp("source")
    uploads = base / "unggah"
    uploads.mkdir()

    def upload(name: str, data: bytes) -> Path:
        path = uploads / name
        path.write_bytes(data)
        return path

    ws = Workspace.create(base / "ws", actor="Tim Penilai Internal", **AGENCY)
    a = ws.new_assessment(2024, title="Penilaian mandiri 2024")
    for code, level in ANSWERS.items():
        ws.set_answer(a.id, code, level=level, explanation=f"Penjelasan {code}: bukti ada.\n"
                      "Baris kedua dengan Unikode • ½ — selesai")
    ws.set_answer(a.id, "50101", explanation="Baru penjelasan, belum ada tingkat")
    ws.add_evidence(a.id, "10101", upload("perwali-12-2022.pdf", PDF),
                    title="Perwali No. 12 Tahun 2022", note="Pasal 8 dan 11")
    ws.add_evidence(a.id, "30101", upload("perwali-12-2022.pdf", PDF),
                    title="Perwali yang sama untuk forum")
    ws.add_evidence(a.id, "20101", upload("struktur.png", PNG), title="Struktur walidata")
    ws.add_evidence(a.id, "10201", upload("rekap-metadata.csv", CSV))
    ws.link_evidence(a.id, "10301", "https://data.contohkota.go.id/api/3/action/package_list",
                     title="API portal")
    ws.add_evidence(a.id, "40201", upload("pegawai.csv", SECRET), title="Daftar pegawai",
                    confidential=True)
    b = ws.new_assessment(2023, "badan")
    for code, level in list(ANSWERS.items())[:3]:
        ws.set_answer(b.id, code, level=level)
    ws.add_evidence(b.id, "10101", upload("surat-hasil-2023.pdf", LETTER), title="Surat BPS")
    ws.set_reported_indices(b.id, ips="2,10", domains={"1": "2.50", "2": "1,75"})

    folder = base / "bundles"
    folder.mkdir()
    data = {}
    for which, aid, secret in (("redacted", a.id, False), ("full", a.id, True),
                               ("badan", b.id, False)):
        ws.export_bundle(aid, folder / f"{which}.zip", include_confidential=secret)
        data[which] = (folder / f"{which}.zip").read_bytes()
    source = Source(ws, a.id, b.id, data["redacted"], data["full"], data["badan"], folder)
    yield source
    ws.close()


def new_workspace(root: Path, **agency: str) -> Workspace:
    return Workspace.create(root, actor="Penerima", **(agency or AGENCY))


@pytest.fixture(scope="module")
def target_template(tmp_path_factory, src) -> Path:
    ws = new_workspace(tmp_path_factory.mktemp("target") / "target")
    import_bundle(ws, src.path("badan"))
    ws.close()
    return ws.root


@pytest.fixture
def target(tmp_path, target_template) -> Workspace:
    """A workspace of the same agency that already holds something (the 2023 BPS result),
    so a refusal has rows and vault files to leave alone (a copy: cheaper than importing)."""
    shutil.copytree(target_template, tmp_path / "target")
    ws = Workspace.open(tmp_path / "target", actor="Penerima")
    yield ws
    ws.close()


@pytest.fixture
def empty(tmp_path) -> Workspace:
    ws = new_workspace(tmp_path / "empty")
    yield ws
    ws.close()


# -- building hostile zips ------------------------------------------------------------------


def parts(bundle: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """A bundle's manifest (as a dict) and its evidence entries (name -> bytes)."""
    with zipfile.ZipFile(io.BytesIO(bundle)) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        files = {i.filename: zf.read(i) for i in zf.infolist() if i.filename != MANIFEST}
    return manifest, files


def zip_bytes(entries: Iterable[tuple[str | zipfile.ZipInfo, bytes]], *,
              compression: int = zipfile.ZIP_STORED) -> bytes:
    """A zip of exactly these entries, in order; a repeated name is written twice."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": wanted here
        with zipfile.ZipFile(buf, "w", compression) as zf:
            for name, data in entries:
                zf.writestr(name, data)
    return buf.getvalue()


def bundle(path: Path, manifest: dict[str, Any] | bytes | None,
           files: dict[str, bytes], *, extra: Iterable[tuple[Any, bytes]] = (),
           compression: int = zipfile.ZIP_STORED) -> Path:
    """Write a bundle from parts: ``manifest`` as a dict (written canonically), raw bytes, or
    None (left out); then the evidence entries, then ``extra`` entries."""
    entries: list[tuple[Any, bytes]] = []
    if manifest is not None:
        raw = manifest if isinstance(manifest, bytes) else manifest_bytes(manifest)
        entries.append((MANIFEST, raw))
    entries += [*files.items(), *extra]
    path.write_bytes(zip_bytes(entries, compression=compression))
    return path


def add_file(manifest: dict[str, Any], files: dict[str, bytes], data: bytes, filename: str,
             media_type: str, *, indicator: str = "10101", confidential: bool = False) -> str:
    """List a new evidence file (entry, files, attachment) the way the exporter would."""
    digest = sha(data)
    files[f"evidence/{digest}"] = data
    manifest["files"][digest] = {"size": len(data), "path": f"evidence/{digest}"}
    manifest["attachments"].append({
        "indicator": indicator, "kind": "file", "title": filename, "note": "",
        "sha256": digest, "size": len(data), "media_type": media_type, "filename": filename,
        "url": None, "confidential": confidential, "created_by": "Penyusup",
        "created_at": "2024-05-01T10:00:00+00:00",
    })
    return digest


def central_records(data: bytes) -> dict[str, int]:
    """Offsets of the central directory records, by name."""
    records = {}
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        records[data[at + 46:at + 46 + name_len].decode()] = at
        at = data.find(b"PK\x01\x02", at + 46 + name_len)
    return records


def patch_central(data: bytes, name: str, offset: int, fmt: str,
                  change: Callable[[int], int]) -> bytes:
    """Change one field of an entry's central directory record (what the reader trusts)."""
    at = central_records(data)[name] + offset
    out = bytearray(data)
    (value,) = struct.unpack_from(fmt, out, at)
    struct.pack_into(fmt, out, at, change(value))
    return bytes(out)


# -- the state a refusal must leave alone --------------------------------------------------


def leftovers(ws: Workspace) -> list[Path]:
    tmp = ws.root / "evidence" / "tmp"
    return sorted(tmp.iterdir()) if tmp.exists() else []


@pytest.fixture(scope="session")
def refused_import(refused) -> Callable[..., str]:
    """Import must raise BundleError naming ``fragment``, leave ``ws`` exactly as it was (the
    shared ``refused``) and leave no staged file behind."""

    def check(ws: Workspace, path: Path, fragment: str, **kwargs: Any) -> str:
        message = refused(ws, lambda: import_bundle(ws, Path(path), **kwargs), fragment,
                          error=BundleError)
        assert leftovers(ws) == []
        return message

    return check


# -- hostile archives: names and kinds of entries -------------------------------------------


@pytest.mark.parametrize("name", ["/etc/passwd", "C:/x", "c:\\x", "\\x", "/evidence/abc"])
def test_absolute_path_refused(target, src, tmp_path, name, refused_import):
    manifest, files = parts(src.redacted)
    path = bundle(tmp_path / "b.zip", manifest, files, extra=[(name, b"root:x:0:0")])
    refused_import(target, path, "path absolut")


@pytest.mark.parametrize("name", ["evidence/../x", "../manifest.json", "a/../../evil",
                                  "evidence/.."])
def test_dotdot_path_refused(target, src, tmp_path, name, refused_import):
    manifest, files = parts(src.redacted)
    path = bundle(tmp_path / "b.zip", manifest, files, extra=[(name, b"x")])
    refused_import(target, path, "'..'")


@pytest.mark.parametrize(("name", "fragment"), [("evidence\\abc", "garis miring terbalik"),
                                              ("evidence/./x", "path tidak sah"),
                                              ("evidence//x", "path tidak sah")])
def test_odd_path_refused(target, src, tmp_path, name, fragment, refused_import):
    manifest, files = parts(src.redacted)
    path = bundle(tmp_path / "b.zip", manifest, files, extra=[(name, b"x")])
    refused_import(target, path, fragment)


def test_symlink_entry_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    name = next(iter(files))
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    del files[name]
    path = bundle(tmp_path / "b.zip", manifest, files, extra=[(info, b"/etc/passwd")])
    refused_import(target, path, "tautan simbolik")


def test_symlink_manifest_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    info = zipfile.ZipInfo(MANIFEST)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    path = bundle(tmp_path / "b.zip", None, files, extra=[(info, manifest_bytes(manifest))])
    refused_import(target, path, "tautan simbolik")


def test_duplicate_evidence_name_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    name, data = next(iter(files.items()))
    path = bundle(tmp_path / "b.zip", manifest, files, extra=[(name, data)])
    with zipfile.ZipFile(path) as zf:  # the test really wrote the name twice
        assert [i.filename for i in zf.infolist()].count(name) == 2
    refused_import(target, path, "nama ganda")


def test_duplicate_manifest_refused(target, src, tmp_path, refused_import):
    """A second manifest.json after the first: a reader taking the last one would see another
    assessment than one taking the first."""
    manifest, files = parts(src.redacted)
    other = json.loads(json.dumps(manifest))
    other["answers"][0]["level"] = 5 if other["answers"][0]["level"] != 5 else 1
    path = bundle(tmp_path / "b.zip", manifest, files,
                  extra=[(MANIFEST, manifest_bytes(other))])
    refused_import(target, path, "nama ganda")


@pytest.mark.parametrize("variant", ["MANIFEST.json", "Manifest.JSON"])
def test_case_only_duplicate_refused(target, src, tmp_path, variant, refused_import):
    manifest, files = parts(src.redacted)
    path = bundle(tmp_path / "b.zip", manifest, files,
                  extra=[(variant, manifest_bytes(manifest))])
    refused_import(target, path, "huruf besar/kecil")


def test_case_only_duplicate_evidence_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    name, data = next(iter(files.items()))
    path = bundle(tmp_path / "b.zip", manifest, files, extra=[(name.upper(), data)])
    refused_import(target, path, "huruf besar/kecil")


@pytest.mark.parametrize("name", ["readme.txt", "evidence/perwali.pdf", "evidence/sub/x",
                                  "manifest.json.bak", "evidence/" + "A" * 64])
def test_unlisted_name_refused(target, src, tmp_path, name, refused_import):
    manifest, files = parts(src.redacted)
    path = bundle(tmp_path / "b.zip", manifest, files, extra=[(name, PDF)])
    refused_import(target, path, "tidak tercantum di manifest")


def test_unlisted_evidence_file_refused(target, src, tmp_path, refused_import):
    """A well-formed evidence/<sha> entry that the manifest does not list."""
    manifest, files = parts(src.redacted)
    extra = minimal_pdf(("LAMPIRAN GELAP",))
    path = bundle(tmp_path / "b.zip", manifest, files, extra=[(f"evidence/{sha(extra)}", extra)])
    refused_import(target, path, "tidak tercantum di manifest")


def test_listed_file_missing_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    missing = sorted(files)[0]
    del files[missing]
    message = refused_import(target, bundle(tmp_path / "b.zip", manifest, files),
                      "tidak ada di arsip")
    assert missing in message


def test_altered_content_same_size_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    name = next(n for n, d in files.items() if d == PDF)
    files[name] = PDF.replace(b"TAHUN 2022", b"TAHUN 2099")
    assert len(files[name]) == len(PDF)
    refused_import(target, bundle(tmp_path / "b.zip", manifest, files), "tidak cocok dengan hash")


def test_altered_content_other_size_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    name = next(n for n, d in files.items() if d == PDF)
    files[name] = PDF + b"% tambahan\n"
    refused_import(target, bundle(tmp_path / "b.zip", manifest, files), "berbeda dari manifest")


def test_altered_content_size_also_changed_in_manifest_refused(target, src, tmp_path,
                                                               refused_import):
    """The sender edits the file and fixes the sizes, but cannot fix the hash."""
    manifest, files = parts(src.redacted)
    name = next(n for n, d in files.items() if d == PDF)
    files[name] = PDF + b"% tambahan\n"
    digest = name.removeprefix("evidence/")
    manifest["files"][digest]["size"] = len(files[name])
    for att in manifest["attachments"]:
        if att.get("sha256") == digest:
            att["size"] = len(files[name])
    refused_import(target, bundle(tmp_path / "b.zip", manifest, files), "tidak cocok dengan hash")


def test_swapped_evidence_refused(target, src, tmp_path, refused_import):
    """Two entries' contents exchanged (each renamed to the other's hash)."""
    manifest, files = parts(src.redacted)
    pdf = next(n for n, d in files.items() if d == PDF)
    png = next(n for n, d in files.items() if d == PNG)
    files[pdf], files[png] = files[png], files[pdf]
    refused_import(target, bundle(tmp_path / "b.zip", manifest, files), "berbeda dari manifest")


def test_renamed_evidence_entry_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    name = next(n for n, d in files.items() if d == PNG)
    data = files.pop(name)
    files["evidence/" + "0" * 64] = data
    refused_import(target, bundle(tmp_path / "b.zip", manifest, files),
                   "tidak tercantum di manifest")


def test_flipped_byte_inside_archive_refused(target, src, tmp_path, refused_import):
    """Bit rot in an evidence entry's stored bytes (the directory still intact)."""
    data = bytearray(src.redacted)
    at = data.find(PNG)
    assert at > 0
    data[at + 20] ^= 0xFF
    path = tmp_path / "b.zip"
    path.write_bytes(bytes(data))
    refused_import(target, path, "arsip rusak atau terpotong (CRC-32 tidak cocok)")


def test_flipped_byte_in_manifest_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    path = bundle(tmp_path / "b.zip", manifest, files)
    data = bytearray(path.read_bytes())
    at = data.find(b'"format":"epss-assessment"')
    data[at + 12] ^= 0x01
    path.write_bytes(bytes(data))
    refused_import(target, path, "manifest.json rusak atau terpotong (CRC-32 tidak cocok)")


# -- zip bombs and limits ----------------------------------------------------------------------


def test_zip_bomb_by_ratio_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    size, chunk = 50 * MiB, bytes(MiB)
    digest = hashlib.sha256()
    for _ in range(size // MiB):
        digest.update(chunk)
    name = f"evidence/{digest.hexdigest()}"
    manifest["files"][digest.hexdigest()] = {"size": size, "path": name}
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(MANIFEST, manifest_bytes(manifest))
        for entry, data in files.items():
            zf.writestr(entry, data)
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w") as out:
            for _ in range(size // MiB):
                out.write(chunk)
    assert path.stat().st_size < MiB
    refused_import(target, path, "rasio kompresi")


def test_zip_bomb_by_total_size_refused(target, src, refused_import):
    limits = Limits(max_total=len(src.redacted) // 2)
    message = refused_import(target, src.path("redacted"), "bom zip", limits=limits)
    assert "melebihi batas" in message


def test_a_bundle_within_the_limits_passes(empty, src):
    limits = Limits(max_total=4 * MiB, max_entries=10, max_manifest=MiB)
    assert import_bundle(empty, src.path("redacted"), limits=limits).status == "imported"


def test_too_many_entries_refused(target, src, refused_import):
    refused_import(target, src.path("redacted"), "entri", limits=Limits(max_entries=3))


def test_manifest_too_large_refused(target, src, refused_import):
    refused_import(target, src.path("redacted"), "terlalu besar", limits=Limits(max_manifest=1000))


def test_entry_beyond_vault_file_limit_refused(target, src, tmp_path, refused_import):
    target.set_setting("evidence_warn_mib", 1)  # the limit may not go below the warning
    target.set_setting("evidence_max_mib", 1)
    manifest, files = parts(src.redacted)
    big = PDF + b"%" + bytes(2 * MiB)
    add_file(manifest, files, big, "besar.pdf", "application/pdf")
    refused_import(target, bundle(tmp_path / "b.zip", manifest, files), "lebih besar dari batas")


def test_lying_uncompressed_size_refused(target, src, tmp_path, refused_import):
    """The directory claims fewer bytes than the deflated stream holds (a bomb that lies):
    the reader must stop at the declared size and notice, not inflate the rest."""
    manifest, files = parts(src.redacted)
    real = PDF + b"%" + bytes(4 * MiB)
    declared = 100_000
    digest = add_file(manifest, files, real[:declared], "bohong.pdf", "application/pdf")
    name = f"evidence/{digest}"
    files[name] = real
    path = bundle(tmp_path / "b.zip", manifest, files, compression=zipfile.ZIP_DEFLATED)
    data = patch_central(path.read_bytes(), name, 24, "<I", lambda _: declared)
    path.write_bytes(data)
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo(name).file_size == declared
    refused_import(target, path, "rusak")


def test_encrypted_entry_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    path = bundle(tmp_path / "b.zip", manifest, files)
    name = sorted(files)[0]
    path.write_bytes(patch_central(path.read_bytes(), name, 8, "<H", lambda v: v | 0x1))
    refused_import(target, path, "terenkripsi")


@pytest.mark.parametrize("method", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_unsupported_compression_refused(target, src, tmp_path, method, refused_import):
    manifest, files = parts(src.redacted)
    path = bundle(tmp_path / "b.zip", manifest, files, compression=method)
    refused_import(target, path, "tidak didukung")


def test_deflated_evidence_accepted(empty, src, tmp_path):
    """Deflate is allowed (some zip tools recompress everything)."""
    manifest, files = parts(src.full)
    path = bundle(tmp_path / "b.zip", manifest, files, compression=zipfile.ZIP_DEFLATED)
    assert import_bundle(empty, path).status == "imported"
    assert empty.doctor() == []


def test_folder_entry_accepted(empty, src, tmp_path):
    """An "evidence/" folder entry, as zip tools add it, is harmless."""
    manifest, files = parts(src.redacted)
    path = bundle(tmp_path / "b.zip", manifest, {"evidence/": b"", **files})
    assert import_bundle(empty, path).status == "imported"


# -- broken archives -------------------------------------------------------------------------


@pytest.mark.parametrize("cut", ["half", "minus10", "first100", "minus1", "no_directory"])
def test_truncated_archive_refused(target, src, tmp_path, cut, refused_import):
    data = src.redacted
    directory = struct.unpack_from("<I", data, data.rfind(b"PK\x05\x06") + 16)[0]
    assert data[directory:directory + 4] == b"PK\x01\x02"
    end = {"half": len(data) // 2, "minus10": len(data) - 10, "first100": 100,
           "minus1": len(data) - 1, "no_directory": directory}[cut]
    path = tmp_path / "cut.zip"
    path.write_bytes(data[:end])
    refused_import(target, path, "bukan arsip ZIP yang utuh")


@pytest.mark.parametrize("missing", [1, 30])
def test_archive_missing_its_first_bytes_refused(target, src, tmp_path, missing, refused_import):
    path = tmp_path / "cut.zip"
    path.write_bytes(src.redacted[missing:])
    refused_import(target, path, "rusak")


@pytest.mark.parametrize("entry", ["manifest", "evidence"])
def test_unsupported_zip_version_refused(target, src, tmp_path, entry, refused_import):
    manifest, files = parts(src.redacted)
    path = bundle(tmp_path / "b.zip", manifest, files)
    name = MANIFEST if entry == "manifest" else sorted(files)[0]
    path.write_bytes(patch_central(path.read_bytes(), name, 6, "<H", lambda _: 84))
    refused_import(target, path, "ZIP")


def test_truncated_entry_data_refused(target, src, tmp_path, refused_import):
    """The middle of the archive cut out, the directory kept: the offsets point nowhere."""
    data = src.redacted
    start = data.find(PNG)
    path = tmp_path / "hole.zip"
    path.write_bytes(data[:start] + data[start + 100:])
    refused_import(target, path, "rusak")


@pytest.mark.parametrize("content", [b"", b"bukan zip", b"PK\x03\x04" + bytes(40), PDF,
                                     b"PK\x05\x06" + bytes(18)],
                         ids=["empty", "text", "local-header", "pdf", "empty-zip"])
def test_not_a_zip_refused(target, tmp_path, content, refused_import):
    path = tmp_path / "x.zip"
    path.write_bytes(content)
    refused_import(target, path, "arsip" if content != b"PK\x05\x06" + bytes(18) else "manifest")


def test_missing_path_refused(target, tmp_path, refused_import):
    refused_import(target, tmp_path / "tidak-ada.zip", "tidak ditemukan")


def test_folder_path_refused(target, tmp_path, refused_import):
    refused_import(target, tmp_path, "bukan berkas")


# -- hostile manifests -------------------------------------------------------------------------


def test_manifest_missing_refused(target, src, tmp_path, refused_import):
    _, files = parts(src.redacted)
    refused_import(target, bundle(tmp_path / "b.zip", None, files), "tidak memuat manifest.json")


def test_manifest_in_a_folder_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    path = bundle(tmp_path / "b.zip", None, files,
                  extra=[("bundle/manifest.json", manifest_bytes(manifest))])
    refused_import(target, path, "tidak tercantum")


@pytest.mark.parametrize(("raw", "fragment"), [
    (b"", "bukan JSON yang sah (baris 1 kolom 1)"),
    (b"bukan json", "bukan JSON yang sah (baris 1 kolom 1)"),
    (b"{\"format\": ", "bukan JSON yang sah (baris 1 kolom 12)"),
    (b"[]", "harus objek JSON {...}, bukan daftar"),
    (b"\"epss-assessment\"", "harus objek JSON {...}, bukan teks"),
    (b"\xff\xfe{\x00}\x00", "UTF-8"),
    (b"{\"x\":" + b"[" * 100_000 + b"]" * 100_000 + b"}", "bersarang terlalu dalam"),
], ids=["empty", "text", "cut", "list", "string", "utf-16", "deep"])
def test_manifest_not_json_refused(target, src, tmp_path, raw, fragment, refused_import):
    _, files = parts(src.redacted)
    message = refused_import(target, bundle(tmp_path / "b.zip", raw, files), "tidak sesuai skema")
    assert fragment in message


HOSTILE_MANIFESTS = {  # how the manifest is spoilt -> the whole message after the prefix
    "level as text": (lambda m: m["answers"][0].__setitem__("level", "3"),
                      "answers[0].level: harus bilangan bulat"),
    "huge agency name": (lambda m: m["agency"].__setitem__("name", "x" * 100_000),
                         "agency.name: paling banyak 200 karakter"),
    "not a time": (lambda m: m.__setitem__("created", "kemarin sore"),
                   "created: bukan waktu ISO 8601: 'kemarin sore'"),
    "unknown key": (lambda m: m.__setitem__("rahasia", 1), "rahasia: tidak dikenal"),
}


@pytest.mark.parametrize("case", list(HOSTILE_MANIFESTS))
def test_manifest_schema_refusal_is_indonesian(target, src, tmp_path, case, refused_import):
    """pydantic's English never reaches the user: the field, then what it must be."""
    manifest, files = parts(src.redacted)
    spoil, expected = HOSTILE_MANIFESTS[case]
    spoil(manifest)
    message = refused_import(target, bundle(tmp_path / "b.zip", manifest, files),
                             "tidak sesuai skema")
    assert message == f"manifest.json tidak sesuai skema: {expected}"


@pytest.mark.parametrize("raw", [
    b'{"' + b"k" * 100_000 + b'":1,"' + b"k" * 100_000 + b'":2}',
    b'{"x":' + b"7" * 5000 + b"}",
], ids=["huge repeated key", "huge number"])
def test_manifest_json_refusal_stays_short(target, src, tmp_path, raw, refused_import):
    _, files = parts(src.redacted)
    message = refused_import(target, bundle(tmp_path / "b.zip", raw, files), "tidak sesuai skema")
    assert len(message) < 150 and ("muncul dua kali" in message
                                   or "angka yang terlalu panjang" in message), message


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_manifest_with_nan_refused(target, src, tmp_path, constant, refused_import):
    manifest, files = parts(src.redacted)
    manifest["answers"][0]["level"] = float(constant.lower().replace("infinity", "inf"))
    raw = manifest_bytes(manifest)
    assert constant.encode() in raw
    message = refused_import(target, bundle(tmp_path / "b.zip", raw, files), "tidak sesuai skema")
    assert constant.lstrip("-") in message


def test_manifest_with_overflowing_float_refused(target, src, tmp_path, refused_import):
    """1e400 parses as infinity without being spelled Infinity."""
    manifest, files = parts(src.redacted)
    manifest["answers"][0]["level"] = 12345
    raw = manifest_bytes(manifest).replace(b'"level":12345', b'"level":1e400')
    refused_import(target, bundle(tmp_path / "b.zip", raw, files), "tidak sesuai skema")


@pytest.mark.parametrize("where", ["top", "nested"])
def test_manifest_with_duplicate_keys_refused(target, src, tmp_path, where, refused_import):
    manifest, files = parts(src.redacted)
    raw = manifest_bytes(manifest)
    if where == "top":  # the first "format" wins in some readers, the last in others
        raw = b'{"format":"lain",' + raw[1:]
    else:
        raw = raw.replace(b'"level":', b'"level":5,"level":', 1)
    message = refused_import(target, bundle(tmp_path / "b.zip", raw, files), "tidak sesuai skema")
    assert "muncul dua kali" in message


def test_manifest_not_canonical_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    pretty = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode()
    refused_import(target, bundle(tmp_path / "b.zip", pretty, files), "kanonis")


@pytest.mark.parametrize("variant", ["ascii", "unsorted", "newline"])
def test_manifest_other_serialisations_refused(target, src, tmp_path, variant, refused_import):
    manifest, files = parts(src.redacted)
    raw = {
        "ascii": json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode(),
        "unsorted": json.dumps(dict(reversed(manifest.items())), ensure_ascii=False,
                               separators=(",", ":")).encode(),
        "newline": manifest_bytes(manifest) + b"\n",
    }[variant]
    assert raw != manifest_bytes(manifest)
    refused_import(target, bundle(tmp_path / "b.zip", raw, files), "kanonis")


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(manifest: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = manifest
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return mutate


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def mutate(manifest: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = manifest
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        del node[last]
    return mutate


def _first_file(mutate: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any]], None]:
    def apply(manifest: dict[str, Any]) -> None:
        mutate(manifest["files"][min(manifest["files"])])
    return apply


SCHEMA_CASES = {
    "level as text": _set("answers.0.level", "3"),
    "level 6": _set("answers.0.level", 6),
    "level 0": _set("answers.0.level", 0),
    "level true": _set("answers.0.level", True),
    "level float": _set("answers.0.level", 3.0),
    "year as text": _set("assessment.year", "2024"),
    "year true": _set("assessment.year", True),
    "missing tool_version": _drop("tool_version"),
    "missing answers": _drop("answers"),
    "missing explanation": _drop("answers.0.explanation"),
    "extra key": _set("bonus", 1),
    "extra nested key": _set("assessment.owner", "x"),
    "extra answer key": _set("answers.0.score", 3),
    "negative file size": _first_file(lambda f: f.__setitem__("size", -1)),
    "file size as text": _first_file(lambda f: f.__setitem__("size", "841")),
    "bad sha key": lambda m: m["files"].__setitem__("ABC", {"size": 1, "path": "evidence/ABC"}),
    "bad sha in attachment": _set("attachments.0.sha256", "abc"),
    "upper-case sha": lambda m: m["attachments"][0].__setitem__(
        "sha256", m["attachments"][0]["sha256"].upper()),
    "format": _set("format", "epss-sesuatu"),
    "format_version 0": _set("format_version", 0),
    "format_version text": _set("format_version", "1"),
    "answers not a list": _set("answers", {}),
    "files a list": _set("files", []),
    "attachments null": _set("attachments", None),
    "bad kind": _set("assessment.kind", "mandiri2"),
    "bad status": _set("assessment.status", "selesai"),
    "bad agency kind": _set("agency.kind", "desa"),
    "stamp not a time": _set("answers.0.updated_at", "kemarin"),
    "stamp without zone": _set("answers.0.updated_at", "2024-05-01T10:00:00"),
    "created not a time": _set("created", "2024-13-45"),
    "indicator pattern": _set("answers.0.indicator", "1010"),
    "attachment kind": _set("attachments.0.kind", "folder"),
    "redacted false": lambda m: m["attachments"].append(
        {"indicator": "10101", "confidential": True, "redacted": False}),
    "redacted with title": lambda m: m["attachments"].append(
        {"indicator": "10101", "confidential": True, "redacted": True, "title": "x"}),
    "title too long": _set("assessment.title", "x" * 201),
    "explanation too long": _set("answers.0.explanation", "x" * 20_001),
    "reported too long": _set("reported", {"ips": "2.1234567890"}),
    "include_confidential text": _set("include_confidential", "false"),
    "empty agency name": _set("agency.name", ""),
}


@pytest.mark.parametrize("case", list(SCHEMA_CASES))
def test_manifest_failing_schema_refused(target, src, tmp_path, case, refused_import):
    manifest, files = parts(src.redacted)
    SCHEMA_CASES[case](manifest)
    refused_import(target, bundle(tmp_path / "b.zip", manifest, files), "tidak sesuai skema")


def test_format_version_3_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    manifest["format_version"] = 3
    message = refused_import(target, bundle(tmp_path / "b.zip", manifest, files),
                             "tidak sesuai skema")
    assert message.endswith("versi format 3 lebih baru dari yang dipahami epss ini (2); "
                            "perbarui epss")


def _file_att(manifest: dict[str, Any], data: bytes) -> dict[str, Any]:
    return next(a for a in manifest["attachments"] if a.get("sha256") == sha(data))


def _link_att(manifest: dict[str, Any]) -> dict[str, Any]:
    return next(a for a in manifest["attachments"] if a.get("kind") == "link")


def _unlist_pdf(manifest: dict[str, Any]) -> None:
    """Both attachments that use the PDF dropped: the file is listed but used by nothing."""
    manifest["attachments"] = [a for a in manifest["attachments"] if a.get("sha256") != sha(PDF)]


CHECK_CASES = {
    "unknown edition": (_set("edition", "perban-9-2099"), "edisi katalog"),
    "unknown answer code": (_set("answers.0.indicator", "99999"), "tidak dikenal"),
    "unknown attachment code": (
        lambda m: _file_att(m, PNG).__setitem__("indicator", "99999"), "tidak dikenal"),
    "unknown redacted code": (
        lambda m: next(a for a in m["attachments"] if a.get("redacted")).__setitem__(
            "indicator", "99999"), "tidak dikenal"),
    "duplicate answer": (lambda m: m["answers"].append(dict(m["answers"][0])),
                         "muncul dua kali"),
    "year out of range": (_set("assessment.year", 1999), "di luar"),
    "source year out of range": (_set("assessment.source_year", 3000), "di luar"),
    "bad agency code": (_set("agency.code", "12"), "instansi di manifest tidak sah"),
    "control char in explanation": (_set("answers.0.explanation", "bel\x07"),
                                    "karakter kontrol"),
    "control char in title": (lambda m: _file_att(m, PNG).__setitem__("title", "a\x1bb"),
                              "karakter kontrol"),
    "carriage return in note": (lambda m: _file_att(m, PNG).__setitem__("note", "a\r\nb"),
                                "karakter kontrol"),
    "attachment file not in files": (
        lambda m: _file_att(m, PNG).__setitem__("sha256", "f" * 64), "tidak tercantum di files"),
    "attachment size differs": (
        lambda m: _file_att(m, PNG).__setitem__("size", len(PNG) + 1), "tidak tercantum di files"),
    "file listed but unused": (_unlist_pdf, "tidak dipakai"),
    "file path differs": (_first_file(lambda f: f.__setitem__("path", "evidence/../x")),
                          "path berkas"),
    "media type mismatch": (
        lambda m: _file_att(m, PNG).__setitem__("media_type", "application/pdf"), "tidak cocok"),
    "disallowed extension": (
        lambda m: _file_att(m, PNG).__setitem__("filename", "struktur.exe"), "tidak cocok"),
    "no extension": (lambda m: _file_att(m, PNG).__setitem__("filename", "struktur"),
                     "tidak cocok"),
    "filename with slash": (
        lambda m: _file_att(m, PNG).__setitem__("filename", "../../struktur.png"),
        "nama berkas tidak sah"),
    "filename with backslash": (
        lambda m: _file_att(m, PNG).__setitem__("filename", "..\\struktur.png"),
        "nama berkas tidak sah"),
    "filename dotdot": (lambda m: _file_att(m, PNG).__setitem__("filename", ".."),
                        "nama berkas tidak sah"),
    "file without filename": (lambda m: _file_att(m, PNG).__setitem__("filename", None),
                              "harus punya"),
    "file with url": (lambda m: _file_att(m, PNG).__setitem__("url", "https://x.go.id/"),
                      "harus punya"),
    "link with file": (lambda m: _link_att(m).__setitem__("sha256", sha(PNG)), "tautan"),
    "link without url": (lambda m: _link_att(m).__setitem__("url", None), "tautan"),
    "javascript url": (lambda m: _link_att(m).__setitem__("url", "javascript:alert(1)"),
                       "tautan harus diawali http"),
    "file url": (lambda m: _link_att(m).__setitem__("url", "file:///etc/passwd"),
                 "tautan harus diawali http"),
    "url with space": (lambda m: _link_att(m).__setitem__("url", "https://a.go.id/x y"),
                       "spasi"),
    "url without host": (lambda m: _link_att(m).__setitem__("url", "https:///x"), "host"),
    "confidential not redacted": (
        lambda m: _file_att(m, PNG).__setitem__("confidential", True),
        "bukti rahasia tidak disembunyikan"),
    "redacted in a full bundle": (_set("include_confidential", True), "disembunyikan padahal"),
    "reported on a self-assessment": (_set("reported", {"ips": "2.10"}), "penilaian badan"),
    "reported unknown node": (_set("reported", {"9": "2.10"}), "tidak dikenal"),
}


@pytest.mark.parametrize("case", list(CHECK_CASES))
def test_manifest_failing_checks_refused(target, src, tmp_path, case, refused_import):
    mutate, fragment = CHECK_CASES[case]
    manifest, files = parts(src.redacted)
    mutate(manifest)
    refused_import(target, bundle(tmp_path / "b.zip", manifest, files), fragment)


@pytest.mark.parametrize(("value", "fragment"), [("2,10", "bentuk baku"), ("02.10", "bentuk baku"),
                                                 ("6.00", "antara 1 dan 5"),
                                                 ("2.105", "desimal"), ("x", "angka")])
def test_reported_index_not_in_standard_form_refused(target, src, tmp_path, value, fragment,
                                                     refused_import):
    manifest, files = parts(src.badan_bundle)
    manifest["assessment"]["year"] = 2022  # a new assessment, not the one target holds
    manifest["reported"]["ips"] = value
    refused_import(target, bundle(tmp_path / "b.zip", manifest, files), fragment)


def test_confidential_not_redacted_refused(target, src, tmp_path, refused_import):
    """The full bundle's manifest relabelled as redacted: the secret file is still in it."""
    manifest, files = parts(src.full)
    manifest["include_confidential"] = False
    refused_import(target, bundle(tmp_path / "b.zip", manifest, files),
            "bukti rahasia tidak disembunyikan")


def test_exe_named_pdf_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    add_file(manifest, files, EXE, "laporan.pdf", "application/pdf")
    message = refused_import(target, bundle(tmp_path / "b.zip", manifest, files), "laporan.pdf")
    assert "program Windows" in message


@pytest.mark.parametrize(("data", "filename", "media_type", "fragment"), [
    (PNG + b"\x00", "foto.pdf", "application/pdf", "gambar PNG"),
    (b"<!DOCTYPE html><html><body>login</body></html>", "surat.pdf", "application/pdf",
     "halaman web"),
    (b"", "kosong.csv", "text/csv", "kosong"),
], ids=["png-as-pdf", "html-as-pdf", "empty-csv"])
def test_content_not_what_the_name_says_refused(target, src, tmp_path, data, filename,
                                                media_type, fragment, refused_import):
    manifest, files = parts(src.redacted)
    add_file(manifest, files, data, filename, media_type)
    refused_import(target, bundle(tmp_path / "b.zip", manifest, files), fragment)


@pytest.mark.parametrize(("data", "filename", "media_type"), [
    (PDF, "foto.png", "image/png"),  # the second of the two PDF attachments calls it a PNG
    (PNG, "foto.pdf", "application/pdf"),  # a new attachment calls the PNG a PDF
], ids=["pdf-as-png", "png-as-pdf"])
def test_shared_file_claiming_another_type_refused(target, src, tmp_path, data, filename,
                                                   media_type, refused_import):
    """Two attachments of one file: the later one's media type agrees with its name but not
    with the content, which nothing checks (the vault sniffs the file once, by the first
    attachment's name)."""
    manifest, files = parts(src.redacted)
    users = [a for a in manifest["attachments"] if a.get("sha256") == sha(data)]
    if len(users) > 1:
        users[-1].update(filename=filename, media_type=media_type)
    else:
        manifest["attachments"].append(dict(users[0], filename=filename, media_type=media_type,
                                            indicator="50101"))
    refused_import(target, bundle(tmp_path / "b.zip", manifest, files), "bukan")


def test_other_agency_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    manifest["agency"] = dict(OTHER_AGENCY)
    message = refused_import(target, bundle(tmp_path / "b.zip", manifest, files),
                             "bundel ini milik")
    assert "Kota Lain" in message


def test_other_agency_accepted_when_asked(target, src, tmp_path):
    manifest, files = parts(src.redacted)
    manifest["agency"] = dict(OTHER_AGENCY)
    path = bundle(tmp_path / "b.zip", manifest, files)
    ours = target.agency
    result = import_bundle(target, path, other_agency=True)
    assert result.status == "imported"
    assert (result.agency.name, result.agency.kind, result.agency.code) == \
        (OTHER_AGENCY["name"], "kota", "3572")
    assert result.agency.id != ours.id and target.agency == ours
    assert result.assessment.agency_id == result.agency.id
    created = [e for e in target.store.events("agency", result.agency.id) if e.action == "create"]
    assert len(created) == 1 and json.loads(created[0].data)["from_bundle"] == result.manifest_hash
    # the same again: the agency is found, not created twice
    assert import_bundle(target, path, other_agency=True).status == "unchanged"
    assert len(target.store.list_agencies()) == 2


def test_other_agency_code_with_spaces_not_a_new_agency(target, src, tmp_path):
    manifest, files = parts(src.redacted)
    manifest["agency"]["code"] = " 9971 "
    path = bundle(tmp_path / "b.zip", manifest, files)
    try:
        result = import_bundle(target, path, other_agency=True)
    except BundleError:
        return  # refusing it is fine too
    assert result.agency.id == target.agency.id
    assert len(target.store.list_agencies()) == 1


@pytest.mark.parametrize("field", ["assessment.title", "answers.0.explanation",
                                   "attachments.0.filename", "agency.name", "reported.ips",
                                   "tool_version"])
def test_lone_surrogate_refused(target, src, tmp_path, field, refused_import):
    """A "\\ud800" escape is valid JSON but no text: it must not reach the canonical check
    (which could not encode it) nor the database."""
    manifest, files = parts(src.redacted)
    _set(field, "PENANDA")(manifest)
    raw = manifest_bytes(manifest).replace(b'"PENANDA"', b'"\\ud800"')
    refused_import(target, bundle(tmp_path / "b.zip", raw, files), "manifest")


def test_huge_integer_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    manifest["answers"][0]["level"] = 12345
    raw = manifest_bytes(manifest).replace(b'"level":12345', b'"level":' + b"9" * 5000)
    refused_import(target, bundle(tmp_path / "b.zip", raw, files), "manifest")


def test_large_integer_below_the_limit_refused(target, src, tmp_path, refused_import):
    manifest, files = parts(src.redacted)
    manifest["answers"][0]["level"] = 10 ** 300
    manifest["files"][min(manifest["files"])]["size"] = 10 ** 300
    refused_import(target, bundle(tmp_path / "b.zip", manifest, files), "tidak sesuai skema")


def test_answers_out_of_order_import_twice(empty, src, tmp_path, snapshot):
    """Answers not in code order (a hand-made bundle) are either refused or, once imported,
    a second import of the same file changes nothing."""
    manifest, files = parts(src.redacted)
    manifest["answers"].reverse()
    path = bundle(tmp_path / "b.zip", manifest, files)
    try:
        import_bundle(empty, path)
    except BundleError:
        return
    before = snapshot(empty)
    assert import_bundle(empty, path).status == "unchanged"
    assert snapshot(empty) == before


# -- good bundles ------------------------------------------------------------------------------


def _answers(ws: Workspace, aid: int) -> dict[str, tuple]:
    return {code: (a.level, a.explanation, a.carried_over, a.updated_by, a.updated_at)
            for code, a in ws.answers(aid).items()}


def _attachments(ws: Workspace, aid: int, *, confidential: bool = True) -> list[tuple]:
    return [(a.indicator, a.blob_sha, a.url, a.title, a.note, a.media_type, a.size,
             a.original_name, a.confidential, a.created_by, a.created_at)
            for a in ws.evidence(aid) if confidential or not a.confidential]


def test_import_full_bundle_into_fresh_workspace(empty, src):
    result = import_bundle(empty, src.path("full"))
    assert isinstance(result, ImportResult)
    assert result.status == "imported" and result.changed
    a = result.assessment
    assert (a.year, a.kind, a.title, a.status) == (2024, "mandiri", "Penilaian mandiri 2024",
                                                   "draft")
    assert a.manifest_hash == result.manifest_hash == manifest_hash(
        src.ws.manifest(src.mandiri, include_confidential=True))
    assert result.agency == empty.agency
    assert _answers(empty, a.id) == _answers(src.ws, src.mandiri)
    assert empty.answers(a.id)["50101"].level is None
    assert _attachments(empty, a.id) == _attachments(src.ws, src.mandiri)
    secret = [x for x in empty.evidence(a.id) if x.confidential]
    assert [x.title for x in secret] == ["Daftar pegawai"]
    links = [x for x in empty.evidence(a.id) if x.url]
    assert [x.url for x in links] == ["https://data.contohkota.go.id/api/3/action/package_list"]
    assert (result.answers, result.attachments, result.redacted) == (7, 6, 0)
    assert result.files == 4 and result.bytes == len(PDF) + len(PNG) + len(CSV) + len(SECRET)
    for data in (PDF, PNG, CSV, SECRET):
        assert empty.vault.path(sha(data)).read_bytes() == data
        assert not empty.vault.path(sha(data)).stat().st_mode & 0o222
    assert empty.doctor() == []
    assert empty.scorecard(a.id) == src.ws.scorecard(src.mandiri)
    assert leftovers(empty) == []
    events = [e for e in empty.store.events("assessment", a.id) if e.action == "import"]
    assert len(events) == 1
    data = json.loads(events[0].data)
    assert data["manifest_hash"] == result.manifest_hash and "replaced" not in data


def test_import_redacted_bundle(empty, src):
    result = import_bundle(empty, src.path("redacted"))
    aid = result.assessment.id
    assert result.redacted == 1 and result.attachments == 5 and result.files == 3
    assert _attachments(empty, aid) == _attachments(src.ws, src.mandiri, confidential=False)
    assert not any(a.confidential for a in empty.evidence(aid))
    assert not empty.vault.exists(sha(SECRET))
    assert empty.doctor() == []
    assert empty.scorecard(aid) == src.ws.scorecard(src.mandiri)


def test_import_badan_with_reported_indices(empty, src):
    result = import_bundle(empty, src.path("badan"))
    aid = result.assessment.id
    assert result.assessment.kind == "badan" and result.assessment.year == 2023
    assert empty.reported_indices(aid) == src.ws.reported_indices(src.badan)
    assert empty.store.reported_indices(aid) == {"1": "2.50", "2": "1.75", "ips": "2.10"}
    assert _answers(empty, aid) == _answers(src.ws, src.badan)
    assert empty.scorecard(aid) == src.ws.scorecard(src.badan)


@pytest.mark.parametrize("which", ["redacted", "full", "badan"])
def test_import_twice_is_unchanged(empty, src, which, snapshot):
    first = import_bundle(empty, src.path(which))
    before = snapshot(empty)
    again = import_bundle(empty, src.path(which))
    assert again.status == "unchanged" and not again.changed
    assert again.assessment.id == first.assessment.id
    assert again.manifest_hash == first.manifest_hash
    assert snapshot(empty) == before
    assert leftovers(empty) == []


def test_redacted_after_full_is_unchanged(empty, src, snapshot):
    """The redacted bundle says nothing the full import does not already hold."""
    import_bundle(empty, src.path("full"))
    before = snapshot(empty)
    assert import_bundle(empty, src.path("redacted")).status == "unchanged"
    assert snapshot(empty) == before


def test_unchanged_import_repairs_a_damaged_blob(empty, src):
    """The bundle carries the good bytes; a re-import should leave the vault intact, as a first
    import does (Vault.commit replaces a damaged copy)."""
    import_bundle(empty, src.path("redacted"))
    blob = empty.vault.path(sha(PNG))
    blob.chmod(0o644)
    blob.write_bytes(PNG.replace(b"IEND", b"IENE"))
    assert empty.doctor() != []
    assert import_bundle(empty, src.path("redacted")).status == "unchanged"
    assert empty.doctor() == []


def test_unchanged_import_restores_a_missing_blob(empty, src):
    first = import_bundle(empty, src.path("redacted"))
    empty.vault.delete(sha(PNG))
    assert empty.doctor() != []
    assert import_bundle(empty, src.path("redacted")).status == "unchanged"
    assert empty.vault.path(sha(PNG)).read_bytes() == PNG
    assert empty.doctor() == [] and first.assessment.id == empty.assessment(2024).id


@pytest.mark.parametrize(("which", "secret"), [("full", True), ("badan", False)])
def test_round_trip_is_byte_identical(empty, src, tmp_path, which, secret):
    result = import_bundle(empty, src.path(which))
    out = export_bundle(empty, result.assessment.id, tmp_path / "lagi.zip",
                        include_confidential=secret)
    assert out.manifest_hash == result.manifest_hash
    assert (tmp_path / "lagi.zip").read_bytes() == src.path(which).read_bytes()


def test_round_trip_of_a_redacted_bundle_loses_only_the_placeholder(empty, src, tmp_path):
    """A redacted attachment is not imported (it has no title, file or link to hold), so the
    receiver's export lacks its placeholder; everything else comes back byte for byte."""
    result = import_bundle(empty, src.path("redacted"))
    export_bundle(empty, result.assessment.id, tmp_path / "lagi.zip")
    again, again_files = parts((tmp_path / "lagi.zip").read_bytes())
    manifest, files = parts(src.redacted)
    manifest["attachments"] = [a for a in manifest["attachments"] if not a.get("redacted")]
    assert again == manifest and again_files == files
    assert manifest_hash(again) == manifest_hash(manifest)


def test_export_result_and_dossier_hash(src, tmp_path):
    from epss.services.dossier import build_context

    for secret in (False, True):
        result = export_bundle(src.ws, src.mandiri, tmp_path / f"x{secret}.zip",
                               include_confidential=secret)
        assert isinstance(result, ExportResult)
        manifest = src.ws.manifest(src.mandiri, include_confidential=secret)
        assert result.manifest_hash == manifest_hash(manifest)
        context = build_context(src.ws, src.mandiri, include_confidential=secret)
        assert context["manifest"]["hash"] == result.manifest_hash
        assert result.size == (tmp_path / f"x{secret}.zip").stat().st_size
        assert result.redacted == (0 if secret else 1)
        with zipfile.ZipFile(tmp_path / f"x{secret}.zip") as zf:
            assert zf.read(MANIFEST) == manifest_bytes(manifest)
            names = zf.namelist()
        assert names == [MANIFEST, *(f"evidence/{s}" for s in sorted(manifest["files"]))]
        assert result.files == len(manifest["files"])
        assert (f"evidence/{sha(SECRET)}" in names) == secret


def test_export_is_deterministic(src, tmp_path):
    a = export_bundle(src.ws, src.mandiri, tmp_path / "a.zip")
    b = export_bundle(src.ws, src.mandiri, tmp_path / "b.zip")
    assert a.manifest_hash == b.manifest_hash
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes() == src.redacted


def _changed_bundle(src: Source, tmp_path: Path) -> Path:
    """The source's bundle after someone changed one level and exported again (done in a copy
    of the source, so the module's source stays as it is)."""
    copy = new_workspace(tmp_path / "salinan")
    try:
        aid = import_bundle(copy, src.path("redacted")).assessment.id
        level = copy.answers(aid)["10101"].level
        copy.set_answer(aid, "10101", level=level % 5 + 1)
        export_bundle(copy, aid, tmp_path / "berubah.zip")
    finally:
        copy.close()
    return tmp_path / "berubah.zip"


def test_different_bundle_needs_replace(empty, src, tmp_path, refused_import):
    first = import_bundle(empty, src.path("redacted"))
    changed = _changed_bundle(src, tmp_path)
    refused_import(empty, changed, "--replace")
    result = import_bundle(empty, changed, replace=True)
    assert result.status == "replaced" and result.changed
    assert result.assessment.id == first.assessment.id
    assert empty.answers(first.assessment.id)["10101"].level == ANSWERS["10101"] % 5 + 1
    assert empty.get_assessment(first.assessment.id).manifest_hash == result.manifest_hash
    events = [e for e in empty.store.events("assessment", first.assessment.id)
              if e.action == "import"]
    assert len(events) == 2
    replaced = json.loads(events[-1].data)["replaced"]
    assert replaced["answers"][0]["level"] == ANSWERS["10101"]
    assert empty.doctor() == []
    # the original back again, also by replace; a second time it is unchanged
    assert import_bundle(empty, src.path("redacted"), replace=True).status == "replaced"
    assert import_bundle(empty, src.path("redacted"), replace=True).status == "unchanged"


def test_replace_drops_what_the_new_bundle_lacks(empty, src, tmp_path):
    """Evidence and reported indices absent from the replacement are gone afterwards (the audit
    log keeps them)."""
    import_bundle(empty, src.path("badan"))
    manifest, _ = parts(src.badan_bundle)
    manifest["reported"] = {"ips": "2.20"}
    manifest["attachments"], manifest["files"] = [], {}
    path = bundle(tmp_path / "b.zip", manifest, {})
    result = import_bundle(empty, path, replace=True)
    assert result.status == "replaced"
    aid = result.assessment.id
    assert empty.store.reported_indices(aid) == {"ips": "2.20"}
    assert empty.evidence(aid) == []
    assert empty.doctor() == []


def test_import_progress_counts_every_byte(empty, src):
    seen: list[int] = []
    result = import_bundle(empty, src.path("full"), progress=seen.append)
    assert sum(seen) == result.bytes > 0


def test_cancelled_import_leaves_nothing(target, src, snapshot):
    """The user interrupts while files are being checked (Ctrl+C in the progress callback):
    the staged files are discarded and nothing is written."""
    before = snapshot(target)
    calls = []

    def cancel(n: int) -> None:
        calls.append(n)
        if len(calls) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_bundle(target, src.path("full"), progress=cancel)
    assert snapshot(target) == before
    assert leftovers(target) == []


def test_failure_inside_the_transaction_rolls_back(target, src, monkeypatch, snapshot):
    """A database error half-way through the writes (disk full, say) leaves no rows, no audit
    event and no vault file the import brought in."""
    import sqlite3

    before = snapshot(target)
    real = target.store.insert_attachment
    calls = []

    def failing(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        if len(calls) == 3:
            raise sqlite3.OperationalError("database or disk is full")
        return real(*args, **kwargs)

    monkeypatch.setattr(target.store, "insert_attachment", failing)
    with pytest.raises(sqlite3.OperationalError):
        import_bundle(target, src.path("full"))
    monkeypatch.undo()
    assert snapshot(target) == before  # the rows and the vault's files
    assert leftovers(target) == []
    assert target.doctor() == []
    assert target.unreferenced_evidence() == []
    assert import_bundle(target, src.path("full")).status == "imported"


def test_workspace_methods_delegate(empty, src, tmp_path):
    result = empty.import_bundle(src.path("full"))
    out = empty.export_bundle(result.assessment.id, tmp_path / "w.zip", include_confidential=True)
    assert out.manifest_hash == result.manifest_hash
    assert empty.manifest(result.assessment.id, include_confidential=True) == parts(src.full)[0]


# -- export refusals ---------------------------------------------------------------------------


def test_export_refuses_a_corrupt_blob(empty, src, tmp_path, snapshot):
    aid = import_bundle(empty, src.path("full")).assessment.id
    blob = empty.vault.path(sha(PNG))
    blob.chmod(0o644)
    data = bytearray(blob.read_bytes())
    data[30] ^= 0x01
    blob.write_bytes(bytes(data))
    before = snapshot(empty)
    out = tmp_path / "keluar"
    with pytest.raises(BundleError, match="rusak"):
        export_bundle(empty, aid, out / "b.zip", include_confidential=True)
    assert list(out.iterdir()) == []  # neither the zip nor a .tmp- file
    assert snapshot(empty) == before  # no export event


def test_export_refuses_a_missing_blob(empty, src, tmp_path, snapshot):
    aid = import_bundle(empty, src.path("redacted")).assessment.id
    empty.vault.delete(sha(CSV))
    before = snapshot(empty)
    out = tmp_path / "keluar"
    with pytest.raises(BundleError, match="hilang dari brankas"):
        export_bundle(empty, aid, out / "b.zip")
    assert not out.exists() or list(out.iterdir()) == []
    assert snapshot(empty) == before


def test_export_keeps_an_older_file_on_refusal(empty, src, tmp_path):
    aid = import_bundle(empty, src.path("redacted")).assessment.id
    target = tmp_path / "b.zip"
    target.write_bytes(b"versi lama")
    empty.vault.delete(sha(CSV))
    with pytest.raises(BundleError):
        export_bundle(empty, aid, target)
    assert target.read_bytes() == b"versi lama"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")) == []


def test_export_into_a_folder_refused(src, tmp_path):
    with pytest.raises(BundleError, match="folder"):
        export_bundle(src.ws, src.mandiri, tmp_path)


# -- the command line --------------------------------------------------------------------------


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_cli_export_prints_the_manifest_hash(runner, src, tmp_path):
    out = tmp_path / "b.zip"
    result = runner.invoke(main, ["--workspace", str(src.ws.root), "export", "bundle",
                                  "--year", "2024", "-o", str(out)])
    assert result.exit_code == 0, result.output
    digest = manifest_hash(src.ws.manifest(src.mandiri))
    assert re.search(r"SHA-256 manifest: [0-9a-f]{64}$", result.output.strip())
    assert f"SHA-256 manifest: {digest}" in result.output
    assert "1 bukti rahasia tidak disertakan" in result.output
    assert out.read_bytes() == src.redacted


def test_cli_export_json(runner, src, tmp_path):
    result = runner.invoke(main, ["--workspace", str(src.ws.root), "export", "bundle",
                                  "--year", "2024", "--include-confidential", "--json",
                                  "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"path", "manifest_sha256", "files", "bytes", "redacted", "size"}
    assert data["manifest_sha256"] == manifest_hash(
        src.ws.manifest(src.mandiri, include_confidential=True))
    assert (data["files"], data["redacted"]) == (4, 0)
    assert Path(data["path"]) == tmp_path / "epss-9971-2024-mandiri.zip"
    assert Path(data["path"]).read_bytes() == src.full
    assert data["size"] == len(src.full)


def test_cli_export_wrong_suffix_refused(runner, src, tmp_path):
    out = tmp_path / "b.tar"
    result = runner.invoke(main, ["--workspace", str(src.ws.root), "export", "bundle",
                                  "--year", "2024", "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr.startswith("epss: error:") and ".zip" in result.stderr
    assert not out.exists()


def test_cli_import(runner, src, tmp_path):
    root = tmp_path / "penerima"
    new_workspace(root).close()
    w = ["--workspace", str(root)]
    result = runner.invoke(main, [*w, "import", "bundle", str(src.path("redacted"))])
    assert result.exit_code == 0, result.output
    assert "diimpor" in result.output and "1 bukti rahasia tidak disertakan" in result.output
    assert f"SHA-256 manifest: {manifest_hash(src.ws.manifest(src.mandiri))}" in result.output
    result = runner.invoke(main, [*w, "import", "bundle", "--json", str(src.path("redacted"))])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["status"] == "unchanged"
    assert (data["year"], data["kind"], data["answers"], data["redacted"]) == \
        (2024, "mandiri", 7, 1)
    changed = _changed_bundle(src, tmp_path)
    result = runner.invoke(main, [*w, "import", "bundle", str(changed)])
    assert result.exit_code == 2 and "--replace" in result.stderr
    result = runner.invoke(main, [*w, "import", "bundle", "--replace", str(changed)])
    assert result.exit_code == 0 and "menggantikan" in result.output


@pytest.mark.parametrize("content", [b"", b"bukan zip", None])
def test_cli_import_refusal(runner, src, tmp_path, content, snapshot):
    root = tmp_path / "penerima"
    new_workspace(root).close()
    path = tmp_path / "x.zip"
    if content is not None:
        path.write_bytes(content)
    with Workspace.open(root) as ws:
        before = snapshot(ws)
    result = runner.invoke(main, ["--workspace", str(root), "import", "bundle", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith("epss: error:")
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""
    with Workspace.open(root) as ws:
        assert snapshot(ws) == before


# -- identity is kind, code and name (issue 15) -------------------------------------------------


def test_same_code_other_agency_name_refused(src, tmp_path, refused_import):
    """A workspace of another agency that has (wrongly) the same kind and code."""
    ws = new_workspace(tmp_path / "lain", name="Pemerintah Kota Wonoasri", kind="kota",
                       code="9971")
    try:
        for kwargs in ({}, {"replace": True}, {"other_agency": True}):
            message = refused_import(ws, src.path("redacted"), "Pemerintah Kota Contoh", **kwargs)
            assert "Pemerintah Kota Wonoasri" in message
            assert message.count("kota 9971") == 2
        assert ws.assessments() == []
    finally:
        ws.close()


def test_same_code_other_stored_agency_refused_for_a_committee(tmp_path, src, refused_import):
    """A committee workspace already holding another agency under the bundle's code."""
    ws = new_workspace(tmp_path / "komite", name="Dinas Kominfo Provinsi Contoh",
                       kind="provinsi", code="99")
    try:
        manifest, files = parts(src.redacted)
        manifest["agency"]["name"] = "Pemerintah Kota Wonoasri"
        first = import_bundle(ws, bundle(tmp_path / "wonoasri.zip", manifest, files),
                              other_agency=True)
        assert first.agency.name == "Pemerintah Kota Wonoasri"
        for replace in (False, True):
            message = refused_import(ws, src.path("redacted"), "Pemerintah Kota Contoh",
                              other_agency=True, replace=replace)
            assert "Pemerintah Kota Wonoasri" in message and message.count("kota 9971") == 2
        assert [a.name for a in ws.store.list_agencies()] == [
            "Dinas Kominfo Provinsi Contoh", "Pemerintah Kota Wonoasri"]
    finally:
        ws.close()


@pytest.mark.parametrize("name", ["PEMERINTAH KOTA CONTOH", "pemerintah kota contoh",
                                  "Kota Contoh", "Pemkot Contoh", "Pemerintah  Kota\tContoh"])
def test_the_same_agency_written_differently_is_the_same_agency(src, tmp_path, name):
    ws = new_workspace(tmp_path / "sama", name=name, kind="kota", code="9971")
    try:
        result = import_bundle(ws, src.path("redacted"))
        assert result.status == "imported"
        assert result.agency.id == ws.agency.id
        assert ws.agency.name == " ".join(name.split())  # the workspace keeps its own name
    finally:
        ws.close()


@pytest.mark.parametrize(("one", "two", "same"), [
    ("Pemerintah Kota Contoh", "pemerintah  kota CONTOH", True),
    ("Pemerintah Kota Contoh", "Kota Contoh", True),
    ("Pemkot Contoh", "Kota Contoh", True),
    ("Pemkab Malang", "Pemerintah Kabupaten Malang", True),
    ("Pemprov Jawa Timur", "Provinsi Jawa Timur", True),
    ("Pemerintah Kota Contoh", "Pemerintah Kota Wonoasri", False),
    ("Kota Contoh", "Kabupaten Contoh", False),
    ("Pemerintah", "Pemerintah Kota Contoh", False),
    ("Kota Contoh Baru", "Kota Contoh", False),
])
def test_agency_names_compared(one, two, same):
    from epss.services.exchange.bundle import same_agency_name

    assert same_agency_name(one, two) is same
    assert same_agency_name(two, one) is same
