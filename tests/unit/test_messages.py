"""Library refusals (pydantic, tomllib, urllib, the OS) reach the user in Indonesian, short."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from epss.core.award import RubricError, load_rubric_file, parse_rubric
from epss.core.catalog import CatalogError, load_catalog_from
from epss.core.errors import WorkspaceError
from epss.core.messages import clip, shown, toml_error_text, validation_message
from epss.core.validate import check_url

ENGLISH = re.compile(r"\b(Input should|Field required|Expected|Invalid|Unclosed|Cannot|line|"
                     r"column|document|must|not found|Port|range|Value error)\b")


def _toml_error(text: str) -> str:
    with pytest.raises((ValueError, RecursionError)) as info:
        tomllib.loads(text)
    return toml_error_text(info.value)


@pytest.mark.parametrize(("text", "expected"), [
    ('a = "x"\nb = = 1\n', "TOML tidak sah di baris 2, kolom 5: nilainya tidak sah (teks harus "
                           "diapit tanda kutip)"),
    ("a = [1, 2\n", "TOML tidak sah di akhir berkas: daftar [ ] tidak ditutup"),
    ('a = "buka', "TOML tidak sah di akhir berkas: teks tidak ditutup dengan tanda kutip"),
    ('a = "buka\n', "TOML tidak sah di baris 1, kolom 10: ada karakter yang tidak boleh ada "
                    "di sini"),
    ("a = 1\na = 2\n", "TOML tidak sah di baris 2, kolom 6: nilai yang sama ditulis dua kali"),
    ("[t]\nx = 1\n[t]\n", "TOML tidak sah di baris 3, kolom 3: tabel atau kunci yang sama "
                          "ditulis dua kali"),
    ("[[s]\n", "TOML tidak sah di baris 1, kolom 4: judul daftar tabel harus diakhiri ']]'"),
    ("a = 1 2\n", "TOML tidak sah di baris 1, kolom 7: setelah satu isian harus ganti baris"),
    ("a = " + "9" * 5000 + "\n", "TOML tidak sah: ada angka yang terlalu panjang"),
    ("a = " + "[" * 50_000 + "]" * 50_000 + "\n", "TOML bersarang terlalu dalam"),
])
def test_toml_errors_say_line_and_column_in_indonesian(text: str, expected: str) -> None:
    assert _toml_error(text) == expected


def test_every_toml_refusal_is_translated() -> None:
    """Each tomllib message we know maps to Indonesian; none falls through as English."""
    for text in ["=", "a", "a = tru", "a = 1979-13-01", 'a = "\\x"', 'a = "\x07"',
                 "a = {b = 1, b = 2}", "a = {b = 1", "[a]]", "a.b = 1\n[a]\nb = 2"]:
        message = _toml_error(text)
        assert message.startswith("TOML tidak sah"), (text, message)
        assert not ENGLISH.search(message.partition(": ")[2]), (text, message)


class _Form(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stages: list[Annotated[int, Field(ge=1)]] = []
    kind: Literal["a", "b"] = "a"
    name: str = ""


@pytest.mark.parametrize(("data", "expected"), [
    ({"stages": [1, 0]}, "stages[1]: paling kecil 1"),
    ({"kind": "c"}, "kind: harus salah satu dari 'a' atau 'b'"),
    ({"name": 3, "kind": "c"}, "kind: harus salah satu dari 'a' atau 'b' (dan 1 masalah lain)"),
    ({"x" * 500: 1}, "x" * 39 + "…: tidak dikenal"),
])
def test_validation_message_names_the_field_in_indonesian(data: dict, expected: str) -> None:
    with pytest.raises(ValidationError) as info:
        _Form(**data)
    assert validation_message(info.value, count_more=True) == expected


def test_the_workspace_refuses_input_with_the_shared_message(tmp_path) -> None:
    from epss.core.model import AgencyInput
    from epss.services.workspace import Workspace

    with pytest.raises(ValidationError) as info:
        AgencyInput(name="Kota Contoh", kind="desa", code="3572")
    with pytest.raises(WorkspaceError) as refused:
        Workspace.create(tmp_path / "ws", name="Kota Contoh", kind="desa", code="3572")
    assert str(refused.value) == validation_message(info.value)
    assert not (tmp_path / "ws").exists()


@pytest.mark.parametrize("value", ["x" * 100_000, list(range(10_000)), 10**5000,
                                   {"a": {"b": {"c": {"d": 1}}}}, "dua\nbaris", b"\x00" * 999],
                         ids=["text", "list", "int", "nested", "newline", "bytes"])
def test_shown_values_stay_short_and_on_one_line(value: object) -> None:
    text = shown(value)
    assert 0 < len(text) <= 60 and "\n" not in text


def test_clip_marks_the_cut() -> None:
    assert clip("abc") == "abc"
    assert clip("a" * 100, 10) == "a" * 9 + "…"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://contoh.go.id:99999/x", "tautan tidak sah: nomor port harus bilangan 0-65535"),
    ("https://contoh.go.id:abc/x", "tautan tidak sah: nomor port harus bilangan 0-65535"),
    ("https://[::1/x", "tautan tidak sah: alamat host tidak terbaca"),
])
def test_check_url_never_passes_urllib_english(url: str, expected: str) -> None:
    with pytest.raises(WorkspaceError) as info:
        check_url(url)
    assert str(info.value) == expected


# -- rubric and catalog files --------------------------------------------------------------------

RUBRIC = ('id = "uji"\ntitle = "Uji"\n[[stages]]\nid = "s"\nname = "S"\nweight = 1\n'
          '[[stages.criteria]]\nid = "c"\nname = "C"\nsource = "input"\nweight = 100\n')


def test_rubric_file_refusals_are_indonesian(tmp_path: Path) -> None:
    missing = tmp_path / "uji.toml"
    with pytest.raises(RubricError, match=r"^uji\.toml: berkas tidak ditemukan$"):
        load_rubric_file(missing)
    missing.write_bytes(RUBRIC.encode("utf-8") + b'note = "caf\xe9"\n')
    with pytest.raises(RubricError, match=r"^uji\.toml: bukan teks UTF-8$"):
        load_rubric_file(missing)
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    with pytest.raises(RubricError, match=r"^folder\.toml: tidak bisa dibaca \(ini folder, "):
        load_rubric_file(folder)
    other = tmp_path / "lain.toml"
    other.write_text(RUBRIC, encoding="utf-8")
    with pytest.raises(RubricError) as info:
        load_rubric_file(other)
    assert str(info.value) == "lain.toml: id: 'uji' harus sama dengan nama berkas (lain)"


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda t: t.replace('id = "c"', 'id = "c"\nid2 = 1'),
     "stages[0].criteria[0].id2: tidak dikenal (dan 2 masalah lain)"),
    (lambda t: t + '[[stages.criteria]]\nid = "c"\nname = "D"\nsource = "input"\nweight = 1\n',
     "stages[0]: id kriteria ganda di tahap s (dan 1 masalah lain)"),
    (lambda t: t + t[t.index("[[stages]]"):].replace('id = "s"', 'id = "t"'),
     "satu id kriteria dipakai di dua tahap; id kriteria harus unik"),
    (lambda t: t.replace("weight = 100", "weight = 100\nweight_confidence = \"kira\""),
     "stages[0].criteria[0].weight_confidence: harus salah satu dari 'published' atau "
     "'assumed' (dan 2 masalah lain)"),
])
def test_rubric_validation_is_indonesian(edit, expected: str) -> None:
    with pytest.raises(RubricError) as info:
        parse_rubric(edit(RUBRIC), "uji.toml")
    assert str(info.value) == f"uji.toml: {expected}"


def test_catalog_file_that_is_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "edition.toml").write_bytes(b'id = "x"\ntitle = "Edisi \xe9"\n')
    with pytest.raises(CatalogError) as info:
        load_catalog_from(tmp_path)
    assert str(info.value) == "edition.toml: bukan teks UTF-8"
