"""reports.renderer and reports.fetch: sandboxed, autoescaped templates; nothing fetched from
outside the templates folder; WeasyPrint imported only when a PDF is made; no EPSS imports."""

from __future__ import annotations

import ast
import base64
import datetime as dt
import importlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from reports import ReportError, check_plain, render, render_html

# ``reports.render`` names both a submodule and the function the package re-exports, and
# ``import reports.render as m`` binds the function; importlib gives the module.
render_module = importlib.import_module("reports.renderer")
TEMPLATES = render_module.TEMPLATES
REPORTS = Path(render_module.__file__).parent
ROOT = REPORTS.parent


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the Jinja environment ----------------------------------------------------------------------

def test_values_are_autoescaped(tmp_path):
    write(tmp_path, "t.html.j2", "<p>{{ text }}</p><p title=\"{{ text }}\">x</p>")
    hostile = '<b>tebal</b> "kutip" & {{ 7*7 }} {% raw %}'
    html = render_html("t.html.j2", {"text": hostile}, templates=tmp_path)
    assert "<b>" not in html
    assert "&lt;b&gt;tebal&lt;/b&gt;" in html
    assert "&amp;" in html and "&#34;kutip&#34;" in html
    assert "{{ 7*7 }} {% raw %}" in html  # a value is never parsed as a template
    assert "49" not in html


@pytest.mark.parametrize("name", ["t.html", "t.j2", "t.txt", "t.css"])
def test_autoescape_is_on_for_every_template_kind(tmp_path, name):
    write(tmp_path, name, "{{ text }}")
    assert render_html(name, {"text": "<i>"}, templates=tmp_path) == "&lt;i&gt;"


def test_undefined_names_are_errors_not_blanks(tmp_path):
    write(tmp_path, "t.html.j2", "IPS {{ score.ips_display }}")
    with pytest.raises(ReportError, match=r"t\.html\.j2"):
        render_html("t.html.j2", {"score": {}}, templates=tmp_path)
    with pytest.raises(ReportError, match=r"t\.html\.j2"):
        render_html("t.html.j2", {}, templates=tmp_path)


def test_a_missing_template_is_a_report_error(tmp_path):
    with pytest.raises(ReportError, match="tidak-ada"):
        render_html("tidak-ada.html.j2", {}, templates=tmp_path)


@pytest.mark.parametrize(
    "expression",
    [
        "''.__class__.__mro__",
        "x.__class__.__subclasses__()",
        "(1).__class__",
        "'{0.__class__}'.format(x)",
        "bar_chart.__globals__",
        "lipsum.__globals__",
        "cycler.__init__.__globals__",
        "joiner.__init__",
    ],
)
def test_sandbox_refuses_unsafe_attributes(tmp_path, expression):
    write(tmp_path, "evil.html.j2", "{{ " + expression + " }}")
    with pytest.raises(ReportError, match="unsafe") as caught:
        render_html("evil.html.j2", {"x": "s"}, templates=tmp_path)
    assert isinstance(caught.value.__cause__, SecurityError)
    assert "evil.html.j2" in str(caught.value)


def test_filters_and_chart_helpers_are_available(tmp_path):
    write(tmp_path, "t.html.j2",
          "{{ 2.525 | number }}|{{ 1234.5 | number(1) }}|{{ '2026-11-22' | long_date }}|"
          "{{ 1536 | file_size }}|{{ sha | short_hash }}|"
          "{{ bar_chart([{'label': 'A', 'value': 3}]) }}")
    html = render_html("t.html.j2", {"sha": "ab" * 32}, templates=tmp_path)
    parts = html.split("|")
    assert parts[:5] == ["2,53", "1.234,5", "22 November 2026", "1,5 KB", "ab" * 6]
    assert parts[5].startswith("<svg")  # the chart is Markup: not escaped


def test_packaged_templates_render_html_from_plain_data(tmp_path):
    """The package's base template alone: metadata fields and the running header."""
    context = {
        "document": {"language": "id", "title": "Judul <x>", "subject": "Pokok", "tool": "t",
                     "generated": "2026-11-22", "heading": "Penilaian Mandiri EPSS"},
        "agency": {"name": "Pemerintah Kota Contoh"},
        "assessment": {"year": 2024},
    }
    html = render_html("base.html.j2", context)
    assert '<html lang="id">' in html
    assert "<title>Judul &lt;x&gt;</title>" in html
    assert '<meta name="author" content="Pemerintah Kota Contoh">' in html
    assert '<meta name="description" content="Pokok">' in html
    assert "dicetak 22 November 2026" in html
    assert '<link rel="stylesheet" href="print.css">' in html


