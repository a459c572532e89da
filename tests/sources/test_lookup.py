"""Artist lookup across sources: asked in parallel, merged by MBID or normalised
name, ids listed per source, a failing source left out."""

import time

import pytest

from mvidarr import ArtistInfo, SourceUnavailableError, hookimpl
from mvidarr.services.lookup import lookup_artists, merge, normalise
from mvidarr.testing.fakes.imvdb import FakeImvdb
from mvidarr.testing.fakes.musicbrainz import FakeMusicBrainz

GRUNGE = "5b11f4ce-a62d-471e-81fc-a69a8278c7da"
SIXTIES = "9282c8b4-ca0b-4c6b-b7e3-4f7762dfc4d6"


class Answers:
    """A source that answers fixed candidates after `delay` seconds, or fails."""

    def __init__(self, source, *infos, delay=0.0, fail=False):
        self.source, self.infos, self.delay, self.fail = source, infos, delay, fail

    @hookimpl
    def lookup_artist(self, app, term):
        time.sleep(self.delay)
        if self.fail:
            raise SourceUnavailableError(f"{self.source} is down")
        return [info for info in self.infos if normalise(term) in normalise(info.name)]


def only(app, *names):
    """Switch off every installed plugin but `names`: the answers are the test's own."""
    with app.connection():
        for name, info in app.plugin_infos.items():
            if not info.builtin and name not in names:
                app.plugin_states.set_enabled(name, False)
    return app


def test_names_are_compared_folded_without_the_and_punctuation():
    assert normalise("The Beatles") == normalise("beatles") == normalise("BEATLES!")
    assert normalise("Beyoncé") == normalise("Beyonce")
    assert normalise("Simon & Garfunkel") == normalise("Simon and Garfunkel")


def test_same_mbid_or_same_name_merge_but_different_mbids_do_not():
    answers = [
        ("imvdb", ArtistInfo("Nirvana", "imvdb", {"imvdb": "111"})),
        ("musicbrainz", ArtistInfo("Nirvana", "musicbrainz", {"musicbrainz": GRUNGE},
                                   disambiguation="1980s–1990s US grunge band")),
        ("musicbrainz", ArtistInfo("Nirvana", "musicbrainz", {"musicbrainz": SIXTIES},
                                   disambiguation="1960s UK band")),
        ("lastfm", ArtistInfo("nirvana", "lastfm", {"lastfm": "Nirvana",
                                                    "musicbrainz": GRUNGE})),
    ]
    merged = merge(answers, "nirvana")
    assert [c["disambiguation"] for c in merged] == ["1980s–1990s US grunge band",
                                                     "1960s UK band"]
    first = merged[0]
    assert first["sources"] == {"musicbrainz": {"musicbrainz": GRUNGE},
                                "lastfm": {"lastfm": "Nirvana", "musicbrainz": GRUNGE},
                                "imvdb": {"imvdb": "111"}}
    assert first["ids"] == {"musicbrainz": GRUNGE, "lastfm": "Nirvana", "imvdb": "111"}
    assert merged[1]["sources"] == {"musicbrainz": {"musicbrainz": SIXTIES}}


def test_the_name_typed_comes_first(make_app):
    app = only(make_app(
        one=Answers("one", ArtistInfo("Bush Tetras", "one", {"one": "1"})),
        two=Answers("two", ArtistInfo("Bush", "two", {"two": "2"}))), "one", "two")
    with app.connection():
        assert [c["name"] for c in lookup_artists(app, "bush")] == ["Bush", "Bush Tetras"]


def test_sources_are_asked_in_parallel_and_a_failing_one_is_left_out(make_app):
    app = only(make_app(
        slow1=Answers("slow1", ArtistInfo("Bush", "slow1", {"slow1": "a"}), delay=0.4),
        slow2=Answers("slow2", ArtistInfo("Bush", "slow2", {"slow2": "b"}), delay=0.4),
        broken=Answers("broken", fail=True)), "slow1", "slow2", "broken")
    started = time.monotonic()
    with app.connection():
        (bush,) = lookup_artists(app, "Bush")
    assert time.monotonic() - started < 0.75
    assert bush["sources"] == {"slow1": {"slow1": "a"}, "slow2": {"slow2": "b"}}
    with app.connection():
        broken = app.plugin_states.row("broken")
    assert "broken is down" in broken.last_error


def test_an_empty_term_asks_nobody(make_app):
    source = Answers("one", delay=5)
    app = make_app(one=source)
    assert lookup_artists(app, "  ") == []


@pytest.fixture
def fakes(db):
    with FakeImvdb(app_key="k") as imvdb, FakeMusicBrainz() as mb:
        imvdb.add_artist("Nirvana", 838673)  # its name comes back null
        mb.add_artist("Nirvana", GRUNGE, disambiguation="1980s–1990s US grunge band")
        db.settings.set("imvdb.base_url", imvdb.url)
        db.settings.set("imvdb.api_key", "k")
        db.settings.set("musicbrainz.base_url", mb.url)
        yield imvdb, mb


def test_lookup_through_the_real_plugins_merges_imvdb_and_musicbrainz(db, fakes):
    imvdb, mb = fakes
    found = [c for c in lookup_artists(db, "Nirvana") if c["name"] == "Nirvana"]
    assert len(found) == 1
    assert found[0]["sources"]["imvdb"] == {"imvdb": "838673"}
    assert found[0]["sources"]["musicbrainz"] == {"musicbrainz": GRUNGE}
    assert found[0]["disambiguation"] == "1980s–1990s US grunge band"
    assert len(imvdb.requests) == 1 and len(mb.requests) == 1


def test_lookup_still_answers_when_imvdb_is_down(db, fakes):
    imvdb, _ = fakes
    imvdb.go_down(503, html=True)
    db.sources.backoff_base = 0.01
    (found,) = [c for c in lookup_artists(db, "Nirvana") if c["name"] == "Nirvana"]
    assert found["sources"] == {"musicbrainz": {"musicbrainz": GRUNGE}}
    (imvdb_health,) = [p for p in db.plugin_states.describe() if p["name"] == "imvdb"]
    assert "HTTP 503" in imvdb_health["last_error"]
