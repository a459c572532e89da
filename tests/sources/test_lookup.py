"""Artist lookup across sources: asked in parallel, merged by MBID or normalised
name, ids listed per source, a failing source left out of the candidates and
noted in the answer's per-source notes."""

import socket
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
        answer = lookup_artists(app, "bush")
    assert [c["name"] for c in answer["items"]] == ["Bush", "Bush Tetras"]
    assert answer["sources"] == {"one": {"ok": True, "found": 1, "error": None},
                                 "two": {"ok": True, "found": 1, "error": None}}


def test_sources_are_asked_in_parallel_and_a_failing_one_is_left_out(make_app):
    app = only(make_app(
        slow1=Answers("slow1", ArtistInfo("Bush", "slow1", {"slow1": "a"}), delay=0.4),
        slow2=Answers("slow2", ArtistInfo("Bush", "slow2", {"slow2": "b"}), delay=0.4),
        broken=Answers("broken", fail=True)), "slow1", "slow2", "broken")
    started = time.monotonic()
    with app.connection():
        answer = lookup_artists(app, "Bush")
    assert time.monotonic() - started < 0.75
    (bush,) = answer["items"]
    assert bush["sources"] == {"slow1": {"slow1": "a"}, "slow2": {"slow2": "b"}}
    with app.connection():
        broken = app.plugin_states.row("broken")
    assert "broken is down" in broken.last_error
    assert answer["sources"]["broken"] == {"ok": False, "found": 0,
                                           "error": broken.last_error}


def test_an_empty_term_asks_nobody(make_app):
    source = Answers("one", delay=5)
    app = make_app(one=source)
    assert lookup_artists(app, "  ") == {"items": [], "sources": {}}


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
    found = [c for c in lookup_artists(db, "Nirvana")["items"] if c["name"] == "Nirvana"]
    assert len(found) == 1
    assert found[0]["sources"]["imvdb"] == {"imvdb": "838673"}
    assert found[0]["sources"]["musicbrainz"] == {"musicbrainz": GRUNGE}
    assert found[0]["disambiguation"] == "1980s–1990s US grunge band"
    assert len(imvdb.requests) == 1 and len(mb.requests) == 1


def test_lookup_still_answers_when_imvdb_is_down(db, fakes):
    imvdb, _ = fakes
    imvdb.go_down(503, html=True)
    db.sources.backoff_base = 0.01
    answer = lookup_artists(db, "Nirvana")
    (found,) = [c for c in answer["items"] if c["name"] == "Nirvana"]
    assert found["sources"] == {"musicbrainz": {"musicbrainz": GRUNGE}}
    (imvdb_health,) = [p for p in db.plugin_states.describe() if p["name"] == "imvdb"]
    assert "HTTP 503" in imvdb_health["last_error"]
    assert answer["sources"]["imvdb"]["ok"] is False
    assert answer["sources"]["musicbrainz"] == {"ok": True, "found": 1, "error": None}


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on: connecting is refused."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_a_source_that_cannot_be_reached_is_tried_once_and_noted(db, fakes):
    port = closed_port()
    db.settings.set("musicbrainz.base_url", f"http://127.0.0.1:{port}/ws/2")
    answer = lookup_artists(db, "Nirvana")
    assert [c["sources"] for c in answer["items"]] == [{"imvdb": {"imvdb": "838673"}}]
    assert answer["sources"] == {
        "imvdb": {"ok": True, "found": 1, "error": None},
        "musicbrainz": {"ok": False, "found": 0,
                        "error": f"connection refused by 127.0.0.1:{port}"}}
    (health,) = [p for p in db.plugin_states.describe() if p["name"] == "musicbrainz"]
    assert health["calls_today"] == 1  # one attempt: before, four, with waits between


def test_a_name_that_does_not_resolve_is_tried_once_and_noted(db, fakes, monkeypatch):
    # No DNS from the tests: the resolver itself answers "no such name" for this host.
    real = socket.getaddrinfo
    asked = []

    def resolve(host, *args, **kwargs):
        if host == "musicbrainz.invalid":
            asked.append(host)
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    for proxy in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(proxy, raising=False)
    # The tests' guard refuses other hosts before resolving them; this one never
    # reaches the network: the resolver above fails it.
    monkeypatch.setattr(db.sources, "local_only", False)
    db.settings.set("musicbrainz.base_url", "http://musicbrainz.invalid/ws/2")
    answer = lookup_artists(db, "Nirvana")
    assert answer["sources"]["musicbrainz"] == {
        "ok": False, "found": 0, "error": "the name musicbrainz.invalid could not be resolved"}
    assert [c["name"] for c in answer["items"]] == ["Nirvana"]
    assert asked == ["musicbrainz.invalid"]
