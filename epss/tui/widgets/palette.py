"""The command palette in Indonesian: every action of the screen it was opened from, found
by its name ("Riwayat", "Cetak", "ekspor bundel", "tandai final" ...)."""

from __future__ import annotations

import functools
from typing import Any

from rich.align import Align
from rich.markup import escape
from rich.text import Text
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

PLACEHOLDER = "Cari perintah (mis. riwayat, cetak, ekspor, final) …"
NO_MATCH = "Tidak ada perintah yang cocok"


class ScreenCommands(Provider):
    """The actions of the screen below the palette, by their Indonesian names."""

    def _commands(self) -> list[tuple[str, str, Any]]:
        screen = self.screen
        listing = getattr(screen, "palette_commands", None)
        if listing is None:
            return []
        run = functools.partial(self.app.run_action, default_namespace=screen)
        return [(title, help_text, functools.partial(run, action))
                for title, help_text, action in listing()]

    async def discover(self) -> Hits:
        for title, help_text, command in self._commands():
            yield DiscoveryHit(escape(title), command, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, command in self._commands():
            score = matcher.match(f"{title} {help_text}")
            if score > 0:
                yield Hit(score, matcher.highlight(title), command, help=escape(help_text))


class EpssPalette(CommandPalette):
    """Textual's palette with its own texts in Indonesian."""

    def __init__(self) -> None:
        super().__init__(placeholder=PLACEHOLDER, id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(NO_MATCH, style="not bold")), disabled=True,
                    id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