# -- plain context only -------------------------------------------------------------------------

def test_check_plain_accepts_plain_data():
    check_plain({"a": [1, 2.5, "x", None, True, ("t", {"b": []})], "c": {"d": {"e": "f"}}})


class Thing:
    pass


@pytest.mark.parametrize(
    ("context", "where", "kind"),
    [
        ({"a": [Thing()]}, "context.a[0]", "Thing"),
        ({"a": {"b": lambda: 1}}, "context.a.b", "function"),
        ({"a": [1, {"f": print}]}, "context.a[1].f", "builtin_function_or_method"),
        ({"when": dt.date(2026, 11, 22)}, "context.when", "date"),
        ({"s": {1, 2}}, "context.s", "set"),
        ({"b": b"bytes"}, "context.b", "bytes"),
        ({"cls": Thing}, "context.cls", "type"),
        ({"m": Thing().__init__}, "context.m", "method"),
    ],
)
def test_check_plain_refuses_objects_and_names_the_path(context, where, kind):
    with pytest.raises(ReportError) as caught:
        check_plain(context)
    message = str(caught.value)
    assert message.startswith(f"{where}:")
    assert kind in message


def test_check_plain_refuses_non_string_keys():
    with pytest.raises(ReportError, match=r"context\.a: keys must be strings"):
        check_plain({"a": {1: "x"}})


def test_render_html_checks_the_context_before_rendering(tmp_path):
    write(tmp_path, "t.html.j2", "{{ a }}")
    with pytest.raises(ReportError, match=r"context\.a\[0\]"):
        render_html("t.html.j2", {"a": [Thing()]}, templates=tmp_path)


class Sneaky(str):
    def leak(self) -> str:
        return "method called"





def test_check_plain_refuses_markup(tmp_path):
    write(tmp_path, "t.html.j2", "{{ a }}")
    with pytest.raises(ReportError):
        render_html("t.html.j2", {"a": Markup("<b>tebal</b>")}, templates=tmp_path)



def test_check_plain_refuses_a_str_subclass_with_methods(tmp_path):
    write(tmp_path, "t.html.j2", "{{ a.leak() }}")
    # today this renders "method called"
    with pytest.raises(ReportError):
        render_html("t.html.j2", {"a": Sneaky("x")}, templates=tmp_path)


# -- the URL fetcher ----------------------------------------------------------------------------

@pytest.fixture
def fetcher():
    from reports.fetch import PackageFetcher

    return PackageFetcher(TEMPLATES)


def test_fetcher_serves_the_packaged_stylesheet(fetcher):
    url = (TEMPLATES / "print.css").as_uri()
    response = fetcher.fetch(url)
    assert response.read() == (TEMPLATES / "print.css").read_bytes()
    assert response.content_type == "text/css"
    assert fetcher.served == [url] and fetcher.refused == []


def test_fetcher_serves_localhost_file_urls_inside_the_package(fetcher):
    url = "file://localhost" + (TEMPLATES / "print.css").as_posix()
    assert fetcher.fetch(url).read().startswith(b"/*")


@pytest.mark.parametrize(
    "uri",
    ["data:text/plain,halo", "data:text/plain;base64," + base64.b64encode(b"halo").decode()],
)
def test_fetcher_serves_data_uris(fetcher, uri):
    assert fetcher.fetch(uri).read() == b"halo"
    assert fetcher.refused == []


def outside_urls() -> list[str]:
    inside = TEMPLATES.as_uri()
    return [
        "http://127.0.0.1:9/x.css",
        "https://example.com/font.woff2",
        "HTTP://example.com/x.png",
        "ftp://example.com/x",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://example.com" + (TEMPLATES / "print.css").as_posix(),
        inside + "/../render.py",
        inside + "/../../pyproject.toml",
        inside + "/%2e%2e/render.py",
        inside + "/%2E%2E/%2E%2E/pyproject.toml",
        inside,  # the folder itself is not a file
        inside + "/tidak-ada.css",
        "print.css",  # relative: never resolved against the working directory
        "//example.com/x.css",
        "javascript:alert(1)",
    ]


@pytest.mark.parametrize("url", outside_urls())
def test_fetcher_refuses_everything_else(fetcher, url):
    from reports.fetch import RefusedURL

    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert fetcher.served == []


