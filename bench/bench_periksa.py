"""Periksa speed: the assessor's findings (basic checks and sufficiency rules) on the full
catalog with 2 sampled kegiatan and 300 attachments.

Target (issue 18): ≤ 50 ms. Measured twice: the pure rules on records in memory, and
``Workspace.findings`` as the TUI's Periksa and ``epss periksa`` call it (reading the database
and asking the vault whether each file exists). Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from epss.core import review, sufficiency
from epss.core.catalog import load_catalog
from epss.core.model import Answer, Attachment, Comment, Kegiatan
from epss.services.workspace import Workspace

RUNS = 31
ATTACHMENTS = 300
KINDS = ("kebijakan", "sk", "sop", "kak", "laporan", "notula", "publikasi", None)


def median_ms(fn, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def records(codes: list[str], rng: random.Random):
    now = "2026-01-01T00:00:00+00:00"
    answers = {c: Answer(indicator=c, level=rng.randint(1, 5), explanation="Penjelasan " * 12,
                         carried_over=False, updated_by="b", updated_at=now) for c in codes}
    previous = {c: a.model_copy(update={"level": max(1, a.level - rng.randint(0, 2))})
                for c, a in answers.items()}
    kegiatan = [Kegiatan(id=i, assessment_id=1, opd=f"Dinas {i}", name=f"Survei {i}", code="",
                         kind="survei", created_at=now) for i in (1, 2)]
    attachments = [Attachment(
        id=i, assessment_id=1, indicator=rng.choice(codes), blob_sha=f"{i:064x}", url=None,
        title=f"Dokumen {i}", note="", media_type="application/pdf", size=1000,
        original_name=None, confidential=False, created_by="b", created_at=now,
        doc_kind=rng.choice(KINDS), doc_year=rng.randint(2019, 2026), signed=rng.random() < .5,
        for_tpb=rng.random() < .8, kegiatan_id=rng.choice((1, 2, None)))
        for i in range(1, ATTACHMENTS + 1)]
    comments = [Comment(id=i, assessment_id=1, indicator=rng.choice(codes), author="r",
                        role="", body="Lengkapi", resolved=rng.random() < .5, created_at=now)
                for i in range(40)]
    return answers, previous, kegiatan, attachments, comments


def main() -> None:
    catalog = load_catalog()
    rng = random.Random(18)
    answers, previous, kegiatan, attachments, comments = records(list(catalog.codes), rng)
    situation = sufficiency.Situation(2026, answers, attachments, kegiatan, previous, comments)

    def pure() -> int:
        found = review.findings(catalog, answers, attachments, lambda sha: True)
        return len(found) + len(sufficiency.findings(catalog, situation))

    print(f"median of {RUNS} runs; {len(catalog.codes)} indicators x 2 kegiatan x "
          f"{ATTACHMENTS} attachments; target <= 50 ms")
    print(f"{'pure rules (review + sufficiency)':<44} {median_ms(pure):7.2f} ms  "
          f"{pure()} findings")

    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace.create(Path(tmp) / "w", name="Kota Bench", kind="kota", code="9979",
                              actor="bench")
        old, new = ws.new_assessment(2024), ws.new_assessment(2026)
        with ws.store.transaction():
            for code, a in answers.items():
                ws.store.put_answer(new.id, code, a.level, a.explanation, False, "bench")
                ws.store.put_answer(old.id, code, previous[code].level, "lama", False, "bench")
            ids = [ws.store.insert_kegiatan(new.id, k.opd, k.name, "", "survei")
                   for k in kegiatan]
            for att in attachments:
                new_id = ws.store.insert_attachment(
                    new.id, att.indicator, blob_sha=None, url=f"https://x.go.id/{att.id}",
                    title=att.title, note="", media_type=None, size=None,
                    original_name=None, confidential=False, actor="bench")
                ws.store.update_attachment(
                    new_id, doc_kind=att.doc_kind, doc_year=att.doc_year,
                    signed=int(att.signed), for_tpb=int(att.for_tpb),
                    kegiatan_id=ids[att.kegiatan_id - 1] if att.kegiatan_id else None)
        count = len(ws.findings(new.id))
        print(f"{'Workspace.findings (database, as Periksa)':<44} "
              f"{median_ms(lambda: ws.findings(new.id)):7.2f} ms  {count} findings")
        ws.close()


if __name__ == "__main__":
    main()
