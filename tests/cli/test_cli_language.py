"""The command line speaks Indonesian in one line per error (issue 15).

Click's usage errors, its help words, pydantic's validation messages and parser failures on
absurd input all reach the user as ``epss: error: ...`` in Indonesian, exit code 2.
"""

import json
import re
from typing import Annotated, Literal

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from epss.cli import main
from epss.core.messages import validation_message


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("ws") / "blitar"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(root), "--agency", "Pemerintah Kota Blitar",
                                "--kind", "kota", "--code", "3572"]).exit_code == 0
    assert runner.invoke(main, ["-w", str(root), "assessment", "new", "--year", "2024"]
                         ).exit_code == 0
    assert runner.invoke(main, ["-w", str(root), "answer", "10101", "--level", "3"]
                         ).exit_code == 0
    return root


def error_line(args, **kwargs) -> str:
    result = CliRunner().invoke(main, args, **kwargs)
    assert result.exit_code == 2, (result.output, result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("epss: error: ")
    return lines[0]


# -- 1. click's usage errors --------------------------------------------------------------------

USAGE_ERRORS = [
    (["score", "--year", "abc"],
     "epss: error: --year: 'abc' bukan bilangan bulat (coba `epss score --help`)"),
    (["evidence", "remove", "abc"],
     "epss: error: ID: 'abc' bukan bilangan bulat (coba `epss evidence remove --help`)"),
    (["evidence", "remove"],
     "epss: error: ID belum diberikan (coba `epss evidence remove --help`)"),
    (["score", "--bogus"],
     "epss: error: opsi tidak dikenal: --bogus (coba `epss score --help`)"),
    (["score", "--jsn"],
     "epss: error: opsi tidak dikenal: --jsn; mungkin maksud Anda --json "
     "(coba `epss score --help`)"),
    (["score", "--kind", "swasta"],
     "epss: error: --kind: 'swasta' tidak dikenal; pilih salah satu: mandiri, badan, target "
     "(coba `epss score --help`)"),
    (["init", "x", "--agency", "Kota X", "--code", "3572"],
     "epss: error: opsi --kind wajib diisi; pilih salah satu: provinsi, kabupaten, kota, "
     "kementerian, lembaga (coba `epss init --help`)"),
    (["init", "x", "--kind", "kota", "--code", "3572"],
     "epss: error: opsi --agency wajib diisi (coba `epss init --help`)"),
    (["score", "--year"], "epss: error: opsi --year memerlukan nilai (coba `epss score --help`)"),
    (["score", "--json=ya"],
     "epss: error: opsi --json tidak menerima nilai (coba `epss score --help`)"),
    (["compare", "--years", "2023"],
     "epss: error: opsi --years memerlukan 2 nilai (coba `epss compare --help`)"),
    (["catalog", "lebih"], "epss: error: argumen berlebih: lebih (coba `epss catalog --help`)"),
    (["skor"],
     "epss: error: perintah tidak dikenal: skor; mungkin maksud Anda score (coba `epss --help`)"),
    (["evidence"],
     "epss: error: perintah belum diberikan; pilih salah satu: add, confidential, export, link, "
     "list, mark, prune, remove, verify (coba `epss evidence --help`)"),
    (["-w"], "epss: error: opsi -w memerlukan nilai (coba `epss --help`)"),
    (["assessment", "-w", "."],  # options but no subcommand: click's "Missing command."
     "epss: error: perintah belum diberikan; pilih salah satu: delete, draft, final, list, new, "
     "reported (coba `epss assessment --help`)"),
]


@pytest.mark.parametrize(("args", "expected"), USAGE_ERRORS,
                         ids=[" ".join(a) for a, _ in USAGE_ERRORS])
def test_usage_errors_are_one_indonesian_line(tmp_path, monkeypatch, args, expected):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("EPSS_WORKSPACE", str(tmp_path / "tidak-dipakai"))
    assert error_line(args) == expected
    assert list(tmp_path.iterdir()) == []


def test_workspace_that_is_a_file(tmp_path):
    path = tmp_path / "catatan.txt"
    path.write_text("bukan workspace\n")
    assert error_line(["-w", str(path), "score"]) == (
        f"epss: error: --workspace/-w: {path} adalah berkas, bukan folder (coba `epss --help`)")
    assert error_line(["score", "-w", str(path)]) == (
        f"epss: error: --workspace/-w: {path} adalah berkas, bukan folder "
        "(coba `epss score --help`)")


def test_negative_setting_reaches_the_rule_and_changes_nothing(workspace, snapshot):
    before = snapshot(workspace)
    line = error_line(["-w", str(workspace), "setting", "evidence_max_mib", "-1"])
    assert line == "epss: error: evidence_max_mib harus antara 1 dan 10240"
    assert snapshot(workspace) == before


def test_a_file_name_with_a_newline_stays_on_one_line(tmp_path):
    line = error_line(["score", "--answers", str(tmp_path / "baris\nbaru.json")])
    assert line.endswith("baris baru.json: berkas tidak ada")


def test_help_is_indonesian_including_clicks_words():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Pemakaian: epss [OPSI] PERINTAH [ARGUMEN]...\n")
    for words in ("\nOpsi:\n", "\nPerintah:\n", "Tampilkan bantuan ini lalu keluar.",
                  "Tampilkan versi lalu keluar.", "-w, --workspace FOLDER"):
        assert words in out
    for english in ("Usage:", "Options:", "Commands:", "Show this message and exit.",
                    "Show the version"):
        assert english not in out
    score = CliRunner().invoke(main, ["score", "--help"]).stdout
    assert "[bawaan: mandiri]" in score and "--year TAHUN" in score
    assert "[default" not in score and "INTEGER" not in score
    init = CliRunner().invoke(main, ["init", "--help"]).stdout
    assert "[wajib]" in init and "[required]" not in init
    assert init.startswith("Pemakaian: epss init [OPSI] [FOLDER]\n")


def test_version_is_indonesian():
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert re.fullmatch(r"epss versi \S+\n", result.stdout)


def test_ctrl_c_or_end_of_input_at_a_prompt_is_one_line(workspace, monkeypatch, snapshot):
    from epss.cli import assessment as cli_assessment

    monkeypatch.setattr(cli_assessment, "stdin_is_terminal", lambda: True)
    before = snapshot(workspace)
    result = CliRunner().invoke(main, ["-w", str(workspace), "assessment", "delete",
                                       "--year", "2024"], input="")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "Dibatalkan."
    assert "Aborted" not in result.output
    assert snapshot(workspace) == before


# -- 2. --workspace after the subcommand ----------------------------------------------------------

def test_workspace_option_after_the_subcommand(workspace, tmp_path):
    runner = CliRunner()
    before = runner.invoke(main, ["-w", str(workspace), "score", "--json"])
    after = runner.invoke(main, ["score", "-w", str(workspace), "--json"])
    assert before.exit_code == after.exit_code == 0, after.output
    assert json.loads(after.stdout) == json.loads(before.stdout)
    assert json.loads(after.stdout)["answered"] == 1
    listing = runner.invoke(main, ["evidence", "list", "--workspace", str(workspace), "--json"])
    assert listing.exit_code == 0, listing.output
    assert json.loads(listing.stdout) == []
    grouped = runner.invoke(main, ["assessment", "-w", str(workspace), "list", "--json"])
    assert grouped.exit_code == 0, grouped.output
    assert [a["year"] for a in json.loads(grouped.stdout)] == [2024]


def test_workspace_after_the_subcommand_wins(workspace, tmp_path):
    result = CliRunner().invoke(main, ["-w", str(tmp_path / "lain"), "score",
                                       "-w", str(workspace), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answered"] == 1
    assert not (tmp_path / "lain").exists()


# -- 3. pydantic's messages, translated --------------------------------------------------------

class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=3, max_length=5)] = "abc"
    code: Annotated[str, Field(pattern=r"^\d{2,4}$")] = "35"
    level: Annotated[int, Field(ge=1, le=5, strict=True)] = 1
    year: Annotated[int, Field(gt=2000, lt=2100)] = 2024
    weight: float = 1.0
    confidential: bool = False
    kind: Literal["mandiri", "badan", "target"] = "mandiri"
    levels: Annotated[list[int], Field(min_length=1, max_length=2)] = [1]
    note: dict[str, int] = {}
    url: str = ""

    @field_validator("url")
    @classmethod
    def _http(cls, value: str) -> str:
        if value and not value.startswith("http"):
            raise ValueError("tautan harus http atau https")
        return value


class _Required(BaseModel):
    title: str


TRANSLATED = [
    ({"name": "ab"}, "name: paling sedikit 3 karakter"),                  # string_too_short
    ({"name": "abcdef"}, "name: paling banyak 5 karakter"),               # string_too_long
    ({"name": 5}, "name: harus berupa teks"),                             # string_type
    ({"code": "3x"}, "code: bentuknya tidak sah"),                        # string_pattern_mismatch
    ({"level": "3"}, "level: harus bilangan bulat"),                      # int_type
    ({"year": "dua ribu"}, "year: harus bilangan bulat"),                 # int_parsing
    ({"year": 2024.5}, "year: harus bilangan bulat, bukan pecahan"),      # int_from_float
    ({"level": 0}, "level: paling kecil 1"),                              # greater_than_equal
    ({"level": 6}, "level: paling besar 5"),                              # less_than_equal
    ({"year": 2000}, "year: harus lebih dari 2000"),                      # greater_than
    ({"year": 2100}, "year: harus kurang dari 2100"),                     # less_than
    ({"weight": "berat"}, "weight: harus angka"),                         # float_parsing
    ({"weight": [1]}, "weight: harus angka"),                             # float_type
    ({"confidential": "mungkin"}, "confidential: harus ya atau tidak (true/false)"),
    ({"kind": "swasta"}, "kind: harus salah satu dari 'mandiri', 'badan' atau 'target'"),
    ({"levels": 3}, "levels: harus berupa daftar"),                       # list_type
    ({"levels": []}, "levels: paling sedikit 1 butir"),                   # too_short
    ({"levels": [1, 2, 3]}, "levels: paling banyak 2 butir"),             # too_long
    ({"levels": ["x"]}, "levels[0]: harus bilangan bulat"),               # nested location
    ({"note": 3}, "note: harus berupa objek (pasangan kunci dan nilai)"),  # dict_type
    ({"hmm": 1}, "hmm: tidak dikenal"),                                   # extra_forbidden
    ({"url": "ftp://x"}, "url: tautan harus http atau https"),            # our own validator
]


@pytest.mark.parametrize(("data", "expected"), TRANSLATED, ids=[e for _, e in TRANSLATED])
def test_validation_message_translates_pydantic(data, expected):
    with pytest.raises(ValidationError) as caught:
        _Form(**data)
    message = validation_message(caught.value)
    assert message == expected
    assert not re.search(r"Input should|String should|Field required|Extra inputs|valid",
                         message)


def test_validation_message_missing_field():
    with pytest.raises(ValidationError) as caught:
        _Required()
    assert validation_message(caught.value) == "title: wajib diisi"


def test_validation_message_of_an_unknown_kind_says_only_not_valid():
    from uuid import UUID

    class _Id(BaseModel):
        id: UUID

    with pytest.raises(ValidationError) as caught:
        _Id(id="bukan-uuid")
    assert validation_message(caught.value) == "id: nilai tidak sah"


def test_pydantic_message_through_the_cli(tmp_path):
    line = error_line(["init", str(tmp_path / "x"), "--agency", "ab", "--kind", "kota",
                       "--code", "3572"])
    assert line == "epss: error: name: paling sedikit 3 karakter"
    line = error_line(["init", str(tmp_path / "x"), "--agency", "A" * 201, "--kind", "kota",
                       "--code", "3572"])
    assert line == "epss: error: name: paling banyak 200 karakter"
    assert not (tmp_path / "x").exists()


def test_explanation_too_long_through_the_cli(workspace, snapshot):
    before = snapshot(workspace)
    line = error_line(["-w", str(workspace), "answer", "10101", "--explanation", "x" * 20_001])
    assert line == "epss: error: explanation: paling banyak 20000 karakter"
    assert snapshot(workspace) == before


# -- 5. absurdly nested files ---------------------------------------------------------------------

DEPTH = 100_000


def test_deeply_nested_answers_json(tmp_path):
    path = tmp_path / "jawaban.json"
    path.write_text("[" * DEPTH + "]" * DEPTH)
    line = error_line(["score", "--answers", str(path)])
    assert line == f"epss: error: {path}: JSON bersarang terlalu dalam"


@pytest.fixture
def committee(tmp_path):
    root = tmp_path / "komite"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(root), "--agency", "Diskominfo Provinsi Jawa Timur",
                                "--kind", "provinsi", "--code", "35"]).exit_code == 0
    result = runner.invoke(main, ["-w", str(root), "award", "new", "--rubric", "sata-jatim",
                                  "--year", "2024"])
    assert result.exit_code == 0, result.output
    return root


NESTED_TOML = {  # both far deeper than any parser's recursion, both under the 256 KiB limit
    "array": "[" * DEPTH + "]" * DEPTH,
    "inline-table": "{a = " * 20_000 + "1" + "}" * 20_000,
}


@pytest.mark.parametrize("nested", NESTED_TOML.values(), ids=NESTED_TOML.keys())
def test_deeply_nested_rubric_toml(committee, tmp_path, nested, snapshot):
    path = tmp_path / "rubrik.toml"
    path.write_text(f'id = "sata-jatim"\ntitle = "x"\nnested = {nested}\n')
    before = snapshot(committee)
    line = error_line(["-w", str(committee), "award", "rubric", "--replace", str(path)])
    assert line == "epss: error: rubrik.toml: TOML bersarang terlalu dalam"
    assert snapshot(committee) == before
