"""Hypothesis against the bundle importer: whatever the manifest or the archive holds, the
result is a clean import or a BundleError, and after a BundleError the workspace is exactly as
it was (rows, audit log, vault files, no temporary leftovers)."""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import re
import shutil
import stat
import struct
import tempfile
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from epss.core.manifest import manifest_bytes
from epss.demo import minimal_pdf
from epss.services.exchange.bundle import BundleError, ImportResult, import_bundle
from epss.services.workspace import Workspace

MANIFEST = "manifest.json"
AGENCY = {"name": "Pemerintah Kota Contoh", "kind": "kota", "code": "9971"}
PDF = minimal_pdf(("PERATURAN WALI KOTA CONTOH NOMOR 12 TAHUN 2022",))
LETTER = minimal_pdf(("SURAT HASIL PENILAIAN BADAN EPSS 2023",))
CSV = b"opd,kegiatan\nDinas Kesehatan,Profil Kesehatan\n"
SECRET = b"nip,nama\n1987xxxx,Rina S.\n"

SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


PNG = _png()


# -- the source bundles (built once per module) ----------------------------------------------


class Bundles(dict):
    """The valid bundles by name; a short repr keeps Hypothesis' failure reports readable."""

    def __repr__(self) -> str:
        return f"Bundles({', '.join(self)})"


@pytest.fixture(scope="module")
def bundles(tmp_path_factory) -> Bundles:
    """Valid bundles: a self-assessment (files, a link, a confidential file left out, a shared
    file), a BPS result with reported indices, and a self-assessment with sampled kegiatan and
    evidence marks (format version 2)."""
    base = tmp_path_factory.mktemp("props")
    up = base / "unggah"
    up.mkdir()

    def upload(name: str, data: bytes) -> Path:
        (up / name).write_bytes(data)
        return up / name

    ws = Workspace.create(base / "ws", actor="Tim Penilai", **AGENCY)
    try:
        a = ws.new_assessment(2024, title="Mandiri")
        for code, level in {"10101": 3, "10201": 2, "20101": 4}.items():
            ws.set_answer(a.id, code, level=level, explanation=f"Penjelasan {code}")
        ws.add_evidence(a.id, "10101", upload("perwali.pdf", PDF), note="catatan")
        ws.add_evidence(a.id, "20101", upload("perwali.pdf", PDF), title="Perwali lagi")
        ws.add_evidence(a.id, "10201", upload("struktur.png", PNG))
        ws.add_evidence(a.id, "10201", upload("rekap.csv", CSV))
        ws.add_evidence(a.id, "20101", upload("pegawai.csv", SECRET), confidential=True)
        ws.link_evidence(a.id, "10101", "https://data.contohkota.go.id/dataset")
        b = ws.new_assessment(2023, "badan")
        ws.set_answer(b.id, "10101", level=2)
        ws.add_evidence(b.id, "10101", upload("surat.pdf", LETTER))
        ws.set_reported_indices(b.id, ips="2.10", domains={"1": "2.50"})
        c = ws.new_assessment(2025, title="Dengan sampel")  # format version 2
        ws.set_answer(c.id, "10101", level=3)
        sampled = [ws.sampling.add_kegiatan(c.id, opd="Dinas Kesehatan", name="Survei Gizi",
                                            code="K-25.9971.001"),
                   ws.sampling.add_kegiatan(c.id, opd="Bappeda", name="Profil Daerah",
                                            kind="kompilasi")]
        one, _ = ws.add_evidence(c.id, "10101", upload("perwali.pdf", PDF))
        two, _ = ws.add_evidence(c.id, "10201", upload("rekap.csv", CSV))
        ws.add_evidence(c.id, "20101", upload("struktur.png", PNG))
        ws.sampling.mark_evidence(one.id, doc_kind=ws.catalog.edition.evidence_kinds[0].key,
                                  doc_year=2025, signed=True, kegiatan_id=sampled[0].id)
        ws.sampling.mark_evidence(two.id, for_tpb=False, kegiatan_id=sampled[1].id)
        out = Bundles()
        for name, aid, secret in (("mandiri", a.id, False), ("full", a.id, True),
                                  ("badan", b.id, False), ("marked", c.id, False)):
            ws.export_bundle(aid, base / f"{name}.zip", include_confidential=secret)
            out[name] = (base / f"{name}.zip").read_bytes()
    finally:
        ws.close()
    return out


