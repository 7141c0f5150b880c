"""Evidence (bukti dukung) through the workspace: attach, link, remove, export, verify, prune."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from epss.core.errors import WorkspaceError
from epss.core.validate import MAX_URL, check_url
from epss.services.workspace import Workspace

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
PDF2 = PDF.replace(b"/Count 0", b"/Count 0 /Dummy 1")
TXT = b"Daftar data prioritas Kota Contoh tahun 2024.\n" * 4
HTML = b"<!DOCTYPE html><html><body>Halaman login</body></html>\n"
CODE, CODE2 = "10101", "10201"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def ws(workspace):
    return workspace


@pytest.fixture
def a(ws):
    return ws.new_assessment(2024)


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "unggah"
    folder.mkdir()

    def make(name: str, data: bytes) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return make


def vault_files(ws: Workspace) -> list[Path]:
    root = ws.root / "evidence"
    return sorted(p for p in root.rglob("*") if not p.is_dir()) if root.exists() else []


def events(ws: Workspace, action: str) -> list[dict]:
    return [json.loads(e.data) for e in ws.store.events() if e.action == action]


# -- attaching files ----------------------------------------------------------------------------


def test_add_evidence_records_the_attachment_and_an_event(ws, a, files):
    path = files("Perwali Satu Data.pdf", PDF)
    att, blob = ws.add_evidence(a.id, CODE, path, title="Perwali 12/2023", note="halaman 3")
    assert blob.sha256 == sha(PDF) and not blob.existed
    assert att.assessment_id == a.id
    assert att.indicator == CODE
    assert att.blob_sha == sha(PDF)
    assert att.url is None
    assert att.title == "Perwali 12/2023"
    assert att.note == "halaman 3"
    assert att.size == len(PDF)
    assert att.media_type == "application/pdf"
    assert att.original_name == "Perwali Satu Data.pdf"
    assert att.confidential is False
    assert att.created_by == "tester"
    assert att.created_at
    assert ws.evidence(a.id, CODE) == [att]
    assert ws.evidence(a.id, CODE2) == []
    assert ws.evidence_path(att).read_bytes() == PDF
    attach = events(ws, "attach")
    assert len(attach) == 1
    assert attach[0]["sha256"] == sha(PDF)
    assert attach[0]["indicator"] == CODE
    assert attach[0]["attachment"] == att.id
    assert ws.store.events()[-1].actor == "tester"
    assert ws.doctor() == []


def test_add_evidence_title_defaults_to_file_name(ws, a, files):
    att, _ = ws.add_evidence(a.id, CODE, files("SK Walidata.pdf", PDF))
    assert att.title == "SK Walidata.pdf"


def test_add_evidence_records_who(tmp_path, ws, a, files):
    path = files("a.pdf", PDF)
    with Workspace.open(ws.root, actor="operator-2") as other:
        att, _ = other.add_evidence(a.id, CODE, path, confidential=True)
    assert att.created_by == "operator-2"
    assert att.confidential is True
    assert ws.store.events()[-1].actor == "operator-2"


def test_same_file_twice_is_one_blob_two_attachments(ws, a, files):
    path = files("a.pdf", PDF)
    first, b1 = ws.add_evidence(a.id, CODE, path)
    second, b2 = ws.add_evidence(a.id, CODE2, path)
    assert (b1.existed, b2.existed) == (False, True)
    assert first.blob_sha == second.blob_sha
    assert len(vault_files(ws)) == 1


def test_refused_file_stores_nothing(ws, a, files):
    before = len(ws.store.events())
    with pytest.raises(WorkspaceError, match="HTML"):
        ws.add_evidence(a.id, CODE, files("halaman.pdf", HTML))
    with pytest.raises(WorkspaceError, match="tidak diterima"):
        ws.add_evidence(a.id, CODE, files("setup.exe", PDF))
    with pytest.raises(WorkspaceError, match="folder"):
        ws.add_evidence(a.id, CODE, files("x.pdf", PDF).parent)
    assert ws.evidence(a.id) == []
    assert len(ws.store.events()) == before
    assert vault_files(ws) == []


def test_unknown_indicator_and_assessment_are_refused(ws, a, files):
    path = files("a.pdf", PDF)
    with pytest.raises(WorkspaceError):
        ws.add_evidence(a.id, "99999", path)
    with pytest.raises(WorkspaceError):
        ws.add_evidence(a.id + 100, CODE, path)
    with pytest.raises(WorkspaceError):
        ws.link_evidence(a.id, "99999", "https://example.com/")
    assert ws.evidence(a.id) == []
    assert vault_files(ws) == []


def test_over_long_title_or_note_is_refused(ws, a, files):
    path = files("a.pdf", PDF)
    with pytest.raises(WorkspaceError, match="judul"):
        ws.add_evidence(a.id, CODE, path, title="x" * 201)
    with pytest.raises(WorkspaceError, match="catatan"):
        ws.link_evidence(a.id, CODE, "https://example.com/", note="x" * 2001)
    assert ws.evidence(a.id) == []
    assert vault_files(ws) == []


def test_size_limit_and_warning_come_from_settings(ws, a, files):
    mib = 1024 * 1024
    ws.set_setting("evidence_warn_mib", 1)  # first: the limit may not go below the warning
    ws.set_setting("evidence_max_mib", 1)
    big = files("besar.txt", (TXT * (mib // len(TXT) + 2))[: mib + 1])
    with pytest.raises(WorkspaceError, match="batas"):
        ws.add_evidence(a.id, CODE, big)
    assert vault_files(ws) == []
    assert ws.evidence(a.id) == []
    ws.set_setting("evidence_max_mib", 2)
    _, blob = ws.add_evidence(a.id, CODE, big)
    assert len(blob.warnings) == 1 and "formulir unggah" in blob.warnings[0]
    _, small = ws.add_evidence(a.id, CODE, files("kecil.txt", TXT))
    assert small.warnings == ()


def test_non_utf8_file_name_is_kept_readably(ws, a, tmp_path):
    raw = os.path.join(os.fsencode(tmp_path), b"laporan\xff.pdf")
    with open(raw, "wb") as f:
        f.write(PDF)
    att, _ = ws.add_evidence(a.id, CODE, os.fsdecode(raw))
    assert att.original_name == "laporan\\xff.pdf"
    assert att.title == "laporan\\xff.pdf"
    assert ws.doctor() == []


def test_check_evidence_files_lists_every_refusal(ws, files):
    good = files("baik.pdf", PDF)
    html = files("halaman.pdf", HTML)
    exe = files("setup.exe", PDF)
    problems = ws.check_evidence_files([good, html, exe])
    assert len(problems) == 2
    assert "HTML" in problems[0] and "halaman.pdf" in problems[0]
    assert "setup.exe" in problems[1]
    assert ws.check_evidence_files([good]) == []
    assert vault_files(ws) == []


# -- links --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://drive.google.com/drive/folders/1AbCdE?usp=sharing",
        "http://satudata.kotacontoh.go.id/dataset/penduduk-2024",
        "HTTPS://Data.Example.go.id/Path?q=Satu%20Data#bagian",
        "https://192.168.1.10:8080/berkas",
        "https://[2001:db8::1]/x",
        "https://localhost/x",
    ],
)
def test_link_accepts_http_and_https_stored_as_given(ws, a, url):
    att = ws.link_evidence(a.id, CODE, url, title="Portal")
    assert att.url == url
    assert att.blob_sha is None and att.size is None and att.media_type is None
    assert att.title == "Portal"
    assert att.created_by == "tester"
    assert events(ws, "link")[-1]["url"] == url


def test_link_trims_surrounding_space_and_titles_itself(ws, a):
    att = ws.link_evidence(a.id, CODE, "  https://satudata.contoh.go.id/dataset/apbd  ")
    assert att.url == "https://satudata.contoh.go.id/dataset/apbd"
    assert att.title == "satudata.contoh.go.id/dataset/apbd"


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "ftp://files.example.com/laporan.pdf",
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "file:///etc/passwd",
        "mailto:walidata@example.go.id",
        "data:text/html,<b>x</b>",
        "drive.google.com/drive/folders/1",
        "http://",
        "https:///jalur/saja",
        "http:example.com",
        "https://exa mple.com/",
        "https://example.com/laporan tahunan.pdf",
        "https://example.com/\tx",
        "https://example.com/\nx",
        "https://example..com/",
        "https://-contoh-.com/",
        "https://example.com:99999/",
        "https://example.com/" + "a" * MAX_URL,
    ],
)
def test_link_refuses_bad_urls(ws, a, url):
    with pytest.raises(WorkspaceError):
        ws.link_evidence(a.id, CODE, url)
    with pytest.raises(WorkspaceError):
        check_url(url)
    assert ws.evidence(a.id) == []
    assert events(ws, "link") == []


def test_link_at_the_length_limit_is_accepted(ws, a):
    url = "https://example.com/"
    url += "a" * (MAX_URL - len(url))
    assert len(url) == MAX_URL
    assert ws.link_evidence(a.id, CODE, url).url == url


# -- remove and confidential --------------------------------------------------------------------


def test_remove_detaches_but_keeps_the_blob(ws, a, files):
    att, blob = ws.add_evidence(a.id, CODE, files("a.pdf", PDF))
    link = ws.link_evidence(a.id, CODE, "https://example.com/")
    removed = ws.remove_evidence(att.id)
    assert removed.id == att.id
    assert [x.id for x in ws.evidence(a.id)] == [link.id]
    assert ws.vault.exists(blob.sha256)  # stays until pruned
    detach = events(ws, "detach")
    assert len(detach) == 1 and detach[0]["attachment"]["id"] == att.id
    ws.remove_evidence(link.id)
    assert ws.evidence(a.id) == []
    with pytest.raises(WorkspaceError, match="tidak ada"):
        ws.remove_evidence(att.id)
    assert ws.doctor() == []


def test_confidential_toggle(ws, a, files):
    att, _ = ws.add_evidence(a.id, CODE, files("a.pdf", PDF))
    assert att.confidential is False
    on = ws.set_evidence_confidential(att.id, True)
    assert on.confidential is True
    assert ws.evidence(a.id)[0].confidential is True
    off = ws.set_evidence_confidential(att.id, False)
    assert off.confidential is False
    changes = events(ws, "confidential")
    assert [(c["before"], c["after"]) for c in changes] == [(False, True), (True, False)]
    with pytest.raises(WorkspaceError):
        ws.set_evidence_confidential(att.id + 99, True)


def test_final_assessment_refuses_every_evidence_change(ws, a, files):
    att, _ = ws.add_evidence(a.id, CODE, files("a.pdf", PDF))
    ws.set_status(a.id, "final")
    before = len(ws.store.events())
    with pytest.raises(WorkspaceError, match="final"):
        ws.add_evidence(a.id, CODE, files("b.txt", TXT))
    with pytest.raises(WorkspaceError, match="final"):
        ws.link_evidence(a.id, CODE, "https://example.com/")
    with pytest.raises(WorkspaceError, match="final"):
        ws.remove_evidence(att.id)
    with pytest.raises(WorkspaceError, match="final"):
        ws.set_evidence_confidential(att.id, True)
    assert ws.evidence(a.id) == [att]
    assert len(ws.store.events()) == before
    assert vault_files(ws) == [ws.evidence_path(att)]  # b.txt was not stored


# -- export -------------------------------------------------------------------------------------


def test_export_writes_readable_names_per_indicator(ws, a, files, tmp_path):
    pdf_att, _ = ws.add_evidence(a.id, CODE, files("unduhan (3).pdf", PDF),
                                 title="Perwali 12/2023 Satu Data")
    txt_att, _ = ws.add_evidence(a.id, CODE, files("daftar.txt", TXT), title="Daftar data.txt")
    ws.link_evidence(a.id, CODE, "https://satudata.contoh.go.id/", title="Portal Satu Data")
    ws.add_evidence(a.id, CODE2, files("lain.pdf", PDF2))
    ws.link_evidence(a.id, CODE2, "https://example.com/meta", title="Metadata")
    dest = tmp_path / "ekspor"
    written = ws.export_evidence(a.id, dest)

    folders = sorted(p.name for p in dest.iterdir())
    assert len(folders) == 2
    name1 = ws.catalog.indicator(CODE).name
    assert folders[0].startswith(f"{CODE} ") and name1[:20] in folders[0]
    assert folders[1].startswith(f"{CODE2} ")
    one = dest / folders[0]
    names = sorted(p.name for p in one.iterdir())
    assert names == ["01 Perwali 12_2023 Satu Data.pdf", "02 Daftar data.txt", "tautan.txt"]
    assert (one / names[0]).read_bytes() == PDF
    assert (one / names[1]).read_bytes() == TXT
    assert (one / "tautan.txt").read_text(encoding="utf-8") == (
        "03\tPortal Satu Data\thttps://satudata.contoh.go.id/\n")  # the dossier's number
    two = dest / folders[1]
    assert sorted(p.name for p in two.iterdir()) == ["04 lain.pdf", "tautan.txt"]
    assert "https://example.com/meta" in (two / "tautan.txt").read_text(encoding="utf-8")
    assert sorted(written) == sorted(p for p in dest.rglob("*") if p.is_file())
    assert pdf_att.blob_sha and txt_att.blob_sha


def test_export_numbers_as_the_dossier_and_cuts_names_at_words(ws, a, files, tmp_path):
    from epss.services.dossier import build_context

    long_title = "Laporan " + "pelaksanaan kegiatan statistik sektoral " * 4
    ws.add_evidence(a.id, CODE2, files("lain.pdf", PDF2), title=long_title)
    ws.add_evidence(a.id, CODE, files("a.pdf", PDF), title="SK Walidata")
    written = ws.export_evidence(a.id, tmp_path / "ekspor")
    numbers = {item["title"]: item["number"]
               for item in build_context(ws, a.id)["evidence_index"]}
    by_name = {p.name: p for p in written}
    for title, number in numbers.items():
        name = next(n for n in by_name if n.startswith(f"{number:02d} "))
        stem = name[3:].removesuffix(".pdf")
        assert title.startswith(stem) and len(stem) <= 80
        assert title[len(stem):][:1] in ("", " "), "cut inside a word"
    for path in written:
        assert len(path.parent.name) <= 80 and not path.parent.name.endswith(" ")


def test_export_into_an_empty_existing_folder(ws, a, files, tmp_path):
    ws.add_evidence(a.id, CODE, files("a.pdf", PDF))
    dest = tmp_path / "kosong"
    dest.mkdir()
    assert len(ws.export_evidence(a.id, dest)) == 1


def test_export_refuses_a_non_empty_destination(ws, a, files, tmp_path):
    ws.add_evidence(a.id, CODE, files("a.pdf", PDF))
    dest = tmp_path / "isi"
    dest.mkdir()
    (dest / "lama.txt").write_text("jangan ditimpa")
    with pytest.raises(WorkspaceError, match="tidak kosong"):
        ws.export_evidence(a.id, dest)
    assert sorted(p.name for p in dest.iterdir()) == ["lama.txt"]
    a_file = tmp_path / "berkas"
    a_file.write_text("x")
    with pytest.raises(WorkspaceError):
        ws.export_evidence(a.id, a_file)


def test_export_refuses_when_a_blob_is_missing(ws, a, files, tmp_path):
    att, _ = ws.add_evidence(a.id, CODE, files("a.pdf", PDF))
    path = ws.evidence_path(att)
    path.chmod(0o644)
    path.unlink()
    with pytest.raises(WorkspaceError, match="doctor"):
        ws.export_evidence(a.id, tmp_path / "ekspor")


# -- integrity ----------------------------------------------------------------------------------


def _flip_byte(path: Path) -> None:
    path.chmod(stat.S_IMODE(path.stat().st_mode) | stat.S_IWUSR)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x20
    path.write_bytes(bytes(data))
    path.chmod(0o444)


def test_doctor_names_a_tampered_blob_and_who_uses_it(ws, a, files):
    good, _ = ws.add_evidence(a.id, CODE, files("a.pdf", PDF), title="Perwali")
    bad, _ = ws.add_evidence(a.id, CODE2, files("b.txt", TXT), title="Daftar data")
    assert ws.doctor() == []
    _flip_byte(ws.evidence_path(bad))
    problems = ws.verify_evidence()
    assert len(problems) == 1
    assert bad.blob_sha in problems[0]
    assert "rusak" in problems[0]
    assert f"#{bad.id}" in problems[0] and CODE2 in problems[0] and "Daftar data" in problems[0]
    assert good.blob_sha not in problems[0]
    doctor = ws.doctor()
    assert len(doctor) == 1 and bad.blob_sha in doctor[0]


def test_doctor_names_a_deleted_blob_and_who_uses_it(ws, a, files):
    att, _ = ws.add_evidence(a.id, CODE, files("a.pdf", PDF), title="Perwali")
    path = ws.evidence_path(att)
    path.chmod(0o644)
    path.unlink()
    assert [m.id for m in ws.missing_evidence()] == [att.id]
    problems = ws.verify_evidence()
    assert len(problems) == 1
    assert att.blob_sha in problems[0] and "hilang" in problems[0]
    assert f"#{att.id}" in problems[0] and "Perwali" in problems[0]
    doctor = ws.doctor()
    assert len(doctor) == 1 and att.blob_sha in doctor[0]


def test_doctor_is_clean_with_unreferenced_blobs(ws, a, files):
    att, _ = ws.add_evidence(a.id, CODE, files("a.pdf", PDF))
    ws.remove_evidence(att.id)
    assert ws.unreferenced_evidence() == [att.blob_sha]
    assert ws.doctor() == []


# -- prune --------------------------------------------------------------------------------------


def test_prune_deletes_only_unreferenced_blobs(ws, files):
    old = ws.new_assessment(2023)
    kept_old, _ = ws.add_evidence(old.id, CODE, files("lama.txt", TXT))
    new = ws.new_assessment(2024, from_year=2023)
    carried = ws.evidence(new.id)
    assert [c.blob_sha for c in carried] == [kept_old.blob_sha]
    gone, _ = ws.add_evidence(new.id, CODE, files("a.pdf", PDF))
    kept, _ = ws.add_evidence(new.id, CODE2, files("b.pdf", PDF2))
    ws.remove_evidence(gone.id)
    ws.remove_evidence(carried[0].id)  # 2023 still references this blob
    assert ws.unreferenced_evidence() == [gone.blob_sha]
    assert ws.vault.exists(gone.blob_sha)  # listing deletes nothing

    assert ws.prune_evidence() == [gone.blob_sha]
    assert not ws.vault.exists(gone.blob_sha)
    assert ws.vault.exists(kept.blob_sha)
    assert ws.vault.exists(kept_old.blob_sha)
    assert events(ws, "prune") == [{"deleted": [gone.blob_sha]}]
    assert ws.prune_evidence() == []
    assert len(events(ws, "prune")) == 1
    assert ws.doctor() == []


def test_prune_from_another_process_during_an_add_keeps_the_new_blob(ws, a, files, monkeypatch):
    from evidence import Vault

    other = Workspace.open(ws.root, actor="operator-2")
    real_put = Vault.put

    pruned = []

    def put_then_someone_prunes(self, *args, **kwargs):
        blob = real_put(self, *args, **kwargs)
        if not pruned:  # another user runs `epss prune` right after the first store
            pruned.extend(other.prune_evidence())
        return blob

    monkeypatch.setattr(Vault, "put", put_then_someone_prunes)
    try:
        att, _ = ws.add_evidence(a.id, CODE, files("a.pdf", PDF))
    finally:
        other.close()
    assert pruned == [att.blob_sha]  # the race really happened
    assert ws.vault.exists(att.blob_sha)
    assert ws.doctor() == []


# -- the same evidence twice, links with credentials ------------------------------------------


def test_same_file_twice_on_one_indicator_is_refused(ws, refused, a, files):
    first, _ = ws.add_evidence(a.id, CODE, files("perwali.pdf", PDF))
    copy = files("salinan perwali.pdf", PDF)  # the same bytes under another name
    refused(ws, lambda: ws.add_evidence(a.id, CODE, copy, title="Lagi"),
            f"sudah dilampirkan sebagai #{first.id}", "salinan perwali.pdf")
    # another indicator, or another assessment, may use the same file
    ws.add_evidence(a.id, CODE2, files("salinan perwali.pdf", PDF))
    other = ws.new_assessment(2025)
    ws.add_evidence(other.id, CODE, files("perwali.pdf", PDF))


def test_same_file_refused_even_when_its_vault_copy_was_pruned_away(ws, a, files):
    """The check is on the attachment, not on what the vault happens to hold."""
    first, blob = ws.add_evidence(a.id, CODE, files("perwali.pdf", PDF))
    ws.vault.delete(blob.sha256)
    with pytest.raises(WorkspaceError, match=f"#{first.id}"):
        ws.add_evidence(a.id, CODE, files("perwali.pdf", PDF))
    assert [x.id for x in ws.evidence(a.id)] == [first.id]


@pytest.mark.parametrize(("first", "again"), [
    ("https://drive.google.com/drive/folders/1AbC?usp=sharing",
     "https://drive.google.com/drive/folders/1AbC?usp=sharing"),
    ("https://data.contoh.go.id/dataset", "  https://data.contoh.go.id/dataset "),
    ("https://Data.Contoh.go.id/dataset", "HTTPS://data.contoh.go.id:443/dataset"),
    ("http://data.contoh.go.id", "http://DATA.contoh.go.id:80/"),
    ("https://[2001:db8::1]/x", "https://[2001:DB8::1]:443/x"),
])
def test_same_link_twice_on_one_indicator_is_refused(ws, refused, a, first, again):
    att = ws.link_evidence(a.id, CODE, first)
    refused(ws, lambda: ws.link_evidence(a.id, CODE, again, title="Lagi"),
            f"sudah dilampirkan sebagai #{att.id}")
    assert ws.link_evidence(a.id, CODE2, again).url == again.strip()


@pytest.mark.parametrize("other", [
    "https://data.contoh.go.id/Dataset",  # paths are case-sensitive
    "https://data.contoh.go.id/dataset/",  # another resource for a server
    "https://data.contoh.go.id/dataset?page=2",
    "https://data.contoh.go.id/dataset#bagian-2",
    "http://data.contoh.go.id/dataset",  # another scheme
    "https://data.contoh.go.id:8443/dataset",
])
def test_links_that_differ_are_both_kept(ws, a, other):
    ws.link_evidence(a.id, CODE, "https://data.contoh.go.id/dataset")
    assert ws.link_evidence(a.id, CODE, other).url == other
    assert len(ws.evidence(a.id, CODE)) == 2


@pytest.mark.parametrize("url", [
    "https://walidata:rahasia123@data.contoh.go.id/dataset",
    "https://walidata@data.contoh.go.id/dataset",
    "https://:rahasia@data.contoh.go.id/",
    "http://data.contoh.go.id@penipu.example/login",
])
def test_link_with_user_and_password_is_refused(ws, a, url):
    with pytest.raises(WorkspaceError, match="kata sandi"):
        check_url(url)
    with pytest.raises(WorkspaceError, match="kata sandi") as info:
        ws.link_evidence(a.id, CODE, url)
    assert "rahasia123" not in str(info.value)  # a refusal does not echo the password
    assert ws.evidence(a.id) == [] and events(ws, "link") == []


def test_link_with_at_sign_in_its_path_is_accepted(ws, a):
    url = "https://data.contoh.go.id/@walidata/dataset?by=a@b"
    assert ws.link_evidence(a.id, CODE, url).url == url


def test_check_evidence_files_refuses_a_duplicate_within_the_batch(ws, a, files):
    one = files("perwali.pdf", PDF)
    two = files("perwali (1).pdf", PDF)
    other = files("catatan.txt", TXT)
    problems = ws.check_evidence_files([one, other, two], assessment_id=a.id, code=CODE)
    assert len(problems) == 1
    assert "perwali (1).pdf" in problems[0] and "perwali.pdf" in problems[0]
    assert ws.check_evidence_files([one, two]) == problems  # needs no assessment
    assert ws.check_evidence_files([one, other], assessment_id=a.id, code=CODE) == []
    assert vault_files(ws) == [] and ws.evidence(a.id) == []


def test_check_evidence_files_refuses_a_file_already_attached(ws, snapshot, a, files):
    att, _ = ws.add_evidence(a.id, CODE, files("perwali.pdf", PDF))
    before = snapshot(ws)
    batch = [files("baru.txt", TXT), files("perwali-lagi.pdf", PDF)]
    problems = ws.check_evidence_files(batch, assessment_id=a.id, code=CODE)
    assert len(problems) == 1
    assert "perwali-lagi.pdf" in problems[0]
    assert f"sudah dilampirkan sebagai #{att.id}" in problems[0]
    assert ws.check_evidence_files(batch, assessment_id=a.id, code=CODE2) == []
    assert snapshot(ws) == before
