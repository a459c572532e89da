"""The data model. Queries live here, as class methods, or in service modules."""

from mvidarr.models.artist import ARTIST_ORIGINS, Artist
from mvidarr.models.base import BaseModel, JSONField, db, fold, utcnow
from mvidarr.models.blocklist import BlocklistEntry
from mvidarr.models.download import DOWNLOAD_ACTIVE, DOWNLOAD_STATUSES, Download
from mvidarr.models.job import JOB_STATUSES, Job, JobRun
from mvidarr.models.quality import QualityProfile
from mvidarr.models.security import LoginAttempt, TotpUse
from mvidarr.models.state import PluginState, Setting
from mvidarr.models.user import ROLES, ApiKey, User, role_at_least
from mvidarr.models.video import VIDEO_STATUSES, Video

# In dependency order: create_tables and the schema test rely on it.
ALL_MODELS = (
    QualityProfile,
    Artist,
    Video,
    Download,
    BlocklistEntry,
    User,
    ApiKey,
    Setting,
    PluginState,
    Job,
    JobRun,
    LoginAttempt,
    TotpUse,
)

__all__ = [
    "ALL_MODELS",
    "ARTIST_ORIGINS",
    "DOWNLOAD_ACTIVE",
    "DOWNLOAD_STATUSES",
    "JOB_STATUSES",
    "ROLES",
    "VIDEO_STATUSES",
    "ApiKey",
    "Artist",
    "BaseModel",
    "BlocklistEntry",
    "Download",
    "JSONField",
    "Job",
    "JobRun",
    "LoginAttempt",
    "PluginState",
    "QualityProfile",
    "Setting",
    "TotpUse",
    "User",
    "Video",
    "db",
    "fold",
    "role_at_least",
    "utcnow",
]
