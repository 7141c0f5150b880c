"""`epss kegiatan`, `epss evidence mark`, `epss periksa` and `epss aturan`: the assessment as BPS
samples it — the sampled kegiatan and their OPD, what each attachment is, and the assessor's
findings with the rules behind them."""

from __future__ import annotations

import click

from epss.cli.base import Command, Group, fail
from epss.cli.common import dumps, open_workspace, year_kind
from epss.core.validate import is_row_id


@click.group("kegiatan", cls=Group)
def kegiatan_group() -> None:
    """Kegiatan statistik terpilih (sampel penilaian) dan OPD pemiliknya."""


@kegiatan_group.command("add")
@click.option("--opd", required=True, metavar="NAMA", help="OPD pemilik kegiatan.")
@click.option("--name", required=True, metavar="NAMA", help="Nama kegiatan statistik.")
@click.option("--code", default="", metavar="KODE", help="Kode Romantik, mis. K-24.6104.005.")
@click.option("--jenis", "kegiatan_kind", default="survei", show_default=True, metavar="JENIS",
              help="Jenis kegiatan: survei, kompilasi (produk administrasi) atau lainnya.")
@year_kind
@click.pass_context
def kegiatan_add(ctx: click.Context, opd: str, name: str, code: str, kegiatan_kind: str,
                 year: int | None, kind: str) -> None:
    """Daftarkan kegiatan terpilih pada satu penilaian (sampel berganti tiap tahun: tidak
    ikut disalin ke penilaian baru)."""
    from epss.core.model import KEGIATAN_KINDS

    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    k = ws.sampling.add_kegiatan(a.id, opd=opd, name=name, code=code, kind=kegiatan_kind)
    click.echo(f"#{k.id} {k.label} ({KEGIATAN_KINDS[k.kind]}{', ' + k.code if k.code else ''})"
               f" — {a.label}")


@kegiatan_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@year_kind
@click.pass_context
def kegiatan_list(ctx: click.Context, as_json: bool, year: int | None, kind: str) -> None:
    """Kegiatan terpilih satu penilaian, dengan jumlah bukti tiap kegiatan."""
    from epss.core.model import KEGIATAN_KINDS

    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    items = ws.sampling.kegiatan(a.id)
    counts: dict[int | None, int] = {}
    for att in ws.evidence(a.id):
        counts[att.kegiatan_id] = counts.get(att.kegiatan_id, 0) + 1
    if as_json:
        click.echo(dumps([{**k.model_dump(), "evidence": counts.get(k.id, 0)} for k in items]))
        return
    if not items:
        click.echo(f"Belum ada kegiatan terpilih untuk {a.label}. Tambahkan dengan "
                   "`epss kegiatan add --opd NAMA --name KEGIATAN`.")
        return
    for k in items:
        code = f" [{k.code}]" if k.code else ""
        click.echo(f"#{k.id:<3} {k.label}{code} — {KEGIATAN_KINDS[k.kind]}, "
                   f"{counts.get(k.id, 0)} bukti")
    click.echo(f"Umum/walidata: {counts.get(None, 0)} bukti")


@kegiatan_group.command("remove")
@click.argument("kegiatan_id", type=int, metavar="ID")
@click.pass_context
def kegiatan_remove(ctx: click.Context, kegiatan_id: int) -> None:
    """Hapus kegiatan terpilih; buktinya tetap (menjadi umum/walidata), penugasan OPD untuk
    kegiatan ini ikut terhapus. Keduanya disebut dan dicatat di log audit."""
    if not is_row_id(kegiatan_id):
        fail(f"kegiatan #{kegiatan_id} tidak ada")
    effects = open_workspace(ctx).sampling.remove_kegiatan(kegiatan_id)
    k = effects.kegiatan
    click.echo(f"Kegiatan #{k.id} ({k.label}) dihapus: {effects.describe()}.")


def _nullable_int(value: str | None, what: str) -> object:
    from epss.services.sampling import UNSET

    if value is None:
        return UNSET
    if value.strip().lower() in ("none", "umum", "-", ""):
        return None
    try:
        return int(value)
    except ValueError:
        fail(f"{what} harus angka atau 'none', bukan {value!r}")


@click.command("mark", cls=Command)
@click.argument("attachment_id", type=int, metavar="ID")
@click.option("--doc-kind", metavar="JENIS",
              help="Jenis dokumen (lihat `epss aturan`), mis. sk, sop, kak; 'none' menghapus.")
