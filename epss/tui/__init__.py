"""The terminal UI (Textual): thin screens over epss.services.workspace."""
