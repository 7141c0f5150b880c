"""A content-addressed store of evidence files that never loses or silently changes one.

Each file is stored once under its SHA-256 (``ab/cdef...``), written to a temporary file in the
vault, read back and re-hashed, fsynced and renamed into place, then made read-only. A crash at
any moment leaves either the complete blob or none (only a stale temporary file, cleaned up
later); a full disk or a failing write leaves nothing at all; re-hashing finds any blob whose
bytes changed afterwards.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import queue
import re
import secrets
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol

from evidence.oserror import os_error_text
from evidence.sniff import SNIFF_BYTES, TypeMismatch, check

MiB = 1024 * 1024
DEFAULT_MAX_BYTES = 100 * MiB
DEFAULT_WARN_BYTES = 10 * MiB
CHUNK = 4 * MiB
_SHA = re.compile(r"^[0-9a-f]{64}$")
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\]")  # C0 and C1 controls, path separators
_FULL = frozenset({errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)})  # disk, quota


class Readable(Protocol):
    """What the vault reads a file from: an open binary file, or any stream that fills a
    buffer (an archive member whose size is checked as it is read). ``typing.BinaryIO`` does
    not promise ``readinto``, which the vault reads with to avoid a copy per chunk."""

    def readinto(self, buffer: bytearray | memoryview, /) -> int | None: ...


class VaultError(Exception):
    """A file was refused or the vault could not be written; the message is for the user."""


@dataclass(frozen=True, slots=True)
class StoredBlob:
    sha256: str
    size: int
    media_type: str
    label: str
    name: str  # the display-safe original file name
    existed: bool  # the same content was already in the vault
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Staged:
    """A file written and hashed in the vault's temporary area, not yet a blob."""

    tmp: Path
    sha256: str
    size: int
    media_type: str
    label: str
    name: str


@dataclass(frozen=True, slots=True)
class VerifyReport:
    checked: int
    missing: tuple[str, ...] = ()
    corrupt: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.missing and not self.corrupt


@dataclass(slots=True)
class _Progress:
    callback: Callable[[int], None] | None = None
    done: int = field(default=0)

    def advance(self, n: int) -> None:
        self.done += n
        if self.callback:
            self.callback(n)


