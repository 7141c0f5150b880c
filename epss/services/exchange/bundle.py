"""Exchange bundles: one zip that carries an assessment with its evidence and proves both.

A bundle holds ``manifest.json`` (the canonical bytes of ``epss.core.manifest``, whose SHA-256 the
dossier prints on its last page) and every evidence file as ``evidence/<sha256>``. Whoever
receives it (a committee, the agency's own second laptop) must be able to trust it without
trusting the sender, so the importer checks everything before it keeps anything:

- the archive itself: no absolute or ``..`` paths, no symlinks, no duplicate or unlisted names,
  no encryption or exotic compression, bounded sizes and compression ratios (zip bombs), and a
  readable, untruncated file;
- the manifest: strict JSON in the schema of ``exchange.schema``, in canonical form (so the hash
  the sender printed is the hash of what arrives), a known catalog edition, known codes, and
  (format version 2) sampled kegiatan and evidence marks as epss itself would accept them;
- every file: streamed into the vault's temporary area while it is hashed, and compared with
  its name and the manifest.

Only then does one transaction make the files visible and write the records; the bundle's
kegiatan join the assessment's own (one of the same OPD and name is the same kegiatan) and the
marks are set on the attachments written. Evidence is stored
uncompressed: PDFs, scans and Office files are compressed already, and deflating them again
would cost far more time than it saves space.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pydantic import ValidationError

from epss.core.errors import WorkspaceError, os_error_text
from epss.core.manifest import manifest_bytes
from epss.core.model import (
    KEGIATAN_KINDS,
    YEAR_MAX,
    YEAR_MIN,
    Agency,
    AgencyInput,
    Assessment,
    clean_text,
    parse_index,
)
from epss.core.validate import check_url

if TYPE_CHECKING:
    from epss.services.exchange.schema import AttachmentPart, Manifest
    from epss.services.workspace import Workspace
    from evidence import Staged, Vault

MiB = 1024 * 1024
GiB = 1024 * MiB
MANIFEST_NAME = "manifest.json"
EVIDENCE_PREFIX = "evidence/"
COPY_CHUNK = 4 * MiB
_EVIDENCE_NAME = re.compile(r"^evidence/[0-9a-f]{64}$")
_DRIVE = re.compile(r"^[A-Za-z]:")


class BundleError(WorkspaceError):
    """The bundle was refused (nothing was written) or cannot be written; says why."""


@dataclass(frozen=True)
class Limits:
    """What a bundle may claim before it is refused unread (zip-bomb and resource limits)."""

    max_total: int = 16 * GiB  # the sum of all uncompressed sizes
    max_entries: int = 20_002  # the manifest, the evidence folder, one file per attachment
    max_ratio: int = 100  # uncompressed / compressed, checked for entries above ratio_floor
    ratio_floor: int = 1 * MiB
    max_manifest: int = 64 * MiB


@dataclass(frozen=True)
class ExportResult:
    path: Path
    manifest_hash: str
    files: int
    bytes: int  # evidence bytes carried
    redacted: int  # confidential attachments left out
    size: int  # of the zip


@dataclass(frozen=True)
class ImportResult:
    status: str  # "imported", "replaced" or "unchanged"
    agency: Agency
    assessment: Assessment
    manifest_hash: str
    answers: int
    attachments: int
    files: int
    bytes: int
    redacted: int  # confidential attachments the sender left out

    @property
    def changed(self) -> bool:
        return self.status != "unchanged"


# -- export ----------------------------------------------------------------------------------


def export_bundle(ws: Workspace, assessment_id: int, target: Path, *,
                  include_confidential: bool = False,
                  progress: Callable[[int], None] | None = None) -> ExportResult:
    """Write the bundle atomically; every evidence file is re-hashed on the way out, so a
    damaged vault file is never passed on as if it were good."""
    from epss.core.manifest import manifest_hash
    from epss.fileio import OutputError, atomic_output

    manifest = ws.manifest(assessment_id, include_confidential=include_confidential)
    raw = manifest_bytes(manifest)
    digest = manifest_hash(manifest)
    vault = ws.vault
    files = manifest["files"]
    missing = [sha for sha in files if not vault.exists(sha)]
    if missing:
        raise BundleError(f"{len(missing)} berkas bukti hilang dari brankas (mis. "
                          f"{missing[0][:12]}…); jalankan `epss doctor`")
    stamp = _zip_time(manifest["created"])
    total = 0
    try:
        with atomic_output(target) as out, \
                zipfile.ZipFile(out, "w", allowZip64=True) as zf:
            info = zipfile.ZipInfo(MANIFEST_NAME, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o444 << 16
            zf.writestr(info, raw)
            for sha, entry in files.items():
                total += _write_evidence(zf, vault, sha, entry["size"], stamp, progress)
    except OutputError as exc:
        raise BundleError(str(exc)) from None
    redacted = sum(1 for a in manifest["attachments"] if a.get("redacted"))
    if not ws.read_only:  # a write-protected workspace can be exported, just not logged
        with ws.store.transaction():
            ws.store.append_event(ws.actor, "export", "assessment", assessment_id, {
                "manifest_hash": digest, "files": len(files), "bytes": total,
                "include_confidential": include_confidential, "redacted": redacted,
                "path": str(target),
            })
    return ExportResult(target, digest, len(files), total, redacted, target.stat().st_size)


def _write_evidence(zf: zipfile.ZipFile, vault: Vault, sha: str, size: int,
                    stamp: tuple[int, int, int, int, int, int],
                    progress: Callable[[int], None] | None) -> int:
    info = zipfile.ZipInfo(EVIDENCE_PREFIX + sha, stamp)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o444 << 16
    info.file_size = size
    hasher = hashlib.sha256()
    buf = bytearray(COPY_CHUNK)
    view = memoryview(buf)
    written = 0
    with vault.path(sha).open("rb", buffering=0) as src, \
            zf.open(info, "w", force_zip64=size > 2 * GiB - MiB) as dest:
        while n := src.readinto(buf):
            chunk = view[:n]
            hasher.update(chunk)
            dest.write(chunk)
            written += n
            if progress:
                progress(n)
    if hasher.hexdigest() != sha or written != size:
        raise BundleError(f"berkas bukti {sha[:12]}… di brankas rusak (isinya berubah); "
                          "jalankan `epss doctor` dan lampirkan ulang berkas aslinya")
    return written


def _zip_time(stamp: str) -> tuple[int, int, int, int, int, int]:
    """The manifest's data time as the zip's entry time: the same data gives the same zip."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return (1980, 1, 1, 0, 0, 0)
    if moment.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


