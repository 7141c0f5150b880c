"""The packaged catalog against the reference data, the real LKE worksheet, and broken copies.

The reference files live in ``shared/`` beside the repository (``../shared`` from the repo root,
both here and in CI). Tests that need them skip with a message when that folder is absent.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from pydantic import ValidationError

import epss
from epss.core.catalog import (
    LEVELS,
    Catalog,
    CatalogError,
    Edition,
    load_catalog,
    load_catalog_from,
)

# --------------------------------------------------------------------------------------------
# Locating shared/ and reading the reference YAML
# --------------------------------------------------------------------------------------------

REFERENCE_YAML = Path("reference") / "epss-catalog.yaml"
DOMAINS_DIR = Path(epss.__file__).resolve().parent / "core" / "domains"


def _collapse(text: object) -> str:
    return " ".join(str(text).split())


def _load_yaml(path: Path) -> dict:
    yaml = pytest.importorskip("yaml", reason="PyYAML (a dev dependency) is needed")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reference(shared_dir: Path) -> dict:
    path = shared_dir / REFERENCE_YAML
    if not path.is_file():
        pytest.skip(f"reference catalog not found: {path}")
    return _load_yaml(path)


# --------------------------------------------------------------------------------------------
# The packaged catalog against shared/reference/epss-catalog.yaml
# --------------------------------------------------------------------------------------------


def _ref_aspects(reference: dict) -> list[dict]:
    return [asp for dom in reference["domains"] for asp in dom["aspects"]]


def _ref_indicators(reference: dict) -> list[dict]:
    return [ind for asp in _ref_aspects(reference) for ind in asp["indicators"]]


def _exact(value: object) -> Fraction:
    """A YAML number (int or float as written) as the exact decimal it was written as."""
    return Fraction(Decimal(str(value)))


def test_counts_match_the_reference(catalog: Catalog, reference: dict) -> None:
    counts = reference["meta"]["counts"]
    assert (counts["domains"], counts["aspects"], counts["indicators"]) == (5, 19, 38)
    assert len(catalog.domains) == len(reference["domains"]) == 5
    assert sum(len(d.aspects) for d in catalog.domains) == len(_ref_aspects(reference)) == 19
    assert len(catalog.indicators) == len(_ref_indicators(reference)) == 38
    assert len(set(catalog.codes)) == 38


def test_codes_match_the_reference_in_order(catalog: Catalog, reference: dict) -> None:
    assert [d.code for d in catalog.domains] == [str(d["code"]) for d in reference["domains"]]
    assert [a.code for d in catalog.domains for a in d.aspects] == [
        str(a["code"]) for a in _ref_aspects(reference)
    ]
    assert list(catalog.codes) == [str(i["code"]) for i in _ref_indicators(reference)]


def test_domains_match_the_reference(catalog: Catalog, reference: dict) -> None:
    for ref in reference["domains"]:
        dom = catalog.domain(str(ref["code"]))
        assert dom.name == _collapse(ref["name"]), dom.code
        assert dom.aliases == tuple(ref.get("aliases") or ()), dom.code
        assert dom.weight == Decimal(str(ref["weight_pct"])), dom.code
        assert dom.weight_confidence == ref["weight_confidence"], dom.code
        assert (dom.general_note is None) == (ref.get("general_indicator_note") is None), dom.code


def test_aspects_match_the_reference(catalog: Catalog, reference: dict) -> None:
    for ref in _ref_aspects(reference):
        asp = catalog.aspect(str(ref["code"]))
        assert asp.name == _collapse(ref["name"]), asp.code
        assert asp.aliases == tuple(ref.get("aliases") or ()), asp.code
        assert asp.weight == Decimal(str(ref["weight_pct"])), asp.code
        assert asp.weight_confidence == ref["weight_confidence"], asp.code
        assert [i.code for i in asp.indicators] == [str(i["code"]) for i in ref["indicators"]]


def test_indicators_match_the_reference(catalog: Catalog, reference: dict) -> None:
    for ref in _ref_indicators(reference):
        code = str(ref["code"])
        ind = catalog.indicator(code)
        assert ind.name == _collapse(ref["name"]), code
        assert ind.aliases == tuple(_collapse(a) for a in ref.get("aliases") or ()), code
        assert ind.weight == Decimal(str(ref["weight_pct"])), code
        assert ind.weight_confidence == ref["weight_confidence"], code
        assert ind.general is ref["general_indicator"], code
        assert ind.general_confidence == ref["general_indicator_confidence"], code
        assert ind.evidence_confidence == ref["bukti_dukung_confidence"], code
        assert _collapse(ind.description) == _collapse(ref["description"]), code
        assert (ind.wording_note is None) == (ref.get("wording_note") is None), code
        if ind.wording_note is not None:
            assert _collapse(ind.wording_note) == _collapse(ref["wording_note"]), code


def test_level_criteria_and_evidence_match_the_reference(catalog: Catalog, reference: dict) -> None:
    for ref in _ref_indicators(reference):
        ind = catalog.indicator(str(ref["code"]))
        assert ind.levels == {k: _collapse(v) for k, v in ref["levels"].items()}, ind.code
        assert ind.evidence == {k: _collapse(v) for k, v in ref["bukti_dukung"].items()}, ind.code


def test_effective_weights_equal_the_reference(catalog: Catalog, reference: dict) -> None:
    for ref in _ref_indicators(reference):
        code = str(ref["code"])
        assert catalog.effective_weight(code) == _exact(ref["effective_weight_pct"]), code


def test_effective_weight_is_the_product_of_the_three_weights(catalog: Catalog) -> None:
    for ind in catalog.indicators:
        product = (
            catalog.weight(ind.domain_code)
            * catalog.weight(ind.aspect_code)
            * catalog.weight(ind.code)
        )
        assert catalog.effective_weight(ind.code) == product / 10_000, ind.code


def test_effective_weights_sum_to_exactly_100(catalog: Catalog) -> None:
    total = sum((catalog.effective_weight(c) for c in catalog.codes), Fraction(0))
    assert isinstance(total, Fraction)
    assert total == 100


def test_every_weight_set_sums_to_100(catalog: Catalog) -> None:
    assert sum(catalog.weight(d.code) for d in catalog.domains) == 100
    for dom in catalog.domains:
        assert sum(catalog.weight(a.code) for a in dom.aspects) == 100, dom.code
        for asp in dom.aspects:
            assert sum(catalog.weight(i.code) for i in asp.indicators) == 100, asp.code


def test_edition_matches_the_reference_levels_and_bands(catalog: Catalog, reference: dict) -> None:
    meta = reference["meta"]
    edition = catalog.edition
    assert [(lv.level, lv.name) for lv in edition.levels] == [
        (m["level"], m["name"]) for m in meta["maturity_levels"]
    ]
    ref_bands = sorted(meta["predicates"]["bands"], key=lambda b: _exact(b["min"]))
    assert [b.name for b in edition.predicates] == [b["name"] for b in ref_bands]
    assert [Fraction(b.min) for b in edition.predicates] == [_exact(b["min"]) for b in ref_bands]
    assert Fraction(edition.predicates[-1].max) == _exact(ref_bands[-1]["max"]) == 5
    assert edition.predicates_meta["names_confidence"] == meta["predicates"]["names_confidence"]
    assert edition.predicates_meta["bounds_confidence"] == meta["predicates"]["bounds_confidence"]


# --------------------------------------------------------------------------------------------
# The catalog API itself
# --------------------------------------------------------------------------------------------


def test_load_catalog_is_cached_and_equal_to_a_fresh_load(catalog: Catalog) -> None:
    assert load_catalog() is catalog
    fresh = load_catalog_from(DOMAINS_DIR)
    assert fresh is not catalog
    assert fresh == catalog
    assert fresh.codes == catalog.codes


def test_lookups(catalog: Catalog) -> None:
    ind = catalog.indicator("40302")
    assert (ind.code, ind.aspect_code, ind.domain_code) == ("40302", "403", "4")
    assert catalog.aspect("403").code == "403"
    assert catalog.domain("4").name == "Kelembagaan"
    assert catalog.has_indicator("40302")
    assert not catalog.has_indicator("40305")
    assert not catalog.has_indicator("403")
    assert catalog.weight("3") == 19
    assert catalog.weight("301") == 32
    assert catalog.weight("30103") == 34
    assert catalog.effective_weight("30103") == Fraction("2.0672")
    with pytest.raises(KeyError, match="40305"):
        catalog.indicator("40305")
    with pytest.raises(KeyError, match="'6'"):
        catalog.domain("6")


def test_every_indicator_has_five_levels_and_five_evidence_tiers(catalog: Catalog) -> None:
    for ind in catalog.indicators:
        assert tuple(ind.levels) == LEVELS, ind.code
        assert tuple(ind.evidence) == LEVELS, ind.code
        for text in (*ind.levels.values(), *ind.evidence.values()):
            assert text.strip() and text == _collapse(text), ind.code


def test_edition_level_names(catalog: Catalog) -> None:
    names = [catalog.edition.level_name(k) for k in LEVELS]
    assert names == ["Rintisan", "Terkelola", "Terdefinisi", "Terpadu dan Terukur", "Optimum"]


def test_models_are_frozen(catalog: Catalog) -> None:
    with pytest.raises(ValidationError):
        catalog.indicator("10101").weight = Decimal(50)  # type: ignore[misc]
    with pytest.raises(ValidationError):
        catalog.edition.rounding.mode = "half-even"  # type: ignore[misc]


def test_edition_refuses_bad_bands_directly(catalog: Catalog) -> None:
    data = catalog.edition.model_dump()
    data["predicates"] = list(reversed(data["predicates"]))
    with pytest.raises(ValidationError, match="harus naik dan tidak boleh sama"):
        Edition.model_validate(data)
    data = catalog.edition.model_dump()
    data["predicates"][-1]["max"] = None
    with pytest.raises(ValidationError, match="predikat tertinggi perlu batas atas"):
        Edition.model_validate(data)


# --------------------------------------------------------------------------------------------
# The packaged catalog against the real LKE worksheet (shared/fixtures)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def worksheet_rows(lke_worksheet: Path) -> list[dict]:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(lke_worksheet, read_only=True, data_only=True)
    try:
        sheet = book["LKE EPSS"]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows)]
        result = []
        for row in rows:
            record = dict(zip(header, row, strict=False))
            if record.get("KodeInd") is None:
                break
            result.append(record)
    finally:
        book.close()
    return result


def _code(cell: object, width: int) -> str:
    """A numeric worksheet code cell (10101 or 10101.0) as the catalog's string code."""
    assert isinstance(cell, int | float) and not isinstance(cell, bool), repr(cell)
    assert float(cell).is_integer(), repr(cell)
    return f"{int(cell):0{width}d}"