def safe_name(name: str) -> str:
    """A name fit to display and store: undecodable bytes from the file system become \\xNN."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def human_size(size: int) -> str:
    value: float = size
    for unit in ("byte", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{size} {unit}" if unit == "byte" else f"{value:.1f} {unit}".replace(".", ",")
        value /= 1024
    raise AssertionError("unreachable")


def _check_name(name: str) -> str:
    if not name or not name.strip():
        raise VaultError("nama berkas kosong")
    if _BAD_NAME.search(name):
        raise VaultError(
            f"nama berkas {safe_name(name)!r} memuat pemisah folder atau karakter kontrol"
        )
    if name in (".", ".."):
        raise VaultError(f"nama berkas {name!r} tidak sah")
    if len(os.fsencode(name)) > 255:
        raise VaultError("nama berkas terlalu panjang (lebih dari 255 byte)")
    return name


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Vault:
    """Evidence blobs under ``root``; safe for several processes at once."""

    def __init__(self, root: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 warn_bytes: int = DEFAULT_WARN_BYTES):
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.warn_bytes = warn_bytes

    @property
    def _tmp(self) -> Path:
        return self.root / "tmp"

    def path(self, sha: str) -> Path:
        if not _SHA.match(sha):
            raise VaultError(f"bukan hash SHA-256: {sha!r}")
        return self.root / sha[:2] / sha[2:]

    def exists(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def open(self, sha: str) -> BinaryIO:
        try:
            return self.path(sha).open("rb")
        except FileNotFoundError:
            raise VaultError(f"berkas {sha[:12]}… tidak ada di brankas bukti") from None

    # -- adding ------------------------------------------------------------------------------

    def put(self, source: str | os.PathLike | Readable, name: str | None = None, *,
            allowed_root: str | os.PathLike | None = None,
            progress: Callable[[int], None] | None = None) -> StoredBlob:
        """Store a file (a path, or a binary stream with ``name``) and describe it.

        A path that is a symlink must resolve inside ``allowed_root`` (default: the folder the
        link is in). The file is read once, in chunks; nothing is stored if it is refused.
        """
        if isinstance(source, str | os.PathLike):
            path = Path(source)
            name = _check_name(name if name is not None else path.name)
            with self._open_source(path, allowed_root) as stream:
                return self._store(stream, name, _Progress(progress))
        if name is None:
            raise VaultError("nama berkas wajib untuk data yang bukan berkas")
        return self._store(source, _check_name(name), _Progress(progress))

    def check_file(self, source: str | os.PathLike, *,
                   allowed_root: str | os.PathLike | None = None) -> None:
        """Run every refusal ``put`` would, without storing, so a batch can be refused whole."""
        path = Path(source)
        name = _check_name(path.name)
        with self._open_source(path, allowed_root) as stream:
            size = _size_hint(stream) or 0
            if size > self.max_bytes:
                raise VaultError(
                    f"{safe_name(name)}: lebih besar dari batas {human_size(self.max_bytes)}")
            head = bytearray(SNIFF_BYTES)
            n = _read_at_least(stream, memoryview(head), SNIFF_BYTES)
            try:
                check(name, bytes(head[:n]))
            except TypeMismatch as exc:
                raise VaultError(f"{safe_name(name)}: {exc}") from None

    @contextlib.contextmanager
    def _open_source(self, path: Path, allowed_root: str | os.PathLike | None
                     ) -> Iterator[Readable]:
        shown = safe_name(str(path))
        try:
            info = path.lstat()
        except FileNotFoundError:
            raise VaultError(f"{shown}: berkas tidak ditemukan") from None
        except OSError as exc:
            raise VaultError(f"{shown}: tidak bisa dibaca ({os_error_text(exc)})") from None
        target = path
        if stat.S_ISLNK(info.st_mode):
            root = Path(allowed_root) if allowed_root else path.parent
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                raise VaultError(f"{shown}: tautan simbolik rusak") from None
            if not target.is_relative_to(root.resolve()):
                raise VaultError(f"{shown}: tautan simbolik menunjuk ke luar folder yang dipilih")
        try:
            fd = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_NONBLOCK", 0))
        except IsADirectoryError:
            raise VaultError(f"{shown}: ini folder, bukan berkas") from None
        except PermissionError:
            raise VaultError(f"{shown}: tidak ada izin membaca berkas ini") from None
        except OSError as exc:
            raise VaultError(f"{shown}: tidak bisa dibuka ({os_error_text(exc)})") from None
        try:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                raise VaultError(f"{shown}: ini folder, bukan berkas")
            if not stat.S_ISREG(mode):
                raise VaultError(f"{shown}: bukan berkas biasa (perangkat, pipa, atau soket)")
            if hasattr(os, "set_blocking"):
                os.set_blocking(fd, True)
            stream = os.fdopen(fd, "rb", buffering=0)
        except BaseException:
            os.close(fd)
            raise
        with stream:
            yield stream

    def _store(self, stream: Readable, name: str, progress: _Progress) -> StoredBlob:
        return self.commit(self._stage(stream, name, progress))

    def stage(self, stream: Readable, name: str, *,
              progress: Callable[[int], None] | None = None) -> Staged:
        """Write a file into the vault's temporary area, hashed and fsynced but not yet visible.

        For imports that must check every file before keeping any: ``commit`` each staged file
        once all are acceptable, or ``discard`` them all. Refusals are those of ``put``.
        """
        return self._stage(stream, _check_name(name), _Progress(progress))

    def _stage(self, stream: Readable, name: str, progress: _Progress) -> Staged:
        shown = safe_name(name)
        expected = _size_hint(stream)
        writer = _ChunkWriter(expected)
        buf = writer.next_buffer()
        try:
            head = _read_at_least(stream, memoryview(buf), SNIFF_BYTES)
        except OSError as exc:
            raise VaultError(f"{shown}: gagal membaca ({os_error_text(exc)})") from None
        try:
            sniffed = check(name, bytes(memoryview(buf)[:head]))
        except TypeMismatch as exc:
            raise VaultError(f"{shown}: {exc}") from None
        if expected is not None and expected > self.max_bytes:
            raise VaultError(f"{shown}: lebih besar dari batas {human_size(self.max_bytes)}")
        digest = hashlib.sha256()
        tmp: Path | None = None
        out: BinaryIO | None = None
        size = 0
        try:
            tmp, out = self._create_tmp()
            if expected:
                _preallocate(out.fileno(), expected)
            writer.start(out)
            n = head
            while n:
                size += n
                if size > self.max_bytes:
                    raise VaultError(
                        f"{shown}: lebih besar dari batas {human_size(self.max_bytes)}"
                    )
                chunk = memoryview(buf)[:n]
                digest.update(chunk)  # releases the GIL: hashing overlaps the write
                writer.write(chunk)
                progress.advance(n)
                buf = writer.next_buffer()
                n = _read_into(stream, buf)
            writer.finish()
            # The writer read every chunk back as it went (on its thread, overlapping the
            # source's hashing, so the check adds little wall time on a large file): what the file
            # holds must have the source's size and hash, or nothing is kept.
            if os.fstat(out.fileno()).st_size != size:  # preallocated for a file that shrank
                os.ftruncate(out.fileno(), size)
            os.fsync(out.fileno())
            on_disk = os.fstat(out.fileno()).st_size
            out.close()  # a file system may report a failed write only here
            if on_disk != size or writer.hexdigest() != digest.hexdigest():
                raise VaultError(f"{shown}: isi yang tertulis di brankas berbeda dari berkas "
                                 "asalnya (disk bermasalah?); tidak disimpan")
        except BaseException as exc:
            writer.abort()
            if out is not None:
                with contextlib.suppress(OSError):
                    out.close()
            if tmp is not None:
                with contextlib.suppress(OSError):
                    tmp.unlink(missing_ok=True)
            self._tidy()
            if isinstance(exc, OSError):
                raise _write_error(shown, exc) from None
            raise
        return Staged(tmp, digest.hexdigest(), size, sniffed.media_type, sniffed.label, shown)

    def _create_tmp(self) -> tuple[Path, BinaryIO]:
        """A new temporary file, readable too: what was written is read back to be checked."""
        for attempt in range(3):
            tmp = self._tmp / f"{os.getpid()}-{secrets.token_hex(8)}.part"
            try:
                _make_dirs(self._tmp)
                return tmp, open(tmp, "xb+", buffering=0)  # _stage closes it
            except FileNotFoundError:
                # another writer's clean-up removed an empty folder just made: make it again
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def commit(self, staged: Staged) -> StoredBlob:
        """Make a staged file a blob (or drop it when an intact copy is already stored)."""
        tmp, sha, size = staged.tmp, staged.sha256, staged.size
        try:
            final = self.path(sha)
            if tmp.stat().st_size != size:
                raise VaultError(f"{staged.name}: berkas sementara berubah sebelum disimpan; "
                                 "tidak disimpan")
            existed = self._intact(final, sha, size)
            if existed:
                tmp.unlink()
                if final.stat().st_mode & 0o222:
                    final.chmod(0o444)
            else:
                tmp.chmod(0o444)  # read-only before it becomes visible: never a writable blob
                _replace(tmp, final)  # also replaces a damaged copy with the good bytes
                _fsync_dir(final.parent)
        except BaseException as exc:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            self._tidy()
            if isinstance(exc, OSError):
                raise _write_error(staged.name, exc) from None
            raise
        self._keep()
        warnings: tuple[str, ...] = ()
        if size > self.warn_bytes:
            warnings = (f"{staged.name} berukuran {human_size(size)}; formulir unggah web sering "
                        f"menolak berkas di atas {human_size(self.warn_bytes)}",)
        return StoredBlob(sha, size, staged.media_type, staged.label, staged.name, existed,
                          warnings)

    def discard(self, staged: Staged) -> None:
        """Drop a staged file, and the folders made for it once they hold nothing."""
        with contextlib.suppress(OSError):
            staged.tmp.chmod(0o644)
        with contextlib.suppress(FileNotFoundError):
            staged.tmp.unlink()
        self._tidy()

    def _tidy(self) -> None:
        """Remove the folders this process made in (or for) this vault that are still empty.

        A write that keeps nothing must leave nothing: a refused import into a fresh workspace
        leaves no empty ``evidence/tmp``. A folder that was there before, or that holds
        anything (another staged file, a blob), is never removed.
        """
        root = _absolute(self.root)
        with _made_lock:
            mine = [d for d in _made if d == root or d in root.parents or root in d.parents]
            for folder in sorted(mine, key=lambda d: len(d.parts), reverse=True):
                try:
                    os.rmdir(folder)
                except FileNotFoundError:
                    pass
                except OSError:
                    continue  # holds something now: it stays, and stays ours
                _made.discard(folder)

    def _keep(self) -> None:
        """Something was kept: the folders made for it are the vault's own from now on."""
        root = _absolute(self.root)
        with _made_lock:
            _made.difference_update(
                [d for d in _made if d == root or d in root.parents or root in d.parents])

    def _intact(self, path: Path, sha: str, size: int) -> bool:
        """Whether an existing blob really holds these bytes (a same-size damaged copy, such as
        one a short write padded with zeros, must be replaced, not trusted)."""
        try:
            info = path.lstat()
            return (stat.S_ISREG(info.st_mode) and info.st_size == size
                    and self.hash_of(sha) == sha)
        except OSError:
            return False

    # -- checking ----------------------------------------------------------------------------

    def blobs(self) -> Iterator[str]:
        """Every stored blob's hash (temporary files are never listed)."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if len(sub.name) != 2 or not sub.is_dir():
                continue
            for item in sorted(sub.iterdir()):
                sha = sub.name + item.name
                if _SHA.match(sha):
                    yield sha

    def hash_of(self, sha: str) -> str:
        digest = hashlib.sha256()
        buf = bytearray(CHUNK)
        with self.path(sha).open("rb", buffering=0) as f:
            while n := f.readinto(buf):
                digest.update(memoryview(buf)[:n])
        return digest.hexdigest()

    def verify(self, expected: Iterable[str] = ()) -> VerifyReport:
        """Re-hash every blob; name the corrupt ones and the expected ones that are missing."""
        self.clean_stale()
        corrupt, checked = [], 0
        present = set()
        for sha in self.blobs():
            present.add(sha)
            checked += 1
            try:
                if self.hash_of(sha) != sha:
                    corrupt.append(sha)
            except OSError:
                corrupt.append(sha)
        missing = sorted(set(expected) - present)
        return VerifyReport(checked, tuple(missing), tuple(corrupt))

    def unreferenced(self, referenced: Iterable[str]) -> list[str]:
        keep = set(referenced)
        return [sha for sha in self.blobs() if sha not in keep]

    def delete(self, sha: str) -> None:
        path = self.path(sha)
        with contextlib.suppress(FileNotFoundError):
            path.chmod(0o644)
            path.unlink()

    def clean_stale(self) -> int:
        """Remove temporary files left by processes that died mid-write. A housekeeping
        step: on a write-protected vault (still readable and verifiable) they just stay."""
        removed = 0
        if not self._tmp.is_dir():
            return 0
        for item in self._tmp.iterdir():
            pid = item.name.split("-", 1)[0]
            if pid.isdigit() and not _pid_alive(int(pid)):
                try:
                    item.unlink(missing_ok=True)
                except OSError:
                    continue
                removed += 1
        return removed


class _ChunkWriter:
    """Writes chunks on a background thread so that hashing and disk writes overlap.

    Every chunk is written completely (a short write is continued, a write that makes no
    progress fails) and then read back from the file and hashed, so the caller can compare what
    the file really holds with the source's hash; the read-back hash runs on the writer thread,
    in parallel with the source's.

    A small ring of buffers bounds memory (RING x chunk size, plus one read-back buffer); a
    buffer is reused only after the writer has taken it off the queue and written it. Buffers
    are allocated on demand and sized to the file, and a file that fits in one chunk is written
    without a thread: most evidence is a few hundred KiB, and zeroing 24 MiB of buffers per
    file would dominate.
    """

    RING = 6

    def __init__(self, size_hint: int | None) -> None:
        self._chunk = CHUNK if size_hint is None else max(SNIFF_BYTES, min(CHUNK, size_hint + 1))
        self._buffers: list[bytearray] = []
        self._index = 0
        self._queue: queue.Queue[memoryview | None] = queue.Queue(maxsize=self.RING - 2)
        self._out: BinaryIO | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self._writes = 0
        self._offset = 0
        self._readback: bytearray | None = None
        self._check = hashlib.sha256()  # of the bytes read back from the file

    def next_buffer(self) -> bytearray:
        slot = self._index % self.RING
        if slot == len(self._buffers):
            self._buffers.append(bytearray(self._chunk))
        self._index += 1
        return self._buffers[slot]

    def start(self, out: BinaryIO) -> None:
        self._out = out

    def hexdigest(self) -> str:
        """SHA-256 of what the file holds, as read back (valid after ``finish``)."""
        return self._check.hexdigest()

    def _put(self, chunk: memoryview) -> None:
        assert self._out is not None
        done, want = 0, len(chunk)
        while done < want:
            n = self._out.write(chunk[done:])
            if not n:  # 0, or None for a would-block: no progress is a failure, never a pad
                raise OSError(errno.EIO, "penulisan berhenti, 0 byte tertulis")
            done += n
        if self._readback is None or len(self._readback) < want:
            # sized to the first chunk (the whole of most files), else to a full chunk
            self._readback = bytearray(want if self._readback is None else self._chunk)
        view = memoryview(self._readback)[:want]
        fd, got = self._out.fileno(), 0
        while got < want:
            n = _pread_into(fd, view[got:], self._offset + got)
            if not n:
                raise OSError(errno.EIO, "berkas lebih pendek dari yang ditulis")
            got += n
        self._check.update(view)
        self._offset += want

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self._error is None:
                try:
                    self._put(chunk)
                except BaseException as exc:  # reported to the producer
                    self._error = exc

    def write(self, chunk: memoryview) -> None:
        if self._error is not None:
            raise self._error
        self._writes += 1
        if self._writes == 1:  # the first chunk: maybe the only one, so no thread yet
            self._put(chunk)
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="vault-writer", daemon=True)
            self._thread.start()
        self._queue.put(chunk)

    def finish(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None
        if self._error is not None:
            raise self._error

    def abort(self) -> None:
        if self._thread is not None:
            self._error = self._error or VaultError("dibatalkan")
            self._queue.put(None)
            self._thread.join()
            self._thread = None


# Folders this process created for writes that have not kept anything yet (absolute paths):
# a discarded or failed write removes them again once empty. Process-wide, because every
# ``Workspace.vault`` access makes a new ``Vault`` for the same folder.
_made: set[Path] = set()
_made_lock = threading.Lock()


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _make_dirs(path: Path) -> None:
    """``mkdir -p``, remembering each folder this call created (and only those)."""
    missing = []
    folder = _absolute(path)
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        with _made_lock:
            _made.add(folder)


def _replace(tmp: Path, final: Path) -> None:
    for attempt in range(3):
        try:
            _make_dirs(final.parent)
            os.replace(tmp, final)
            return
        except FileNotFoundError:
            # another writer's clean-up removed an empty folder just made: make it again
            if attempt == 2 or not tmp.exists():
                raise


def _pread_into(fd: int, view: memoryview, offset: int) -> int:
    if hasattr(os, "preadv"):
        return os.preadv(fd, [view], offset)
    data = os.pread(fd, len(view), offset)
    view[:len(data)] = data
    return len(data)


def _preallocate(fd: int, size: int) -> None:
    """Reserve the space up front: a disk too full for the file fails before any write."""
    if not hasattr(os, "posix_fallocate"):
        return
    try:
        os.posix_fallocate(fd, 0, size)
    except OSError as exc:
        if exc.errno in _FULL:
            raise
        # not supported by this file system: the writes themselves find a full disk


def _write_error(shown: str, exc: OSError) -> VaultError:
    if exc.errno in _FULL:
        return VaultError(f"{shown}: gagal menyimpan ke brankas: disk penuh; kosongkan sebagian "
                          "ruang disk lalu coba lagi")
    return VaultError(f"{shown}: gagal menyimpan ke brankas ({os_error_text(exc)})")


def _size_hint(stream: Readable) -> int | None:
    fileno = getattr(stream, "fileno", None)  # a stream that is no file has no size to ask
    if fileno is None:
        return None
    try:
        info = os.fstat(fileno())
    except (OSError, ValueError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def _read_into(stream: Readable, buffer: bytearray | memoryview) -> int:
    """``readinto``, where None (a non-blocking stream with nothing ready, which the vault never
    opens) is an error rather than a silent end of file."""
    n = stream.readinto(buffer)
    if n is None:
        raise BlockingIOError(errno.EAGAIN, "aliran data belum siap dibaca")
    return n


def _read_at_least(stream: Readable, view: memoryview, want: int) -> int:
    """Fill the buffer up to ``want`` bytes (fewer only at end of file)."""
    got = 0
    while got < want:
        n = _read_into(stream, view[got:])
        if not n:
            break
        got += n
    return got


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
