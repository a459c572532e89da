"""Indexes for the list queries the API runs: by status, artist, date, title."""

from playhouse.migrate import migrate

INDEXES = [
    ("artist", ["sort_name"], False),
    ("artist", ["monitored"], False),
    ("artist", ["imvdb_id"], False),
    ("artist", ["spotify_id"], False),
    ("artist", ["musicbrainz_id"], False),
    ("artist", ["lidarr_id"], False),
    ("artist", ["added_at"], False),
    ("video", ["title_sort"], False),
    ("video", ["match_key"], False),
    ("video", ["status"], False),
    ("video", ["added_at"], False),
    ("video", ["artist_id", "status"], False),
    ("download", ["status"], False),
    ("download", ["job_id"], False),
    ("download", ["created_at"], False),
    ("download", ["finished_at"], False),
    ("blocklist_entry", ["youtube_id"], False),
    ("blocklist_entry", ["imvdb_id"], False),
    ("blocklist_entry", ["match_key"], False),
    ("job", ["created_at"], False),
    ("job", ["status", "queue", "run_after"], False),
    ("job", ["name", "status"], False),
    ("job_run", ["name"], False),
    ("job_run", ["started_at"], False),
]


def up(database, migrator):
    migrate(*(migrator.add_index(table, columns, unique) for table, columns, unique in INDEXES))
