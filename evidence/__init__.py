"""Content-addressed evidence vault (knows nothing of EPSS)."""
