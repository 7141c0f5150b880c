"""Two processes writing to one workspace at the same time lose nothing."""

import subprocess
import sys
import textwrap

from epss.services.workspace import Workspace

WRITER = textwrap.dedent("""
    import sys
    from epss.services.workspace import Workspace
    root, who, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    ws = Workspace.open(root, actor=who)
    a = ws.assessment(2024)
    codes = list(ws.catalog.codes)
    mine = codes[0::2] if who == "A" else codes[1::2]
    for r in range(rounds):
        for code in mine:
            ws.set_answer(a.id, code, level=1 + (r % 5), explanation=f"{who} putaran {r}")
    ws.close()
""")


def test_two_writers_lose_nothing(tmp_path):
    root = tmp_path / "ws"
    with Workspace.create(root, name="Pemerintah Kota Contoh", kind="kota", code="9971") as ws:
        a = ws.new_assessment(2024)
    rounds = 6
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(root), who, str(rounds)])
        for who in ("A", "B")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with Workspace.open(root) as ws:
        answers = ws.answers(a.id)
        assert len(answers) == 38
        last = rounds - 1
        for i, code in enumerate(ws.catalog.codes):
            who = "A" if i % 2 == 0 else "B"
            assert answers[code].explanation == f"{who} putaran {last}"
            assert answers[code].level == 1 + last % 5
            assert answers[code].updated_by == who
        changes = [e for e in ws.store.events() if e.action == "answer"]
        assert len(changes) == 38 * rounds
        assert ws.doctor() == []