@click.option("--doc-year", metavar="TAHUN", help="Tahun dokumen; 'none' menghapus.")
@click.option("--signed/--unsigned", default=None, help="Bertanda tangan dan bercap, atau belum.")
@click.option("--tpb/--internal", "for_tpb", default=None,
              help="Ada di paket untuk penilai (TPB), atau hanya internal.")
@click.option("--kegiatan", metavar="ID",
              help="Kegiatan terpilih yang dibuktikan (ID dari `epss kegiatan list`); "
                   "'umum' untuk umum/walidata.")
@click.pass_context
def evidence_mark(ctx: click.Context, attachment_id: int, doc_kind: str | None,
                  doc_year: str | None, signed: bool | None, for_tpb: bool | None,
                  kegiatan: str | None) -> None:
    """Tandai apa bukti ini bagi penilai: jenis, tahun, tanda tangan, paket TPB, kegiatan."""
    from epss.services.sampling import UNSET

    if not is_row_id(attachment_id):
        fail(f"bukti dukung #{attachment_id} tidak ada")
    kind: object = UNSET if doc_kind is None else (
        None if doc_kind.strip().lower() in ("none", "-", "") else doc_kind.strip())
    ws = open_workspace(ctx)
    att = ws.sampling.mark_evidence(
        attachment_id, doc_kind=kind, doc_year=_nullable_int(doc_year, "tahun dokumen"),
        signed=signed, for_tpb=for_tpb, kegiatan_id=_nullable_int(kegiatan, "kegiatan"))
    click.echo(f"Bukti #{att.id} {att.indicator} {att.title}: {ws.sampling.describe_marks(att)}")


@click.command("periksa", cls=Command)
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@year_kind
@click.pass_context
def periksa(ctx: click.Context, as_json: bool, year: int | None, kind: str) -> None:
    """Apa yang akan dipersoalkan penilai BPS: pemeriksaan dasar dan aturan kecukupan bukti
    (keluar 1 bila ada temuan)."""
    ws = open_workspace(ctx)
    a = ws.assessment(year, kind)
    found = ws.findings(a.id)
    if as_json:
        click.echo(dumps([{"indicator": f.code, "kind": f.kind, "label": f.label,
                           "detail": f.detail} for f in found]))
    else:
        for f in found:
            click.echo(f"{f.code}  {f.label}: {f.detail}")
        click.echo(f"{len(found)} temuan pada {a.label}." if found
                   else f"Tidak ada temuan pada {a.label}.")
    if found:
        ctx.exit(1)


@click.group("aturan", cls=Group, invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON (untuk skrip).")
@click.pass_context
def aturan_group(ctx: click.Context, as_json: bool) -> None:
    """Aturan kecukupan bukti yang diperiksa `periksa`, dengan sumber dan keyakinannya;
    tanpa subperintah: daftarnya."""
    if ctx.invoked_subcommand is not None:
        return
    from epss.core.catalog import CONFIDENCE_LABELS

    ws = open_workspace(ctx)
    states = ws.sampling.rules()
    if as_json:
        click.echo(dumps([{"id": s.rule.id, "label": s.rule.label, "enabled": s.enabled,
                           "confidence": s.rule.confidence, "source": s.rule.source,
                           "explanation": s.rule.explanation} for s in states]))
        return
    for s in states:
        mark = "aktif" if s.enabled else "MATI "
        click.echo(f"[{mark}] {s.rule.id} — {s.rule.label} "
                   f"({CONFIDENCE_LABELS.get(s.rule.confidence, s.rule.confidence)})")
        click.echo(f"        {s.rule.explanation}")
        click.echo(f"        Sumber: {s.rule.source}")
    kinds = ", ".join(k.key for k in ws.catalog.edition.evidence_kinds)
    click.echo(f"Jenis dokumen (evidence mark --doc-kind): {kinds}")


@aturan_group.command("off")
@click.argument("rule_id", metavar="ID")
@click.pass_context
def aturan_off(ctx: click.Context, rule_id: str) -> None:
    """Matikan satu aturan untuk workspace ini (dicatat)."""
    state = open_workspace(ctx).sampling.set_rule(rule_id, False)
    click.echo(f"Aturan {state.rule.id} dimatikan.")


@aturan_group.command("on")
@click.argument("rule_id", metavar="ID")
@click.pass_context
def aturan_on(ctx: click.Context, rule_id: str) -> None:
    """Nyalakan kembali satu aturan (dicatat)."""
    state = open_workspace(ctx).sampling.set_rule(rule_id, True)
    click.echo(f"Aturan {state.rule.id} aktif.")
