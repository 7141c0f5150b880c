"""The assessment manifest: a pure, canonical function of the stored data, hashed on the
dossier's last page."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from epss.core.manifest import FORMAT, build_manifest, manifest_bytes, manifest_hash

CONFIDENTIAL_TITLE = "Daftar pegawai fungsional statistisi dan pranata komputer"


@pytest.fixture(scope="module")
def data(demo_ws, demo_aid):
    """The stored records of the demo's 2024 self-assessment, as build_manifest takes them."""
    return {
        "agency": demo_ws.agency,
        "assessment": demo_ws.get_assessment(demo_aid),
        "answers": demo_ws.answers(demo_aid),
        "attachments": demo_ws.evidence(demo_aid),
        "edition": demo_ws.catalog.edition.id,
        "kegiatan": demo_ws.sampling.kegiatan(demo_aid),
    }


def build(data, **changes):
    merged = {**data, **changes}
    return build_manifest(merged["agency"], merged["assessment"], merged["answers"],
                          merged["attachments"], edition=merged["edition"],
                          include_confidential=merged.get("include_confidential", False),
                          kegiatan=merged["kegiatan"])


def confidential(data):
    [found] = [a for a in data["attachments"] if a.confidential]
    return found


def test_same_data_same_bytes_and_hash(data):
    assert manifest_bytes(build(data)) == manifest_bytes(build(data))
    assert manifest_hash(build(data)) == manifest_hash(build(data))


def test_order_of_the_records_does_not_matter(data):
    shuffled = dict(reversed(list(data["answers"].items())))
    assert list(shuffled) != list(data["answers"])
    again = build(data, answers=shuffled, attachments=list(reversed(data["attachments"])))
    assert manifest_bytes(again) == manifest_bytes(build(data))


def test_hash_is_the_sha256_of_the_canonical_bytes(data):
    manifest = build(data)
    digest = manifest_hash(manifest)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert digest == hashlib.sha256(manifest_bytes(manifest)).hexdigest()


def test_canonical_json():
    manifest = {"b": 1, "a": {"d": "≤ Kota Contoh", "c": [1, 2.5, None, True]}}
    assert manifest_bytes(manifest) == (
        '{"a":{"c":[1,2.5,null,true],"d":"≤ Kota Contoh"},"b":1}'.encode()
    )
    assert manifest_bytes(manifest) == manifest_bytes({"a": manifest["a"], "b": 1})


def test_demo_manifest_is_canonical(data):
    raw = manifest_bytes(build(data))
    parsed = json.loads(raw)
    assert raw == json.dumps(parsed, sort_keys=True, separators=(",", ":"),
                             ensure_ascii=False).encode("utf-8")

    def keys_sorted(pairs):
        keys = [k for k, _ in pairs]
        assert keys == sorted(keys)
        return dict(pairs)

    json.loads(raw, object_pairs_hook=keys_sorted)
    assert b"\\u" not in raw  # UTF-8, not ASCII escapes
    assert b'": ' not in raw and b'", "' not in raw


def test_contents(data):
    manifest = build(data)
    # the demo's 2024 sample and evidence marks need version 2 (version 1 has no room for them)
    assert manifest["format"] == FORMAT and manifest["format_version"] == 2
    assert manifest["edition"] == data["edition"]
    assert manifest["agency"] == {"name": "Pemerintah Kota Contoh", "kind": "kota",
                                  "code": "9971"}
    assert manifest["assessment"]["year"] == 2024
    assert manifest["assessment"]["kind"] == "mandiri"
    assert [a["indicator"] for a in manifest["answers"]] == sorted(data["answers"])
    assert len(manifest["answers"]) == 38
    assert len(manifest["attachments"]) == len(data["attachments"]) == 10
    files = [a for a in data["attachments"] if a.blob_sha and not a.confidential]
    assert set(manifest["files"]) == {a.blob_sha for a in files}
    for a in files:
        assert manifest["files"][a.blob_sha]["size"] == a.size


def test_created_is_when_the_data_last_changed(data):
    stamps = [data["assessment"].updated_at,
              *(a.updated_at for a in data["answers"].values()),
              *(a.created_at for a in data["attachments"])]
    assert build(data)["created"] == max(stamps)


def test_changing_one_explanation_changes_the_hash(data):
    answers = dict(data["answers"])
    answers["20101"] = answers["20101"].model_copy(
        update={"explanation": answers["20101"].explanation + "."})
    assert manifest_hash(build(data, answers=answers)) != manifest_hash(build(data))


