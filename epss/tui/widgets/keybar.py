"""The keys of the focused area, wrapped over as many lines as they need (Textual's Footer
is one line and cut the keys off at 80 columns: `l Taut▏`). A key and its label are never
split over two lines."""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

Keys = list[tuple[str, str]]  # (key as shown, what it does)


def render_keys(keys: Keys, width: int = 0) -> Text:
    """``key label`` pairs, the key in reverse video (readable without colour, NO_COLOR),
    laid out in lines of at most ``width`` cells (0: one line)."""
    text = Text(no_wrap=True, overflow="ellipsis")
    used = 0
    for key, label in keys:
        item = Text()
        item.append(f" {key} ", style="reverse bold")
        item.append(label)
        gap = 2 if used else 0
        if width and used and used + gap + item.cell_len > width:
            text.append("\n")
            used, gap = 0, 0
        text.append(" " * gap)
        text.append_text(item)
        used += gap + item.cell_len
    return text


class KeyBar(Widget):
    """Replaces the Footer on the epss screens; the screen tells it what to show."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: auto; max-height: 3; padding: 0 1;
             background: $panel; color: $text; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.keys: Keys = []

    def show_keys(self, keys: Keys) -> None:
        if keys != self.keys:
            self.keys = keys
            self.refresh(layout=True)

    def render(self) -> Text:
        return render_keys(self.keys, self.content_size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(render_keys(self.keys, width).plain.split("\n")) if self.keys else 1
