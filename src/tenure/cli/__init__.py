"""The `tenure` command line (Typer + Rich)."""
