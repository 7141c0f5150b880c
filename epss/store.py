"""The only module that speaks SQL: schema, migrations and queries of a workspace database.

Every write runs in a short ``BEGIN IMMEDIATE`` transaction so that two processes (the TUI and a
script, say) never interleave half-changes, and every change appends to a hash-chained event log
in the same transaction, so the audit trail can never disagree with the data.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from epss.core.errors import (
    CORRUPT_HINT,
    DatabaseCorrupt,
    DatabaseLocked,
    DiskFull,
    ReadOnlyWorkspace,
    StoreError,
)
from epss.core.model import Agency, Answer, Assessment, Attachment, Comment, Event, Kegiatan

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

GENESIS = "0" * 64
# How long a write waits for another program's lock before saying who holds it: long enough
# for any write of ours (milliseconds), short enough that a user is not left staring.
BUSY_TIMEOUT_MS = 5_000
MIGRATION_SET = "epss"


def _m0001_initial(db: Database) -> None:
    # AUTOINCREMENT: ids named in the audit log must never be reused after a delete.
    statements = [
        """CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
        """CREATE TABLE agency (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN
                ('provinsi','kabupaten','kota','kementerian','lembaga')),
            code TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (kind, code)
        )""",
        """CREATE TABLE assessment (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            agency_id INTEGER NOT NULL REFERENCES agency(id) ON DELETE CASCADE,
            year INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('mandiri','badan','target')),
            edition TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'draft'
                CHECK (status IN ('draft','submitted','final')),
            title TEXT NOT NULL DEFAULT '',
            source_year INTEGER,
            manifest_hash TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (agency_id, year, kind)
        )""",
        """CREATE TABLE answer (
            id INTEGER PRIMARY KEY,
            assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
            indicator TEXT NOT NULL,
            level INTEGER CHECK (level BETWEEN 1 AND 5),
            explanation TEXT NOT NULL DEFAULT '',
            carried_over INTEGER NOT NULL DEFAULT 0,
            updated_by TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (assessment_id, indicator)
        )""",
        """CREATE TABLE attachment (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
            indicator TEXT NOT NULL,
            blob_sha TEXT,
            url TEXT,
            title TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            media_type TEXT,
            size INTEGER,
            original_name TEXT,
            confidential INTEGER NOT NULL DEFAULT 0,
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            CHECK ((blob_sha IS NULL) <> (url IS NULL))
        )""",
        "CREATE INDEX attachment_by_answer ON attachment (assessment_id, indicator)",
        "CREATE INDEX attachment_by_blob ON attachment (blob_sha)",
        """CREATE TABLE comment (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
            indicator TEXT NOT NULL,
            author TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL,
            resolved INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX comment_by_answer ON comment (assessment_id, indicator)",
        """CREATE TABLE event (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            data TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL UNIQUE
        )""",
        """CREATE TRIGGER event_no_update BEFORE UPDATE ON event
           BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""",
        """CREATE TRIGGER event_no_delete BEFORE DELETE ON event
           BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END""",
    ]
    for sql in statements:
        db.execute(sql)


def _m0002_reported_index(db: Database) -> None:
    # What a BPS result letter states when it gives only domain indices and/or the IPS: kept
    # apart from `answer` so that no indicator level is ever invented to reproduce them. The
    # value is the decimal text as given (dot form), never a float.
    db.execute("""CREATE TABLE reported_index (
        assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
        node TEXT NOT NULL CHECK (node = 'ips' OR node GLOB '[1-9]'),
        value TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (assessment_id, node)
    )""")


def _m0003_criteria_wording(db: Database) -> None:
    # The official worksheet's wording of indicator names and level criteria, shown instead of
    # the packaged catalog's own words. Wording only: codes and weights stay the catalog's.
    db.execute("""CREATE TABLE criteria_wording (
        indicator TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        levels TEXT NOT NULL,
        source TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        imported_at TEXT NOT NULL
    )""")


def _m0004_award(db: Database) -> None:
    # A committee's award: the rubric as used (its TOML text, so that a later edit of the
    # packaged file never changes a running award silently), the entrants (an agency and the
    # assessment its bundle brought, with the bundle's manifest hash) and the values the
    # committee entered. ``juror`` is '' for an `input` value and the juror's name for a `jury`
    # score; values are decimal text as typed (dot form), never floats.
    db.execute("""CREATE TABLE award (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        rubric_id TEXT NOT NULL,
        year INTEGER NOT NULL,
        rubric TEXT NOT NULL,
        rubric_sha256 TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (rubric_id, year)
    )""")
    db.execute("""CREATE TABLE award_entrant (
        award_id INTEGER NOT NULL REFERENCES award(id) ON DELETE CASCADE,
        agency_id INTEGER NOT NULL REFERENCES agency(id),
        assessment_id INTEGER NOT NULL REFERENCES assessment(id),
        bundle_hash TEXT NOT NULL,
        bundle_name TEXT NOT NULL,
        entered_by TEXT NOT NULL,
        entered_at TEXT NOT NULL,
        PRIMARY KEY (award_id, agency_id)
    )""")
    db.execute("""CREATE TABLE award_value (
        award_id INTEGER NOT NULL,
        agency_id INTEGER NOT NULL,
        criterion TEXT NOT NULL,
        juror TEXT NOT NULL DEFAULT '',
        value TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (award_id, agency_id, criterion, juror),
        FOREIGN KEY (award_id, agency_id) REFERENCES award_entrant (award_id, agency_id)
            ON DELETE CASCADE
    )""")


def _m0005_daftar_data(db: Database) -> None:
    # The agency's daftar data (one list per workspace, replaced whole by each import and
    # diffed by ID), the portal listing it was checked against, and the matches between them
    # (``state``: auto | uncertain | confirmed | rejected; a user's decision survives a
    # re-import as long as both sides still exist).
    db.execute("""CREATE TABLE dd_item (
        item_id TEXT PRIMARY KEY,
        position INTEGER NOT NULL,
        kode_indikator TEXT NOT NULL, nama_indikator TEXT NOT NULL, nama_data TEXT NOT NULL,
        jenis TEXT NOT NULL, produsen TEXT NOT NULL, klasifikasi TEXT NOT NULL,
        satuan TEXT NOT NULL, jadwal TEXT NOT NULL, kode_metadata TEXT NOT NULL,
        link_daerah TEXT NOT NULL, link_sdi TEXT NOT NULL, sektor TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE dd_dataset (
        dataset_id TEXT PRIMARY KEY,
        title TEXT NOT NULL, kode_metadata TEXT NOT NULL, organisasi TEXT NOT NULL,
        modified TEXT, url TEXT NOT NULL, ref TEXT NOT NULL
    )""")
    db.execute("""CREATE TABLE dd_match (
        item_id TEXT PRIMARY KEY,
        dataset_id TEXT NOT NULL,
        method TEXT NOT NULL,
        score INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('auto','uncertain','confirmed','rejected'))
    )""")
    # The daftar data recap an entrant's bundle carried (canonical JSON), kept with the
    # assessment it came with: a committee's `daftar_data` criterion is computed from it.
    db.execute("""CREATE TABLE dd_recap (
        assessment_id INTEGER PRIMARY KEY REFERENCES assessment(id) ON DELETE CASCADE,
        recap TEXT NOT NULL
    )""")


def _m0006_kegiatan(db: Database) -> None:
    # The sampled kegiatan statistik of an assessment and their OPD, and what an assessor asks
    # of each attachment: its kind of document, year, signature, whether it is in the package
    # the assessor reads, and which sampled kegiatan it proves (NULL: umum/walidata).
    db.execute("""CREATE TABLE kegiatan (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
        opd TEXT NOT NULL,
        name TEXT NOT NULL,
        code TEXT NOT NULL DEFAULT '',
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (assessment_id, opd, name)
    )""")
    for column in ("doc_kind TEXT", "doc_year INTEGER", "signed INTEGER NOT NULL DEFAULT 0",
                   "for_tpb INTEGER NOT NULL DEFAULT 1",
                   "kegiatan_id INTEGER REFERENCES kegiatan(id) ON DELETE SET NULL"):
        db.execute(f"ALTER TABLE attachment ADD COLUMN {column}")


def _m0007_rounds(db: Database) -> None:
    # Assessor rounds of a BPS (badan) assessment (issue 18): the TPB's level and note per
    # indicator in each round (dokumen, interviu, pleno, harmonisasi, final), and each round's
    # deadline (the repair window). The badan assessment's own answers hold, per indicator, the
    # level of the latest round recorded (see epss/services/rounds.py).
    db.execute("""CREATE TABLE round_level (
        assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
        round TEXT NOT NULL,
        indicator TEXT NOT NULL,
        level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
        note TEXT NOT NULL DEFAULT '',
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (assessment_id, round, indicator)
    )""")
    db.execute("""CREATE TABLE round_deadline (
        assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
        round TEXT NOT NULL,
        deadline TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (assessment_id, round)
    )""")
    # A BPS result letter may give aspect indices too: reported_index also takes an aspect's
    # three-digit code as its node (SQLite cannot change a CHECK: the table is rebuilt).
    db.execute("""CREATE TABLE reported_index_new (
        assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
        node TEXT NOT NULL CHECK (node = 'ips' OR node GLOB '[1-9]'
                                  OR node GLOB '[1-9][0-9][0-9]'),
        value TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (assessment_id, node)
    )""")
    db.execute("INSERT INTO reported_index_new SELECT assessment_id, node, value, updated_by,"
               " updated_at FROM reported_index")
    db.execute("DROP TABLE reported_index")
    db.execute("ALTER TABLE reported_index_new RENAME TO reported_index")


def _m0008_assignments(db: Database) -> None:
    # OPD coordination (issue 18): who (OPD, PIC) answers an indicator, or a sampled kegiatan's
    # share of it, and by when; and the levels and explanations an OPD's request sheet proposed
    # (one open proposal per indicator, accepted or rejected by the walidata, never applied
    # silently).
    db.execute("""CREATE TABLE assignment (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
        indicator TEXT NOT NULL,
        kegiatan_id INTEGER REFERENCES kegiatan(id) ON DELETE CASCADE,
        opd TEXT NOT NULL,
        pic TEXT NOT NULL DEFAULT '',
        due TEXT,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""")
    db.execute("""CREATE UNIQUE INDEX assignment_key
        ON assignment (assessment_id, indicator, IFNULL(kegiatan_id, 0))""")
    db.execute("""CREATE TABLE proposal (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        assessment_id INTEGER NOT NULL REFERENCES assessment(id) ON DELETE CASCADE,
        indicator TEXT NOT NULL,
        level INTEGER,
        explanation TEXT NOT NULL,
        source TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (assessment_id, indicator)
    )""")


def _m0009_award_categories_sdi(db: Database) -> None:
    # Issue 20, committee part. An award's categories (kabupaten/kota, OPD provinsi, RSUD), in
    # the order the report prints them, and the category each entrant competes in (NULL: none
    # yet, or an award without categories). The Indeks SDI's domain values recorded beside
    # its total (the total itself is an award_value row with juror ''), decimal text as typed.
    db.execute("""CREATE TABLE award_category (
        award_id INTEGER NOT NULL REFERENCES award(id) ON DELETE CASCADE,
        category TEXT NOT NULL,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (award_id, category)
    )""")
    db.execute("ALTER TABLE award_entrant ADD COLUMN category TEXT")
    db.execute("""CREATE TABLE award_sdi_domain (
        award_id INTEGER NOT NULL,
        agency_id INTEGER NOT NULL,
        criterion TEXT NOT NULL,
        domain TEXT NOT NULL,
        value TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (award_id, agency_id, criterion, domain),
        FOREIGN KEY (award_id, agency_id) REFERENCES award_entrant (award_id, agency_id)
            ON DELETE CASCADE
    )""")


# Schema migrations in order; names are recorded by sqlite-utils and must never change.
MIGRATIONS = (
    ("0001_initial", _m0001_initial),
    ("0002_reported_index", _m0002_reported_index),
    ("0003_criteria_wording", _m0003_criteria_wording),
    ("0004_award", _m0004_award),
    ("0005_daftar_data", _m0005_daftar_data),
    ("0006_kegiatan", _m0006_kegiatan),
    ("0007_rounds", _m0007_rounds),
    ("0008_assignments", _m0008_assignments),
    ("0009_award_categories_sdi", _m0009_award_categories_sdi),
)


def _migrations() -> Migrations:
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for name, fn in MIGRATIONS:
        migrations(name=name)(fn)
    return migrations


# SQLite's primary result codes that describe the file or its surroundings rather than a bug.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB, _PERM = (
    5, 6, 8, 10, 11, 13, 14, 26, 3)
_IOERR_SHORT_READ = 522  # a truncated file reads short: damage, not a failing disk


def translate(exc: sqlite3.Error, path: Path | str) -> StoreError | None:
    """The user's view of what SQLite reported about the file, or None for anything else
    (a constraint or a programming error stays what it is)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    if primary in (_CORRUPT, _NOTADB) or code == _IOERR_SHORT_READ:
        return DatabaseCorrupt(f"{CORRUPT_HINT} ({path})")
    if primary in (_BUSY, _LOCKED):
        return DatabaseLocked(locked_message(Path(path)))
    if primary == _FULL or (primary == _IOERR and _disk_nearly_full(Path(path).parent)):
        return DiskFull(f"disk penuh: tidak ada ruang untuk menulis {path}; kosongkan ruang "
                        "disk lalu coba lagi (tidak ada yang berubah)")
    if primary == _READONLY:
        return ReadOnlyWorkspace(f"{path} hanya bisa dibaca; perubahan tidak disimpan")
    if primary in (_CANTOPEN, _PERM):
        return StoreError(f"database {path} tidak bisa dibuka (izin atau folder tidak ada)")
    if primary == _IOERR:
        return StoreError(f"gagal membaca atau menulis {path} (kesalahan disk: "
                          f"{exc.sqlite_errorname}); periksa disk lalu jalankan `epss doctor`")
    return None


def _disk_nearly_full(folder: Path) -> bool:
    """A full disk often reaches SQLite as a plain I/O error (it could not grow its shared
    memory or journal file); less than a megabyte free says which it was."""
    try:
        info = os.statvfs(folder)
    except OSError:
        return False
    return info.f_bavail * info.f_frsize < 1024 * 1024


def lock_holders(path: Path) -> list[str]:
    """The other processes that have the database (or its journal) open, as readable lines.

    Read from /proc, so it needs no cooperation from the holder and writes nothing; on systems
    without /proc, or for other users' processes we may not inspect, the list is just shorter.
    """
    names = {str(path.resolve()) + suffix for suffix in ("", "-wal", "-shm", "-journal")}
    holders: list[str] = []
    proc = Path("/proc")
    if not proc.is_dir():
        return holders
    me = os.getpid()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            fds = list((entry / "fd").iterdir())
            if not any(os.readlink(fd) in names for fd in fds):
                continue
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            words = " ".join(a.decode("utf-8", "replace") for a in argv if a).split()
            command = " ".join(words)[:80]
        except OSError:
            continue
        holders.append(f"PID {entry.name} ({command or '?'})")
        if len(holders) == 5:
            break
    return holders


def locked_message(path: Path) -> str:
    holders = lock_holders(path)
    who = ("; dipegang oleh " + ", ".join(holders)) if holders else ""
    return (f"workspace sedang dikunci program lain{who}; tutup epss lain (atau program lain) "
            f"yang membuka {path.parent} lalu coba lagi")


def _code_name(exc: sqlite3.Error) -> str:
    """SQLite's code name (SQLITE_CORRUPT…): a fact to search for, unlike its English text."""
    return getattr(exc, "sqlite_errorname", None) or type(exc).__name__


def _read_only_uri(path: Path) -> str:
    """A URI that reads the database without writing anything beside it.

    ``immutable`` takes no lock and makes no -shm/-wal file, which a write-protected folder could
    not hold; it is only right when no write-ahead log holds changes it would then ignore.
    """
    wal = path.with_name(path.name + "-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    return path.resolve().as_uri() + ("?mode=ro" if pending else "?immutable=1")


@contextlib.contextmanager
def _translating(conn: Any) -> Iterator[None]:  # a _Connection (typed Connection by cursors)
    try:
        yield
    except sqlite3.Error as exc:
        err = translate(exc, conn.db_path)
        if err is None:
            raise
        raise err from exc


class _Cursor(sqlite3.Cursor):
    """A cursor whose file-level errors arrive as StoreError subclasses (see ``translate``)."""

    def execute(self, *args: Any) -> _Cursor:
        with _translating(self.connection):
            return super().execute(*args)

    def executemany(self, *args: Any) -> _Cursor:
        with _translating(self.connection):
            return super().executemany(*args)

    def executescript(self, *args: Any) -> sqlite3.Cursor:
        with _translating(self.connection):
            return super().executescript(*args)

    def fetchone(self) -> Any:
        with _translating(self.connection):
            return super().fetchone()

    def fetchall(self) -> list[Any]:
        with _translating(self.connection):
            return super().fetchall()

    def __next__(self) -> Any:
        with _translating(self.connection):
            return super().__next__()


class _Connection(sqlite3.Connection):
    """Hands out ``_Cursor``s (``execute`` goes through ``cursor()``), and knows its file."""

    db_path: Path  # set by Store.open right after connecting

    def cursor(self, factory: Any = _Cursor) -> Any:
        return super().cursor(factory)

    # Connection.execute would run the statement in C on a plain cursor, bypassing ours.
    def execute(self, *args: Any) -> Any:
        return self.cursor().execute(*args)

    def executemany(self, *args: Any) -> Any:
        return self.cursor().executemany(*args)

    def commit(self) -> None:
        with _translating(self):
            super().commit()


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _row_id(cur: sqlite3.Cursor) -> int:
    """The id an INSERT just gave its row (sqlite3 types it optional: None before any)."""
    assert cur.lastrowid is not None, "not the cursor of an INSERT"
    return cur.lastrowid


def _canonical(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_hash(prev_hash: str, at: str, actor: str, action: str, entity: str, entity_id: str,
               data: str) -> str:
    body = _canonical([prev_hash, at, actor, action, entity, entity_id, data])
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


class Store:
    """One open workspace database. Not thread-safe: one Store per thread or process."""

    def __init__(self, conn: sqlite3.Connection, *, read_only: str = ""):
        self.conn = conn
        self.read_only = read_only  # why this workspace cannot be written; empty: it can
        self._depth = 0

    def _applied_migrations(self) -> set[str]:
        try:
            rows = self.conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?", (MIGRATION_SET,))
        except sqlite3.OperationalError:  # a new database: no bookkeeping table yet
            return set()
        return {r[0] for r in rows}

    def migrate(self) -> None:
        """Apply pending migrations; sqlite-utils is imported only when there are some, which
        keeps opening an up-to-date workspace fast."""
        if {name for name, _ in MIGRATIONS} <= self._applied_migrations():
            return
        if self.read_only:
            raise ReadOnlyWorkspace(
                "workspace ini dibuat oleh versi epss yang lebih lama dan perlu diperbarui, "
                f"tetapi {self.read_only}; buka sekali dari folder yang bisa ditulis")
        from sqlite_utils import Database

        with self.transaction():
            _migrations().apply(Database(self.conn, execute_plugins=False))

    @classmethod
    def open(cls, path: Path, *, create: bool = False, read_only: str = "",
             check: bool = True) -> Store:
        """Open (or create) the database at ``path``.

        ``read_only`` is the reason the workspace cannot be written (empty: writable); such a
        database is opened without taking locks or making journal files, which a
        write-protected folder could not hold. ``check`` runs SQLite's quick check first so
        that a damaged file is reported as damaged before anything reads wrong data from it
        (``epss doctor`` opens without it, to describe the damage itself).
        """
        path = Path(path)
        if not create and not path.exists():
            raise StoreError(f"database tidak ditemukan: {path}")
        target: str | Path = _read_only_uri(path) if read_only else path
        conn = None
        try:
            conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, uri=bool(read_only),
                                   factory=_Connection)
            conn.db_path = path
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            if not read_only:
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(conn, read_only=read_only)
            if check and not create and store.quick_check():
                raise DatabaseCorrupt(f"{CORRUPT_HINT} ({path})")
            store.migrate()
        except StoreError:
            if conn is not None:
                conn.close()
            raise
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise (translate(exc, path)
                   or StoreError(f"database {path} tidak bisa dibuka "
                                 f"({_code_name(exc)})")) from exc
        return store

    @staticmethod
    def damage_report(path: Path, limit: int = 5) -> list[str]:
        """What SQLite's integrity check finds wrong with a database file (empty: nothing),
        read-only so that a damaged file is never touched, at most ``limit`` lines."""
        try:
            conn = sqlite3.connect(_read_only_uri(Path(path)), uri=True,
                                   timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            return [f"tidak bisa dibuka sama sekali ({_code_name(exc)})"]
        try:
            lines = [r[0] for r in conn.execute(f"PRAGMA integrity_check({int(limit)})")]
        except sqlite3.Error as exc:
            return [f"bukan database yang bisa dibaca ({_code_name(exc)})"]
        finally:
            conn.close()
        # One finding may span lines, under a "*** in database main ***" heading.
        return [part.strip() for line in lines if line != "ok"
                for part in line.splitlines() if part.strip() and not part.startswith("***")]

    def quick_check(self) -> list[str]:
        """SQLite's quick check (every page and record readable, no index cross-check): cheap
        enough to run on every open of a workspace-sized file."""
        try:
            rows = self._q("PRAGMA quick_check")
        except DatabaseCorrupt as exc:
            return [str(exc)]
        return [r[0] for r in rows if r[0] != "ok"]

    def close(self) -> None:
        self.conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """A write transaction that takes the write lock up front (no upgrade deadlocks)."""
        if self._depth:
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
            return
        if self.read_only:
            raise ReadOnlyWorkspace(f"mode baca saja: {self.read_only}; tidak ada yang diubah")
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self
        except BaseException:
            self._depth = 0
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    def _q(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        return self.conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: tuple | dict = ()) -> sqlite3.Row | None:
        return self.conn.execute(sql, params).fetchone()

    # -- audit log ---------------------------------------------------------------------------

    def append_event(self, actor: str, action: str, entity: str, entity_id: object,
                     data: dict[str, Any]) -> None:
        """Append one event chained to the previous one; call inside ``transaction()``."""
        assert self._depth, "append_event must run inside a transaction"
        last = self._one("SELECT hash FROM event ORDER BY id DESC LIMIT 1")
        prev = last["hash"] if last else GENESIS
        at = now()
        payload = _canonical(data)
        digest = event_hash(prev, at, actor, action, entity, str(entity_id), payload)
        self.conn.execute(
            "INSERT INTO event (at, actor, action, entity, entity_id, data, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (at, actor, action, entity, str(entity_id), payload, prev, digest),
        )

    def events(self, entity: str | None = None, entity_id: object | None = None) -> list[Event]:
        sql, params = "SELECT * FROM event", []
        if entity is not None:
            sql += " WHERE entity = ?"
            params.append(entity)
            if entity_id is not None:
                sql += " AND entity_id = ?"
                params.append(str(entity_id))
        rows = self._q(sql + " ORDER BY id", tuple(params))
        return [Event(**dict(r)) for r in rows]

    def verify_chain(self) -> list[str]:
        """Every broken link or altered event of the audit log, as readable problems."""
        problems: list[str] = []
        prev = GENESIS
        for row in self.conn.execute("SELECT * FROM event ORDER BY id"):
            if row["prev_hash"] != prev:
                problems.append(f"event {row['id']}: chain broken (previous hash differs)")
            expected = event_hash(row["prev_hash"], row["at"], row["actor"], row["action"],
                                  row["entity"], row["entity_id"], row["data"])
            if expected != row["hash"]:
                problems.append(f"event {row['id']}: content altered (hash differs)")
            prev = row["hash"]
        return problems

    def integrity_check(self) -> list[str]:
        rows = self._q("PRAGMA integrity_check")
        problems = [r[0] for r in rows if r[0] != "ok"]
        problems += [f"foreign key: {tuple(r)}" for r in self._q("PRAGMA foreign_key_check")]
        return problems

    # -- settings ----------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self._one("SELECT value FROM setting WHERE key = ?", (key,))
        return json.loads(row["value"]) if row else default

    def set_setting(self, key: str, value: Any) -> None:
        self.conn.execute(
            "INSERT INTO setting (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )

    # -- agency ------------------------------------------------------------------------------

    def insert_agency(self, name: str, kind: str, code: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO agency (name, kind, code, created_at) VALUES (?, ?, ?, ?)",
            (name, kind, code, now()),
        )
        return _row_id(cur)

    def get_agency(self, agency_id: int) -> Agency | None:
        row = self._one("SELECT id, name, kind, code FROM agency WHERE id = ?", (agency_id,))
        return Agency(**dict(row)) if row else None

    def find_agency(self, kind: str, code: str) -> Agency | None:
        row = self._one("SELECT id, name, kind, code FROM agency WHERE kind = ? AND code = ?",
                        (kind, code))
        return Agency(**dict(row)) if row else None

    def list_agencies(self) -> list[Agency]:
        rows = self._q("SELECT id, name, kind, code FROM agency ORDER BY name")
        return [Agency(**dict(r)) for r in rows]

    # -- assessment --------------------------------------------------------------------------

    _ASSESSMENT_COLS = ("id, agency_id, year, kind, edition, status, title, source_year,"
                        " manifest_hash, created_at, updated_at")

    def insert_assessment(self, agency_id: int, year: int, kind: str, edition: str,
                          title: str, source_year: int | None) -> int:
        stamp = now()
        cur = self.conn.execute(
            "INSERT INTO assessment (agency_id, year, kind, edition, title, source_year,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (agency_id, year, kind, edition, title, source_year, stamp, stamp),
        )
        return _row_id(cur)

    def get_assessment(self, assessment_id: int) -> Assessment | None:
        row = self._one(f"SELECT {self._ASSESSMENT_COLS} FROM assessment WHERE id = ?",
                        (assessment_id,))
        return Assessment(**dict(row)) if row else None

    def find_assessment(self, agency_id: int, year: int, kind: str) -> Assessment | None:
        row = self._one(
            f"SELECT {self._ASSESSMENT_COLS} FROM assessment"
            " WHERE agency_id = ? AND year = ? AND kind = ?",
            (agency_id, year, kind),
        )
        return Assessment(**dict(row)) if row else None

    def list_assessments(self, agency_id: int) -> list[Assessment]:
        rows = self._q(
            f"SELECT {self._ASSESSMENT_COLS} FROM assessment WHERE agency_id = ?"
            " ORDER BY year DESC, CASE kind WHEN 'mandiri' THEN 0 WHEN 'badan' THEN 1 ELSE 2 END",
            (agency_id,),
        )
        return [Assessment(**dict(r)) for r in rows]

    def update_assessment(self, assessment_id: int, **fields: Any) -> None:
        allowed = {"status", "title", "source_year", "manifest_hash"}
        if not fields or set(fields) - allowed:
            raise ValueError(f"can only update {sorted(allowed)}")
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.conn.execute(
            f"UPDATE assessment SET {sets}, updated_at = ? WHERE id = ?",
            (*fields.values(), now(), assessment_id),
        )

    def touch_assessment(self, assessment_id: int, at: str | None = None) -> None:
        self.conn.execute("UPDATE assessment SET updated_at = ? WHERE id = ?",
                          (at or now(), assessment_id))

    def delete_assessment(self, assessment_id: int) -> None:
        self.conn.execute("DELETE FROM assessment WHERE id = ?", (assessment_id,))

    def clear_assessment(self, assessment_id: int) -> None:
        """Remove answers, attachments and reported indices (comments stay): a replace."""
        for table in ("answer", "attachment", "reported_index"):
            self.conn.execute(f"DELETE FROM {table} WHERE assessment_id = ?", (assessment_id,))

    # -- answers -----------------------------------------------------------------------------

    def answers(self, assessment_id: int) -> dict[str, Answer]:
        rows = self._q(
            "SELECT indicator, level, explanation, carried_over, updated_by, updated_at"
            " FROM answer WHERE assessment_id = ?",
            (assessment_id,),
        )
        return {r["indicator"]: Answer(**dict(r)) for r in rows}

    def levels(self, assessment_id: int) -> dict[str, int]:
        """Just the levels: the live score needs nothing else, so read nothing else."""
        rows = self.conn.execute(
            "SELECT indicator, level FROM answer WHERE assessment_id = ? AND level IS NOT NULL",
            (assessment_id,),
        )
        return dict(rows.fetchall())

    def get_answer(self, assessment_id: int, indicator: str) -> Answer | None:
        row = self._one(
            "SELECT indicator, level, explanation, carried_over, updated_by, updated_at"
            " FROM answer WHERE assessment_id = ? AND indicator = ?",
            (assessment_id, indicator),
        )
        return Answer(**dict(row)) if row else None

    def put_answer(self, assessment_id: int, indicator: str, level: int | None,
                   explanation: str, carried_over: bool, actor: str,
                   at: str | None = None) -> None:
        self.conn.execute(
            "INSERT INTO answer (assessment_id, indicator, level, explanation, carried_over,"
            " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (assessment_id, indicator) DO UPDATE SET level = excluded.level,"
            " explanation = excluded.explanation, carried_over = excluded.carried_over,"
            " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            (assessment_id, indicator, level, explanation, int(carried_over), actor,
             at or now()),
        )

    # -- attachments -------------------------------------------------------------------------

    _ATTACHMENT_COLS = ("id, assessment_id, indicator, blob_sha, url, title, note, media_type,"
                        " size, original_name, confidential, created_by, created_at,"
                        " doc_kind, doc_year, signed, for_tpb, kegiatan_id")

    def insert_attachment(self, assessment_id: int, indicator: str, *, blob_sha: str | None,
                          url: str | None, title: str, note: str, media_type: str | None,
                          size: int | None, original_name: str | None, confidential: bool,
                          actor: str, created_at: str | None = None) -> int:
        cur = self.conn.execute(
            "INSERT INTO attachment (assessment_id, indicator, blob_sha, url, title, note,"
            " media_type, size, original_name, confidential, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (assessment_id, indicator, blob_sha, url, title, note, media_type, size,
             original_name, int(confidential), actor, created_at or now()),
        )
        return _row_id(cur)

    def attachments(self, assessment_id: int, indicator: str | None = None) -> list[Attachment]:
        sql = f"SELECT {self._ATTACHMENT_COLS} FROM attachment WHERE assessment_id = ?"
        params: tuple = (assessment_id,)
        if indicator is not None:
            sql += " AND indicator = ?"
            params += (indicator,)
        return [Attachment(**dict(r)) for r in self._q(sql + " ORDER BY indicator, id", params)]

    def get_attachment(self, attachment_id: int) -> Attachment | None:
        row = self._one(f"SELECT {self._ATTACHMENT_COLS} FROM attachment WHERE id = ?",
                        (attachment_id,))
        return Attachment(**dict(row)) if row else None

    def update_attachment(self, attachment_id: int, **fields: Any) -> None:
        allowed = {"title", "note", "confidential", "doc_kind", "doc_year", "signed", "for_tpb",
                   "kegiatan_id"}
        if not fields or set(fields) - allowed:
            raise ValueError(f"can only update {sorted(allowed)}")
        sets = ", ".join(f"{k} = ?" for k in fields)
        self.conn.execute(f"UPDATE attachment SET {sets} WHERE id = ?",
                          (*fields.values(), attachment_id))

    def delete_attachment(self, attachment_id: int) -> None:
        self.conn.execute("DELETE FROM attachment WHERE id = ?", (attachment_id,))

    def referenced_blobs(self) -> set[str]:
        rows = self.conn.execute("SELECT DISTINCT blob_sha FROM attachment"
                                 " WHERE blob_sha IS NOT NULL"
                                 # the profile's logo (epss/services/profile.py) is a vault file
                                 " UNION SELECT json_extract(value, '$.logo_sha256') FROM setting"
                                 " WHERE key = 'profile'"
                                 " AND json_extract(value, '$.logo_sha256') IS NOT NULL")
        return {r[0] for r in rows}

    def all_attachments(self) -> list[Attachment]:
        rows = self._q(f"SELECT {self._ATTACHMENT_COLS} FROM attachment ORDER BY id")
        return [Attachment(**dict(r)) for r in rows]

    def evidence_counts(self, assessment_id: int) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT indicator, COUNT(*) FROM attachment WHERE assessment_id = ?"
            " GROUP BY indicator",
            (assessment_id,),
        )
        return dict(rows.fetchall())

    # -- comments ----------------------------------------------------------------------------

    _COMMENT_COLS = "id, assessment_id, indicator, author, role, body, resolved, created_at"

    def insert_comment(self, assessment_id: int, indicator: str, author: str, role: str,
                       body: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO comment (assessment_id, indicator, author, role, body, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (assessment_id, indicator, author, role, body, now()),
        )
        return _row_id(cur)

    def comments(self, assessment_id: int, indicator: str | None = None) -> list[Comment]:
        sql = f"SELECT {self._COMMENT_COLS} FROM comment WHERE assessment_id = ?"
        params: tuple = (assessment_id,)
        if indicator is not None:
            sql += " AND indicator = ?"
            params += (indicator,)
        return [Comment(**dict(r)) for r in self._q(sql + " ORDER BY id", params)]

    def get_comment(self, comment_id: int) -> Comment | None:
        row = self._one(f"SELECT {self._COMMENT_COLS} FROM comment WHERE id = ?", (comment_id,))
        return Comment(**dict(row)) if row else None

    def set_comment_resolved(self, comment_id: int, resolved: bool) -> None:
        self.conn.execute("UPDATE comment SET resolved = ? WHERE id = ?",
                          (int(resolved), comment_id))

    # -- reported indices (a BPS result given only as domain indices and/or the IPS) --------

    def reported_indices(self, assessment_id: int) -> dict[str, str]:
        """Node ('1'..'9' for a domain, 'ips') -> the decimal text as stored."""
        rows = self.conn.execute(
            "SELECT node, value FROM reported_index WHERE assessment_id = ? ORDER BY node",
            (assessment_id,),
        )
        return dict(rows.fetchall())

    def put_reported_index(self, assessment_id: int, node: str, value: str, actor: str) -> None:
        self.conn.execute(
            "INSERT INTO reported_index (assessment_id, node, value, updated_by, updated_at)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (assessment_id, node) DO UPDATE SET value = excluded.value,"
            " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            (assessment_id, node, value, actor, now()),
        )

    def delete_reported_indices(self, assessment_id: int,
                                nodes: tuple[str, ...] | None = None) -> None:
        """Delete all of an assessment's reported indices, or only those of ``nodes``."""
        if nodes is None:
            self.conn.execute("DELETE FROM reported_index WHERE assessment_id = ?",
                              (assessment_id,))
            return
        self.conn.executemany(
            "DELETE FROM reported_index WHERE assessment_id = ? AND node = ?",
            [(assessment_id, node) for node in nodes],
        )

    # -- the official worksheet's wording (an overlay on the catalog's names and criteria) ---

    def criteria_wording(self) -> list[dict[str, Any]]:
        rows = self._q("SELECT indicator, name, description, levels, source, imported_by,"
                       " imported_at FROM criteria_wording ORDER BY indicator")
        return [{**dict(r), "levels": json.loads(r["levels"])} for r in rows]

    def replace_criteria_wording(self, rows: list[dict[str, Any]], source: str,
                                 actor: str) -> None:
        """Replace the whole overlay (call inside ``transaction()``)."""
        stamp = now()
        self.conn.execute("DELETE FROM criteria_wording")
        self.conn.executemany(
            "INSERT INTO criteria_wording (indicator, name, description, levels, source,"
            " imported_by, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(r["indicator"], r["name"], r["description"],
              json.dumps(r["levels"], ensure_ascii=False), source, actor, stamp) for r in rows],
        )

    # -- award committee ---------------------------------------------------------------------

    _AWARD_COLS = "id, rubric_id, year, rubric, rubric_sha256, created_by, created_at"

    def insert_award(self, rubric_id: str, year: int, rubric: str, rubric_sha256: str,
                     actor: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO award (rubric_id, year, rubric, rubric_sha256, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (rubric_id, year, rubric, rubric_sha256, actor, now()),
        )
        return _row_id(cur)

    def awards(self) -> list[dict[str, Any]]:
        rows = self._q(f"SELECT {self._AWARD_COLS} FROM award ORDER BY year DESC, id DESC")
        return [dict(r) for r in rows]

    def update_award_rubric(self, award_id: int, rubric: str, rubric_sha256: str) -> None:
        self.conn.execute("UPDATE award SET rubric = ?, rubric_sha256 = ? WHERE id = ?",
                          (rubric, rubric_sha256, award_id))

    def entrants(self, award_id: int) -> list[dict[str, Any]]:
        rows = self._q(
            "SELECT e.agency_id, e.assessment_id, e.bundle_hash, e.bundle_name, e.entered_by,"
            " e.entered_at, e.category, g.name, g.kind, g.code FROM award_entrant e"
            " JOIN agency g ON g.id = e.agency_id WHERE e.award_id = ? ORDER BY g.name, g.id",
            (award_id,),
        )
        return [dict(r) for r in rows]

    def put_entrant(self, award_id: int, agency_id: int, assessment_id: int, bundle_hash: str,
                    bundle_name: str, actor: str) -> None:
        self.conn.execute(
            "INSERT INTO award_entrant (award_id, agency_id, assessment_id, bundle_hash,"
            " bundle_name, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (award_id, agency_id) DO UPDATE SET"
            " assessment_id = excluded.assessment_id, bundle_hash = excluded.bundle_hash,"
            " bundle_name = excluded.bundle_name, entered_by = excluded.entered_by,"
            " entered_at = excluded.entered_at",
            (award_id, agency_id, assessment_id, bundle_hash, bundle_name, actor, now()),
        )

    def delete_entrant(self, award_id: int, agency_id: int) -> None:
        self.conn.execute("DELETE FROM award_entrant WHERE award_id = ? AND agency_id = ?",
                          (award_id, agency_id))

    def award_values(self, award_id: int) -> list[dict[str, Any]]:
        rows = self._q(
            "SELECT agency_id, criterion, juror, value, updated_by, updated_at FROM award_value"
            " WHERE award_id = ? ORDER BY agency_id, criterion, juror",
            (award_id,),
        )
        return [dict(r) for r in rows]

    def put_award_values(self, award_id: int, values: list[tuple[int, str, str, str]],
                         actor: str) -> None:
        """Upsert (agency_id, criterion, juror, value) rows; call inside ``transaction()``."""
        stamp = now()
        self.conn.executemany(
            "INSERT INTO award_value (award_id, agency_id, criterion, juror, value, updated_by,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (award_id, agency_id, criterion, juror) DO UPDATE SET"
            " value = excluded.value, updated_by = excluded.updated_by,"
            " updated_at = excluded.updated_at",
            [(award_id, a, c, j, v, actor, stamp) for a, c, j, v in values],
        )

    def delete_award_value(self, award_id: int, agency_id: int, criterion: str,
                           juror: str) -> int:
        cur = self.conn.execute(
            "DELETE FROM award_value WHERE award_id = ? AND agency_id = ? AND criterion = ?"
            " AND juror = ?", (award_id, agency_id, criterion, juror))
        return cur.rowcount

    def award_categories(self, award_id: int) -> list[dict[str, Any]]:
        rows = self._q("SELECT category, name, position FROM award_category WHERE award_id = ?"
                       " ORDER BY position, category", (award_id,))
        return [dict(r) for r in rows]

    def put_award_category(self, award_id: int, category: str, name: str) -> None:
        """Add a category at the end, or rename one in place (call inside ``transaction()``)."""
        self.conn.execute(
            "INSERT INTO award_category (award_id, category, name, position) VALUES (?, ?, ?,"
            " (SELECT IFNULL(MAX(position), 0) + 1 FROM award_category WHERE award_id = ?))"
            " ON CONFLICT (award_id, category) DO UPDATE SET name = excluded.name",
            (award_id, category, name, award_id))

    def delete_award_category(self, award_id: int, category: str) -> int:
        cur = self.conn.execute("DELETE FROM award_category WHERE award_id = ? AND category = ?",
                                (award_id, category))
        return cur.rowcount

    def set_entrant_category(self, award_id: int, agency_id: int, category: str | None) -> None:
        self.conn.execute("UPDATE award_entrant SET category = ? WHERE award_id = ?"
                          " AND agency_id = ?", (category, award_id, agency_id))

    def award_sdi_domains(self, award_id: int) -> list[dict[str, Any]]:
        rows = self._q(
            "SELECT agency_id, criterion, domain, value, updated_by, updated_at"
            " FROM award_sdi_domain WHERE award_id = ? ORDER BY agency_id, criterion, domain",
            (award_id,))
        return [dict(r) for r in rows]

    def replace_sdi_domains(self, award_id: int, agency_id: int, criterion: str,
                            values: list[tuple[str, str]], actor: str) -> None:
        """Replace one entrant's domain values of one criterion with (domain, value) rows
        (none: clear them); call inside ``transaction()``."""
        self.conn.execute("DELETE FROM award_sdi_domain WHERE award_id = ? AND agency_id = ?"
                          " AND criterion = ?", (award_id, agency_id, criterion))
        stamp = now()
        self.conn.executemany(
            "INSERT INTO award_sdi_domain (award_id, agency_id, criterion, domain, value,"
            " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(award_id, agency_id, criterion, d, v, actor, stamp) for d, v in values])

    # -- sampled kegiatan statistik (kegiatan terpilih) and their OPD ------------------------

    _KEGIATAN_COLS = "id, assessment_id, opd, name, code, kind, created_at"

    def insert_kegiatan(self, assessment_id: int, opd: str, name: str, code: str,
                        kind: str) -> int:
        cur = self.conn.execute(
            "INSERT INTO kegiatan (assessment_id, opd, name, code, kind, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)", (assessment_id, opd, name, code, kind, now()))
        return _row_id(cur)

    def kegiatan(self, assessment_id: int) -> list[Kegiatan]:
        return [Kegiatan(**dict(r)) for r in self._q(
            f"SELECT {self._KEGIATAN_COLS} FROM kegiatan WHERE assessment_id = ? ORDER BY id",
            (assessment_id,))]

    def get_kegiatan(self, kegiatan_id: int) -> Kegiatan | None:
        row = self._one(f"SELECT {self._KEGIATAN_COLS} FROM kegiatan WHERE id = ?",
                        (kegiatan_id,))
        return Kegiatan(**dict(row)) if row else None

    def update_kegiatan(self, kegiatan_id: int, *, opd: str, name: str, code: str,
                        kind: str) -> None:
        self.conn.execute("UPDATE kegiatan SET opd = ?, name = ?, code = ?, kind = ? WHERE id = ?",
                          (opd, name, code, kind, kegiatan_id))

    def delete_kegiatan(self, kegiatan_id: int) -> None:
        self.conn.execute("DELETE FROM kegiatan WHERE id = ?", (kegiatan_id,))

    # -- daftar data (issue 20) --------------------------------------------------------------

    _DD_ITEM_COLS = ("item_id", "kode_indikator", "nama_indikator", "nama_data", "jenis",
                     "produsen", "klasifikasi", "satuan", "jadwal", "kode_metadata",
                     "link_daerah", "link_sdi", "sektor")
    _DD_DATASET_COLS = ("dataset_id", "title", "kode_metadata", "organisasi", "modified",
                        "url", "ref")

    def dd_items(self) -> list[dict[str, Any]]:
        cols = ", ".join(self._DD_ITEM_COLS)
        return [dict(r) for r in self._q(f"SELECT {cols} FROM dd_item ORDER BY position")]

    def dd_replace_items(self, rows: list[dict[str, Any]]) -> None:
        """Replace the whole list (call inside ``transaction()``); matches of items no longer
        listed go with them."""
        cols = self._DD_ITEM_COLS
        self.conn.execute("DELETE FROM dd_item")
        self.conn.executemany(
            f"INSERT INTO dd_item (position, {', '.join(cols)}) VALUES "
            f"(?, {', '.join('?' for _ in cols)})",
            [(n, *(r[c] for c in cols)) for n, r in enumerate(rows)])
        self.conn.execute("DELETE FROM dd_match WHERE item_id NOT IN (SELECT item_id FROM dd_item)")

    def dd_datasets(self) -> list[dict[str, Any]]:
        cols = ", ".join(self._DD_DATASET_COLS)
        return [dict(r) for r in self._q(f"SELECT {cols} FROM dd_dataset ORDER BY rowid")]

    def dd_replace_datasets(self, rows: list[dict[str, Any]]) -> None:
        cols = self._DD_DATASET_COLS
        self.conn.execute("DELETE FROM dd_dataset")
        self.conn.executemany(
            f"INSERT INTO dd_dataset ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
            [tuple(r[c] for c in cols) for r in rows])
        self.conn.execute(
            "DELETE FROM dd_match WHERE dataset_id NOT IN (SELECT dataset_id FROM dd_dataset)")

    def dd_matches(self) -> list[dict[str, Any]]:
        rows = self._q("SELECT item_id, dataset_id, method, score, state FROM dd_match")
        return [dict(r) for r in rows]

    def dd_replace_matches(self, rows: list[tuple[str, str, str, int, str]]) -> None:
        """(item_id, dataset_id, method, score, state) rows; call inside ``transaction()``."""
        self.conn.execute("DELETE FROM dd_match")
        self.conn.executemany(
            "INSERT INTO dd_match (item_id, dataset_id, method, score, state)"
            " VALUES (?, ?, ?, ?, ?)", rows)

    def dd_recap(self, assessment_id: int) -> dict[str, Any] | None:
        row = self._one("SELECT recap FROM dd_recap WHERE assessment_id = ?", (assessment_id,))
        return json.loads(row["recap"]) if row else None

    def dd_put_recap(self, assessment_id: int, recap: dict[str, Any] | None) -> None:
        """Keep (or, with None, drop) the recap a bundle carried; inside ``transaction()``."""
        self.conn.execute("DELETE FROM dd_recap WHERE assessment_id = ?", (assessment_id,))
        if recap is not None:
            self.conn.execute("INSERT INTO dd_recap (assessment_id, recap) VALUES (?, ?)",
                              (assessment_id, _canonical(recap)))

    # -- OPD coordination: assignments and proposals (issue 18) ------------------------------

    _ASSIGNMENT_COLS = "indicator, kegiatan_id, opd, pic, due, updated_by, updated_at"

    def assignments(self, assessment_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self._q(
            f"SELECT {self._ASSIGNMENT_COLS} FROM assignment WHERE assessment_id = ?"
            " ORDER BY indicator, IFNULL(kegiatan_id, 0)", (assessment_id,))]

    def put_assignment(self, assessment_id: int, indicator: str, kegiatan_id: int | None,
                       opd: str, pic: str, due: str | None, actor: str) -> None:
        """Assign (or reassign) one indicator, or a kegiatan's share of it; in a transaction."""
        self.delete_assignment(assessment_id, indicator, kegiatan_id)
        self.conn.execute(
            "INSERT INTO assignment (assessment_id, indicator, kegiatan_id, opd, pic, due,"
            " updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (assessment_id, indicator, kegiatan_id, opd, pic, due, actor, now()))

    def delete_assignment(self, assessment_id: int, indicator: str,
                          kegiatan_id: int | None) -> int:
        cur = self.conn.execute(
            "DELETE FROM assignment WHERE assessment_id = ? AND indicator = ?"
            " AND IFNULL(kegiatan_id, 0) = ?", (assessment_id, indicator, kegiatan_id or 0))
        return cur.rowcount

    def proposals(self, assessment_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self._q(
            "SELECT indicator, level, explanation, source, created_at FROM proposal"
            " WHERE assessment_id = ? ORDER BY indicator", (assessment_id,))]

    def put_proposal(self, assessment_id: int, indicator: str, level: int | None,
                     explanation: str, source: str) -> None:
        """Keep one open proposal per indicator (a newer sheet replaces it); in a transaction."""
        self.delete_proposal(assessment_id, indicator)
        self.conn.execute(
            "INSERT INTO proposal (assessment_id, indicator, level, explanation, source,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (assessment_id, indicator, level, explanation, source, now()))

    def delete_proposal(self, assessment_id: int, indicator: str) -> int:
        cur = self.conn.execute(
            "DELETE FROM proposal WHERE assessment_id = ? AND indicator = ?",
            (assessment_id, indicator))
        return cur.rowcount

    # -- assessor rounds and the repair window (issue 18, rounds) ----------------------------

    def round_levels(self, assessment_id: int) -> list[dict[str, Any]]:
        return [dict(r) for r in self._q(
            "SELECT round, indicator, level, note, updated_by, updated_at FROM round_level"
            " WHERE assessment_id = ? ORDER BY round, indicator", (assessment_id,))]

    def put_round_level(self, assessment_id: int, round_key: str, indicator: str, level: int,
                        note: str, actor: str) -> None:
        self.conn.execute(
            "INSERT INTO round_level (assessment_id, round, indicator, level, note, updated_by,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (assessment_id, round, indicator) DO UPDATE SET level = excluded.level,"
            " note = excluded.note, updated_by = excluded.updated_by,"
            " updated_at = excluded.updated_at",
            (assessment_id, round_key, indicator, level, note, actor, now()))

    def round_deadlines(self, assessment_id: int) -> dict[str, str]:
        return {r["round"]: r["deadline"] for r in self._q(
            "SELECT round, deadline FROM round_deadline WHERE assessment_id = ?",
            (assessment_id,))}

    def put_round_deadline(self, assessment_id: int, round_key: str, deadline: str,
                           actor: str) -> None:
        self.conn.execute(
            "INSERT INTO round_deadline (assessment_id, round, deadline, updated_by, updated_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (assessment_id, round) DO UPDATE SET"
            " deadline = excluded.deadline, updated_by = excluded.updated_by,"
            " updated_at = excluded.updated_at",
            (assessment_id, round_key, deadline, actor, now()))