def test_worksheet_has_the_expected_columns_and_38_rows(worksheet_rows: list[dict]) -> None:
    assert len(worksheet_rows) == 38
    for column in ("Domain", "Kode", "Aspek", "KodeInd", "Indikator"):
        assert column in worksheet_rows[0]


def test_worksheet_codes_equal_catalog_codes(catalog: Catalog, worksheet_rows: list[dict]) -> None:
    sheet_codes = [_code(r["KodeInd"], 5) for r in worksheet_rows]
    assert set(sheet_codes) - set(catalog.codes) == set(), "worksheet codes not in the catalog"
    assert set(catalog.codes) - set(sheet_codes) == set(), "catalog codes not in the worksheet"
    assert sheet_codes == list(catalog.codes), "same codes, same order"


def test_worksheet_aspect_codes_are_the_indicator_prefixes(worksheet_rows: list[dict]) -> None:
    for row in worksheet_rows:
        assert _code(row["Kode"], 3) == _code(row["KodeInd"], 5)[:3], row["KodeInd"]


def test_worksheet_indicator_names_match(catalog: Catalog, worksheet_rows: list[dict]) -> None:
    mismatches = []
    for row in worksheet_rows:
        ind = catalog.indicator(_code(row["KodeInd"], 5))
        name = _collapse(row["Indikator"])
        if name != ind.name and name not in ind.aliases:
            mismatches.append((ind.code, name, ind.name, ind.aliases))
    assert mismatches == []