# -- reading and checking --------------------------------------------------------------------


@dataclass(frozen=True)
class _Entries:
    manifest: zipfile.ZipInfo
    evidence: dict[str, zipfile.ZipInfo]  # sha -> entry


@contextlib.contextmanager
def _open_zip(path: Path) -> Iterator[zipfile.ZipFile]:
    try:
        if not path.is_file():
            raise BundleError(f"{path}: berkas tidak ditemukan" if not path.exists()
                              else f"{path}: bukan berkas")
        zf = zipfile.ZipFile(path)
    except BundleError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, struct.error,
            NotImplementedError):
        raise BundleError(f"{path.name}: bukan arsip ZIP yang utuh (rusak atau terpotong)"
                          ) from None
    except OSError as exc:
        raise BundleError(f"{path}: tidak bisa dibaca ({os_error_text(exc)})") from None
    with zf:
        yield zf


# What reading a damaged archive raises (a cut-off start makes offsets negative: OSError).
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError,
                struct.error, OSError)


def _damage(exc: Exception) -> str:
    """What went wrong reading an entry, in Indonesian: zipfile's and zlib's text is English."""
    if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
        return "CRC-32 tidak cocok"
    if isinstance(exc, zlib.error):
        return "data terkompresinya rusak"
    if isinstance(exc, EOFError):
        return "berakhir sebelum waktunya"
    if isinstance(exc, NotImplementedError):
        return "cara kompresinya tidak didukung"
    if isinstance(exc, OSError) and exc.errno not in (None, errno.EINVAL):  # EINVAL: a seek
        return os_error_text(exc)  # to a negative offset, which only a damaged archive asks
    return "struktur arsipnya tidak sah"


