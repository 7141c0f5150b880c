"""Files that travel: exchange bundles (zip) and the official evaluation worksheet (xlsx)."""
