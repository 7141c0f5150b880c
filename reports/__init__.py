"""PDF rendering of plain report contexts (knows nothing of EPSS)."""
