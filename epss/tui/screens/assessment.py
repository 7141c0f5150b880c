"""Penilaian: walk the 38 indicators, choose levels, write penjelasan, attach evidence.

Every change goes straight to the workspace (and its audit log); the explanation editor saves
shortly after typing stops and again whenever the indicator, the screen or the app changes, so
nothing typed is lost.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import (
    DataTable,
    Header,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
    TextArea,
    Tree,
)
from textual.widgets.option_list import Option
from textual.widgets.tree import TreeNode

from epss.core.model import Answer, Attachment
from epss.tui.attempt import guarded, guarded_open
from epss.tui.base import EpssScreen
from epss.tui.screens.check import CheckScreen
from epss.tui.screens.coordination import CoordinationScreen
from epss.tui.screens.dialogs import (
    ConfirmDialog,
    FilePickerDialog,
    LinkDialog,
    PromptDialog,
    reviewer_dialog,
    toggle_final,
)
from epss.tui.screens.export import ExportDialog
from epss.tui.screens.kegiatan import EvidenceMarkDialog, KegiatanScreen
from epss.tui.screens.plan import PlanScreen
from epss.tui.screens.report import ReportDialog
from epss.tui.widgets.keybar import KeyBar, Keys
from epss.tui.widgets.score_panel import ScorePanel, render_score_line
from epss.tui.widgets.texts import file_kind, local_time

SAVE_DELAY = 0.4  # seconds after the last keystroke
ROOMY = 30  # from this many rows the highlighted level's whole criterion shows below the list
TABS = ["tab-criteria", "tab-explain", "tab-evidence", "tab-comments"]


class IndicatorCommands(Provider):
    """Command palette: find an indicator by code or name."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, AssessmentScreen):
            return
        matcher = self.matcher(query)
        for ind in screen.ws.catalog.indicators:
            text = f"{ind.code} {ind.name}"
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), lambda c=ind.code: screen.select(c),
                          help=escape(ind.description))


