"""What a BPS assessor (TPB) would challenge in an assessment, before they do.

Pure: it reads answers and attachments and asks a predicate whether a vault file exists, so the
TUI's check screen, the CLI and the dossier all list the same findings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from epss.core.catalog import Catalog
from epss.core.model import Answer, Attachment

SHORT_EXPLANATION = 80  # characters; a penjelasan shorter than this rarely cites its evidence

# Severity order: what changes the score or would be rejected first.
KINDS = {
    "unanswered": "Belum diisi",
    "no_explanation": "Tingkat tanpa penjelasan",
    "no_evidence": "Tingkat 2 ke atas tanpa bukti dukung",
    "missing_file": "Berkas bukti hilang dari brankas",
    "short_explanation": "Penjelasan sangat singkat",
    "carried_over": "Disalin dari tahun lalu, belum ditinjau",
}


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    kind: str  # a KINDS key, or the id of an edition's review rule (epss.core.sufficiency)
    detail: str
    rule_label: str = ""  # a review rule's label; the basic kinds take theirs from KINDS

    @property
    def label(self) -> str:
        return self.rule_label or KINDS[self.kind]


def findings(catalog: Catalog, answers: Mapping[str, Answer],
             attachments: Sequence[Attachment],
             file_exists: Callable[[str], bool]) -> list[Finding]:
    """Every finding, in catalog order and, within an indicator, in the order of KINDS."""
    by_code: dict[str, list[Attachment]] = {}
    for att in attachments:
        by_code.setdefault(att.indicator, []).append(att)
    result: list[Finding] = []
    for ind in catalog.indicators:
        ans = answers.get(ind.code)
        items = by_code.get(ind.code, [])
        level = ans.level if ans else None
        text = (ans.explanation if ans else "").strip()
        if level is None:
            result.append(Finding(ind.code, "unanswered", "pilih tingkat kematangan 1-5"))
        elif not text:
            result.append(Finding(ind.code, "no_explanation",
                                  f"tingkat {level} dipilih tanpa penjelasan"))
        if level is not None and level >= 2 and not items:
            result.append(Finding(ind.code, "no_evidence",
                                  f"tingkat {level} perlu bukti: {ind.evidence[level]}"))
        for att in items:
            if att.blob_sha and not file_exists(att.blob_sha):
                result.append(Finding(ind.code, "missing_file",
                                      f"#{att.id} {att.title} ({att.blob_sha[:12]}…)"))
        if text and len(text) < SHORT_EXPLANATION:
            result.append(Finding(ind.code, "short_explanation",
                                  f"{len(text)} karakter; sebutkan dokumen dan isinya"))
        if ans and ans.carried_over:
            result.append(Finding(ind.code, "carried_over",
                                  "periksa apakah masih berlaku tahun ini"))
    return result
