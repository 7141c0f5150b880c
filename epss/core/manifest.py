"""The manifest of one assessment: everything a committee needs to check a submission, hashed.

The same bytes are written as ``manifest.json`` into an exchange bundle and hashed on the last
page of the dossier, so a committee holding both can check that the printed document and the
data describe the same thing. To make that possible the manifest is a pure function of the stored
data: ``created`` is the time the data last changed (not the time of export), keys are sorted and
the JSON is canonical, so exporting unchanged data twice gives the same hash.

Confidential evidence is listed as redacted (indicator only) unless the user asks to include it:
the count stays honest while the title, file and link stay home.

The sampled kegiatan (``kegiatan``, keyed "k1", "k2", ... in the order they were added, without
database ids) and what each attachment is (its ``marks``, naming its kegiatan by that key) are
written only when there is something to say. A manifest saying them is format version 2; one
without them stays version 1, byte for byte what epss wrote before them, so an older epss still
reads it and tells the user to update when it meets a version 2.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from epss import __version__
from epss.core.model import Agency, Answer, Assessment, Attachment, Kegiatan

FORMAT = "epss-assessment"
FORMAT_VERSION = 2  # the newest version this epss writes and reads
BASE_VERSION = 1  # what a manifest without kegiatan or evidence marks is written as


def build_manifest(agency: Agency, assessment: Assessment, answers: Mapping[str, Answer],
                   attachments: Iterable[Attachment], *, edition: str,
                   include_confidential: bool = False,
                   reported: Mapping[str, str] | None = None,
                   extra: Mapping[str, Any] | None = None,
                   kegiatan: Iterable[Kegiatan] = ()) -> dict[str, Any]:
    """``reported``: what a BPS result letter states (node -> dot-decimal text), so a bundle
    of a BPS result given only as indices carries them. ``kegiatan``: the assessment's sampled
    kegiatan, which the attachments' marks refer to."""
    attachments = sorted(attachments, key=lambda a: (a.indicator, a.id))
    sampled = sorted(kegiatan, key=lambda k: k.id)
    keys = {k.id: f"k{n}" for n, k in enumerate(sampled, 1)}
    stamps = [assessment.updated_at, *(a.updated_at for a in answers.values()),
              *(a.created_at for a in attachments)]
    entries = [_attachment(a, include_confidential, keys) for a in attachments]
    files = {
        a.blob_sha: {"size": a.size, "path": f"evidence/{a.blob_sha}"}
        for a in attachments
        if a.blob_sha and (include_confidential or not a.confidential)
    }
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "format_version": BASE_VERSION,
        "tool_version": __version__,
        "created": max(stamps),
        "edition": edition,
        "agency": {"name": agency.name, "kind": agency.kind, "code": agency.code},
        "assessment": {
            "year": assessment.year,
            "kind": assessment.kind,
            "status": assessment.status,
            "title": assessment.title,
            "source_year": assessment.source_year,
        },
        "answers": [
            {
                "indicator": code,
                "level": answer.level,
                "explanation": answer.explanation,
                "carried_over": answer.carried_over,
                "updated_by": answer.updated_by,
                "updated_at": answer.updated_at,
            }
            for code, answer in sorted(answers.items())
        ],
        "attachments": entries,
        "files": dict(sorted(files.items())),
        "include_confidential": include_confidential,
        "reported": dict(sorted((reported or {}).items())),
    }
    if sampled:
        manifest["kegiatan"] = [{"key": keys[k.id], "opd": k.opd, "name": k.name,
                                 "code": k.code, "kind": k.kind} for k in sampled]
    if sampled or any("marks" in e for e in entries):
        manifest["format_version"] = FORMAT_VERSION
    if extra:
        manifest.update(extra)
    return manifest


# What an attachment is before anyone says (epss.core.model.Attachment): no marks to write.
UNMARKED: dict[str, Any] = {"doc_kind": None, "doc_year": None, "signed": False,
                            "for_tpb": True, "kegiatan": None}


def _attachment(a: Attachment, include_confidential: bool,
                keys: Mapping[int, str]) -> dict[str, Any]:
    if a.confidential and not include_confidential:
        return {"indicator": a.indicator, "confidential": True, "redacted": True}
    marks = {"doc_kind": a.doc_kind, "doc_year": a.doc_year, "signed": a.signed,
             "for_tpb": a.for_tpb,
             "kegiatan": keys.get(a.kegiatan_id) if a.kegiatan_id is not None else None}
    entry: dict[str, Any] = {
        "indicator": a.indicator,
        "kind": "file" if a.blob_sha else "link",
        "title": a.title,
        "note": a.note,
        "sha256": a.blob_sha,
        "size": a.size,
        "media_type": a.media_type,
        "filename": a.original_name,
        "url": a.url,
        "confidential": a.confidential,
        "created_by": a.created_by,
        "created_at": a.created_at,
    }
    if marks != UNMARKED:
        entry["marks"] = marks
    return entry


def manifest_bytes(manifest: Mapping[str, Any]) -> bytes:
    """Canonical JSON: sorted keys, no insignificant whitespace, UTF-8."""
    return json.dumps(manifest, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def manifest_hash(manifest: Mapping[str, Any]) -> str:
    return hashlib.sha256(manifest_bytes(manifest)).hexdigest()