@pytest.mark.parametrize(
    "change",
    ["level", "explanation_space", "agency", "edition", "sha", "title", "status",
     "drop_attachment", "drop_answer", "mark", "kegiatan_code", "drop_kegiatan"],
)
def test_any_change_changes_the_hash(data, change):
    base = manifest_hash(build(data))
    answers = dict(data["answers"])
    attachments = list(data["attachments"])
    changes = {}
    if change == "level":
        answers["10101"] = answers["10101"].model_copy(update={"level": 4})
    elif change == "explanation_space":
        answers["10101"] = answers["10101"].model_copy(
            update={"explanation": answers["10101"].explanation + " "})
    elif change == "agency":
        changes["agency"] = data["agency"].model_copy(update={"name": "Pemerintah Kota Lain"})
    elif change == "edition":
        changes["edition"] = data["edition"] + "-x"
    elif change == "sha":
        attachments[0] = attachments[0].model_copy(update={"blob_sha": "0" * 64})
    elif change == "title":
        attachments[0] = attachments[0].model_copy(update={"title": "Judul lain"})
    elif change == "status":
        changes["assessment"] = data["assessment"].model_copy(update={"status": "final"})
    elif change == "drop_attachment":
        attachments.pop()
    elif change == "drop_answer":
        answers.pop("50303")
    elif change == "mark":
        attachments[0] = attachments[0].model_copy(update={"signed": not attachments[0].signed})
    elif change == "kegiatan_code":
        first, *rest = data["kegiatan"]
        changes["kegiatan"] = [first.model_copy(update={"code": "K-99.0000.001"}), *rest]
    elif change == "drop_kegiatan":
        changes["kegiatan"] = data["kegiatan"][:-1]
    changed = build(data, answers=answers, attachments=attachments, **changes)
    assert manifest_hash(changed) != base


def test_confidential_evidence_is_redacted_by_default(data):
    secret = confidential(data)
    assert secret.title == CONFIDENTIAL_TITLE
    manifest = build(data)
    raw = manifest_bytes(manifest)
    redacted = [a for a in manifest["attachments"] if a.get("redacted")]
    assert redacted == [{"indicator": secret.indicator, "confidential": True, "redacted": True}]
    for leak in (secret.title, secret.blob_sha, secret.original_name):
        assert leak.encode() not in raw
    assert secret.blob_sha not in manifest["files"]
    assert manifest["include_confidential"] is False


def test_confidential_evidence_is_included_on_request(data):
    secret = confidential(data)
    manifest = build(data, include_confidential=True)
    raw = manifest_bytes(manifest)
    for shown in (secret.title, secret.blob_sha, secret.original_name):
        assert shown.encode() in raw
    assert secret.blob_sha in manifest["files"]
    assert not any(a.get("redacted") for a in manifest["attachments"])
    assert manifest["include_confidential"] is True
    assert manifest_hash(manifest) != manifest_hash(build(data))


def test_redacted_manifest_does_not_depend_on_the_hidden_details(data):
    """Editing a confidential item's title or file must not show through the redaction."""
    attachments = [a.model_copy(update={"title": "lain", "blob_sha": "f" * 64})
                   if a.confidential else a for a in data["attachments"]]
    assert manifest_bytes(build(data, attachments=attachments)) == manifest_bytes(build(data))


def test_dossier_last_page_carries_the_manifest_hash(data, demo_dossier):
    expected = manifest_hash(build(data))
    pdf = demo_dossier.pdf
    last = re.sub(r"\s+", "", pdf.pages[-1])
    assert "Sidikjaridata(manifes)" in last
    assert expected in last
    # and on no other page in full (the cover shows a 16-character prefix)
    assert all(expected not in re.sub(r"\s+", "", page) for page in pdf.pages[:-1])
    assert expected[:16] in pdf.compact


def test_summary_carries_the_same_manifest_hash(data, demo_summary):
    assert manifest_hash(build(data)) in demo_summary.pdf.compact


def test_kegiatan_and_marks_without_ids(data):
    """The sample is listed by key in the order it was added; marks name the key, never a
    database id, and only an attachment something was said about has marks."""
    manifest = build(data)
    sampled = sorted(data["kegiatan"], key=lambda k: k.id)
    assert len(sampled) >= 2
    assert manifest["kegiatan"] == [
        {"key": f"k{n}", "opd": k.opd, "name": k.name, "code": k.code, "kind": k.kind}
        for n, k in enumerate(sampled, 1)]
    keys = {k.id: f"k{n}" for n, k in enumerate(sampled, 1)}
    by_title = {a.title: a for a in data["attachments"] if not a.confidential}
    marked = 0
    for entry in manifest["attachments"]:
        if entry.get("redacted"):
            continue
        att = by_title[entry["title"]]
        said = (att.doc_kind, att.doc_year, att.signed, att.for_tpb, att.kegiatan_id) != (
            None, None, False, True, None)
        assert ("marks" in entry) == said
        if said:
            marked += 1
            assert entry["marks"] == {
                "doc_kind": att.doc_kind, "doc_year": att.doc_year, "signed": att.signed,
                "for_tpb": att.for_tpb, "kegiatan": keys.get(att.kegiatan_id)}
    assert marked
    assert any(a.get("marks", {}).get("kegiatan") for a in manifest["attachments"])


def test_nothing_said_is_version_1_in_the_old_shape(data):
    """Without a sample or marks the manifest is exactly what epss wrote before them (version
    1, no new keys), so its hash and older readers are unaffected."""
    plain = [a.model_copy(update={"doc_kind": None, "doc_year": None, "signed": False,
                                  "for_tpb": True, "kegiatan_id": None})
             for a in data["attachments"]]
    manifest = build(data, attachments=plain, kegiatan=[])
    assert manifest["format_version"] == 1
    assert "kegiatan" not in manifest
    assert not any("marks" in a for a in manifest["attachments"])
    only_sample = build(data, attachments=plain)
    assert only_sample["format_version"] == 2 and only_sample["kegiatan"]
