"""Numbered schema migrations; see `mvidarr.migrate`."""
