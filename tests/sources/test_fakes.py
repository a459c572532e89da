"""The fakes answer as the reference (external-apis.md) documents, errors included."""

import requests

from mvidarr.testing.fakes.imvdb import FakeImvdb
from mvidarr.testing.fakes.musicbrainz import RATE_MESSAGE, FakeMusicBrainz
from mvidarr.testing.fakes.youtube import FakeYoutube


def test_youtube_errors_use_the_google_envelope():
    with FakeYoutube(api_key="k", quota=102) as yt:
        missing = requests.get(yt.url + "/videos", params={"part": "id"}, timeout=5)
        assert missing.status_code == 403
        assert missing.json()["error"]["errors"][0]["reason"] == "forbidden"
        bad = requests.get(yt.url + "/videos", params={"part": "id", "key": "x"}, timeout=5)
        assert bad.json()["error"]["message"] == "API key not valid. Please pass a valid API key."
        token = requests.get(yt.url + "/playlistItems", timeout=5,
                             params={"part": "id", "key": "k", "playlistId": "UUx",
                                     "pageToken": "nonsense"})
        assert token.status_code == 404  # an unknown playlist comes first
        channels = requests.get(yt.url + "/channels", params={"part": "id", "id": "UCnone",
                                                               "key": "k"}, timeout=5).json()
        assert "items" not in channels  # absent, not [], when nothing matches
        search = requests.get(yt.url + "/search", params={"part": "snippet", "q": "x",
                                                           "key": "k"}, timeout=5)
        assert search.status_code == 200 and yt.quota_used == 1 + 1 + 100
        over = requests.get(yt.url + "/videos", params={"part": "id", "key": "k"}, timeout=5)
        (error,) = over.json()["error"]["errors"]
        assert over.status_code == 403
        assert (error["reason"], error["domain"]) == ("quotaExceeded", "youtube.quota")


def test_youtube_search_titles_are_html_escaped_and_paged_by_token():
    with FakeYoutube(api_key="k") as yt:
        channel = yt.add_channel("Simon & Garfunkel", "UC" + "s" * 22)
        for n in range(7):
            yt.add_video(channel, f"sg{n:09d}", f"Simon & Garfunkel - Song {n}")
        params = {"part": "snippet", "q": "garfunkel", "key": "k", "maxResults": 5}
        first = requests.get(yt.url + "/search", params=params, timeout=5).json()
        assert first["items"][0]["snippet"]["title"].startswith("Simon &amp; Garfunkel")
        assert first["items"][0]["id"] == {"kind": "youtube#video", "videoId": "sg000000000"}
        second = requests.get(yt.url + "/search", timeout=5,
                              params={**params, "pageToken": first["nextPageToken"]}).json()
        assert len(second["items"]) == 2 and "nextPageToken" not in second


def test_imvdb_requires_its_key_header_and_names_can_be_null():
    with FakeImvdb(app_key="k") as imvdb:
        imvdb.add_artist("Robin Thicke", 838673)
        refused = requests.get(imvdb.url + "/search/entities", params={"q": "robin"}, timeout=5,
                               headers={"Authorization": "Bearer k"})
        assert refused.status_code == 403
        found = requests.get(imvdb.url + "/search/entities", params={"q": "robin"}, timeout=5,
                             headers={"IMVDB-APP-KEY": "k"}).json()
        assert found["total_results"] == 1 and found["results"][0]["name"] is None
        assert found["results"][0]["slug"] == "robin-thicke"
        missing = requests.get(imvdb.url + "/video/1", headers={"IMVDB-APP-KEY": "k"},
                               timeout=5)
        assert missing.status_code == 404


def test_musicbrainz_refuses_generic_user_agents_and_answers_503_over_its_rate():
    with FakeMusicBrainz() as mb:
        params = {"query": "artist:\"x\"", "fmt": "json"}
        generic = requests.get(mb.url + "/artist", params=params, timeout=5)
        assert generic.status_code == 403  # python-requests/2.x names no application
        agent = {"User-Agent": "Tester/1.0 ( me@example.org )"}
        mb.limit_rate(1)
        assert requests.get(mb.url + "/artist", params=params, headers=agent,
                            timeout=5).status_code == 200
        fast = requests.get(mb.url + "/artist", params=params, headers=agent, timeout=5)
        assert fast.status_code == 503 and fast.json() == {"error": RATE_MESSAGE}


def test_faults_and_slow_answers():
    with FakeImvdb(app_key="k") as imvdb:
        imvdb.fail_next(429, headers={"Retry-After": "2"})
        imvdb.fail_next(502, html=True)
        first = requests.get(imvdb.url + "/video/1", timeout=5)
        assert first.status_code == 429 and first.headers["Retry-After"] == "2"
        second = requests.get(imvdb.url + "/video/1", timeout=5)
        assert second.status_code == 502 and second.text.startswith("<!DOCTYPE html>")
        imvdb.delay = 0.3
        try:
            requests.get(imvdb.url + "/video/1", timeout=0.1)
        except requests.Timeout:
            pass
        else:
            raise AssertionError("a slow answer came in time")
        assert [r.status for r in imvdb.requests[:2]] == [429, 502]
