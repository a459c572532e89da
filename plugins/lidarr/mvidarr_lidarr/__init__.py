"""MVidarr plugin: Lidarr. The hook implementations live in `plugin`."""
