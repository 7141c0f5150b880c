"""The terminal UI (Textual): thin screens over epss.workspace."""
