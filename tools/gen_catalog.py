"""One-off generator: reference YAML -> epss/domains/*.toml.

Kept in the repository so the provenance of the catalog data is reviewable; the TOML files are
the source of truth afterwards and are edited by hand. Run: python tools/gen_catalog.py YAML
"""

import json
import re
import sys
from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parent.parent / "epss" / "domains"


def s(value: str) -> str:
    return json.dumps(" ".join(str(value).split()), ensure_ascii=False)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def emit_domain(dom: dict) -> str:
    out = [
        "# EPSS catalog data. Weights: percent within the parent (sum 100). Confidence marks come",
        "# from shared/reference/epss-catalog.yaml (confirmed / inferred / uncertain).",
        f"code = {s(dom['code'])}",
        f"name = {s(dom['name'])}",
    ]
    if dom.get("aliases"):
        out.append("aliases = [" + ", ".join(s(a) for a in dom["aliases"]) + "]")
    out += [f"weight = {dom['weight_pct']}", f"weight_confidence = {s(dom['weight_confidence'])}"]
    if dom.get("general_indicator_note"):
        out.append(f"general_note = {s(dom['general_indicator_note'])}")
    for asp in dom["aspects"]:
        out += ["", "[[aspects]]", f"code = {s(asp['code'])}", f"name = {s(asp['name'])}"]
        if asp.get("aliases"):
            out.append("aliases = [" + ", ".join(s(a) for a in asp["aliases"]) + "]")
        out += [
            f"weight = {asp['weight_pct']}",
            f"weight_confidence = {s(asp['weight_confidence'])}",
        ]
        for ind in asp["indicators"]:
            out += [
                "",
                "[[aspects.indicators]]",
                f"code = {s(ind['code'])}",
                f"name = {s(ind['name'])}",
            ]
            if ind.get("aliases"):
                out.append("aliases = [" + ", ".join(s(a) for a in ind["aliases"]) + "]")
            out += [
                f"weight = {ind['weight_pct']}",
                f"weight_confidence = {s(ind['weight_confidence'])}",
                f"description = {s(ind['description'])}",
                f"general = {str(ind['general_indicator']).lower()}",
                f"general_confidence = {s(ind['general_indicator_confidence'])}",
                f"evidence_confidence = {s(ind['bukti_dukung_confidence'])}",
            ]
            if ind.get("wording_note"):
                out.append(f"wording_note = {s(ind['wording_note'])}")
            out.append("")
            out.append("[aspects.indicators.levels]")
            out += [f"{k} = {s(v)}" for k, v in sorted(ind["levels"].items())]
            out.append("")
            out.append("[aspects.indicators.evidence]")
            out += [f"{k} = {s(v)}" for k, v in sorted(ind["bukti_dukung"].items())]
    return "\n".join(out) + "\n"


def main() -> None:
    data = yaml.safe_load(Path(sys.argv[1]).read_text(encoding="utf-8"))
    for dom in data["domains"]:
        path = OUT / f"{dom['code']}-{slug(dom['name'])}.toml"
        path.write_text(emit_domain(dom), encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
