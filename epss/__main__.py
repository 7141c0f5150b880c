"""`python -m epss`: the same as the `epss` command (used by the end-to-end tests)."""

from epss.cli import main

main()