def test_fetcher_refuses_a_symlink_out_of_its_folder(tmp_path):
    from reports.fetch import PackageFetcher, RefusedURL

    secret = write(tmp_path / "secret", "rahasia.css", "body { color: red }")
    root = tmp_path / "tpl"
    root.mkdir()
    (root / "link.css").symlink_to(secret)
    write(root, "own.css", "p {}")
    fetcher = PackageFetcher(root)
    with pytest.raises(RefusedURL):
        fetcher.fetch((root / "link.css").as_uri())
    assert fetcher.fetch((root / "own.css").as_uri()).read() == b"p {}"
    assert fetcher.refused == [(root / "link.css").as_uri()]


# -- rendering a PDF ----------------------------------------------------------------------------

HOSTILE_TEMPLATE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>Uji</title>
<link rel="stylesheet" href="style.css">
<link rel="stylesheet" href="http://127.0.0.1:9/x.css">
<link rel="stylesheet" href="../secret/leak.css">
<link rel="stylesheet" href="{{ secret_url }}">
<link rel="stylesheet" href="data:text/css,p.data::after%7Bcontent:'DATA-OK'%7D">
<style>
  @import url("https://example.com/a.css");
  body { background: url("file:///etc/passwd"); }
  @font-face { font-family: Jauh; src: url("https://fonts.example.com/jauh.woff2"); }
