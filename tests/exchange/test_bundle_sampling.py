"""Exchange bundles carry the sampled kegiatan and the evidence marks (manifest format version 2):
the demo's 2024 self-assessment arrives with its sample and marks; a bundle of the old shape
(version 1, without them) imports as before; every new field is checked, and a bundle failing
a check is refused with the workspace untouched."""

from __future__ import annotations

import copy
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from epss.core.manifest import FORMAT_VERSION, manifest_bytes
from epss.core.model import KEGIATAN_KINDS
from epss.demo import AGENCY as DEMO_AGENCY
from epss.demo import minimal_pdf
from epss.services.exchange.bundle import BundleError, import_bundle
from epss.services.workspace import Workspace

MANIFEST = "manifest.json"


# -- helpers ---------------------------------------------------------------------------------


def parts(bundle: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(bundle)) as zf:
        manifest = json.loads(zf.read(MANIFEST))
        files = {i.filename: zf.read(i) for i in zf.infolist() if i.filename != MANIFEST}
    return manifest, files


def write_bundle(path: Path, manifest: dict[str, Any], files: dict[str, bytes]) -> Path:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(MANIFEST, manifest_bytes(manifest))
        for name, data in files.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())
    return path


def sample(ws: Workspace, aid: int) -> list[tuple[str, str, str, str]]:
    return [(k.opd, k.name, k.code, k.kind) for k in ws.sampling.kegiatan(aid)]


def marks(ws: Workspace, aid: int) -> list[tuple[Any, ...]]:
    """Every attachment's marks, its kegiatan by what it is (ids differ between workspaces)."""
    named = {k.id: (k.opd, k.name) for k in ws.sampling.kegiatan(aid)}
    return [(a.indicator, a.title, a.doc_kind, a.doc_year, a.signed, a.for_tpb,
             named.get(a.kegiatan_id) if a.kegiatan_id is not None else None)
            for a in ws.evidence(aid)]


