"""`python -m mvidarr` runs the CLI."""

from mvidarr.cli import main

main()
