"""Fault injection: a damaged or truncated database, a lock held by another program, a
write-protected folder, a full disk, a missing system library.

Every command a user might run meets each fault and must answer with one Indonesian line on
stderr, exit 2 (1 for ``doctor``'s findings), never a traceback, and leave the workspace exactly
as it was. Real faults are used where this machine allows them (a read-only bind mount, a tiny
tmpfs — we run as root in CI) and simulated otherwise, so the suite runs everywhere.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from epss import store as store_module
from epss.cli import main
from epss.core.errors import DatabaseCorrupt, DiskFull, ReadOnlyWorkspace
from epss.services import workspace as workspace_module
from epss.services.workspace import Workspace

# Commands that only read the workspace (they write, at most, a file elsewhere).
READS = [
    ["score"],
    ["score", "--json"],
    ["assessment", "list"],
    ["compare", "--years", "2023", "2024"],
    ["compare", "--self-vs-badan", "--year", "2023"],
    ["evidence", "list"],
    ["evidence", "verify"],
    ["plan", "--target", "baik"],
]
# Commands that change it; {out} is a folder outside the workspace, {file} a small PDF.
WRITES = [
    ["answer", "10101", "--level", "4"],
    ["answer", "10101", "--explanation", "Penjelasan baru"],
    ["assessment", "new", "--year", "2025"],
    ["assessment", "new", "--year", "2026", "--kind", "target"],
    ["evidence", "link", "--indicator", "10101", "https://data.example.go.id/sds"],
    ["evidence", "add", "--indicator", "10101", "{file}"],
    ["evidence", "confidential", "3"],
    ["evidence", "remove", "3"],
    ["evidence", "prune", "--yes"],
    ["setting", "evidence_max_mib", "50"],
]


@pytest.fixture
def demo(demo_workspace) -> Path:
    return demo_workspace


@pytest.fixture
def pdf_file(tmp_path) -> Path:
    path = tmp_path / "bukti.pdf"
    path.write_bytes(b"%PDF-1.4\n% bukti\n" + b"x" * 200 + b"\n%%EOF\n")
    return path


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under ``root`` with its SHA-256 (SQLite's -shm index and an empty -wal
    excluded: opening the database may make them without changing any data)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.name.endswith("-shm") or (path.name.endswith("-wal") and not path.stat().st_size):
            continue
        if path.is_file():
            found[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def run(root: Path, args: list[str], **subst: Path):
    args = [a.format(**{k: str(v) for k, v in subst.items()}) for a in args]
    return CliRunner().invoke(main, ["-w", str(root), *args])


def one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("epss: error: ")
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0], lines[0]


# -- a damaged database ------------------------------------------------------------------------

def damage_page(db: Path) -> None:
    """Overwrite the root page of the answer table: one damaged page that is surely in use."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'answer'").fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db.open("r+b") as fh:
        fh.seek((page - 1) * size)
        fh.write(b"\xa5" * size)


