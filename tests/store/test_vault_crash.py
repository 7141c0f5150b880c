"""Crash test: a process adding a large file is killed (SIGKILL) at random moments.

After every kill no partial blob may be visible, the database must be consistent, `doctor` must
be clean, and at the end adding the same file again must succeed.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from epss.services.workspace import Workspace
from evidence.vault import CHUNK

SIZE = 64 * 1024 * 1024  # 16 chunks of 4 MiB
RANDOM_KILLS = 36  # kills timed from the start of add_evidence
EARLY_KILLS = 4  # kills while the child is still starting up
CODE = "10101"

CHILD = textwrap.dedent("""
    import sys, time
    from epss.services.workspace import Workspace
    ws = Workspace.open(sys.argv[1], actor="anak")
    aid = ws.assessment(2024).id
    print("go", flush=True)
    t0 = time.monotonic()
    ws.add_evidence(aid, "10101", sys.argv[2], title="arsip besar")
    print("done", time.monotonic() - t0, flush=True)
    ws.close()
""")


def _sha_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


@pytest.fixture(scope="module")
def big_file(tmp_path_factory) -> tuple[Path, str]:
    """A valid-looking zip header followed by random bytes, written once per module."""
    path = tmp_path_factory.mktemp("crash-src") / "arsip besar.zip"
    rng = random.Random(20240601)
    with path.open("wb") as f:
        f.write(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 20)
        left = SIZE - 30
        while left:
            n = min(left, CHUNK)
            f.write(rng.randbytes(n))
            left -= n
    assert path.stat().st_size == SIZE
    return path, _sha_file(path)


def _start(root: Path, source: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(root), str(source)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _visible_blobs(evidence: Path) -> list[Path]:
    """Every file directly inside a two-character folder of the vault."""
    if not evidence.is_dir():
        return []
    return [item for sub in evidence.iterdir() if sub.is_dir() and len(sub.name) == 2
            for item in sub.iterdir()]


def _check_after_kill(root: Path, size: int) -> None:
    evidence = root / "evidence"
    for blob in _visible_blobs(evidence):
        assert blob.is_file(), blob
        assert stat.S_IMODE(blob.stat().st_mode) == 0o444, f"writable blob: {blob}"
        assert blob.stat().st_size == size, f"partial blob visible: {blob}"
        assert _sha_file(blob) == blob.parent.name + blob.name, f"blob content differs: {blob}"
    with Workspace.open(root, actor="pemeriksa") as ws:
        assert ws.doctor() == []
        attachments = ws.store.all_attachments()
        for att in attachments:
            assert att.blob_sha and ws.vault.exists(att.blob_sha)
            assert att.size == size
        # an attachment exists exactly when its audit event does (one transaction)
        live: set[int] = set()
        for event in ws.store.events():
            if event.action == "attach":
                live.add(json.loads(event.data)["attachment"])
            elif event.action == "detach":
                live.discard(json.loads(event.data)["attachment"]["id"])
        assert {att.id for att in attachments} == live
    tmp = evidence / "tmp"
    leftovers = list(tmp.iterdir()) if tmp.is_dir() else []
    assert leftovers == [], "doctor did not clean the dead writer's temporary file"


def _reset(root: Path) -> None:
    """Detach and prune so that the next child writes the blob afresh."""
    with Workspace.open(root, actor="pemeriksa") as ws:
        for att in ws.store.all_attachments():
            ws.remove_evidence(att.id)
        ws.prune_evidence()
        assert _visible_blobs(root / "evidence") == []


def _calibrate(root: Path, source: Path) -> tuple[float, float]:
    """Seconds from start to "go" (startup) and from "go" to "done" (one full add)."""
    startup, add = 0.0, 0.0
    for _ in range(2):
        t0 = time.monotonic()
        proc = _start(root, source)
        assert proc.stdout.readline().strip() == "go"
        t1 = time.monotonic()
        assert proc.stdout.readline().startswith("done")
        t2 = time.monotonic()
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        startup, add = max(startup, t1 - t0), max(add, t2 - t1)
        _check_after_kill(root, SIZE)
        _reset(root)
    return startup, add


@pytest.mark.slow  # some 30 kills of a child process: about 25 s
def test_sigkill_during_add_never_leaves_a_partial_blob(tmp_path, big_file):
    source, digest = big_file
    root = tmp_path / "ws"
    with Workspace.create(root, name="Pemerintah Kota Contoh", kind="kota", code="9971",
                          actor="tester") as ws:
        ws.new_assessment(2024)
    startup, add = _calibrate(root, source)
    rng = random.Random()
    # Stratified uniform delays over [0, 1.2 x add]: before, during and after the write.
    window = 1.2 * add
    delays = [(i + rng.random()) * window / RANDOM_KILLS for i in range(RANDOM_KILLS)]
    rng.shuffle(delays)
    plan = [("early", rng.uniform(0, startup)) for _ in range(EARLY_KILLS)]
    plan += [("add", d) for d in delays]
    plan.append(("finished", 0.0))  # killed after it reported success

    outcomes = {"partial tmp": 0, "committed": 0, "nothing": 0}
    for phase, delay in plan:
        proc = _start(root, source)
        try:
            if phase == "early":
                time.sleep(delay)
            else:
                assert proc.stdout.readline().strip() == "go"
                if phase == "finished":
                    assert proc.stdout.readline().startswith("done")
                else:
                    time.sleep(delay)
            os.kill(proc.pid, signal.SIGKILL)
        finally:
            proc.kill()
            proc.communicate(timeout=60)
        tmp = root / "evidence" / "tmp"
        if tmp.is_dir() and any(tmp.iterdir()):
            outcomes["partial tmp"] += 1
        _check_after_kill(root, SIZE)
        with Workspace.open(root) as ws:
            if ws.store.all_attachments():
                outcomes["committed"] += 1
            elif not _visible_blobs(root / "evidence"):
                outcomes["nothing"] += 1
        _reset(root)

    print("kill outcomes:", outcomes)
    assert len(plan) >= 30
    assert outcomes["partial tmp"] >= 1, f"no kill landed during the write: {outcomes}"
    assert outcomes["committed"] >= 1, outcomes

    with Workspace.open(root, actor="tester") as ws:
        a = ws.assessment(2024)
        att, blob = ws.add_evidence(a.id, CODE, source)
        assert blob.sha256 == digest and blob.size == SIZE
        assert att.blob_sha == digest
        again, blob2 = ws.add_evidence(a.id, "10201", source)  # once per indicator
        assert blob2.existed and again.blob_sha == digest
        assert ws.doctor() == []
        assert _sha_file(ws.evidence_path(att)) == digest
