"""MVidarr plugin: Spotify. The hook implementations live in `plugin`."""
