"""Counting and paging lists without per-row joins, with the same answers as the joins."""

from __future__ import annotations

import logging

import peewee as pw
import pytest

from mvidarr.models import Artist, Download, QualityProfile, Video
from mvidarr.services import demo, library, listing


@pytest.fixture
def filled(db):
    demo.generate(12, 300, seed=3)
    return db


@pytest.fixture
def sql(caplog):
    """The SQL statements run inside the block, as peewee logs them."""
    caplog.set_level(logging.DEBUG, logger="peewee")

    def statements():
        return [record.getMessage() for record in caplog.records if record.name == "peewee"]

    return statements


def plain_page(query, ordering, number, per_page):
    return [row.id for row in query.order_by(*ordering).paginate(number, per_page)]


LISTS = [
    ("all videos", lambda: library.videos(), [Video.title_sort, Video.id]),
    ("status, newest", lambda: library.videos(status="downloaded"),
     [Video.added_at.desc(), Video.id.desc()]),
    ("text in title or artist name", lambda: library.videos(q="the"),
     [Video.title_sort, Video.id]),
    ("monitored artists' videos", lambda: library.videos(monitored=False),
     [Video.year.desc(), Video.id.desc()]),
    ("by artist name (needs the join)", lambda: library.videos(), [Artist.sort_name, Video.id]),
    ("wanted", lambda: library.wanted(), [Video.added_at, Video.id]),
    ("history", lambda: library.history(), [Download.finished_at.desc(), Download.id.desc()]),
    ("queue", lambda: library.queue(), [Download.created_at, Download.id]),
    ("artists with counts", lambda: library.artists(monitored=True),
     [Artist.sort_name, Artist.id]),
]


@pytest.mark.parametrize(("label", "make", "ordering"), LISTS, ids=[x[0] for x in LISTS])
def test_counts_and_pages_match_the_joined_query(filled, label, make, ordering):
    query = make()
    joined = list(query)
    assert joined, "the demo library should give every list some rows"
    assert listing.count(query) == len(joined)
    last = (len(joined) - 1) // 7 + 1
    for number in (1, 2, last // 2 or 1, last, last + 1):
        rows = listing.page(query, ordering, number, 7)
        assert [row.id for row in rows] == plain_page(query, ordering, number, 7)
    first = listing.page(query, ordering, 1, 7)[0]
    # The rows come with what the serializers read, not a query per row.
    if isinstance(first, Video):
        assert first.artist.name == Artist.get_by_id(first.__data__["artist"]).name
    if isinstance(first, Artist):
        assert first.video_count == Video.select().where(Video.artist == first.id).count()


def test_a_filter_on_own_columns_is_counted_and_paged_without_joins(filled, sql):
    query = library.videos(status="downloaded", q="e")
    assert listing.count(query) > 10
    assert len(listing.page(query, [Video.title_sort, Video.id], 2, 5)) == 5
    counted, ids, rows = sql()[-3:]
    assert "COUNT" in counted and "JOIN" not in counted
    assert "JOIN" not in ids and "OFFSET" in ids
    # The rows of the page are read by their ids only, with the artist joined once.
    assert "JOIN" in rows and "OFFSET" not in rows and "status" not in rows.split("WHERE")[1]


def test_a_filter_or_sort_on_a_joined_column_keeps_the_join(filled, sql):
    query = library.videos().where(Artist.monitored == True)  # noqa: E712
    assert listing.count(query) == len(list(query))
    assert "JOIN" in sql()[-1]
    listing.page(library.videos(), [Artist.sort_name, Video.id], 2, 10)
    assert "JOIN" in sql()[-2]


def test_an_outer_join_or_a_nullable_key_keeps_the_join(filled):
    profile = QualityProfile.select().first() or QualityProfile.create(name="bench")
    Video.update(quality_profile=profile.id).where(Video.id <= 150).execute()
    inner = Video.select(Video, QualityProfile).join(QualityProfile)  # nullable key
    assert listing._without_joins(inner, inner._where) is None
    assert listing.count(inner) == len(list(inner)) == 150
    outer = Video.select(Video, QualityProfile).join(QualityProfile, pw.JOIN.LEFT_OUTER)
    assert listing._without_joins(outer, outer._where) is None
    assert listing.count(outer) == 300


def test_a_page_past_the_end_is_empty(filled, sql):
    assert listing.page(library.videos(), [Video.id], 1000, 50) == []
    ran = len(sql())
    # Knowing the total, a page past it (or any page of nothing) asks nothing.
    assert listing.page(library.videos(), [Video.id], 7, 50, total=300) == []
    assert listing.page(library.videos(q="zzzz"), [Video.id], 1, 50, total=0) == []
    assert len(sql()) == ran
    assert len(listing.page(library.videos(), [Video.id], 6, 50, total=300)) == 50
