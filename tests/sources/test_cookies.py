"""``ytdlp.cookies``: the text of a Netscape cookies.txt, set through the API,
refused unless it looks like one, never shown back, and handed to each yt-dlp
call as a private temporary copy that is gone afterwards."""

from __future__ import annotations

import logging
import os
import time

import pytest

from mvidarr import ValidationError, cookie_file
from mvidarr.cookies import cookie_folder

SESSION = "AKx9-secret-session-value"
COOKIES = ("# Netscape HTTP Cookie File\n"
           "# exported by a browser extension\n\n"
           f".youtube.com\tTRUE\t/\tTRUE\t2147483647\tSID\t{SESSION}\n"
           "#HttpOnly_.youtube.com\tTRUE\t/\tTRUE\t0\tHSID\tAbC\n")


def put(client, headers, value):
    return client.put("/api/settings/ytdlp.cookies", json={"value": value}, headers=headers)


def test_cookies_are_pasted_through_the_api_and_never_shown_back(db, client, as_role):
    answer = put(client, as_role("manager"), COOKIES)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["value"] == "********" and SESSION not in answer.text
    shown = client.get("/api/settings/ytdlp.cookies", headers=as_role("readonly"))
    assert shown.get_json()["value"] == "********" and shown.get_json()["is_set"] is True
    listed = client.get("/api/settings?plugin=ytdlp", headers=as_role("admin"))
    assert [item["key"] for item in listed.get_json()["items"]] == ["ytdlp.cookies"]
    assert SESSION not in listed.text
    assert db.settings.get("ytdlp.cookies") == COOKIES
    assert db.settings.spec("ytdlp.cookies").plugin == "ytdlp"
    removed = put(client, as_role("manager"), None)
    assert removed.status_code == 200 and removed.get_json()["is_set"] is False
    with cookie_file(db) as path:
        assert path is None


def test_the_cookie_text_is_redacted_in_the_log(db, client, as_role):
    put(client, as_role("manager"), COOKIES)
    db.settings.get("ytdlp.cookies")  # the log filter reads the settings cache
    logging.getLogger("mvidarr.test").warning("cookies were: %s", COOKIES)
    written = (db.data_dir / "logs" / "mvidarr.log").read_text()
    assert "cookies were: ********" in written and SESSION not in written


@pytest.mark.parametrize(("text", "words"), [
    ("/home/me/cookies.txt", "line 1 is not a cookie: a Netscape cookies.txt line has 7 fields"),
    ("SID=abc; HSID=def", "line 1 is not a cookie"),
    ('[{"domain": ".youtube.com", "name": "SID"}]', "looks like JSON"),
    ("# just a comment\n", "neither the '# Netscape HTTP Cookie File' line nor a cookie"),
    ("# Netscape HTTP Cookie File\n.youtube.com\tTRUE\t/\tTRUE\tsoon\tSID\tx\n",
     "line 2: the expiry (5th field) must be a number"),
])
def test_anything_but_a_cookies_txt_is_refused_with_words(db, client, as_role, text, words):
    put(client, as_role("manager"), COOKIES)
    answer = put(client, as_role("manager"), text)
    assert answer.status_code == 422
    assert words in answer.get_json()["error"]
    assert text not in answer.text  # the refusal never repeats a would-be secret
    assert db.settings.get("ytdlp.cookies") == COOKIES  # unchanged
    with pytest.raises(ValidationError, match="ytdlp.cookies"):
        db.settings.set("ytdlp.cookies", text)


def test_a_copy_is_private_under_the_data_folder_and_removed_after_the_call(db):
    db.settings.set("ytdlp.cookies", COOKIES)
    with cookie_file(db) as path:
        assert path.parent == db.data_dir / "tmp" / "cookies"
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700
        assert path.read_text() == COOKIES
        path.write_text("what yt-dlp writes back on close")  # lands in the copy only
    assert not path.exists()
    assert db.settings.get("ytdlp.cookies") == COOKIES


def test_a_copy_is_removed_when_the_call_fails(db):
    db.settings.set("ytdlp.cookies", COOKIES)
    with pytest.raises(RuntimeError), cookie_file(db) as path:
        raise RuntimeError("yt-dlp failed")
    assert not path.exists()


def test_no_cookies_means_no_file(db):
    with cookie_file(db) as path:
        assert path is None
    db.settings.set("ytdlp.cookies", "")
    with cookie_file(db) as path:
        assert path is None


def test_a_file_without_its_header_or_with_windows_line_ends_is_made_readable(db):
    line = f".youtube.com\tTRUE\t/\tTRUE\t2147483647\tSID\t{SESSION}"
    db.settings.set("ytdlp.cookies", line + "\r\n")
    with cookie_file(db) as path:
        # yt-dlp (Python's cookie jar) refuses a file whose first line is not the header.
        assert path.read_text() == f"# Netscape HTTP Cookie File\n{line}\n"


def test_a_change_applies_to_the_next_call(db):
    db.settings.set("ytdlp.cookies", COOKIES)
    with cookie_file(db) as first:
        assert SESSION in first.read_text()
    db.settings.set("ytdlp.cookies", COOKIES.replace(SESSION, "renewed"))
    with cookie_file(db) as second:
        assert "renewed" in second.read_text() and SESSION not in second.read_text()


def test_copies_left_by_a_killed_process_are_cleared(db):
    folder = cookie_folder(db)
    folder.mkdir(parents=True)
    old, recent = folder / "cookies-old.txt", folder / "cookies-recent.txt"
    old.write_text(COOKIES)
    recent.write_text(COOKIES)  # another call's copy, in use right now
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))
    db.settings.set("ytdlp.cookies", COOKIES)
    with cookie_file(db):
        pass
    assert not old.exists() and recent.exists()
