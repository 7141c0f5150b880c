"""The pure core: the catalog, scoring, planning, comparisons, award ranking and the
manifest. Nothing here does I/O beyond reading its own packaged data; import-linter keeps
it so."""
