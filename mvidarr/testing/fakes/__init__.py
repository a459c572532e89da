"""Fake outside services for tests: real HTTP servers on 127.0.0.1, port 0.

- `server.FakeService`: the base (recording, `fail_next`, `go_down`, `delay`,
  `limit_rate`), for writing a fake of another service;
- `imvdb.FakeImvdb`, `youtube.FakeYoutube`, `musicbrainz.FakeMusicBrainz`: the
  source services as `reference/external-apis.md` §1, §2 and §9 describe them.
"""
