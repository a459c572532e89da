"""The blocklist as the user sees it: the videos discovery must never add again.

Entries are made when a video is deleted with ``blocklist`` (see
`mvidarr.services.library.delete_video`); here they are listed and removed,
after which discovery may find the video again.
"""

from __future__ import annotations

import peewee as pw

from mvidarr.errors import NotFoundError
from mvidarr.models import BlocklistEntry

BLOCKLIST_SORTS = {
    "created_at": BlocklistEntry.created_at,
    "title": BlocklistEntry.title,
    "id": BlocklistEntry.id,
}


def entries(q: str | None = None) -> pw.ModelSelect:
    query = BlocklistEntry.select()
    if q:
        query = query.where(BlocklistEntry.title.contains(q))
    return query


def get_entry(entry_id: int) -> BlocklistEntry:
    entry = BlocklistEntry.get_or_none(BlocklistEntry.id == entry_id)
    if entry is None:
        raise NotFoundError(f"no blocklist entry with id {entry_id}")
    return entry


def remove_entry(entry_id: int) -> None:
    """Forget the entry: discovery may add the video again."""
    get_entry(entry_id)
    BlocklistEntry.delete().where(BlocklistEntry.id == entry_id).execute()
