"""The service layer: every action a user can take on a workspace or an award, shared by
the CLI and the TUI (workspace, committee, exchange, the report builders)."""
