"""The first schema: every table of PRODUCT.md's words, with unique keys.

Frozen: these classes describe the tables as they were at this migration and
must not change. Later changes go in new migrations.
"""

import peewee as pw

from mvidarr.models.base import JSONField, utcnow


def _tables():
    class Base(pw.Model):
        class Meta:
            legacy_table_names = False

    class QualityProfile(Base):
        name = pw.CharField(max_length=100, unique=True)
        max_height = pw.IntegerField(default=1080)
        video_codec = pw.CharField(max_length=10, default="h264")
        audio_codec = pw.CharField(max_length=10, default="aac")
        container = pw.CharField(max_length=10, default="mp4")
        allow_audio_only = pw.BooleanField(default=False)
        is_default = pw.BooleanField(default=False)
        created_at = pw.DateTimeField(default=utcnow)

    class Artist(Base):
        name = pw.CharField(max_length=500)
        name_key = pw.CharField(max_length=500, unique=True)
        sort_name = pw.CharField(max_length=500)
        folder = pw.CharField(max_length=500, null=True)
        monitored = pw.BooleanField(default=True)
        auto_download = pw.BooleanField(default=False)
        imvdb_id = pw.CharField(max_length=100, null=True)
        spotify_id = pw.CharField(max_length=100, null=True)
        musicbrainz_id = pw.CharField(max_length=100, null=True)
        lastfm_name = pw.CharField(max_length=500, null=True)
        lidarr_id = pw.IntegerField(null=True)
        biography = pw.TextField(null=True)
        genres = JSONField(default=list)
        image_url = pw.TextField(null=True)
        image_path = pw.TextField(null=True)
        origin = pw.CharField(max_length=20, default="manual")
        quality_profile = pw.ForeignKeyField(QualityProfile, null=True, on_delete="SET NULL")
        added_at = pw.DateTimeField(default=utcnow)
        updated_at = pw.DateTimeField(default=utcnow)
        last_discovered_at = pw.DateTimeField(null=True)

    class Video(Base):
        title = pw.CharField(max_length=1000)
        title_sort = pw.CharField(max_length=1000)
        artist = pw.ForeignKeyField(Artist, on_delete="CASCADE")
        match_key = pw.CharField(max_length=1000, default="")
        featured_artists = JSONField(default=list)
        year = pw.IntegerField(null=True)
        album = pw.CharField(max_length=500, null=True)
        directors = JSONField(default=list)
        label = pw.CharField(max_length=500, null=True)
        genres = JSONField(default=list)
        duration = pw.FloatField(null=True)
        youtube_id = pw.CharField(max_length=64, null=True, unique=True)
        imvdb_id = pw.CharField(max_length=64, null=True, unique=True)
        url = pw.TextField(null=True)
        source = pw.CharField(max_length=50, default="manual")
        description = pw.TextField(null=True)
        thumbnail_url = pw.TextField(null=True)
        status = pw.CharField(max_length=20, default="wanted")
        quality_profile = pw.ForeignKeyField(QualityProfile, null=True, on_delete="SET NULL")
        file_path = pw.TextField(null=True)
        poster_path = pw.TextField(null=True)
        thumb_path = pw.TextField(null=True)
        nfo_path = pw.TextField(null=True)
        width = pw.IntegerField(null=True)
        height = pw.IntegerField(null=True)
        video_codec = pw.CharField(max_length=50, null=True)
        audio_codec = pw.CharField(max_length=50, null=True)
        container = pw.CharField(max_length=50, null=True)
        bitrate = pw.IntegerField(null=True)
        fps = pw.FloatField(null=True)
        size = pw.BigIntegerField(null=True)
        play_count = pw.IntegerField(default=0)
        added_at = pw.DateTimeField(default=utcnow)
        updated_at = pw.DateTimeField(default=utcnow)
        downloaded_at = pw.DateTimeField(null=True)

    class Download(Base):
        video = pw.ForeignKeyField(Video, on_delete="CASCADE")
        status = pw.CharField(max_length=20, default="queued")
        progress = pw.FloatField(default=0.0)
        downloaded_bytes = pw.BigIntegerField(default=0)
        total_bytes = pw.BigIntegerField(null=True)
        speed = pw.FloatField(null=True)
        eta = pw.IntegerField(null=True)
        attempts = pw.IntegerField(default=0)
        error = pw.TextField(null=True)
        worker = pw.CharField(max_length=200, null=True)
        job_id = pw.IntegerField(null=True)
        created_at = pw.DateTimeField(default=utcnow)
        started_at = pw.DateTimeField(null=True)
        finished_at = pw.DateTimeField(null=True)

    class BlocklistEntry(Base):
        youtube_id = pw.CharField(max_length=64, null=True)
        imvdb_id = pw.CharField(max_length=64, null=True)
        match_key = pw.CharField(max_length=1000, null=True)
        title = pw.CharField(max_length=1000, null=True)
        reason = pw.TextField(null=True)
        created_at = pw.DateTimeField(default=utcnow)

    class User(Base):
        username = pw.CharField(max_length=150)
        username_key = pw.CharField(max_length=150, unique=True)
        password_hash = pw.CharField(max_length=500)
        role = pw.CharField(max_length=20, default="user")
        totp_secret = pw.CharField(max_length=64, null=True)
        totp_enabled = pw.BooleanField(default=False)
        recovery_codes = JSONField(default=list)
        session_version = pw.IntegerField(default=0)
        failed_logins = pw.IntegerField(default=0)
        locked_until = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField(default=utcnow)
        last_login_at = pw.DateTimeField(null=True)

    class ApiKey(Base):
        user = pw.ForeignKeyField(User, on_delete="CASCADE")
        name = pw.CharField(max_length=100, default="")
        prefix = pw.CharField(max_length=16)
        key_hash = pw.CharField(max_length=128, unique=True)
        created_at = pw.DateTimeField(default=utcnow)
        last_used_at = pw.DateTimeField(null=True)
        revoked_at = pw.DateTimeField(null=True)

    class Setting(Base):
        key = pw.CharField(max_length=200, primary_key=True)
        value = JSONField(null=True)
        updated_at = pw.DateTimeField(default=utcnow)

    class PluginState(Base):
        name = pw.CharField(max_length=100, primary_key=True)
        enabled = pw.BooleanField(default=True)
        health = pw.CharField(max_length=20, default="unknown")
        last_error = pw.TextField(null=True)
        last_error_at = pw.DateTimeField(null=True)
        last_success_at = pw.DateTimeField(null=True)
        error_count = pw.IntegerField(default=0)
        cooldown_until = pw.DateTimeField(null=True)
        calls_today = pw.IntegerField(default=0)
        quota_used = pw.IntegerField(default=0)
        counters_date = pw.DateField(null=True)

    class Job(Base):
        name = pw.CharField(max_length=100)
        payload = JSONField(default=dict)
        queue = pw.CharField(max_length=50, default="default")
        status = pw.CharField(max_length=20, default="queued")
        priority = pw.IntegerField(default=0)
        attempts = pw.IntegerField(default=0)
        max_attempts = pw.IntegerField(default=3)
        run_after = pw.DateTimeField(default=utcnow)
        claimed_by = pw.CharField(max_length=200, null=True)
        claimed_at = pw.DateTimeField(null=True)
        heartbeat_at = pw.DateTimeField(null=True)
        result = JSONField(null=True)
        error = pw.TextField(null=True)
        created_at = pw.DateTimeField(default=utcnow)
        finished_at = pw.DateTimeField(null=True)

    class JobRun(Base):
        job = pw.ForeignKeyField(Job, on_delete="CASCADE")
        name = pw.CharField(max_length=100)
        worker = pw.CharField(max_length=200)
        status = pw.CharField(max_length=20, default="running")
        result = JSONField(null=True)
        error = pw.TextField(null=True)
        started_at = pw.DateTimeField(default=utcnow)
        finished_at = pw.DateTimeField(null=True)

    return [QualityProfile, Artist, Video, Download, BlocklistEntry, User, ApiKey,
            Setting, PluginState, Job, JobRun]


def up(database, migrator):
    tables = _tables()
    with database.bind_ctx(tables):
        database.create_tables(tables)
