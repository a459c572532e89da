"""MVidarr plugin: Last.fm. The hook implementations live in `plugin`."""