def old_shape(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest as epss wrote it before kegiatan and marks: version 1, no new keys."""
    old = copy.deepcopy(manifest)
    old.pop("kegiatan", None)
    for att in old["attachments"]:
        att.pop("marks", None)
    old["format_version"] = 1
    return old


def mandiri_2024(ws: Workspace) -> int:
    return next(a.id for a in ws.assessments() if (a.year, a.kind) == (2024, "mandiri"))


# -- the demo's bundles (built once per module) ----------------------------------------------


@dataclass
class Demo:
    folder: Path
    full: bytes  # 2024, confidential evidence included
    redacted: bytes  # 2024, confidential evidence left out
    sample: list[tuple[str, str, str, str]]
    marks: list[tuple[Any, ...]]
    marks_shared: list[tuple[Any, ...]]  # those of the evidence that is not confidential
    target: Path  # a workspace of the demo agency holding the 2023 self-assessment

    def path(self, which: str) -> Path:
        return self.folder / f"{which}.zip"


@pytest.fixture(scope="module")
def demo(demo_template, tmp_path_factory) -> Demo:
    base = tmp_path_factory.mktemp("demo-bundles")
    shutil.copytree(demo_template, base / "demo")  # exporting logs an event: a private copy
    ws = Workspace.open(base / "demo", actor="Tim Penilai Internal")
    try:
        aid = mandiri_2024(ws)
        earlier = next(a.id for a in ws.assessments() if (a.year, a.kind) == (2023, "mandiri"))
        folder = base / "bundles"
        folder.mkdir()
        ws.export_bundle(aid, folder / "full.zip", include_confidential=True)
        ws.export_bundle(aid, folder / "redacted.zip")
        ws.export_bundle(earlier, folder / "earlier.zip")
        shared = {a.title for a in ws.evidence(aid) if not a.confidential}
        found = Demo(folder, (folder / "full.zip").read_bytes(),
                     (folder / "redacted.zip").read_bytes(), sample(ws, aid), marks(ws, aid),
                     [m for m in marks(ws, aid) if m[1] in shared], base / "target")
    finally:
        ws.close()
    target = Workspace.create(found.target, actor="Penerima", **DEMO_AGENCY)
    try:
        import_bundle(target, found.path("earlier"))
    finally:
        target.close()
    return found


@pytest.fixture
def fresh(tmp_path) -> Workspace:
    ws = Workspace.create(tmp_path / "fresh", actor="Penerima", **DEMO_AGENCY)
    yield ws
    ws.close()


@pytest.fixture
def target(tmp_path, demo) -> Workspace:
    shutil.copytree(demo.target, tmp_path / "target")
    ws = Workspace.open(tmp_path / "target", actor="Penerima")
    yield ws
    ws.close()


def test_the_demo_bundle_says_something(demo):
    """The premise: the demo's 2024 sample and marks are there to be carried."""
    manifest, _ = parts(demo.full)
    assert manifest["format_version"] == FORMAT_VERSION == 2
    assert len(manifest["kegiatan"]) == len(demo.sample) >= 2
    assert any("marks" in a for a in manifest["attachments"])
    assert any(m[6] is not None for m in demo.marks)  # some evidence proves a kegiatan
    assert b'"id"' not in manifest_bytes(manifest)  # no database ids travel
    assert b"kegiatan_id" not in manifest_bytes(manifest)


# -- round trips -----------------------------------------------------------------------------


def test_demo_round_trip_keeps_kegiatan_and_marks(fresh, demo, tmp_path):
    result = import_bundle(fresh, demo.path("full"))
    aid = result.assessment.id
    assert sample(fresh, aid) == demo.sample
    assert marks(fresh, aid) == demo.marks
    # and back out: the same manifest, the same bundle, byte for byte
    fresh.export_bundle(aid, tmp_path / "again.zip", include_confidential=True)
    assert parts((tmp_path / "again.zip").read_bytes())[0] == parts(demo.full)[0]
    assert (tmp_path / "again.zip").read_bytes() == demo.full


def test_demo_round_trip_of_the_redacted_bundle(fresh, demo):
    aid = import_bundle(fresh, demo.path("redacted")).assessment.id
    assert sample(fresh, aid) == demo.sample
    assert marks(fresh, aid) == demo.marks_shared


def test_importing_the_demo_twice_is_unchanged(fresh, demo, snapshot):
    import_bundle(fresh, demo.path("full"))
    before = snapshot(fresh)
    assert import_bundle(fresh, demo.path("full")).status == "unchanged"
    assert snapshot(fresh) == before


def test_a_kegiatan_added_here_is_kept_and_not_a_difference(fresh, demo, snapshot):
    """An import adds the bundle's kegiatan and removes none, so one added at home after the
    import does not make the same bundle "different"."""
    aid = import_bundle(fresh, demo.path("full")).assessment.id
    fresh.sampling.add_kegiatan(aid, opd="Dinas Pertanian", name="Statistik Pertanian",
                                kind="kompilasi")
    before = snapshot(fresh)
    assert import_bundle(fresh, demo.path("full")).status == "unchanged"
    assert snapshot(fresh) == before


def test_replace_merges_kegiatan_by_opd_and_name(fresh, demo, tmp_path, refused):
    aid = import_bundle(fresh, demo.path("full")).assessment.id
    ours = fresh.sampling.kegiatan(aid)
    local = fresh.sampling.add_kegiatan(aid, opd="Dinas Pertanian", name="Statistik Pertanian")
    manifest, files = parts(demo.full)
    first = manifest["kegiatan"][0]
    first["code"] = "K-24.9971.777"
    first["kind"] = "lainnya" if first["kind"] != "lainnya" else "survei"
    first["opd"] = first["opd"].upper()  # the same kegiatan written in capitals
    path = write_bundle(tmp_path / "changed.zip", manifest, files)
    refused(fresh, lambda: import_bundle(fresh, path), "--replace", error=BundleError)
    assert import_bundle(fresh, path, replace=True).status == "replaced"
    after = fresh.sampling.kegiatan(aid)
    assert [k.id for k in after] == [*(k.id for k in ours), local.id]  # merged, none added
    assert (after[0].opd, after[0].code, after[0].kind) == (first["opd"], first["code"],
                                                            first["kind"])
    assert [(k.opd, k.name, k.code, k.kind) for k in after[1:-1]] == demo.sample[1:]
    [*_, event] = fresh.store.events("assessment", aid)
    logged = json.loads(event.data)
    assert event.action == "import" and "added" not in logged["kegiatan"]
    [changed] = logged["kegiatan"]["changed"]
    assert changed["code"] == first["code"] and changed["before"]["code"] == demo.sample[0][2]
    assert import_bundle(fresh, path).status == "unchanged"


# -- bundles of the old shape ----------------------------------------------------------------


def test_old_shape_bundle_imports_as_before(fresh, demo, tmp_path):
    """A version 1 bundle (what epss wrote before kegiatan and marks) imports; nothing is
    marked and no kegiatan appear; exported again it is the same version 1 manifest."""
    manifest, files = parts(demo.full)
    old = old_shape(manifest)
    raw = manifest_bytes(old)
    assert b'"kegiatan"' not in raw and b'"marks"' not in raw
    result = import_bundle(fresh, write_bundle(tmp_path / "old.zip", old, files))
    assert result.status == "imported"
    aid = result.assessment.id
    assert sample(fresh, aid) == []
    assert all(m[2:] == (None, None, False, True, None) for m in marks(fresh, aid))
    assert len(marks(fresh, aid)) == len(demo.marks)
    assert fresh.manifest(aid, include_confidential=True) == old


def test_old_shape_bundle_imports_twice_unchanged(fresh, demo, tmp_path):
    manifest, files = parts(demo.redacted)
    path = write_bundle(tmp_path / "old.zip", old_shape(manifest), files)
    assert import_bundle(fresh, path).status == "imported"
    assert import_bundle(fresh, path).status == "unchanged"


# -- refusals: every new field is checked ----------------------------------------------------


def _kegiatan(n: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda m: m["kegiatan"][n]


def _marked(m: dict[str, Any], *, with_kegiatan: bool = False) -> dict[str, Any]:
    return next(a["marks"] for a in m["attachments"]
                if "marks" in a and (a["marks"]["kegiatan"] is not None or not with_kegiatan))


def _set_marks(field: str, value: Any, **how: bool) -> Callable[[dict[str, Any]], None]:
    return lambda m: _marked(m, **how).__setitem__(field, value)


def _set_kegiatan(n: int, field: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda m: m["kegiatan"][n].__setitem__(field, value)


def _duplicate_kegiatan(m: dict[str, Any]) -> None:
    twin = dict(m["kegiatan"][0], key=f"k{len(m['kegiatan']) + 1}")
    twin["name"] = twin["name"].upper()
    m["kegiatan"].append(twin)


def _marks_on_redacted(m: dict[str, Any]) -> None:
    m["attachments"].append({"indicator": "10101", "confidential": True, "redacted": True,
                             "marks": dict(_marked(m))})


def _version_1(m: dict[str, Any]) -> None:
    m["format_version"] = 1


def _drop_kegiatan_list(m: dict[str, Any]) -> None:
    del m["kegiatan"]


REFUSED = {
    # marks
    "unknown document kind": (_set_marks("doc_kind", "prasasti"), "jenis dokumen 'prasasti'"),
    "document year too early": (_set_marks("doc_year", 1900), "di luar 1945-2025"),
    "document year after the assessment": (_set_marks("doc_year", 2026), "di luar 1945-2025"),
    "document year as text": (_set_marks("doc_year", "2024"), "tidak sesuai skema"),
    "signed as text": (_set_marks("signed", "ya"), "tidak sesuai skema"),
    "for_tpb missing": (lambda m: _marked(m).pop("for_tpb"), "tidak sesuai skema"),
    "empty document kind": (_set_marks("doc_kind", ""), "tidak sesuai skema"),
    "unknown kegiatan key": (_set_marks("kegiatan", "k9"), "kegiatan 'k9' tidak tercantum"),
    "kegiatan key of another form": (_set_marks("kegiatan", "1"), "tidak sesuai skema"),
    "kegiatan by database id": (_set_marks("kegiatan", 1), "tidak sesuai skema"),
    "extra key in marks": (_set_marks("kegiatan_id", 1), "tidak sesuai skema"),
    "marks on a redacted attachment": (_marks_on_redacted, "tidak sesuai skema"),
    "kegiatan list dropped": (_drop_kegiatan_list, "tidak tercantum"),
    "version 1 with marks": (_version_1, "versi format 2"),
    # kegiatan
    "unknown kegiatan kind": (_set_kegiatan(0, "kind", "sensus"), "jenis kegiatan 'sensus'"),
    "bad kegiatan code": (_set_kegiatan(0, "code", "K 24/ä"), "kode kegiatan"),
    "empty OPD": (_set_kegiatan(0, "opd", ""), "tidak sesuai skema"),
    "OPD with spaces": (_set_kegiatan(0, "opd", "Dinas  Kesehatan"), "bentuk baku"),
    "name with a control character": (_set_kegiatan(0, "name", "Survei\x07"), "bentuk baku"),
    "name too long": (_set_kegiatan(0, "name", "x" * 201), "tidak sesuai skema"),
    "key used twice": (_set_kegiatan(1, "key", "k1"), "dipakai dua kali"),
    "key of another form": (_set_kegiatan(0, "key", "kegiatan-1"), "tidak sesuai skema"),
    "the same kegiatan twice": (_duplicate_kegiatan, "tercantum dua kali"),
    "database id in kegiatan": (_set_kegiatan(0, "id", 7), "tidak sesuai skema"),
    "kegiatan not a list": (lambda m: m.__setitem__("kegiatan", {}), "tidak sesuai skema"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_bad_kegiatan_or_marks_refused(target, demo, tmp_path, case, refused):
    mutate, fragment = REFUSED[case]
    manifest, files = parts(demo.full)
    mutate(manifest)
    path = write_bundle(tmp_path / "bad.zip", manifest, files)
    refused(target, lambda: import_bundle(target, path), fragment, error=BundleError)
    tmp = target.root / "evidence" / "tmp"
    assert not tmp.exists() or not any(tmp.iterdir())


def test_refusal_names_the_choices(target, demo, tmp_path, refused):
    manifest, files = parts(demo.full)
    _set_kegiatan(0, "kind", "sensus")(manifest)
    message = refused(target, lambda: import_bundle(
        target, write_bundle(tmp_path / "b.zip", manifest, files)), error=BundleError)
    assert all(kind in message for kind in KEGIATAN_KINDS)
    manifest, files = parts(demo.full)
    _set_marks("doc_kind", "prasasti")(manifest)
    message = refused(target, lambda: import_bundle(
        target, write_bundle(tmp_path / "c.zip", manifest, files)), error=BundleError)
    assert all(k.key in message for k in target.catalog.edition.evidence_kinds)


def test_a_newer_format_is_refused_by_number(target, demo, tmp_path, refused):
    manifest, files = parts(demo.full)
    manifest["format_version"] = FORMAT_VERSION + 1
    refused(target, lambda: import_bundle(target, write_bundle(tmp_path / "b.zip", manifest,
                                                               files)),
            f"versi format {FORMAT_VERSION + 1} lebih baru dari yang dipahami epss ini "
            f"({FORMAT_VERSION}); perbarui epss", error=BundleError)


# -- a committee reads the same bundles ------------------------------------------------------


def test_a_committee_enters_a_bundle_with_kegiatan_and_marks(tmp_path, demo):
    ws = Workspace.create(tmp_path / "komite", actor="Sekretariat Komite",
                          name="Dinas Kominfo Provinsi Contoh", kind="provinsi", code="99")
    try:
        award = ws.committee.new_award("sata-jatim", 2024)
        entered = ws.committee.enter(award, demo.path("redacted"))
        assert entered.status == "entered"
        aid = entered.bundle.assessment.id
        assert sample(ws, aid) == demo.sample
    finally:
        ws.close()


# -- property: whatever the marks, they survive a round trip ---------------------------------

PDF = minimal_pdf(("BUKTI DUKUNG",))
KINDS = sorted(KEGIATAN_KINDS)
WORDS = ["Dinas", "Badan", "Kesehatan", "Pendidikan", "Survei", "Profil", "Gizi", "ÄÖ"]


@pytest.fixture(scope="module")
def plain(tmp_path_factory) -> Path:
    """A workspace with one 2024 self-assessment and four attachments, nothing marked."""
    base = tmp_path_factory.mktemp("plain")
    up = base / "doc.pdf"
    up.write_bytes(PDF)
    ws = Workspace.create(base / "ws", actor="Tim", **DEMO_AGENCY)
    try:
        a = ws.new_assessment(2024)
        for code in ("10101", "10201", "20101"):
            ws.add_evidence(a.id, code, up, title=f"Bukti {code}")
        ws.link_evidence(a.id, "10301", "https://data.contoh.go.id/", title="Portal")
    finally:
        ws.close()
    return base / "ws"


names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
kegiatan_st = st.lists(
    st.tuples(names, names, st.sampled_from(["", "K-24.9971.001", "SKD.2024"]),
              st.sampled_from(KINDS)),
    max_size=3, unique_by=lambda k: (k[0].casefold(), k[1].casefold()))


@st.composite
def marks_st(draw, kinds: list[str], sampled: int) -> dict[str, Any]:
    return {
        "doc_kind": draw(st.none() | st.sampled_from(kinds)),
        "doc_year": draw(st.none() | st.integers(1945, 2025)),
        "signed": draw(st.booleans()),
        "for_tpb": draw(st.booleans()),
        "kegiatan": draw(st.none() | st.integers(0, sampled - 1)) if sampled else None,
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_marks_survive_a_round_trip(plain, catalog, data):
    kinds = [k.key for k in catalog.edition.evidence_kinds]
    chosen = data.draw(kegiatan_st, label="kegiatan")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(plain, root / "src")
        src = Workspace.open(root / "src", actor="Tim")
        dest = Workspace.create(root / "dest", actor="Penerima", **DEMO_AGENCY)
        try:
            aid = mandiri_2024(src)
            made = [src.sampling.add_kegiatan(aid, opd=o, name=n, code=c, kind=k)
                    for o, n, c, k in chosen]
            for att in src.evidence(aid):
                said = data.draw(marks_st(kinds, len(made)), label=att.title)
                index = said.pop("kegiatan")  # all defaults too: then there is nothing to say
                src.sampling.mark_evidence(
                    att.id, **said, kegiatan_id=made[index].id if index is not None else None)
            src.export_bundle(aid, root / "b.zip")
            result = import_bundle(dest, root / "b.zip")
            back = result.assessment.id
            assert sample(dest, back) == sample(src, aid)
            assert marks(dest, back) == marks(src, aid)
            raw = (root / "b.zip").read_bytes()
            assert manifest_bytes(dest.manifest(back)) == manifest_bytes(parts(raw)[0])
            assert import_bundle(dest, root / "b.zip").status == "unchanged"
        except BundleError as exc:  # pragma: no cover - a failure says why
            pytest.fail(f"refused: {exc}")
        finally:
            src.close()
            dest.close()
