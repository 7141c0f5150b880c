"""The PDF shows every index as ``epss score`` does, in the edition's rounding setting.

The official rounding rule is unknown, so it is a setting of the edition; a dossier that rounded
a tie (2,205) half-up while the CLI rounded it half-even would print a different IPS for the same
answers. The levels below give ties at two decimals on the IPS and on domain 4.
"""

from __future__ import annotations

import base64
import re
from fractions import Fraction

import pytest
from click.testing import CliRunner
from rounding_ties import LEVELS

from epss.cli import main
from epss.core.catalog import Catalog, Rounding, load_catalog
from epss.core.scoring import round_index, score
from epss.services.dossier import build_context
from epss.services.workspace import Workspace
from reports import render_html

HALF_EVEN = Rounding(mode="half-even")


def with_rounding(catalog: Catalog, rounding: Rounding) -> Catalog:
    return catalog.model_copy(update={
        "edition": catalog.edition.model_copy(update={"rounding": rounding})})


def ties(value: Fraction) -> bool:
    """Whether half-up and the setting round ``value`` differently (what the test needs)."""
    return round_index(value, Rounding()) != round_index(value, HALF_EVEN)


@pytest.fixture
def half_even(tmp_path, monkeypatch):
    catalog = with_rounding(load_catalog(), HALF_EVEN)
    monkeypatch.setattr("epss.services.workspace.load_catalog", lambda: catalog)
    root = tmp_path / "ws"
    with Workspace.create(root, name="Pemerintah Kota Contoh", kind="kota", code="3572") as ws:
        a = ws.new_assessment(2024)
        for code, level in LEVELS.items():
            ws.set_answer(a.id, code, level=level)
    ws = Workspace.open(root)
    yield ws, ws.assessment(2024).id
    ws.close()


def cli_figures(root) -> tuple[str, dict[str, str]]:
    """The IPS and the domain indices as `epss score` prints them."""
    result = CliRunner().invoke(main, ["-w", str(root), "score"])
    assert result.exit_code == 0, result.output
    ips = re.search(r"^IPS (\S+) —", result.output, re.MULTILINE)
    assert ips is not None, result.output
    domains = dict(re.findall(r"^  (\d) .+? (\d,\d+)  ", result.output, re.MULTILINE))
    return ips.group(1), domains


def test_the_levels_give_ties_that_half_up_would_round_the_other_way() -> None:
    card = score(load_catalog(), LEVELS)
    assert ties(card.ips)
    assert ties(card.domain("4").index)


def test_pdf_context_shows_the_figures_of_epss_score(half_even) -> None:
    ws, aid = half_even
    ips, domains = cli_figures(ws.root)
    context = build_context(ws, aid, template="summary")
    assert context["score"]["ips_display"] == ips
    assert {d["code"]: d["index_display"] for d in context["domains"]} == domains
    assert {bar["label"][0]: bar["display"] for bar in context["charts"]["domain_bars"]} \
        == domains
    card = ws.scorecard(aid)
    assert ips == str(round_index(card.ips, HALF_EVEN)).replace(".", ",")


def test_printed_chart_labels_follow_the_setting(half_even) -> None:
    ws, aid = half_even
    _, domains = cli_figures(ws.root)
    html = render_html("summary.html.j2", build_context(ws, aid, template="summary"))
    charts = [base64.b64decode(data).decode("utf-8")
              for data in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)]
    labels = {label for svg in charts
              for label in re.findall(r'font-weight="bold">([^<]+)</text>', svg)}
    assert set(domains.values()) <= labels
    half_up = ws.scorecard(aid).domain("4").index
    assert str(round_index(half_up, Rounding())).replace(".", ",") not in labels


def test_plan_in_the_dossier_follows_the_setting(half_even) -> None:
    ws, aid = half_even
    context = build_context(ws, aid, template="dossier")
    plan = ws.plan(aid, "baik")
    assert context["plan"]["start_ips_display"] == plan.start_display == cli_figures(ws.root)[0]
    assert [s["running_ips_display"] for s in context["plan"]["steps"]] == [
        str(round_index(s.running_ips, HALF_EVEN)).replace(".", ",") for s in plan.steps]


def test_dossier_aspect_indices_and_story_follow_the_setting(half_even) -> None:
    """Every aspect index the dossier prints, and the story page's domain figures, are rounded
    by the edition's setting (half-even here), never by a fixed half-up."""
    ws, aid = half_even
    card = ws.scorecard(aid)
    context = build_context(ws, aid, template="dossier")
    for d in context["domains"]:
        for a in d["aspects"]:
            exact = card.aspect(a["code"]).index
            assert a["index_display"] == str(round_index(exact, HALF_EVEN)).replace(".", ",")
    shown = {d["code"]: d["index_display"] for d in context["domains"]}
    for key in ("strongest", "weakest"):
        story = context["story"][key]
        assert story["index_display"] == shown[story["code"]]
