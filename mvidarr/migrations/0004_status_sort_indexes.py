"""Indexes for lists filtered by status and sorted: videos by title or date, the queue
by creation, the history by end; an artist's videos by title (a text search scans
that narrow index, not the table); videos by year and by download date (sorts the
list offers, which otherwise sort the whole table for one page). Each (status, sort
column) index also answers every status-only filter, so the single-column status
indexes go."""

from playhouse.migrate import migrate

ADDED = [
    ("video", ["status", "title_sort"]),
    ("video", ["status", "added_at"]),
    ("video", ["artist_id", "title_sort"]),
    ("video", ["year"]),
    ("video", ["downloaded_at"]),
    ("download", ["status", "created_at"]),
    ("download", ["status", "finished_at"]),
]
DROPPED = [("video", "video_status"), ("download", "download_status")]


def up(database, migrator):
    migrate(*(migrator.add_index(table, columns, False) for table, columns in ADDED),
            *(migrator.drop_index(table, name) for table, name in DROPPED))