def check_entries(zf: zipfile.ZipFile, limits: Limits, max_file: int) -> _Entries:
    """Refuse an archive by its directory alone: names, kinds, sizes and ratios."""
    infos = zf.infolist()
    if len(infos) > limits.max_entries:
        raise BundleError(f"arsip memuat {len(infos)} entri; paling banyak {limits.max_entries}")
    seen: set[str] = set()
    folded: set[str] = set()
    manifest = None
    evidence: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.orig_filename
        shown = _shown(name)
        _check_name(name, shown)
        if name in seen:
            raise BundleError(f"nama ganda di arsip: {shown}")
        if name.casefold() in folded:
            raise BundleError(f"nama yang hanya berbeda huruf besar/kecil di arsip: {shown}")
        seen.add(name)
        folded.add(name.casefold())
        if info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16):
            raise BundleError(f"tautan simbolik di arsip tidak diterima: {shown}")
        if info.flag_bits & 0x1:
            raise BundleError(f"entri terenkripsi tidak diterima: {shown}")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise BundleError(f"metode kompresi entri {shown} tidak didukung")
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise BundleError(f"ukuran entri {shown} tidak konsisten (arsip rusak)")
        total += info.file_size
        if total > limits.max_total:
            raise BundleError(f"isi arsip melebihi batas {_size(limits.max_total)} "
                              "setelah diekstrak (kemungkinan bom zip)")
        if info.file_size > limits.ratio_floor and \
                info.file_size > limits.max_ratio * max(info.compress_size, 1):
            raise BundleError(f"rasio kompresi entri {shown} melebihi {limits.max_ratio}:1 "
                              "(kemungkinan bom zip)")
        if name == MANIFEST_NAME:
            if info.file_size > limits.max_manifest:
                raise BundleError(f"manifest.json terlalu besar ({info.file_size // MiB} MiB)")
            manifest = info
        elif name == EVIDENCE_PREFIX and info.is_dir() and info.file_size == 0:
            continue
        elif _EVIDENCE_NAME.match(name):
            if info.file_size > max_file:
                raise BundleError(f"berkas {shown} lebih besar dari batas "
                                  f"{_size(max_file)} per berkas bukti")
            evidence[name.removeprefix(EVIDENCE_PREFIX)] = info
        else:
            raise BundleError(f"berkas yang tidak tercantum di manifest: {shown}")
    if manifest is None:
        raise BundleError("arsip tidak memuat manifest.json: bukan bundel epss")
    return _Entries(manifest, evidence)


def _size(n: int) -> str:
    from evidence import human_size

    return human_size(n)


def _shown(name: str) -> str:
    return repr(name[:120]) if not name.isprintable() else name[:120]


def _check_name(name: str, shown: str) -> None:
    if "\x00" in name or not name:
        raise BundleError(f"nama entri tidak sah di arsip: {shown}")
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        raise BundleError(f"path absolut di arsip tidak diterima: {shown}")
    if "\\" in name:
        raise BundleError(f"path dengan garis miring terbalik tidak diterima: {shown}")
    parts = name.removesuffix("/").split("/")
    if ".." in parts:
        raise BundleError(f"path dengan '..' di arsip tidak diterima: {shown}")
    if any(p in ("", ".") for p in parts):
        raise BundleError(f"path tidak sah di arsip: {shown}")


