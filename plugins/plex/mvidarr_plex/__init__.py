"""MVidarr plugin: Plex Media Server. The hook implementations live in `plugin`."""