def test_worksheet_aspect_and_domain_names_match(
    catalog: Catalog, worksheet_rows: list[dict]
) -> None:
    for row in worksheet_rows:
        code = _code(row["KodeInd"], 5)
        asp, dom = catalog.aspect(code[:3]), catalog.domain(code[:1])
        aspect_name, domain_name = _collapse(row["Aspek"]), _collapse(row["Domain"])
        assert aspect_name == asp.name or aspect_name in asp.aliases, code
        assert domain_name == dom.name or domain_name in dom.aliases, code


def test_worksheet_quirk_double_space_is_collapsed(
    catalog: Catalog, worksheet_rows: list[dict]
) -> None:
    """The fixture keeps a double space in the 20101 name; collapsed, it is the catalog name."""
    row = next(r for r in worksheet_rows if _code(r["KodeInd"], 5) == "20101")
    assert "  " in row["Indikator"]
    assert _collapse(row["Indikator"]) == catalog.indicator("20101").name


# --------------------------------------------------------------------------------------------
# Broken catalogs: one corruption at a time, each must fail naming the file and the field
# --------------------------------------------------------------------------------------------

QUALITY = "2-kualitas-data.toml"


@pytest.fixture
def domains(tmp_path: Path) -> Path:
    folder = tmp_path / "domains"
    shutil.copytree(DOMAINS_DIR, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"precondition: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _set_field(path: Path, code: str, field: str, value: str) -> None:
    """Replace the first ``field = ...`` line after the entry ``code = "<code>"``."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f'code = "{code}"\n')
    match = re.compile(rf"^{field} = .*$", re.M).search(text, start)
    assert match, f"precondition: no {field} after {code} in {path.name}"
    path.write_text(text[: match.start()] + f"{field} = {value}" + text[match.end() :])


def _drop_level(path: Path, code: str, table: str, level: int) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index(f"[aspects.indicators.{table}]", text.index(f'code = "{code}"\n'))
    match = re.compile(rf"^{level} = .*\n", re.M).search(text, start)
    assert match, f"precondition: no level {level} in {code}.{table}"
    path.write_text(text[: match.start()] + text[match.end() :])


def _error(folder: Path) -> str:
    with pytest.raises(CatalogError) as info:
        load_catalog_from(folder)
    return str(info.value)


def test_an_unmodified_copy_loads(domains: Path, catalog: Catalog) -> None:
    assert load_catalog_from(domains) == catalog


def test_indicator_weights_not_summing_to_100(domains: Path) -> None:
    _set_field(domains / QUALITY, "20401", "weight", "35")
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects[3].indicators:")
    assert "bobot indikator aspek 204 berjumlah 101, harus 100" in message
    assert "20401=35" in message


def test_aspect_weights_not_summing_to_100(domains: Path) -> None:
    _set_field(domains / QUALITY, "202", "weight", "17")
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects:")
    assert "bobot aspek domain 2 berjumlah 101, harus 100" in message
    assert "202=17" in message


def test_domain_weights_not_summing_to_100(domains: Path) -> None:
    _set_field(domains / "5-statistik-nasional.toml", "5", "weight", "13")
    message = _error(domains)
    # The sum spans all the domain files: the message names them, where the weights are edited.
    assert message.startswith("1-prinsip-satu-data-indonesia.toml, "), message
    assert "5-statistik-nasional.toml: domains:" in message
    assert "bobot domain berjumlah 101, harus 100" in message
    assert "5=13" in message


def test_decimal_weights_that_sum_to_100_are_exact(domains: Path) -> None:
    path = domains / QUALITY
    _set_field(path, "20401", "weight", "33.4")
    _set_field(path, "20402", "weight", "33.3")
    _set_field(path, "20403", "weight", "33.3")
    loaded = load_catalog_from(domains)
    assert loaded.weight("20401") == Fraction("33.4")
    assert loaded.effective_weight("20402") == Fraction(24 * 21) * Fraction("33.3") / 10_000
    assert sum(loaded.effective_weight(c) for c in loaded.codes) == 100


def test_duplicate_indicator_code(domains: Path) -> None:
    _edit(domains / QUALITY, 'code = "20402"', 'code = "20401"')
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects[3].indicators:")
    assert "kode indikator ganda: 20401" in message


def test_duplicate_aspect_code(domains: Path) -> None:
    path = domains / QUALITY
    # Give 205 the code 204 and its indicators the codes 204xx that 204 does not use.
    _edit(path, 'code = "205"', 'code = "204"')
    _edit(path, 'code = "20501"', 'code = "20404"')
    _edit(path, 'code = "20502"', 'code = "20405"')
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects:")
    assert "kode aspek ganda: 204" in message


def test_duplicate_domain(domains: Path) -> None:
    _edit(
        domains / "edition.toml", '"4-kelembagaan.toml",', '"1-prinsip-satu-data-indonesia.toml",'
    )
    message = _error(domains)
    assert message.startswith("1-prinsip-satu-data-indonesia.toml, "), message
    assert "kode domain ganda: 1" in message


def test_indicator_code_not_under_its_aspect(domains: Path) -> None:
    _edit(domains / QUALITY, 'code = "20102"', 'code = "20202"')
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects[0].indicators:")
    assert "indikator 20202 bukan bagian aspek 201" in message


def test_aspect_code_not_under_its_domain(domains: Path) -> None:
    path = domains / QUALITY
    _edit(path, 'code = "205"', 'code = "305"')
    _edit(path, 'code = "20501"', 'code = "30501"')
    _edit(path, 'code = "20502"', 'code = "30502"')
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects:")
    assert "aspek 305 bukan bagian domain 2" in message


@pytest.mark.parametrize("table", ["levels", "evidence"])
def test_four_levels_instead_of_five(domains: Path, table: str) -> None:
    _drop_level(domains / QUALITY, "20101", table, 5)
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects[0].indicators[0].{table}:")
    assert "harus memuat tepat tingkat 1-5, bukan [1, 2, 3, 4]" in message


def test_six_levels_instead_of_five(domains: Path) -> None:
    _edit(
        domains / QUALITY,
        "[aspects.indicators.levels]\n",
        '[aspects.indicators.levels]\n6 = "Lebih dari optimum"\n',
    )
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects[0].indicators[0].levels:")
    assert "bukan [1, 2, 3, 4, 5, 6]" in message


def test_invalid_toml(domains: Path) -> None:
    path = domains / QUALITY
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\nweight = = 3\n")
    line = path.read_text(encoding="utf-8").count("\n")
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: TOML tidak sah di baris {line}, kolom ")


def test_invalid_toml_in_edition(domains: Path) -> None:
    _edit(domains / "edition.toml", "[rounding]", "[rounding")
    message = _error(domains)
    assert message.startswith("edition.toml: TOML tidak sah di baris ")
    assert message.endswith("judul tabel harus diakhiri ']'")


@pytest.mark.parametrize("name", ["4-kelembagaan.toml", "edition.toml"])
def test_missing_file(domains: Path, name: str) -> None:
    (domains / name).unlink()
    assert _error(domains) == f"{name}: berkas tidak ditemukan"


def test_bad_band_order_in_edition(domains: Path) -> None:
    _edit(domains / "edition.toml", 'min = "1.80"', 'min = "2.70"')
    message = _error(domains)
    assert message.startswith("edition.toml: predicates:")
    assert "harus naik dan tidak boleh sama" in message


def test_duplicate_band_minimum_in_edition(domains: Path) -> None:
    _edit(domains / "edition.toml", 'min = "2.60"', 'min = "1.80"')
    message = _error(domains)
    assert message.startswith("edition.toml: predicates:")
    assert "harus naik dan tidak boleh sama" in message


def test_unknown_rounding_mode_in_edition(domains: Path) -> None:
    _edit(domains / "edition.toml", 'mode = "half-up"', 'mode = "banker"')
    message = _error(domains)
    assert message.startswith("edition.toml: rounding.mode:")
    assert "half-up" in message and "half-even" in message


def test_missing_field(domains: Path) -> None:
    text = (domains / QUALITY).read_text(encoding="utf-8")
    start = text.index('code = "20201"')
    end = text.index('weight_confidence = "confirmed"\n', start)
    (domains / QUALITY).write_text(
        text[:end] + text[end + len('weight_confidence = "confirmed"\n') :], encoding="utf-8"
    )
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects[1].indicators[0].weight_confidence:")
    assert message.endswith("weight_confidence: wajib diisi (dan 1 masalah lain)")


def test_misspelt_field(domains: Path) -> None:
    _edit(domains / QUALITY, "general = false", "generall = false")
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects[0].indicators[0].")
    assert "general" in message


def test_unknown_confidence_mark(domains: Path) -> None:
    _set_field(domains / QUALITY, "20102", "weight_confidence", '"probable"')
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects[0].indicators[1].weight_confidence:")
    assert "'confirmed'" in message


@pytest.mark.parametrize("weight", ["0", "-10", "101", '"heavy"'])
def test_out_of_range_weight(domains: Path, weight: str) -> None:
    _set_field(domains / QUALITY, "20101", "weight", weight)
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects[0].indicators[0].weight:")


def test_malformed_indicator_code(domains: Path) -> None:
    _edit(domains / QUALITY, 'code = "20201"', 'code = "2021"')
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects[1].indicators[0].code:")


def test_empty_indicator_name(domains: Path) -> None:
    _set_field(domains / QUALITY, "20201", "name", '""')
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects[1].indicators[0].name:")


def test_whitespace_only_level_criterion_is_refused(domains: Path) -> None:
    path = domains / QUALITY
    text = path.read_text(encoding="utf-8")
    start = text.index("[aspects.indicators.levels]", text.index('code = "20101"\n'))
    match = re.compile(r"^3 = .*$", re.M).search(text, start)
    assert match
    path.write_text(text[: match.start()] + '3 = "   "' + text[match.end() :], encoding="utf-8")
    message = _error(domains)
    assert message.startswith(f"{QUALITY}: aspects[0].indicators[0].levels")


def test_domain_files_are_valid_toml_with_string_codes() -> None:
    """Codes are strings in the data files (the worksheet stores numbers; we never do)."""
    for path in sorted(DOMAINS_DIR.glob("[1-9]-*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert isinstance(data["code"], str), path.name
        for asp in data["aspects"]:
            assert isinstance(asp["code"], str), (path.name, asp["code"])
            for ind in asp["indicators"]:
                assert isinstance(ind["code"], str), (path.name, ind["code"])
