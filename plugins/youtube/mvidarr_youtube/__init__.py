"""MVidarr plugin: YouTube Data API v3 source. The hook implementations live in `plugin`."""
