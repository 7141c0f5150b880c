"""The always-visible score: IPS, predikat, completion and the five domain indices."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from epss.core.scoring import Scorecard

BAR_WIDTH = 12


def bar(index: float, width: int = BAR_WIDTH) -> str:
    """A text bar for an index on the 1..5 scale (readable without colour)."""
    filled = round((index - 1) / 4 * width)
    return "█" * filled + "░" * (width - filled)


def render_scorecard(card: Scorecard) -> str:
    predikat = card.predikat + (" (sementara)" if card.provisional else "")
    lines = [
        f"[b]IPS {card.ips_display}[/b]",
        f"Predikat: [b]{predikat}[/b]",
        f"Terisi: {card.answered}/{card.total}",
    ]
    if card.provisional:
        lines.append(f"Batas atas: {card.ceiling_display}")
    lines.append("")
    for dom in card.domains:
        lines.append(f"D{dom.code} {bar(float(dom.index))} {card.display(dom.index)}")
    return "\n".join(lines)


def render_score_line(card: Scorecard) -> str:
    """The score in one line, for a terminal too small for the panel."""
    predikat = card.predikat + (" (sementara)" if card.provisional else "")
    return (f"[b]IPS {card.ips_display}[/b] · {predikat} · terisi "
            f"{card.answered}/{card.total}")


class ScorePanel(Static):
    """Shows a scorecard; ``update_card`` is cheap enough to call on every key press."""

    DEFAULT_CSS = """
    ScorePanel { width: 100%; padding: 0 1; border: round $primary; height: auto; }
    """

    def __init__(self, card: Scorecard | None = None, **kwargs: Any) -> None:
        super().__init__(render_scorecard(card) if card else "", **kwargs)
        self.border_title = "Skor"

    def update_card(self, card: Scorecard) -> None:
        self.update(render_scorecard(card))
