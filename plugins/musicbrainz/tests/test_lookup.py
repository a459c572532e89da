"""Artist lookup against a fake MusicBrainz: the exact requests, MBIDs and
disambiguation, the required User-Agent and one request a second."""

import pytest
from mvidarr_musicbrainz import plugin

from mvidarr.testing.fakes.musicbrainz import FakeMusicBrainz

GRUNGE = "5b11f4ce-a62d-471e-81fc-a69a8278c7da"
SIXTIES = "9282c8b4-ca0b-4c6b-b7e3-4f7762dfc4d6"


@pytest.fixture
def mb(db):
    with FakeMusicBrainz() as fake:
        fake.add_artist("Nirvana", GRUNGE, disambiguation="1980s–1990s US grunge band",
                        country="US", genres=["grunge", "rock"])
        fake.add_artist("Nirvana", SIXTIES, disambiguation="1960s UK band", country="GB")
        fake.add_artist("Nirvana UK Tribute", "11111111-2222-3333-4444-555555555555")
        db.settings.set("musicbrainz.base_url", fake.url)
        db.sources.backoff_base = 0.05
        yield fake


def test_lookup_sends_the_documented_request(db, mb):
    plugin.lookup_artist(db, "Nirvana")
    (request,) = mb.requests
    assert request.path == "/ws/2/artist"
    assert request.args == {"query": 'artist:"Nirvana"', "limit": "10", "fmt": "json"}
    assert request.headers["User-Agent"] == (
        f"MVidarr/{db.version} ( https://github.com/mvidarr/mvidarr )")
    assert request.headers["Accept"] == "application/json"


def test_lookup_answers_mbids_and_disambiguation(db, mb):
    found = plugin.lookup_artist(db, "Nirvana")
    assert [(a.name, a.ids, a.disambiguation) for a in found] == [
        ("Nirvana", {"musicbrainz": GRUNGE}, "1980s–1990s US grunge band"),
        ("Nirvana", {"musicbrainz": SIXTIES}, "1960s UK band"),
        ("Nirvana UK Tribute", {"musicbrainz": "11111111-2222-3333-4444-555555555555"}, None),
    ]
    assert found[0].genres == ["grunge", "rock"]
    assert all(a.source == "musicbrainz" for a in found)


def test_quotes_in_a_name_are_escaped_for_lucene(db, mb):
    assert plugin.lookup_artist(db, 'The "Band"') == []
    assert mb.requests[0].args["query"] == 'artist:"The \\"Band\\""'


def test_an_mbid_is_looked_up_directly(db, mb):
    (found,) = plugin.lookup_artist(db, GRUNGE.upper())
    assert found.ids == {"musicbrainz": GRUNGE}
    (request,) = mb.requests
    assert request.path == f"/ws/2/artist/{GRUNGE}"
    assert request.args == {"inc": "url-rels+genres+aliases", "fmt": "json"}


def test_an_unknown_mbid_finds_nothing(db, mb):
    assert plugin.lookup_artist(db, "00000000-0000-0000-0000-000000000000") == []


def test_the_contact_setting_goes_into_the_user_agent(db, mb):
    db.settings.set("musicbrainz.contact", "me@example.org")
    plugin.lookup_artist(db, "Nirvana")
    assert mb.requests[0].headers["User-Agent"].endswith("( me@example.org )")


def test_one_request_a_second_is_never_exceeded(db, mb):
    mb.limit_rate(1)
    for term in ("Nirvana", "Bush", "Hole"):
        plugin.lookup_artist(db, term)
    assert mb.rate_violations == 0
    assert [r.status for r in mb.requests] == [200, 200, 200]
    assert mb.requests[2].at - mb.requests[0].at >= 1.9


def test_the_rate_limit_503_is_retried(db, mb):
    mb.fail_next(503, FakeMusicBrainz.rate_body)
    assert len(plugin.lookup_artist(db, "Nirvana")) == 3
    assert [r.status for r in mb.requests] == [503, 200]


def test_lookups_are_cached(db, mb):
    plugin.lookup_artist(db, "Nirvana")
    plugin.lookup_artist(db, "Nirvana")
    assert len(mb.requests) == 1
