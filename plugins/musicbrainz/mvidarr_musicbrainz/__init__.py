"""MVidarr plugin: MusicBrainz artist ids. The hook implementations live in `plugin`."""