def parts(bundle: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        files = {i.filename: zf.read(i) for i in zf.infolist() if i.filename != MANIFEST}
    return manifest, files


# -- fresh workspaces and their state ----------------------------------------------------------


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Callable[..., contextlib.AbstractContextManager[Workspace]]:
    """``with fresh(preload) as ws``: a new workspace of the same agency in a folder removed
    afterwards; ``preload``: a bundle imported first, so the existing-assessment paths
    (unchanged, replace) are reached too. Each kind is made once and copied for every example:
    a copy costs a fraction of creating a workspace and importing into it."""
    templates: dict[bytes | None, Path] = {}

    def template(preload: bytes | None) -> Path:
        if preload not in templates:
            folder = tmp_path_factory.mktemp("template")
            ws = Workspace.create(folder / "ws", actor="Penerima", **AGENCY)
            try:
                if preload is not None:
                    (folder / "pre.zip").write_bytes(preload)
                    import_bundle(ws, folder / "pre.zip")
            finally:
                ws.close()
            templates[preload] = folder / "ws"
        return templates[preload]

    @contextlib.contextmanager
    def make(preload: bytes | None = None) -> Iterator[Workspace]:
        folder = Path(tempfile.mkdtemp(prefix="epss-prop-"))
        shutil.copytree(template(preload), folder / "ws")
        ws = Workspace.open(folder / "ws", actor="Penerima")
        try:
            yield ws
        finally:
            ws.close()
            shutil.rmtree(folder, ignore_errors=True)

    return make


def leftovers(ws: Workspace) -> list[Path]:
    tmp = ws.root / "evidence" / "tmp"
    return sorted(tmp.iterdir()) if tmp.exists() else []


@pytest.fixture(scope="session")
def check_import(snapshot) -> Callable[..., ImportResult | None]:
    """Import ``data``: a clean import (the workspace sound) or a BundleError (the workspace
    untouched: the shared ``snapshot``). Any other exception propagates and fails the test."""

    def check(ws: Workspace, data: bytes, **kwargs: Any) -> ImportResult | None:
        path = ws.root.parent / "bundle.zip"
        path.write_bytes(data)
        before = snapshot(ws)
        try:
            result = import_bundle(ws, path, **kwargs)
        except BundleError as exc:
            note(f"refused: {type(exc).__name__}: {exc}")
            event("refused: " + re.sub(r"[0-9a-f]{12}…|'[^']*'|\d+", "_", str(exc))[:50])
            assert str(exc).strip()
            assert snapshot(ws) == before
            assert leftovers(ws) == []
            return None
        note(f"imported: {result.status}")
        event(f"imported: {result.status}")
        assert isinstance(result, ImportResult)
        assert result.status in ("imported", "replaced", "unchanged")
        if result.status == "unchanged":
            assert snapshot(ws) == before
        assert leftovers(ws) == []
        assert ws.doctor() == []
        return result

    return check


def zip_of(entries: list[tuple[str | zipfile.ZipInfo, bytes]],
           compression: int = zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are part of the corpus
        with zipfile.ZipFile(buf, "w", compression) as zf:
            for name, data in entries:
                zf.writestr(name, data)
    return buf.getvalue()


# -- strategy 1: valid manifests, mutated ------------------------------------------------------

INTERESTING = [
    None, True, False, 0, 1, -1, 3, 6, 2024, 1999, 2**31, 2**63, 1e308, -0.0, 3.5, "", " ", "3",
    "10101", "99999", "50101", "evidence/", "..", "../x", "/etc/passwd", "C:\\x", "a\x00b",
    "k1", "k2", "k9", "survei", "sensus", 1945, 2026, "Dinas  Kesehatan",
    "bel\x07", "\u202e", "mandiri", "badan", "target", "final", "kota", "provinsi", "3572",
    "9971", "2.10", "2,10", "ips", "1", "9", "link", "file", "perban-3-2022",
    "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00", "9999-12-31T23:59:59+14:00",
    "https://data.contohkota.go.id/x", "javascript:alert(1)", "http://[::1]:99999/",
    "application/pdf", "image/png", "text/csv", "foto.png", "x.pdf", "x.exe", "a/b.pdf",
    hashlib.sha256(PDF).hexdigest(), hashlib.sha256(PNG).hexdigest(),
    hashlib.sha256(SECRET).hexdigest(), "0" * 64, "x" * 201, [], {},
]
KEYS = ["format", "format_version", "level", "indicator", "redacted", "confidential", "sha256",
        "size", "path", "url", "kind", "reported", "ips", "extra", "kegiatan", "marks", "key",
        "doc_kind", "doc_year", "opd"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
values = st.one_of(st.sampled_from(INTERESTING).map(copy.deepcopy), json_values)


def _paths(node: Any, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(node, dict):
        for key, child in node.items():
            yield from _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _paths(child, (*prefix, i))


def _at(node: Any, path: tuple) -> Any:
    for key in path:
        node = node[key]
    return node


def _shape(path: tuple) -> tuple:
    return tuple("*" if isinstance(key, int) else key for key in path)


@st.composite
def mutated(draw, manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest after one to three edits: replace a value anywhere (by an arbitrary one,
    or by a value of the same type found elsewhere in the manifest, which gets past the schema
    to the deeper checks), drop a key or an element, add a key, or duplicate a list element.
    Paths are picked uniformly (a seeded Random): drawn indices favour the first keys."""
    manifest = copy.deepcopy(manifest)
    rnd = draw(st.randoms(use_true_random=True))
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(manifest) if p]
        path = rnd.choice(paths)
        parent, last = _at(manifest, path[:-1]), path[-1]
        op = draw(st.sampled_from(["replace", "transplant", "transplant", "drop", "add",
                                   "duplicate"]))
        if op == "replace":
            parent[last] = draw(values)
        elif op == "transplant":  # often the same field of another answer or attachment
            shape = _shape(path)
            siblings = [p for p in paths if _shape(p) == shape and p != path]
            kind = type(parent[last])
            donors = siblings if siblings and rnd.random() < 0.6 else \
                [p for p in paths if type(_at(manifest, p)) is kind] or [path]
            parent[last] = copy.deepcopy(_at(manifest, rnd.choice(donors)))
        elif op == "drop":
            del parent[last]
        elif op == "add":
            node = _at(manifest, path)
            if isinstance(node, dict):
                node[draw(st.sampled_from(KEYS) | st.text(max_size=8))] = draw(values)
            elif isinstance(node, list):
                node.append(draw(values))
            else:
                parent[last] = draw(values)
        elif isinstance(parent, list):
            parent.insert(last, copy.deepcopy(parent[last]))
        else:
            parent[last] = [copy.deepcopy(parent[last])] * 2
    return manifest


@SETTINGS
@given(data=st.data())
def test_mutated_manifest_is_imported_or_refused(bundles, data, check_import, fresh):
    which = data.draw(st.sampled_from(["mandiri", "full", "badan", "marked"]), label="bundle")
    manifest, files = parts(bundles[which])
    changed = data.draw(mutated(manifest), label="manifest")
    preload = data.draw(st.sampled_from([None, which, "badan"]), label="preload")
    kwargs = {"replace": data.draw(st.booleans(), label="replace"),
              "other_agency": data.draw(st.booleans(), label="other_agency")}
    raw = manifest_bytes(changed)
    bundle = zip_of([(MANIFEST, raw), *files.items()])
    with fresh(bundles[preload] if preload else None) as ws:
        result = check_import(ws, bundle, **kwargs)
        if result is not None and result.changed:
            # the same bundle again: nothing changes (or a refusal that changes nothing)
            check_import(ws, bundle, other_agency=kwargs["other_agency"])


@SETTINGS
@given(data=st.data())
def test_mutated_manifest_with_changed_files_is_imported_or_refused(bundles, data, check_import,
                                                                    fresh):
    """The manifest edited together with the evidence entries: one dropped, replaced by other
    bytes, renamed, or a new one added (listed in the manifest or not)."""
    manifest, files = parts(bundles["mandiri"])
    manifest = data.draw(mutated(manifest), label="manifest") if data.draw(st.booleans()) \
        else manifest
    names = sorted(files)
    op = data.draw(st.sampled_from(["drop", "replace", "rename", "add", "add-listed"]))
    name = data.draw(st.sampled_from(names))
    content = data.draw(st.sampled_from([PDF, PNG, CSV, SECRET, b"", b"MZ" + bytes(60)])
                        | st.binary(max_size=300), label="content")
    if op == "drop":
        del files[name]
    elif op == "replace":
        files[name] = content
    elif op == "rename":
        files[f"evidence/{hashlib.sha256(content).hexdigest()}"] = files.pop(name)
    else:
        digest = hashlib.sha256(content).hexdigest()
        files[f"evidence/{digest}"] = content
        if op == "add-listed":
            filename = data.draw(st.sampled_from(["x.pdf", "x.png", "x.csv", "x.txt", "x.exe"]))
            media = data.draw(st.sampled_from(["application/pdf", "image/png", "text/csv",
                                               "text/plain"]))
            if isinstance(manifest.get("files"), dict):
                manifest["files"][digest] = {"size": len(content), "path": f"evidence/{digest}"}
            if isinstance(manifest.get("attachments"), list):
                manifest["attachments"].append({
                    "indicator": "50101", "kind": "file", "title": "t", "note": "",
                    "sha256": digest, "size": len(content), "media_type": media,
                    "filename": filename, "url": None, "confidential": False,
                    "created_by": "x", "created_at": "2024-01-01T00:00:00+00:00"})
    compression = data.draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]))
    bundle = zip_of([(MANIFEST, manifest_bytes(manifest)), *files.items()], compression)
    with fresh() as ws:
        check_import(ws, bundle)


# -- strategy 2: arbitrary bytes and arbitrary small zips -------------------------------------

NAMES = st.one_of(
    st.sampled_from([MANIFEST, "evidence/", "..", "../manifest.json", "/manifest.json",
                     "\\manifest.json", "C:/x", "evidence/../manifest.json", "MANIFEST.JSON",
                     "evidence\\x", "evidence//x", "./manifest.json", "evidence/" + "0" * 64,
                     "évidence/ü", "manifest.json/", "a\x01b"]),
    st.lists(st.sampled_from(["a", ".", "/", "\\", "..", "é", "\u202e", "\x01", ":", "M",
                              "evidence/", MANIFEST]),
             min_size=1, max_size=8).map("".join),
)


def _nul_names(data: bytes) -> bytes:
    """Turn \\x01 in every entry name (central and local headers) into NUL, which ZipInfo
    itself refuses to write."""
    out = bytearray(data)
    at = out.find(b"PK\x01\x02")
    while at >= 0:
        size = struct.unpack_from("<H", out, at + 28)[0]
        out[at + 46:at + 46 + size] = out[at + 46:at + 46 + size].replace(b"\x01", b"\x00")
        local = struct.unpack_from("<I", out, at + 42)[0]
        if out[local:local + 4] == b"PK\x03\x04":
            lsize = struct.unpack_from("<H", out, local + 26)[0]
            span = slice(local + 30, local + 30 + lsize)
            out[span] = out[span].replace(b"\x01", b"\x00")
        at = out.find(b"PK\x01\x02", at + 46 + size)
    return bytes(out)


@st.composite
def small_zips(draw, bundles: dict[str, bytes]) -> bytes:
    manifest, files = parts(bundles["mandiri"])
    contents = st.one_of(st.binary(max_size=200),
                         st.sampled_from([manifest_bytes(manifest), PDF, PNG, b"", b"{}",
                                          *files.values()]))
    entries = draw(st.lists(st.tuples(NAMES, contents), max_size=6))
    if draw(st.booleans()):  # a real bundle with hostile extras
        entries = [(MANIFEST, manifest_bytes(manifest)), *files.items(), *entries]
    infos: list[tuple[str | zipfile.ZipInfo, bytes]] = []
    for name, content in entries:
        info = zipfile.ZipInfo(name)
        info.compress_type = draw(st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED,
                                                   zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]))
        if draw(st.integers(0, 9)) == 0:
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
        infos.append((info, content))
    data = zip_of(infos)
    return _nul_names(data) if draw(st.booleans()) else data


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_are_refused(data, check_import, fresh):
    with fresh() as ws:
        assert check_import(ws, data) is None


@SETTINGS
@given(data=st.data())
def test_arbitrary_small_zips_are_imported_or_refused(bundles, data, check_import, fresh):
    archive = data.draw(small_zips(bundles), label="zip")
    with fresh() as ws:
        check_import(ws, archive)


@SETTINGS
@given(data=st.data())
def test_damaged_bundle_is_imported_or_refused(bundles, data, check_import, fresh):
    """A valid bundle with bytes flipped, cut out, or the file cut short: the reader meets
    broken headers, offsets, lengths and CRCs."""
    which = data.draw(st.sampled_from(["mandiri", "full", "badan", "marked"]))
    raw = bytearray(bundles[which])
    for _ in range(data.draw(st.integers(1, 4))):
        op = data.draw(st.sampled_from(["flip", "flip", "cut", "truncate", "insert"]))
        at = data.draw(st.integers(0, len(raw) - 1))
        if op == "flip":
            raw[at] ^= data.draw(st.integers(1, 255))
        elif op == "cut":
            del raw[at:at + data.draw(st.integers(1, 64))]
        elif op == "truncate":
            del raw[at:]
        else:
            raw[at:at] = data.draw(st.binary(min_size=1, max_size=32))
        if not raw:
            break
    with fresh() as ws:
        check_import(ws, bytes(raw))