</style></head>
<body>
<p class="own">isi</p><p class="data">data</p>
<img src="file:///etc/passwd" alt="">
<img src="../secret/leak.png" alt="">
<img src="http://127.0.0.1:9/pixel.png" alt="">
<img src="data:image/svg+xml;base64,{{ svg }}" alt="">
<object data="https://example.com/obj.svg"></object>
<iframe src="https://example.com/"></iframe>
<p>{{ text }}</p>
</body></html>
"""


def _hostile_render(tmp_path: Path, kit):
    secret_dir = tmp_path / "secret"
    write(secret_dir, "leak.css", "p::after { content: 'BOCOR-CSS' }")
    write(secret_dir, "leak.png", "BOCOR-PNG")
    root = tmp_path / "tpl"
    write(root, "hostile.html.j2", HOSTILE_TEMPLATE)
    write(root, "style.css", "p.own::after { content: 'GAYA-OK' }")
    svg = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4">'
                           b'<rect width="4" height="4"/></svg>').decode()
    context = {"secret_url": (secret_dir / "leak.css").as_uri(), "svg": svg,
               "text": '<img src="file:///etc/passwd"> {{ 7*7 }}'}
    with kit.recording() as rec:
        pdf = render("hostile.html.j2", context, templates=root)
    out = tmp_path / "hostile.pdf"
    out.write_bytes(pdf)
    return root, secret_dir, rec, kit.read_pdf(out)


def test_rendering_fetches_nothing_from_outside(tmp_path, kit):
    root, secret_dir, rec, pdf = _hostile_render(tmp_path, kit)
    # the template folder's own stylesheet and the data: URIs were used ...
    assert "GAYA-OK" in pdf.flat and "DATA-OK" in pdf.flat
    assert rec.served == [(root / "style.css").as_uri()]
    # ... and nothing else was read or connected to
    assert "BOCOR" not in pdf.text
    assert "root:" not in pdf.text
    assert rec.connections == []
    refused = set(rec.refused)
    assert {
        "http://127.0.0.1:9/x.css",
        (secret_dir / "leak.css").as_uri(),
        "https://example.com/a.css",
        "file:///etc/passwd",
        (secret_dir / "leak.png").as_uri(),
        "http://127.0.0.1:9/pixel.png",
    } <= refused
    assert not any(url.startswith("data:") for url in refused)
    for url in rec.served:
        assert url.startswith(root.as_uri() + "/")
    # user text is text
    assert '<img src="file:///etc/passwd"> {{ 7*7 }}' in pdf.flat


def test_render_returns_a_pdf_and_reports_progress(tmp_path):
    write(tmp_path, "t.html.j2", '<html lang="id"><head><title>{{ title }}</title></head>'
                                 "<body><p>{{ title }}</p></body></html>")
    stages: list[str] = []
    pdf = render("t.html.j2", {"title": "Halo"}, templates=tmp_path, progress=stages.append)
    assert pdf.startswith(b"%PDF-")
    assert stages[0] == "menyusun HTML"
    assert stages[-1] == "menulis PDF (1 halaman)"
    assert len(stages) == 4


def test_render_refuses_a_non_plain_context_before_loading_weasyprint(tmp_path):
    write(tmp_path, "t.html.j2", "{{ a }}")
    stages: list[str] = []
    with pytest.raises(ReportError):
        render("t.html.j2", {"a": Thing()}, templates=tmp_path, progress=stages.append)
    assert stages == ["menyusun HTML"]


# -- print stylesheet ---------------------------------------------------------------------------

def css() -> str:
    return re.sub(r"/\*.*?\*/", "", (TEMPLATES / "print.css").read_text("utf-8"), flags=re.S)


def test_print_css_page_setup():
    text = css()
    page = re.search(r"@page\s*\{(.*?)\n\}", text, re.S).group(1)
    assert re.search(r"size:\s*A4", page)
    assert re.search(r"margin:\s*\d+mm", page)
    assert "@top-center" in page and "string(running)" in page
    assert re.search(r'"Halaman "\s*counter\(page\)\s*" dari "\s*counter\(pages\)', page)
    assert re.search(r"@page cover\s*\{[^}]*margin:\s*0", text)


def test_print_css_keeps_rows_and_headings_together():
    text = css()
    assert re.search(r"(^|\n)tr\s*\{[^}]*break-inside:\s*avoid", text)
    assert re.search(r"h1, h2, h3, h4\s*\{[^}]*break-after:\s*avoid", text)
    assert re.search(r"thead\s*\{[^}]*table-header-group", text)
    assert re.search(r"figure\s*\{[^}]*break-inside:\s*avoid", text)


def test_print_css_names_its_fonts():
    assert '"DejaVu Sans"' in css()


# -- structure rules ----------------------------------------------------------------------------

def test_reports_imports_nothing_from_epss():
    offenders = []
    for path in sorted(REPORTS.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            elif (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "import_module"
                  and node.args and isinstance(node.args[0], ast.Constant)):
                names = [str(node.args[0].value)]
            else:
                continue
            offenders += [f"{path.name}:{node.lineno} {n}" for n in names
                          if n == "epss" or n.startswith("epss.")]
    assert offenders == []


def test_weasyprint_is_imported_lazily():
    """The TUI and the other commands import these; none of them may pay for WeasyPrint."""
    code = (
        "import json, sys\n"
        "import reports, reports.renderer, reports.charts, reports.formatting\n"
        "import epss.services.dossier, epss.core.manifest\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=True)
    loaded = json.loads(result.stdout)
    assert "reports.renderer" in loaded and "epss.services.dossier" in loaded
    assert [m for m in loaded if m.split(".")[0] in ("weasyprint", "pydyf")] == []
    assert "reports.fetch" not in loaded  # it imports weasyprint at module level


BASE_CONTEXT = {"document": {"language": "id", "title": "T", "subject": "S", "tool": "t",
                             "generated": "2026-11-22", "heading": "H"},
                "agency": {"name": "A"}, "assessment": {"year": 2026}}


@pytest.fixture
def template_cache(tmp_path, monkeypatch):
    """The packaged templates' bytecode cache, in a test folder instead of Jinja's own."""
    from reports import renderer

    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setattr(renderer, "_environments", {})
    monkeypatch.setattr(renderer._TemplateCache, "__init__",
                        lambda self: renderer.FileSystemBytecodeCache.__init__(self, str(folder)))
    return folder


def test_packaged_templates_are_compiled_once_and_kept(tmp_path, monkeypatch, template_cache):
    """A damaged entry is compiled afresh; ad-hoc template folders use no cache."""
    from reports import renderer

    first = render_html("base.html.j2", BASE_CONTEXT)
    entries = list(template_cache.iterdir())
    assert entries
    for entry in entries:
        entry.write_bytes(b"not bytecode")
    monkeypatch.setattr(renderer, "_environments", {})
    assert render_html("base.html.j2", BASE_CONTEXT) == first
    write(tmp_path / "own", "t.html.j2", "{{ 1 }}")
    assert renderer.environment(tmp_path / "own").bytecode_cache is None


def test_an_unwritable_template_cache_costs_nothing_but_time(monkeypatch, template_cache):
    from reports import renderer

    def refuse(self, bucket):
        raise OSError("read-only file system")

    monkeypatch.setattr(renderer.FileSystemBytecodeCache, "dump_bytecode", refuse)
    assert "<title>T</title>" in render_html("base.html.j2", BASE_CONTEXT)
    assert list(template_cache.iterdir()) == []