class AssessmentScreen(EpssScreen[None]):
    COMMANDS = {IndicatorCommands}
    BINDINGS = [
        Binding("i", "indicators", "Indikator"),
        Binding("left_square_bracket", "tab(-1)", "Tab sebelumnya", key_display="[",
                show=False),
        Binding("right_square_bracket", "tab(1)", "Tab berikutnya", key_display="]",
                show=False),
        Binding("d", "show_tab('tab-criteria')", "Kriteria", show=False),
        Binding("b", "show_tab('tab-evidence')", "Bukti", show=False),
        Binding("k", "show_tab('tab-comments')", "Komentar", show=False),
        Binding("X", "export", "Ekspor bundel/xlsx", key_display="X", show=False),
        Binding("1", "level(1)", "Tingkat 1", show=False),
        Binding("2", "level(2)", "Tingkat 2", show=False),
        Binding("3", "level(3)", "Tingkat 3", show=False),
        Binding("4", "level(4)", "Tingkat 4", show=False),
        Binding("5", "level(5)", "Tingkat 5", show=False),
        Binding("0", "clear_level", "Kosongkan", show=False),
        Binding("n", "next", "Berikut"),
        Binding("p", "previous", "Sebelum"),
        Binding("e", "edit", "Penjelasan"),
        Binding("a", "add_file", "Berkas"),
        Binding("f", "toggle_final", "Final/draf"),  # early: still in the footer at 80 columns
        Binding("u", "next_unanswered", "Belum diisi"),
        Binding("l", "add_link", "Tautan"),
        Binding("o", "open_evidence", "Buka", show=False),
        Binding("x", "remove_evidence", "Lepas", show=False),
        Binding("j", "mark_evidence", "Jenis bukti", show=False),
        Binding("K", "kegiatan", "Kegiatan terpilih", key_display="K", show=False),
        Binding("w", "coordination", "Koordinasi OPD", show=False),
        Binding("r", "toggle_confidential", "Rahasia", show=False),
        Binding("m", "add_comment", "Tambah komentar", show=False),
        Binding("s", "resolve_comment", "Selesai", show=False),
        Binding("t", "mark_reviewed", "Ditinjau", show=False),
        Binding("c", "check", "Periksa"),
        Binding("v", "plan", "Rencana"),
        Binding("g", "report", "Cetak PDF"),
        Binding("R", "reviewer", "Nama penilai", key_display="R", show=False),
        Binding("escape", "back", "Kembali"),
    ]

    def __init__(self, assessment_id: int, start_code: str | None = None) -> None:
        super().__init__()
        self.assessment_id = assessment_id
        self.start_code = start_code  # e.g. opened from the planner on one indicator
        self.code = ""  # the indicator on screen ("" until the first is shown)
        self._tree_nodes: dict[str, TreeNode[str | None]] = {}
        self._save_timer: Timer | None = None
        self._pending: tuple[str, str] | None = None  # (code, text) not yet saved
        self._loaded_text = ""  # the explanation as stored, to ignore the editor's load echo
        self._told_locked = False  # the user was told the editor is read-only since focusing
        self._carried = False  # the answer on screen is an unreviewed copy of last year's
        self._typing_guard = False  # e was refused: typed text is not taken as commands

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="assessment-body"):
            with Vertical(id="left"):
                yield ScorePanel(id="score")
                yield Tree("Indikator", id="tree")
            with VerticalScroll(id="detail"):
                yield Static(id="status-line")
                yield Static(id="score-line")
                yield Static(id="ind-title")
                yield Static(id="ind-meta")
                yield OptionList(id="levels")
                yield Static(id="level-note")
                with TabbedContent(id="pane", initial="tab-explain"):
                    with TabPane("Kriteria", id="tab-criteria"), \
                            VerticalScroll(id="criteria-scroll"):
                        yield Static(id="ind-desc")
                        yield Static(id="criteria")
                        yield Static("Bukti yang diharapkan", classes="section")
                        yield Static(id="expected")
                    with TabPane("Penjelasan", id="tab-explain"):
                        yield TextArea(id="explanation", soft_wrap=True,
                                       show_line_numbers=False)
                        yield Static(id="save-state")
                    with TabPane("Bukti (0)", id="tab-evidence"):
                        yield DataTable(id="evidence", cursor_type="row")
                        yield Static(id="evidence-empty", classes="empty")
                    with TabPane("Komentar (0)", id="tab-comments"):
                        yield DataTable(id="comments", cursor_type="row")
                        yield Static(id="comments-empty", classes="empty")
        yield KeyBar()

    @guarded_open
    def on_mount(self) -> None:
        ws = self.ws
        self.assessment = ws.get_assessment(self.assessment_id)
        # the title first, what is said of it on a dim second line: at 80 columns the kind
        # (the least telling column) is the one that runs off to the right
        self.query_one("#evidence", DataTable).add_columns("#", "Judul", "Jenis")
        self.query_one("#levels", OptionList).border_title = \
            "Tingkat kematangan (1-5 atau Enter)"
        self.query_one("#comments", DataTable).add_columns("#", "Status", "Oleh", "Komentar")
        self._show_status()
        tree: Tree[str | None] = self.query_one("#tree", Tree)
        tree.show_root = False
        tree.guide_depth = 2
        self._build_tree()
        self._fit_rows()
        self._refresh_score()
        first = self.start_code or self._first_unanswered() or ws.catalog.codes[0]
        self.select(first)
        self._focus_main()

    # -- status: draft / final, read-only ----------------------------------------------------

    def _show_status(self) -> None:
        """Header, editor and the status line follow the assessment's status and whether the
        workspace can be written at all."""
        a = self.assessment
        reason = self.read_only_reason
        locked = a.status == "final" or bool(reason)
        self.sub_title = a.label + (f" — {a.title}" if a.title else "")
        if a.status == "final":
            self.sub_title += " — FINAL, hanya baca"
        if reason:
            self.sub_title += " — Mode baca saja"
        self.query_one("#explanation", TextArea).read_only = locked
        line = self.query_one("#status-line", Static)
        if reason:
            line.update(f"[b]Mode baca saja:[/b] {escape(reason)}. Tidak ada yang bisa diubah.")
        elif a.status == "final":
            line.update("[b]FINAL[/b] — hanya baca. Tekan f untuk mengembalikan ke draf.")
        line.display = locked

    def _status_changed(self) -> None:
        self.assessment = self.ws.get_assessment(self.assessment_id)
        self._show_status()
        self._refresh_score()

    def action_toggle_final(self) -> None:
        self.flush()
        toggle_final(self, self.ws.get_assessment(self.assessment_id), self._status_changed)

    def _refused(self, *, comments: bool = False) -> bool:
        """True (with the reason on screen) when this edit cannot be made; comments may still
        be added to a final assessment, so they are refused only when nothing can be written."""
        return self.refuse_edit(None if comments else self.assessment)

    # -- narrow terminals: the score panel and tree fold into a list opened with i ----------

    def _focus_main(self) -> None:
        """Focus the tree when it is on screen, else the detail pane, which then scrolls with
        the arrow keys like a page (Tab reaches the level choices)."""
        self._told_locked = False
        if self.narrow and not self.has_class("show-tree"):
            self.query_one("#detail", VerticalScroll).focus()
        else:
            self.query_one("#tree", Tree).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # the list opens with i only where it is folded away (the footer then shows i first)
        return action != "indicators" or self.narrow

    def _fit_rows(self) -> None:
        """Below 30 rows the criterion note gives its lines to the explanation (all five
        levels and the editor stay in view at 80x24; the Kriteria tab has every criterion)."""
        self.query_one("#level-note", Static).display = self.app.size.height >= ROOMY
        # a focus stop of its own only where it scrolls as a page (narrow): beside the tree
        # it would be an invisible extra Tab press
        self.query_one("#detail", VerticalScroll).can_focus = self.narrow

    def action_indicators(self) -> None:
        """Open (or close) the indicator list on a narrow screen."""
        tree = self.query_one("#tree", Tree)
        if self.has_class("show-tree"):
            self._close_list()
        else:
            self.add_class("show-tree")
            tree.focus()
            self._refresh_score()

    def _close_list(self) -> None:
        self.remove_class("show-tree")
        self._focus_main()
        self._refresh_score()

    def on_resize(self, event: events.Resize) -> None:
        self.refresh_bindings()  # i is offered only when narrow
        self._fit_rows()
        if not self.narrow and self.has_class("show-tree"):
            self.remove_class("show-tree")  # the list is on screen beside the detail again
        elif self.narrow and not self.has_class("show-tree") and \
                isinstance(self.focused, Tree):
            self._focus_main()
        self.call_after_refresh(self._refresh_score)

    @on(Tree.NodeSelected, "#tree")
    def _chosen(self, event: Tree.NodeSelected[str | None]) -> None:
        if event.node.data and self.narrow and self.has_class("show-tree"):
            self._close_list()

    # -- tree --------------------------------------------------------------------------------

    def _build_tree(self) -> None:
        ws = self.ws
        tree: Tree[str | None] = self.query_one("#tree", Tree)
        tree.clear()
        state = self._state()
        for dom in ws.catalog.domains:
            dnode = tree.root.add(escape(f"{dom.code} {dom.name}"), expand=True, data=None)
            for asp in dom.aspects:
                anode = dnode.add(escape(f"{asp.code} {asp.name}"), expand=True, data=None)
                for ind in asp.indicators:
                    node = anode.add_leaf(self._label(ind.code, state), data=ind.code)
                    self._tree_nodes[ind.code] = node

    def _state(self, code: str | None = None) -> dict[str, Any]:
        """What the tree labels need: for every indicator, or (on each change) just one."""
        ws = self.ws
        if code is None:
            answers = ws.answers(self.assessment_id)
        else:
            answer = ws.answer(self.assessment_id, code)
            answers = {code: answer} if answer else {}
        return {
            "answers": answers,
            "evidence": ws.evidence_counts(self.assessment_id),
            "comments": {c.indicator for c in ws.comments(self.assessment_id, code)
                         if not c.resolved},
        }

    def _label(self, code: str, state: dict[str, Any]) -> str:
        ans = state["answers"].get(code)
        level = ans.level if ans else None
        marks = []
        if level is not None and not (ans.explanation.strip() if ans else ""):
            marks.append("P!")
        if level is not None and level >= 2 and not state["evidence"].get(code):
            marks.append("B!")
        if ans and ans.carried_over:
            marks.append("L")
        if code in state["comments"]:
            marks.append("K")
        name = self.ws.catalog.indicator(code).name.removeprefix("Tingkat Kematangan ")
        shown = str(level) if level is not None else "·"
        mark_text = (" " + " ".join(marks)) if marks else ""
        return f"{code} [{shown}]{mark_text} {escape(name)}"

    def _refresh_node(self, code: str) -> None:
        node = self._tree_nodes.get(code)
        if node is not None:
            node.set_label(self._label(code, self._state(code)))

    def _refresh_score(self) -> None:
        card = self.attempt(self.ws.scorecard, self.assessment_id)
        if card:
            self.query_one("#score", ScorePanel).update_card(card)
            hint = " · [b]i[/b] daftar indikator" if self.narrow else ""
            self.query_one("#score-line", Static).update(render_score_line(card) + hint)

    @on(Tree.NodeHighlighted, "#tree")
    @guarded
    def _highlighted(self, event: Tree.NodeHighlighted[str | None]) -> None:
        code = event.node.data
        if code and code != self.code:
            self.select(code, from_tree=True)

    # -- the selected indicator --------------------------------------------------------------

    def select(self, code: str, *, from_tree: bool = False) -> None:
        """Show one indicator (saving any pending explanation of the previous one first)."""
        self.flush()
        ws = self.ws
        ind = ws.catalog.indicator(code)
        self.code = code
        answer = ws.answer(self.assessment_id, code)
        level = answer.level if answer else None
        asp = ws.catalog.aspect(ind.aspect_code)
        dom = ws.catalog.domain(ind.domain_code)
        weight = float(ws.catalog.effective_weight(code))
        self.query_one("#ind-title", Static).update(escape(f"{code} {ind.name}"))
        general = " · indikator umum" if ind.general else ""
        inferred = "" if ind.weight_confidence == "confirmed" else " (disimpulkan)"
        shown_weight = f"{weight:.2f}".replace(".", ",")
        self.query_one("#ind-meta", Static).update(
            f"Domain {dom.code} › Aspek {asp.code} · bobot {shown_weight}% dari IPS"
            f"{inferred}{general}" + self._carried_text(answer))
        self._carried = bool(answer and answer.carried_over)
        self.query_one("#ind-desc", Static).update(
            escape(f"Domain {dom.code} {dom.name} › Aspek {asp.code} {asp.name}") + "\n"
            + escape(ind.description) + self._wording_note())
        self.query_one("#criteria", Static).update("\n".join(
            f"[b]{n} {escape(ws.catalog.edition.level_name(n))}[/b] — {escape(ind.levels[n])}"
            for n in range(1, 6)))
        self._show_levels(level)
        self._show_expected(level)
        editor = self.query_one("#explanation", TextArea)
        self._loaded_text = answer.explanation if answer else ""
        editor.load_text(self._loaded_text)
        self.query_one("#save-state", Static).update(
            self._saved_text(answer) if answer and answer.explanation else "")
        self._show_evidence()
        self._show_comments()
        self.query_one("#detail", VerticalScroll).scroll_home(animate=False)
        if not from_tree:
            node = self._tree_nodes.get(code)
            if node is not None:
                self.query_one("#tree", Tree).move_cursor(node)

    def _wording_note(self) -> str:
        """Say whose words these are when the official worksheet's wording is shown."""
        if not hasattr(self, "_wording_source"):
            self._wording_source = self.ws.criteria_source()
        source = self._wording_source
        if source is None:
            return ""
        return (f"\n[dim]Teks indikator dan kriteria dari LKE resmi "
                f"({escape(source['source'])}, diimpor {source['imported_at'][:10]}).[/dim]")

    @staticmethod
    def _carried_text(answer: Answer | None) -> str:
        """Only while the answer is an unreviewed copy of last year's: then t is needed."""
        if answer is None or not answer.carried_over:
            return ""
        return " · [b]L[/b] disalin dari tahun lalu: tekan [b]t[/b] bila sudah ditinjau"

    def _saved_text(self, answer: Answer) -> str:
        return escape(f"Tersimpan · {answer.updated_by} · {local_time(answer.updated_at)}")

    def _show_levels(self, level: int | None) -> None:
        """One line per level (all five in view at 80x24); the highlighted level's whole
        criterion is shown below the list, and the Kriteria tab has them all."""
        ws = self.ws
        ind = ws.catalog.indicator(self.code)
        levels = self.query_one("#levels", OptionList)
        levels.clear_options()
        for n in range(1, 6):
            mark = "(●)" if n == level else "( )"
            name = ws.catalog.edition.level_name(n)
            line = Text(f"{mark} {n} {name} — {ind.levels[n]}", no_wrap=True,
                        overflow="ellipsis")
            levels.add_option(Option(line, id=str(n)))
        levels.highlighted = (level or 1) - 1
        self._show_level_note(levels.highlighted)

    def _show_level_note(self, index: int | None) -> None:
        if not self.code or index is None:
            return
        ind = self.ws.catalog.indicator(self.code)
        n = index + 1
        self.query_one("#level-note", Static).update(
            f"[b]{n}[/b]: {escape(ind.levels[n])}")

    @on(OptionList.OptionHighlighted, "#levels")
    def _level_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_level_note(event.option_index)

    def _show_expected(self, level: int | None) -> None:
        ind = self.ws.catalog.indicator(self.code)
        if level is None:
            text = ("Pilih tingkat untuk melihat bukti yang diharapkan. Tingkat 2: "
                    f"{ind.evidence[2]}")
        else:
            text = f"Tingkat {level}: {ind.evidence[level]}"
            if level < 5:
                text += f"\nUntuk naik ke tingkat {level + 1}: {ind.evidence[level + 1]}"
        self.query_one("#expected", Static).update(text)

    def _show_evidence(self) -> None:
        ws = self.ws
        table = self.query_one("#evidence", DataTable)
        table.clear()
        items = ws.evidence(self.assessment_id, self.code)
        for att in items:
            if att.url:
                kind = f"tautan {att.url}"
            else:
                stored = att.blob_sha is not None and ws.vault.exists(att.blob_sha)
                missing = "" if stored else " HILANG!"
                kind = file_kind(att.media_type, att.size) + missing
            title = Text(att.title)
            said = ", ".join(p for p in ("rahasia" if att.confidential else "",
                                         ws.sampling.describe_marks(att, short=True)) if p)
            if said:
                title.append(f"\n{said}", style="dim")
            table.add_row(str(att.id), title, kind, key=str(att.id), height=2 if said else 1)
        self.query_one("#evidence-empty", Static).update(
            "" if items else "Belum ada bukti dukung untuk indikator ini.")
        table.display = bool(items)
        self._tab_label("tab-evidence", f"Bukti ({len(items)})")

    def _show_comments(self) -> None:
        table = self.query_one("#comments", DataTable)
        table.clear()
        items = self.ws.comments(self.assessment_id, self.code)
        for c in items:
            who = c.author + (f" ({c.role})" if c.role else "")
            table.add_row(str(c.id), "selesai" if c.resolved else "terbuka", Text(who),
                          Text(c.body), key=str(c.id))
        self.query_one("#comments-empty", Static).update("" if items else "Belum ada komentar.")
        table.display = bool(items)
        open_count = sum(1 for c in items if not c.resolved)
        # "!" when one is still open (the tree marks such an indicator K)
        self._tab_label("tab-comments", f"Komentar ({len(items)}{'!' if open_count else ''})")

    def _tab_label(self, pane: str, label: str) -> None:
        self.query_one("#pane", TabbedContent).get_tab(pane).label = label

    # -- levels ------------------------------------------------------------------------------

    def action_level(self, level: int) -> None:
        self._set(level=level)

    def action_clear_level(self) -> None:
        self._set(clear_level=True)

    @on(OptionList.OptionSelected, "#levels")
    @guarded
    def _level_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._set(level=int(event.option.id))

    def _set(self, **changes: Any) -> None:
        if not self.code or self._refused():
            return
        self.flush()
        answer = self.attempt(self.ws.set_answer, self.assessment_id, self.code, **changes)
        if not answer:
            return
        self._refresh_score()
        self._refresh_node(self.code)
        self._show_levels(answer.level)
        self._show_expected(answer.level)
        self.query_one("#save-state", Static).update(self._saved_text(answer))

    # -- explanation -------------------------------------------------------------------------

    @on(TextArea.Changed, "#explanation")
    def _typed(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        if not self.code or (self._pending is None and text == self._loaded_text):
            return
        self._pending = (self.code, text)
        self.query_one("#save-state", Static).update("Menyimpan…")
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self.flush)

    def flush(self, *, update_ui: bool = True) -> None:
        """Save a pending explanation now (called on a timer, on navigation and on exit)."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if self._pending is None:
            return
        code, text = self._pending
        self._pending = None
        answer = self.attempt(self.ws.set_answer, self.assessment_id, code, explanation=text)
        if not answer:  # refused or failed: say so, keep the typed text visible to copy
            if update_ui and code == self.code:
                self.query_one("#save-state", Static).update(
                    "[b]Tidak tersimpan[/b] — lihat pesan kesalahan")
            return
        if code == self.code:
            self._loaded_text = answer.explanation
        if update_ui:
            if code == self.code:
                self.query_one("#save-state", Static).update(self._saved_text(answer))
            self._refresh_node(code)

    def on_unmount(self) -> None:
        self.flush(update_ui=False)

    def on_key(self, event: events.Key) -> None:
        """Typing into the read-only editor of a final assessment (or a read-only workspace),
        or right after `e` was refused, is refused with one message: the keys would otherwise
        fall through to the screen's bindings, so typing a word could jump indicators or open
        dialogs. Esc (or any other non-typing key) ends the refusal after `e`."""
        editor = self.focused
        locked_editor = isinstance(editor, TextArea) and editor.read_only
        if not (locked_editor or self._typing_guard):
            return
        if event.is_printable or event.key in ("enter", "backspace", "delete"):
            event.stop()
            event.prevent_default()
            if locked_editor and not self._told_locked:
                self._told_locked = self._refused()
            return
        if self._typing_guard:
            self._typing_guard = False
            if event.key == "escape":  # ends the typing, does not leave the screen
                event.stop()
                event.prevent_default()

    def action_edit(self) -> None:
        """Write the explanation. On a final assessment (or read-only workspace) say why not
        and stay out of the editor: the keys typed next then still work as commands, and
        nothing looks as if it was written."""
        self._show_tab("tab-explain")
        if self.refuse_edit(self.assessment, extra=" Ketikan berikutnya diabaikan sampai Esc."):
            self._typing_guard = True  # the words meant for the editor must not run commands
            return
        editor = self.query_one("#explanation", TextArea)
        editor.focus()
        editor.move_cursor(editor.document.end)  # continue writing, not prepend

    # -- the tabs under the levels: Kriteria · Penjelasan · Bukti (n) · Komentar (n) -------

    def _show_tab(self, pane: str) -> None:
        self.query_one("#pane", TabbedContent).active = pane
        self.call_after_refresh(self.refresh_keys)

    def action_show_tab(self, pane: str) -> None:
        self._show_tab(pane)
        target = {"tab-evidence": "#evidence", "tab-comments": "#comments"}.get(pane)
        if target:
            table = self.query_one(target, DataTable)
            if table.row_count:
                table.focus()

    def action_tab(self, delta: int) -> None:
        active = self.query_one("#pane", TabbedContent).active
        index = TABS.index(active) if active in TABS else 1
        self.action_show_tab(TABS[(index + delta) % len(TABS)])

    @on(TabbedContent.TabActivated, "#pane")
    def _tab_changed(self) -> None:
        self.call_after_refresh(self.refresh_keys)

    # -- keys of the focused area ------------------------------------------------------------

    def key_hints(self) -> Keys:
        focused = self.focused
        tab = self.query_one("#pane", TabbedContent).active
        if isinstance(focused, TextArea) and not focused.read_only:
            return [("Esc", "selesai menulis (tersimpan otomatis)"),
                    ("Ctrl+P", "Semua perintah")]
        keys: Keys = []
        if self.narrow:
            keys.append(("i", "Indikator"))
        keys += [("1-5", "Tingkat"), ("n/p", "Berikut")]
        if tab == "tab-evidence" or (isinstance(focused, DataTable) and focused.id == "evidence"):
            keys += [("a", "Berkas"), ("l", "Tautan"), ("o", "Buka"), ("j", "Jenis bukti"),
                     ("x", "Lepas"), ("r", "Rahasia"), ("K", "Kegiatan")]
        elif tab == "tab-comments" or isinstance(focused, DataTable):
            keys += [("m", "Komentar baru"), ("s", "Selesai/buka")]
        else:
            keys += [("e", "Penjelasan"), ("u", "Belum diisi"), ("a", "Bukti")]
        if self._carried:
            keys.append(("t", "Sudah ditinjau"))
        keys += [("[ ]", "Tab"), ("c", "Periksa"), ("f", "Final/draf"), ("Esc", "Kembali")]
        return keys + self.common_keys()

    # -- navigation --------------------------------------------------------------------------

    def _step(self, delta: int) -> None:
        codes = self.ws.catalog.codes
        index = codes.index(self.code) if self.code in codes else 0
        self.select(codes[(index + delta) % len(codes)])

    def action_next(self) -> None:
        self._step(1)

    def action_previous(self) -> None:
        self._step(-1)

    def _first_unanswered(self, after: str | None = None) -> str | None:
        codes = list(self.ws.catalog.codes)
        levels = self.ws.levels(self.assessment_id)
        start = codes.index(after) + 1 if after in codes else 0
        for code in codes[start:] + codes[:start]:
            if code not in levels:
                return code
        return None

    def action_next_unanswered(self) -> None:
        code = self._first_unanswered(self.code)
        if code is None:
            self.app.notify("Semua 38 indikator sudah diisi.")
        else:
            self.select(code)

    def action_check(self) -> None:
        self.flush()

        def jump(code: str | None) -> None:
            if code:
                self.select(code)

        self.app.push_screen(CheckScreen(self.assessment_id), jump)

    def action_plan(self) -> None:
        self.flush()

        def jump(code: str | None) -> None:
            if code:
                self.select(code)

        self.app.push_screen(PlanScreen(self.assessment_id), jump)

    def action_report(self) -> None:
        self.flush()  # the PDF prints what is saved: save the explanation being typed first
        self.app.push_screen(ReportDialog(self.assessment_id, self.assessment.label))

    def action_export(self) -> None:
        self.flush()  # the bundle and the worksheet hold what is saved
        self.app.push_screen(ExportDialog(self.assessment_id))

    def action_reviewer(self) -> None:
        def done(name: object) -> None:
            if name:
                self._show_status()

        reviewer_dialog(self, done)

    def action_back(self) -> None:
        if isinstance(self.focused, TextArea):
            self.flush()
            self._focus_main()
            return
        if self.has_class("show-tree"):
            self._close_list()
            return
        self.flush()
        self.app.pop_screen()

    def action_mark_reviewed(self) -> None:
        if self._refused():
            return
        answer = self.ws.answer(self.assessment_id, self.code)
        if not answer or not answer.carried_over:
            self.app.notify("Jawaban ini bukan salinan tahun lalu.")
            return
        if self.attempt(self.ws.mark_reviewed, self.assessment_id, self.code):
            self._refresh_node(self.code)
            self.select(self.code)

    # -- evidence ----------------------------------------------------------------------------

    def _selected_row(self, table_id: str) -> int | None:
        table: DataTable[str | Text] = self.query_one(table_id, DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def _evidence_changed(self) -> None:
        self._show_evidence()
        self._refresh_node(self.code)

    def action_add_file(self) -> None:
        code = self.code
        if self._refused():
            return

        def done(result: dict[str, Any] | None) -> None:
            if not result:
                return
            paths: list[Path] = result["paths"]
            title = result["title"] if len(paths) == 1 else ""
            for path in paths:
                added = self.attempt(self.ws.add_evidence, self.assessment_id, code, path,
                                     title=title, confidential=result["confidential"])
                if not added:
                    break
                att, blob = added
                same = " (isi sama sudah ada di brankas)" if blob.existed else ""
                self.app.notify(f"Bukti #{att.id} tersimpan: {blob.label}{same}.", markup=False)
                for warning in blob.warnings:
                    self.app.notify(warning, severity="warning", timeout=10, markup=False)
            if paths:
                self.attempt(self.ws.remember_folder, paths[0].parent)
            self._evidence_changed()
            self._show_tab("tab-evidence")

        start = self.attempt(self.ws.last_folder) or Path.home()
        self.app.push_screen(FilePickerDialog(start), done)

    def action_add_link(self) -> None:
        code = self.code
        if self._refused():
            return

        def save(result: dict[str, Any]) -> Attachment:
            """Run inside the dialog: a refused link keeps the dialog open with the reason."""
            return self.ws.link_evidence(self.assessment_id, code, result["url"],
                                         title=result["title"],
                                         confidential=result["confidential"])

        def done(att: Attachment | None) -> None:
            if att:
                self.app.notify(f"Tautan #{att.id} ditambahkan.")
                self._evidence_changed()
                self._show_tab("tab-evidence")

        self.app.push_screen(LinkDialog(save), done)

    def _selected_attachment(self) -> Attachment | None:
        att_id = self._selected_row("#evidence")
        if att_id is None:
            self.app.notify("Belum ada bukti untuk indikator ini.")
            return None
        for att in self.ws.evidence(self.assessment_id, self.code):
            if att.id == att_id:
                return att
        return None

    def action_open_evidence(self) -> None:
        att = self._selected_attachment()
        if att is None:
            return
        if att.url:
            self.app.open_url(att.url)
            self.app.notify(escape(f"Membuka {att.url}"))
            return
        target = self.attempt(self.ws.evidence_copy, att.id)
        if not isinstance(target, Path):
            return
        opener = shutil.which("xdg-open") or shutil.which("open")
        if opener is None:
            self.app.notify(f"Salinan berkas ada di: {target}", timeout=15, markup=False)
            return
        try:
            subprocess.Popen([opener, str(target)], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError:
            self.app.notify(f"Tidak bisa membuka; salinan berkas ada di: {target}", timeout=15,
                            markup=False)
            return
        self.app.notify(f"Membuka {att.title} (salinan: {target})", markup=False)

    def action_remove_evidence(self) -> None:
        if self._refused():
            return
        att = self._selected_attachment()
        if att is None:
            return

        def done(yes: bool | None) -> None:
            if not yes:
                return
            if self.attempt(self.ws.remove_evidence, att.id):
                self.app.notify(f"Bukti #{att.id} dilepas (berkas tetap di brankas).")
                self._evidence_changed()

        question = f"Lepas bukti [b]{escape(att.title)}[/b] dari {att.indicator}?"
        self.app.push_screen(ConfirmDialog(question, yes="Ya, lepas"), done)

    def action_mark_evidence(self) -> None:
        """Say what the selected evidence is (kind, year, signature, package, kegiatan)."""
        if self._refused():
            return
        att = self._selected_attachment()
        if att is None:
            return

        def done(marked: object) -> None:
            if isinstance(marked, Attachment):
                self.app.notify(f"Bukti #{marked.id}: {self.ws.sampling.describe_marks(marked)}",
                                markup=False)
                self._evidence_changed()

        self.app.push_screen(EvidenceMarkDialog(att), done)

    def action_kegiatan(self) -> None:
        self.flush()
        self.app.push_screen(KegiatanScreen(self.assessment_id),
                             lambda _: self._evidence_changed())

    def action_coordination(self) -> None:
        self.flush()  # an accepted proposal replaces the saved explanation: save typing first
        self.app.push_screen(CoordinationScreen(self.assessment_id),
                             lambda _: self.select(self.code))

    def action_toggle_confidential(self) -> None:
        if self._refused():
            return
        att = self._selected_attachment()
        if att is None:
            return
        if self.attempt(self.ws.set_evidence_confidential, att.id, not att.confidential):
            self._show_evidence()
            if att.confidential:
                self.app.notify(f"Bukti #{att.id} tidak rahasia lagi: ikut dicetak di laporan "
                                "dan ikut diekspor.", markup=False)
            else:
                self.app.notify(f"Bukti #{att.id} ditandai rahasia: tidak dicetak di laporan "
                                "dan tidak diekspor, kecuali diminta (r lagi untuk membatalkan).",
                                markup=False)

    # -- comments ----------------------------------------------------------------------------

    def action_add_comment(self) -> None:
        code = self.code
        if self._refused(comments=True):
            return

        def save(text: str) -> object:
            return self.ws.add_comment(self.assessment_id, code, text, role="peninjau")

        def done(saved: object) -> None:
            if saved:
                self._show_comments()
                self._refresh_node(code)
                self._show_tab("tab-comments")

        self.app.push_screen(PromptDialog(f"Komentar untuk {code}",
                                          placeholder="mis. Lampirkan SK walidata",
                                          save=save), done)

    def action_resolve_comment(self) -> None:
        if self._refused(comments=True):
            return
        comment_id = self._selected_row("#comments")
        if comment_id is None:
            self.app.notify("Belum ada komentar untuk indikator ini.")
            return
        current = next(c for c in self.ws.comments(self.assessment_id, self.code)
                       if c.id == comment_id)
        if self.attempt(self.ws.resolve_comment, comment_id, not current.resolved):
            self._show_comments()
            self._refresh_node(self.code)
