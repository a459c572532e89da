"""MVidarr plugin: IMVDb (Internet Music Video Database) source.

The hook implementations live in `plugin`.
"""