def _read_manifest(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[Manifest, bytes]:
    from epss.services.exchange.schema import SchemaError, parse_manifest

    try:
        with zf.open(info) as src:
            raw = src.read(info.file_size + 1)
    except _READ_ERRORS as exc:
        raise BundleError(f"manifest.json rusak atau terpotong ({_damage(exc)})") from None
    if len(raw) != info.file_size:
        raise BundleError("manifest.json tidak sepanjang yang dinyatakan arsip (rusak)")
    try:
        manifest = parse_manifest(raw)
    except SchemaError as exc:
        raise BundleError(f"manifest.json tidak sesuai skema: {exc}") from None
    if manifest_bytes(json.loads(raw)) != raw:
        raise BundleError("manifest.json tidak dalam bentuk kanonis: isinya diubah setelah "
                          "diekspor, jadi hash-nya tidak lagi cocok dengan yang dicetak")
    return manifest, raw


def check_manifest(manifest: Manifest, entries: _Entries, ws: Workspace) -> None:
    """What the schema cannot see: the catalog, the rules of a workspace, the archive."""
    catalog = ws.catalog
    if manifest.edition != catalog.edition.id:
        raise BundleError(f"edisi katalog {manifest.edition!r} tidak dikenal; epss ini mengenal "
                          f"{catalog.edition.id!r}")
    try:
        agency = AgencyInput(name=manifest.agency.name, kind=manifest.agency.kind,
                             code=manifest.agency.code)
    except ValidationError as exc:
        from epss.core.messages import validation_message

        raise BundleError(f"instansi di manifest tidak sah: {validation_message(exc)}") from None
    if (agency.name, agency.code) != (manifest.agency.name, manifest.agency.code):
        raise BundleError("nama atau kode instansi di manifest tidak dalam bentuk baku "
                          "(spasi berlebih): bukan hasil ekspor epss")
    year, source = manifest.assessment.year, manifest.assessment.source_year
    for value in (year, source):
        if value is not None and not YEAR_MIN <= value <= YEAR_MAX:
            raise BundleError(f"tahun {value} di manifest di luar {YEAR_MIN}-{YEAR_MAX}")
    _check_texts(manifest)
    codes: set[str] = set()
    for answer in manifest.answers:
        if not catalog.has_indicator(answer.indicator):
            raise BundleError(f"kode indikator {answer.indicator} di manifest tidak dikenal")
        if answer.indicator in codes:
            raise BundleError(f"indikator {answer.indicator} muncul dua kali di manifest")
        codes.add(answer.indicator)
    _check_attachments(manifest, catalog)
    _check_sampling(manifest, catalog)
    _check_reported(manifest, catalog)
    listed = set(manifest.files)
    for sha, part in manifest.files.items():
        if part.path != EVIDENCE_PREFIX + sha:
            raise BundleError(f"path berkas {sha[:12]}… di manifest tidak sah: {part.path!r}")
    present = set(entries.evidence)
    if present - listed:
        raise BundleError("berkas yang tidak tercantum di manifest: "
                          f"{EVIDENCE_PREFIX}{min(present - listed)}")
    if listed - present:
        raise BundleError("berkas yang tercantum di manifest tidak ada di arsip: "
                          f"{EVIDENCE_PREFIX}{min(listed - present)}")
    for sha, info in entries.evidence.items():
        if info.file_size != manifest.files[sha].size:
            raise BundleError(f"ukuran berkas {sha[:12]}… di arsip berbeda dari manifest")


def _carried(manifest: Manifest) -> list[AttachmentPart]:
    """The attachments a bundle carries: a confidential one left at home is only a placeholder
    (``RedactedPart``), with nothing to check, stage or write."""
    from epss.services.exchange.schema import AttachmentPart

    return [a for a in manifest.attachments if isinstance(a, AttachmentPart)]


def _check_texts(manifest: Manifest) -> None:
    texts = [manifest.assessment.title, *(a.explanation for a in manifest.answers),
             *(a.updated_by for a in manifest.answers)]
    for att in _carried(manifest):
        texts += [att.title, att.note, att.created_by, att.filename or ""]
    for text in texts:
        if clean_text(text) != text:
            raise BundleError("manifest memuat karakter kontrol di teks: "
                              f"{text[:40]!r}")


def _check_attachments(manifest: Manifest, catalog: Any) -> None:
    from epss.services.exchange.schema import AttachmentPart
    from evidence import ALLOWED
    from evidence.sniff import extension_of

    referenced: set[str] = set()
    for n, att in enumerate(manifest.attachments, 1):
        where = f"bukti ke-{n} ({att.indicator})"
        if not catalog.has_indicator(att.indicator):
            raise BundleError(f"{where}: kode indikator tidak dikenal")
        if not isinstance(att, AttachmentPart):  # a confidential one left at home
            if manifest.include_confidential:
                raise BundleError(f"{where}: disembunyikan padahal bundel memuat bukti rahasia")
            continue
        if att.confidential and not manifest.include_confidential:
            raise BundleError(f"{where}: bukti rahasia tidak disembunyikan")
        if att.kind == "link":
            if att.url is None or any(v is not None for v in (att.sha256, att.size,
                                                              att.media_type, att.filename)):
                raise BundleError(f"{where}: tautan harus punya url saja, tanpa berkas")
            try:
                check_url(att.url)
            except WorkspaceError as exc:
                raise BundleError(f"{where}: {exc}") from None
            continue
        sha, name = att.sha256, att.filename
        if att.url is not None or sha is None or name is None or None in (att.size,
                                                                          att.media_type):
            raise BundleError(f"{where}: berkas harus punya sha256, ukuran, jenis dan nama")
        if sha not in manifest.files or manifest.files[sha].size != att.size:
            raise BundleError(f"{where}: berkas {sha[:12]}… tidak tercantum di files "
                              "dengan ukuran yang sama")
        if "/" in name or "\\" in name or name in (".", "..") or not name.isprintable():
            raise BundleError(f"{where}: nama berkas tidak sah: {name[:60]!r}")
        known = ALLOWED.get(extension_of(name))
        if known is None or known[1] != att.media_type:
            raise BundleError(f"{where}: jenis berkas {att.media_type!r} tidak cocok dengan "
                              f"nama {name[:60]!r} atau tidak diterima")
        referenced.add(sha)
    unused = set(manifest.files) - referenced
    if unused:
        raise BundleError(f"berkas {min(unused)[:12]}… tercantum tetapi tidak dipakai bukti mana "
                          "pun")


def _check_sampling(manifest: Manifest, catalog: Any) -> None:
    """The sampled kegiatan and the evidence marks (format version 2), as
    ``Sampling.add_kegiatan`` and ``Sampling.mark_evidence`` would have taken them."""
    from epss.services.sampling import CODE, EARLIEST_DOC_YEAR, MAX_NAME

    keys: set[str] = set()
    names: set[tuple[str, str]] = set()
    for n, keg in enumerate(manifest.kegiatan, 1):
        where = f"kegiatan ke-{n} ({keg.key})"
        if keg.key in keys:
            raise BundleError(f"{where}: kunci {keg.key!r} dipakai dua kali")
        keys.add(keg.key)
        for what, text in (("nama OPD", keg.opd), ("nama kegiatan", keg.name)):
            if " ".join(clean_text(text).split()) != text:
                raise BundleError(f"{where}: {what} {text[:40]!r} tidak dalam bentuk baku "
                                  "(spasi berlebih atau karakter kontrol)")
            if len(text) > MAX_NAME:
                raise BundleError(f"{where}: {what} lebih dari {MAX_NAME} karakter")
        if keg.code and not CODE.match(keg.code):
            raise BundleError(f"{where}: kode kegiatan {keg.code[:40]!r} tidak valid: huruf, "
                              "angka, titik dan tanda hubung, mis. K-24.6104.005")
        if keg.kind not in KEGIATAN_KINDS:
            raise BundleError(f"{where}: jenis kegiatan {keg.kind[:40]!r} tidak dikenal; "
                              f"pilihannya: {', '.join(KEGIATAN_KINDS)}")
        same = (keg.opd.casefold(), keg.name.casefold())
        if same in names:
            raise BundleError(f"{where}: kegiatan {keg.name[:40]!r} dari {keg.opd[:40]!r} "
                              "tercantum dua kali")
        names.add(same)
    edition, year = catalog.edition, manifest.assessment.year
    for n, att in enumerate(manifest.attachments, 1):
        marks = getattr(att, "marks", None)
        if marks is None:
            continue
        where = f"tanda bukti ke-{n} ({att.indicator})"
        if marks.doc_kind is not None and edition.evidence_kind(marks.doc_kind) is None:
            known = ", ".join(k.key for k in edition.evidence_kinds)
            raise BundleError(f"{where}: jenis dokumen {marks.doc_kind[:40]!r} tidak dikenal "
                              f"edisi {edition.id}; pilihannya: {known}")
        if marks.doc_year is not None and not EARLIEST_DOC_YEAR <= marks.doc_year <= year + 1:
            raise BundleError(f"{where}: tahun dokumen {marks.doc_year} di luar "
                              f"{EARLIEST_DOC_YEAR}-{year + 1}")
        if marks.kegiatan is not None and marks.kegiatan not in keys:
            raise BundleError(f"{where}: kegiatan {marks.kegiatan!r} tidak tercantum di "
                              "daftar kegiatan terpilih manifest")


def _check_reported(manifest: Manifest, catalog: Any) -> None:
    domains = {d.code for d in catalog.domains} | {
        a.code for d in catalog.domains for a in d.aspects}  # aspect indices too (issue 18)
    for node, value in manifest.reported.items():
        if node != "ips" and node not in domains:
            raise BundleError(f"indeks hasil BPS untuk simpul {node!r} tidak dikenal")
        try:
            parsed = parse_index(value, f"indeks {node}")
        except ValueError as exc:
            raise BundleError(f"manifest: {exc}") from None
        if str(parsed) != value:
            raise BundleError(f"indeks hasil BPS {node} tidak dalam bentuk baku: {value!r}")
    if manifest.reported and manifest.assessment.kind != "badan":
        raise BundleError("indeks hasil BPS hanya boleh ada pada penilaian badan")


# -- importing -------------------------------------------------------------------------------


class _Bounded:
    """A zip entry read through ``readinto`` that refuses to give more than it declared."""

    def __init__(self, src: IO[bytes], declared: int, shown: str,
                 progress: Callable[[int], None] | None):
        self._src, self._left, self._shown, self._progress = src, declared, shown, progress

    def readinto(self, buf: bytearray | memoryview) -> int:
        data = self._src.read(len(buf))
        n = len(data)
        if n > self._left:
            raise BundleError(f"{self._shown} lebih panjang dari yang dinyatakan arsip "
                              "(kemungkinan bom zip)")
        self._left -= n
        memoryview(buf)[:n] = data
        if self._progress and n:
            self._progress(n)
        return n


def _stage_all(zf: zipfile.ZipFile, manifest: Manifest, entries: _Entries, vault: Vault,
               progress: Callable[[int], None] | None) -> list[Staged]:
    """Stream every file into the vault's temporary area, checking it on the way."""
    from evidence import VaultError

    every: dict[str, list[str]] = {}
    for att in _carried(manifest):
        if att.sha256 is not None and att.filename is not None:
            every.setdefault(att.sha256, []).append(att.filename)
    names = {sha: found[0] for sha, found in every.items()}
    staged: list[Staged] = []
    try:
        for sha in sorted(entries.evidence):
            info = entries.evidence[sha]
            shown = EVIDENCE_PREFIX + sha[:12] + "…"
            try:
                with zf.open(info) as src:
                    item = vault.stage(_Bounded(src, info.file_size, shown, progress),
                                       names[sha])
            except VaultError as exc:
                raise BundleError(f"{shown} ({names[sha]}): {exc}") from None
            except _READ_ERRORS as exc:
                raise BundleError(f"{shown}: arsip rusak atau terpotong ({_damage(exc)})"
                                  ) from None
            staged.append(item)
            if item.sha256 != sha or item.size != info.file_size:
                raise BundleError(f"isi {shown} ({names[sha]}) tidak cocok dengan hash-nya: "
                                  "berkas diubah atau rusak")
            _check_other_names(item, every[sha][1:], shown)
    except BaseException:
        for item in staged:
            vault.discard(item)
        raise
    return staged


def _check_other_names(item: Staged, others: list[str], shown: str) -> None:
    """A file several attachments share must be what each of their names claims."""
    from evidence import TypeMismatch, check
    from evidence.sniff import SNIFF_BYTES

    if not others:
        return
    with item.tmp.open("rb") as fh:
        head = fh.read(SNIFF_BYTES)
    for name in others:
        try:
            check(name, head)
        except TypeMismatch as exc:
            raise BundleError(f"{shown} ({name}): {exc}") from None


def _identity(opd: str, name: str) -> tuple[str, str]:
    """A kegiatan as ``Sampling.add_kegiatan`` tells two apart: its OPD and name, any case."""
    return opd.casefold(), name.casefold()


def _content(manifest: dict[str, Any], *,
             only: set[tuple[str, str]] | None = None) -> dict[str, Any]:
    """What an import writes: the same content means a second import changes nothing.

    Records are compared in the order an import stores them (by indicator, stable), so a
    bundle listing them in another order is still "the same" the second time. Kegiatan are
    compared as what they are, not by their keys; ``only``: just these kegiatan count (an
    import adds a bundle's kegiatan to the assessment's and removes none).
    """
    from epss.core.manifest import UNMARKED

    part = manifest["assessment"]
    sampled = {k["key"]: {f: k[f] for f in ("opd", "name", "code", "kind")}
               for k in manifest.get("kegiatan", [])}
    attachments = []
    for att in manifest["attachments"]:
        if att.get("redacted"):
            continue
        att = dict(att)
        marks = att.pop("marks", None) or UNMARKED
        if marks != UNMARKED:  # a bundle may spell out "nothing said"; it is still nothing
            att["marks"] = {**marks, "kegiatan": sampled.get(marks["kegiatan"] or "")}
        attachments.append(att)
    return {
        "assessment": {k: part[k] for k in ("title", "status", "source_year")},
        "answers": sorted(manifest["answers"], key=lambda a: a["indicator"]),
        "attachments": sorted(attachments, key=lambda a: a["indicator"]),
        "reported": manifest.get("reported", {}),
        "daftar_data": manifest.get("daftar_data"),
        "kegiatan": sorted((k for k in sampled.values()
                            if only is None or _identity(k["opd"], k["name"]) in only),
                           key=lambda k: (*_identity(k["opd"], k["name"]), k["opd"], k["name"])),
    }


def import_bundle(ws: Workspace, path: Path, *, replace: bool = False,
                  other_agency: bool = False, limits: Limits | None = None,
                  progress: Callable[[int], None] | None = None,
                  accept: Callable[[Agency, int, str], None] | None = None) -> ImportResult:
    """Check the bundle completely, then take it in one transaction.

    ``other_agency``: accept an agency other than the workspace's (a committee collecting
    entrants); otherwise a bundle of another agency is refused. ``accept(agency, year, kind)``
    runs once the manifest is known good and before anything is staged or written: a caller's
    own refusal (raise) then leaves nothing behind either.
    """
    limits = limits or Limits()
    vault = ws.storing_vault()  # the size limit as set now
    with _open_zip(path) as zf:
        entries = check_entries(zf, limits, vault.max_bytes)
        manifest, raw = _read_manifest(zf, entries.manifest)
        check_manifest(manifest, entries, ws)
        digest = hashlib.sha256(raw).hexdigest()
        data = json.loads(raw)
        agency = _agency(ws, manifest, other_agency)
        part = manifest.assessment
        if accept is not None:
            accept(agency, part.year, part.kind)
        existing = (ws.store.find_assessment(agency.id, part.year, part.kind)
                    if agency.id else None)
        theirs = {_identity(k.opd, k.name) for k in manifest.kegiatan}
        same = existing is not None and _content(ws.manifest(
            existing.id, include_confidential=manifest.include_confidential),
            only=theirs) == _content(data)
        if existing is not None and not same and existing.status == "final":
            raise BundleError(f"{existing.label} untuk {agency.name} berstatus final dan tidak "
                              "bisa diganti; ubah statusnya dulu bila memang perlu")
        if existing is not None and not same and not replace:
            raise BundleError(
                f"{existing.label} untuk {agency.name} sudah ada dan isinya berbeda dari bundel "
                "ini; tambahkan --replace untuk menggantinya")
        staged = _stage_all(zf, manifest, entries, vault, progress)
    counts = {
        "answers": len(manifest.answers),
        "attachments": len(_carried(manifest)),
        "files": len(staged), "bytes": sum(s.size for s in staged),
        "redacted": len(manifest.attachments) - len(_carried(manifest)),
    }
    if same:  # no record changes; a vault copy missing or damaged here is put right, though
        try:
            for item in staged:
                vault.commit(item)
        finally:
            for item in staged:
                if item.tmp.exists():
                    vault.discard(item)
        assert existing is not None  # "same" compared it
        return ImportResult("unchanged", agency, existing, digest, **counts)
    try:
        assessment_id, agency = _write(ws, manifest, data, digest, agency, existing, staged,
                                       path.name)
    finally:
        for item in staged:
            if item.tmp.exists():
                vault.discard(item)
    return ImportResult("replaced" if existing else "imported", agency,
                        ws.get_assessment(assessment_id), digest, **counts)


def _agency(ws: Workspace, manifest: Manifest, other_agency: bool) -> Agency:
    """The workspace's agency when the bundle is its own; else (committee) a stored or new one
    (``id`` 0 until it is inserted).

    An agency is its kind, code *and* name: a code alone is one typo (or one demo) away from
    another agency's, and taking it as identity would let one agency's bundle overwrite
    another's assessment. The name is compared loosely (``same_agency_name``) because the
    kind and code already have to match exactly."""
    theirs = manifest.agency
    ours = ws.agency
    bundle_of = f"bundel ini milik {_named(theirs)}"
    if (ours.kind, ours.code) == (theirs.kind, theirs.code):
        if not same_agency_name(ours.name, theirs.name):
            raise BundleError(f"{bundle_of}, bukan {_named(ours)} pemilik workspace ini: "
                              "jenis dan kodenya sama tetapi namanya lain. Tidak ada yang "
                              "diubah; periksa kode instansi di workspace pengirim")
        return ours
    if not other_agency:
        raise BundleError(f"{bundle_of}, bukan {_named(ours)} pemilik workspace ini")
    found = ws.store.find_agency(theirs.kind, theirs.code)
    if found is None:
        return Agency(id=0, name=theirs.name, kind=theirs.kind, code=theirs.code)
    if not same_agency_name(found.name, theirs.name):
        raise BundleError(f"{bundle_of}, padahal kode itu di workspace ini sudah tercatat "
                          f"sebagai {_named(found)}: jenis dan kodenya sama "
                          "tetapi namanya lain, jadi bundel ini tidak menggantikannya. Tidak "
                          "ada yang diubah; periksa kode instansi di bundel")
    return found


def _named(agency: Any) -> str:
    return f"{agency.name} ({agency.kind} {agency.code})"


# Regional governments are named both ways ("Pemerintah Kota Blitar", "Pemkot Blitar", "Kota
# Blitar" as BPS lists the region); the kind and the code still have to match exactly.
_GOVERNMENT_PREFIX = {"pemkot": "kota", "pemkab": "kabupaten", "pemprov": "provinsi"}


def agency_name_key(name: str) -> str:
    """A name as compared: NFKC, case-folded, whitespace collapsed, and a leading
    "Pemerintah" dropped or "Pemkot"/"Pemkab"/"Pemprov" spelled out."""
    import unicodedata

    words = unicodedata.normalize("NFKC", name).casefold().split()
    if len(words) > 1 and words[0] == "pemerintah":
        words = words[1:]
    elif len(words) > 1 and words[0] in _GOVERNMENT_PREFIX:
        words[0] = _GOVERNMENT_PREFIX[words[0]]
    return " ".join(words)


def same_agency_name(one: str, two: str) -> bool:
    return agency_name_key(one) == agency_name_key(two)


def _write(ws: Workspace, manifest: Manifest, data: dict[str, Any], digest: str,
           agency: Agency, existing: Assessment | None, staged: list[Staged],
           source: str) -> tuple[int, Agency]:
    store, vault = ws.store, ws.vault
    added: list[str] = []  # blobs this import brought in, to take back if the records fail
    try:
        with store.transaction():
            for item in staged:  # under the write lock: a concurrent prune cannot interleave
                blob = vault.commit(item)
                if not blob.existed:
                    added.append(blob.sha256)
            return _write_records(ws, manifest, data, digest, agency, existing, source)
    except BaseException:
        # Still no record names them; an add that meets a vanished blob stores it again.
        for sha in added:
            with contextlib.suppress(OSError):
                vault.delete(sha)
        raise


def _write_records(ws: Workspace, manifest: Manifest, data: dict[str, Any], digest: str,
                   agency: Agency, existing: Assessment | None, source: str
                   ) -> tuple[int, Agency]:
    """The records of an import; runs inside ``_write``'s transaction."""
    store, part = ws.store, manifest.assessment
    if not agency.id:
        agency_id = store.insert_agency(agency.name, agency.kind, agency.code)
        store.append_event(ws.actor, "create", "agency", agency_id, {
            "name": agency.name, "kind": agency.kind, "code": agency.code,
            "from_bundle": digest})
        agency = Agency(id=agency_id, name=agency.name, kind=agency.kind, code=agency.code)
    replaced = None
    if existing is not None:
        aid = existing.id
        replaced = ws.manifest(aid, include_confidential=True)
        store.clear_assessment(aid)
        store.update_assessment(aid, title=part.title, status=part.status,
                                source_year=part.source_year, manifest_hash=digest)
    else:
        aid = store.insert_assessment(agency.id, part.year, part.kind, manifest.edition,
                                      part.title, part.source_year)
        store.update_assessment(aid, status=part.status, manifest_hash=digest)
    for ans in sorted(manifest.answers, key=lambda a: a.indicator):
        store.put_answer(aid, ans.indicator, ans.level, ans.explanation, ans.carried_over,
                         ans.updated_by, at=ans.updated_at)
    sampled, merged = _merge_kegiatan(ws, aid, manifest)
    for att in sorted(_carried(manifest), key=lambda a: a.indicator):  # stable: ids keep the
        att_id = store.insert_attachment(  # sender's order within an indicator
            aid, att.indicator, blob_sha=att.sha256, url=att.url, title=att.title,
            note=att.note, media_type=att.media_type, size=att.size,
            original_name=att.filename, confidential=att.confidential,
            actor=att.created_by, created_at=att.created_at)
        if att.marks is not None:
            marks = att.marks
            store.update_attachment(
                att_id, doc_kind=marks.doc_kind, doc_year=marks.doc_year,
                signed=int(marks.signed), for_tpb=int(marks.for_tpb),
                kegiatan_id=sampled[marks.kegiatan] if marks.kegiatan is not None else None)
    for node, value in manifest.reported.items():
        store.put_reported_index(aid, node, value, ws.actor)
    store.dd_put_recap(aid, manifest.daftar_data.model_dump() if manifest.daftar_data else None)
    # the data's own time, not the import's: exporting it again gives the same manifest
    store.touch_assessment(aid, at=manifest.created)
    event: dict[str, Any] = {"manifest_hash": digest, "source": source,
                             "year": part.year, "kind": part.kind,
                             "agency": {"kind": agency.kind, "code": agency.code}}
    if merged:
        event["kegiatan"] = merged
    if replaced is not None:  # what was replaced stays in the audit log
        event["replaced"] = _content(replaced)
    store.append_event(ws.actor, "import", "assessment", aid, event)
    return aid, agency


def _merge_kegiatan(ws: Workspace, aid: int, manifest: Manifest
                    ) -> tuple[dict[str, int], dict[str, list[dict[str, Any]]]]:
    """The bundle's kegiatan on the assessment: one of the same OPD and name (any case) is the
    same kegiatan, taking the bundle's spelling, code and kind; the others are added. None is
    removed (OPD assignments may name them). Returns the ids by the bundle's keys and, for the
    audit log, what was added and what was changed (with its values before)."""
    store = ws.store
    ours = {_identity(k.opd, k.name): k for k in store.kegiatan(aid)}
    ids: dict[str, int] = {}
    merged: dict[str, list[dict[str, Any]]] = {}
    for keg in manifest.kegiatan:
        values = {"opd": keg.opd, "name": keg.name, "code": keg.code, "kind": keg.kind}
        found = ours.get(_identity(keg.opd, keg.name))
        if found is None:
            ids[keg.key] = store.insert_kegiatan(aid, **values)
            merged.setdefault("added", []).append(values)
            continue
        ids[keg.key] = found.id
        before = {"opd": found.opd, "name": found.name, "code": found.code, "kind": found.kind}
        if before != values:
            store.update_kegiatan(found.id, **values)
            merged.setdefault("changed", []).append({**values, "before": before})
    return ids, merged