def truncate(db: Path) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    os.truncate(db, db.stat().st_size // 2)


@pytest.fixture(params=["page", "truncated"])
def corrupt(request, demo) -> Path:
    (damage_page if request.param == "page" else truncate)(demo / "epss.db")
    return demo


@pytest.mark.parametrize("args", READS + WRITES, ids=" ".join)
def test_damaged_database_every_command_says_run_doctor(corrupt, args, pdf_file, tmp_path):
    before = tree_digest(corrupt)
    result = run(corrupt, args, file=pdf_file, out=tmp_path)
    one_line_error(result, "database rusak", "epss doctor")
    assert tree_digest(corrupt) == before


def test_damaged_database_doctor_reports_it(corrupt):
    before = tree_digest(corrupt)
    result = run(corrupt, ["doctor"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    problems = result.stderr.strip().splitlines()
    assert problems and all(p.startswith("MASALAH: ") for p in problems)
    assert "database: rusak" in problems[0]
    assert "cadangan" in problems[-1]  # what to do about it
    assert tree_digest(corrupt) == before


def test_damaged_database_refused_by_the_api(corrupt):
    with pytest.raises(DatabaseCorrupt, match="epss doctor"):
        Workspace.open(corrupt)


# -- a lock held by another program ------------------------------------------------------------

@pytest.fixture
def held_lock(demo) -> Iterator[subprocess.Popen]:
    """Another process holding the write lock until we close its stdin."""
    code = textwrap.dedent(f"""
        import sqlite3, sys
        conn = sqlite3.connect({str(demo / "epss.db")!r})
        conn.execute("BEGIN IMMEDIATE")
        print("ready", flush=True)
        sys.stdin.read()
        conn.rollback()
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    yield proc
    proc.stdin.close()
    proc.wait(timeout=10)


@pytest.mark.parametrize("args", WRITES, ids=" ".join)
def test_held_lock_names_the_holder_and_changes_nothing(demo, held_lock, args, pdf_file,
                                                          monkeypatch, snapshot):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 200)  # the real wait is 5 s
    before = snapshot(demo)
    one_line_error(run(demo, args, file=pdf_file), "dikunci", f"PID {held_lock.pid}", "tutup")
    after = snapshot(demo)
    if args[:2] == ["evidence", "add"]:
        # The file is stored in the vault before the lock is met; nothing refers to it (and
        # `evidence prune` removes it). Everything else is as it was.
        after["files"] = {name: v for name, v in after["files"].items() if name in before["files"]}
    assert after == before


def test_lock_wait_is_bounded_to_about_five_seconds():
    assert store_module.BUSY_TIMEOUT_MS <= 5_000


def test_reads_go_on_while_another_program_writes(demo, held_lock):
    result = run(demo, ["score"])
    assert result.exit_code == 0 and "IPS 2,52" in result.output


# -- a write-protected workspace ---------------------------------------------------------------

@pytest.fixture(params=["mount", "simulated"])
def read_only(request, demo, monkeypatch, tmp_path) -> Iterator[Path]:
    """The demo behind a read-only bind mount (root in CI may mount) or, where mounting is not
    permitted, with the permission check answering as it would on such a folder."""
    if request.param == "simulated":
        monkeypatch.setattr(workspace_module, "read_only_reason",
                            lambda root: f"folder {root} tidak bisa ditulis")
        yield demo
        return
    target = tmp_path / "ro"
    target.mkdir()
    ok = subprocess.run(["mount", "--bind", str(demo), str(target)],
                        capture_output=True).returncode == 0
    if ok and subprocess.run(["mount", "-o", "remount,ro,bind", str(target)],
                             capture_output=True).returncode != 0:
        subprocess.run(["umount", str(target)], capture_output=True)
        ok = False
    if not ok:
        pytest.skip("bind mounts are not permitted here")
    try:
        yield target
    finally:
        unmount(target)


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_read_only_workspace_reads(read_only, args):
    before = tree_digest(read_only)
    result = run(read_only, args)
    assert result.exit_code in (0, 1), result.output  # plan/verify may find things: exit 1
    assert "Traceback" not in result.output and "mode baca saja" not in result.output
    assert tree_digest(read_only) == before


def test_read_only_workspace_exports_elsewhere(read_only, tmp_path):
    before = tree_digest(read_only)
    out = tmp_path / "keluar"
    out.mkdir()
    for args in (["export", "bundle", "--year", "2024", "-o", str(out / "b.zip")],
                 ["export", "xlsx", "--year", "2024", "-o", str(out / "lke.xlsx")],
                 ["report", "-t", "summary", "--year", "2024", "-o", str(out / "r.pdf")],
                 ["doctor"]):
        result = run(read_only, args)
        assert result.exit_code == 0, (args, result.output)
    assert {p.name for p in out.iterdir()} == {"b.zip", "lke.xlsx", "r.pdf"}
    assert tree_digest(read_only) == before


@pytest.mark.parametrize("args", WRITES, ids=" ".join)
def test_read_only_workspace_refuses_writes(read_only, args, pdf_file):
    before = tree_digest(read_only)
    result = run(read_only, args, file=pdf_file)
    one_line_error(result, "mode baca saja")
    assert tree_digest(read_only) == before


def test_read_only_workspace_says_so(read_only):
    with Workspace.open(read_only) as ws:
        assert ws.read_only and "tidak bisa ditulis" in ws.read_only_reason
        with pytest.raises(ReadOnlyWorkspace):
            ws.set_answer(ws.assessment(2024).id, "10101", level=5)


# -- a full disk -------------------------------------------------------------------------------

def test_database_full_is_reported_as_such(demo, monkeypatch, refused):
    """SQLite's SQLITE_FULL (and an I/O error on an almost full disk) becomes "disk penuh"."""
    def full(self, *_args):
        exc = sqlite3.OperationalError("database or disk is full")
        exc.sqlite_errorcode = 13
        exc.sqlite_errorname = "SQLITE_FULL"
        with store_module._translating(self.conn):  # as if the INSERT had failed
            raise exc

    monkeypatch.setattr(store_module.Store, "append_event", full)
    refused(demo, ["answer", "10101", "--level", "4"], "disk penuh")


def test_translate_knows_the_file_errors(tmp_path):
    def error(code: int) -> sqlite3.Error:
        exc = sqlite3.OperationalError("x")
        exc.sqlite_errorcode, exc.sqlite_errorname = code, f"CODE_{code}"
        return exc

    db = tmp_path / "epss.db"
    assert isinstance(store_module.translate(error(11), db), DatabaseCorrupt)
    assert isinstance(store_module.translate(error(26), db), DatabaseCorrupt)
    assert isinstance(store_module.translate(error(522), db), DatabaseCorrupt)  # short read
    assert isinstance(store_module.translate(error(13), db), DiskFull)
    assert isinstance(store_module.translate(error(8), db), ReadOnlyWorkspace)
    assert store_module.translate(error(19), db) is None  # a constraint: a bug, not the file


@pytest.fixture
def tiny_disk(tmp_path, demo_template) -> Iterator[Path]:
    mount = tmp_path / "usb"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("tmpfs mounts are not permitted here")
    try:
        root = mount / "ws"
        shutil.copytree(demo_template, root)
        yield root
    finally:
        unmount(mount)


def unmount(target: Path) -> None:
    """Unmount, lazily when something (a failed test's open file) still holds it: a mount left
    behind would break pytest's clean-up of its temporary folders."""
    if subprocess.run(["umount", str(target)], capture_output=True).returncode:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


def fill(folder: Path) -> Path:
    """Take every free byte of the disk ``folder`` is on."""
    ballast = folder.parent / "ballast"
    with ballast.open("wb", buffering=0) as fh:
        for size in (65536, 4096, 512, 1):
            try:
                while fh.write(b"\0" * size):
                    pass
            except OSError:
                continue
    return ballast


@pytest.mark.parametrize("args", WRITES, ids=" ".join)
def test_full_disk_every_write_fails_cleanly(tiny_disk, args, pdf_file, snapshot):
    database = snapshot(tiny_disk)
    ballast = fill(tiny_disk)
    before = tree_digest(tiny_disk)
    result = run(tiny_disk, args, file=pdf_file)
    if result.exit_code == 0:  # an action that needs no new space (a removal) may succeed
        ballast.unlink()
        assert run(tiny_disk, ["doctor"]).exit_code == 0
        return
    one_line_error(result, "disk penuh")
    assert tree_digest(tiny_disk) == before
    ballast.unlink()
    assert snapshot(tiny_disk) == database
    assert run(tiny_disk, ["doctor"]).exit_code == 0


# -- output files and system libraries ---------------------------------------------------------

@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_outputs_follow_the_umask(demo, tmp_path, umask):
    old = os.umask(umask)
    try:
        for args, name in ((["export", "bundle", "--year", "2024"], "b.zip"),
                           (["export", "xlsx", "--year", "2024"], "w.xlsx")):
            result = run(demo, [*args, "-o", str(tmp_path / name)])
            assert result.exit_code == 0, result.output
            assert (tmp_path / name).stat().st_mode & 0o777 == 0o666 & ~umask
    finally:
        os.umask(old)


def test_missing_pango_names_the_package(demo, tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_pango(name, *args, **kwargs):
        if name == "weasyprint" or name.startswith("weasyprint."):
            raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open "
                          "shared object file: No such file or directory")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(builtins, "__import__", no_pango)
    target = tmp_path / "r.pdf"
    result = run(demo, ["report", "-t", "summary", "-o", str(target)])
    one_line_error(result, "libpango-1.0-0", "apt-get install")
    assert not target.exists()


# -- a defect of ours ------------------------------------------------------------------------

def test_an_unexpected_error_is_one_line_with_the_details_saved(demo, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.delenv("EPSS_DEBUG", raising=False)

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(Workspace, "scorecard", broken)
    result = run(demo, ["score"])
    one_line_error(result, "kesalahan tak terduga", "ZeroDivisionError", "laporkan")
    logs = list((tmp_path / "state").rglob("galat-*.txt"))
    assert len(logs) == 1 and "ZeroDivisionError: a bug" in logs[0].read_text()


def test_an_unforeseen_os_error_is_said_in_indonesian(demo, monkeypatch):
    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", "/media/usb/x")

    monkeypatch.setattr(Workspace, "scorecard", denied)
    result = run(demo, ["score"])
    one_line_error(result, "tidak ada izin", "/media/usb/x")
    assert "Permission denied" not in result.stderr


def test_verify_on_a_read_only_workspace_with_stale_temporary_files(read_only, demo):
    """A crashed writer's leftover cannot be removed from a write-protected vault; verify and
    doctor still answer (the leftover is made through the writable source of the mount)."""
    if read_only == demo:
        pytest.skip("needs the read-only mount")
    stale = demo / "evidence" / "tmp" / "999999999-0123456789abcdef.part"
    stale.parent.mkdir(exist_ok=True)
    stale.write_bytes(b"half a file")
    for args in (["doctor"], ["evidence", "verify"]):
        result = run(read_only, args)
        assert result.exit_code == 0, (args, result.output)
    assert stale.exists()
