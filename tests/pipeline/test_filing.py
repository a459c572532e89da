"""Filing: names from the template, made safe, moved in one step, never overwriting."""

from __future__ import annotations

from pathlib import Path

import pytest

from mvidarr.errors import ValidationError
from mvidarr.services import filing
from mvidarr.services.probe import probe

TOKENS = {"artist": "Nirvana", "artist_folder": "Nirvana", "title": "Lithium", "year": 1992,
          "album": "Nevermind", "youtube_id": "pkcJEvMcnEg", "imvdb_id": "",
          "resolution": "1080p", "id": 7}


def test_the_default_template():
    assert filing.render(filing.DEFAULT_TEMPLATE, TOKENS) == Path("Nirvana/Nirvana - Lithium")


def test_an_artists_own_folder_name_is_used_when_set(db):
    from mvidarr.models import Artist, Video

    artist = Artist.create(name="The Cure", folder="Cure, The")
    video = Video.create(title="Lullaby", artist=artist)
    assert filing.render(filing.DEFAULT_TEMPLATE, filing.tokens_for(video)) == Path(
        "Cure, The/The Cure - Lullaby")
    artist.folder = None
    artist.save()
    video = Video.get_by_id(video.id)
    assert filing.render(filing.DEFAULT_TEMPLATE, filing.tokens_for(video)) == Path(
        "The Cure/The Cure - Lullaby")


def test_every_token_can_be_used():
    template = "{artist}/{year} - {album}/{title} [{youtube_id}] {resolution} #{id}"
    assert filing.render(template, TOKENS) == Path(
        "Nirvana/1992 - Nevermind/Lithium [pkcJEvMcnEg] 1080p #7")
    assert filing.render("{artist} - {title} ({year})", {**TOKENS, "year": ""}) == Path(
        "Nirvana - Lithium")


def test_unknown_tokens_are_refused():
    with pytest.raises(ValidationError, match="unknown token"):
        filing.render("{artist}/{label}", TOKENS)


@pytest.mark.parametrize("artist, title", [
    ("AC/DC", "Back In Black"),
    ("..", "../../etc/passwd"),
    ("A<b>:c\"d|e?f*", "T\\i\x00tle"),
])
def test_names_never_leave_their_folder_or_use_illegal_characters(tmp_path, artist, title):
    relative = filing.render(filing.DEFAULT_TEMPLATE, {**TOKENS, "artist": artist,
                                                       "artist_folder": artist,
                                                       "title": title})
    assert len(relative.parts) == 2
    for part in relative.parts:
        assert part not in ("", ".", "..") and ".." not in part
        assert not set(part) & set('<>:"/\\|?*\x00')
    assert (tmp_path / relative).resolve().is_relative_to(tmp_path)


def test_long_names_are_cut_to_a_safe_length():
    name = filing.render("{title}", {**TOKENS, "title": "é" * 400}).name
    assert len(name.encode()) <= filing.MAX_NAME_BYTES


def test_a_clash_gets_a_suffix(tmp_path):
    first = tmp_path / "A" / "A - T.mp4"
    first.parent.mkdir()
    first.write_bytes(b"1")
    (tmp_path / "A" / "A - T (2).mp4").write_bytes(b"2")
    assert filing.free_path(first).name == "A - T (3).mp4"


def test_a_move_never_overwrites(tmp_path):
    source, dest = tmp_path / "new.mp4", tmp_path / "lib" / "A - T.mp4"
    source.write_bytes(b"new")
    dest.parent.mkdir()
    dest.write_bytes(b"old")
    placed = filing.move_into_place(source, dest)
    assert placed.name == "A - T (2).mp4" and placed.read_bytes() == b"new"
    assert dest.read_bytes() == b"old" and not source.exists()


def test_across_filesystems_the_copy_is_renamed_into_place(tmp_path, monkeypatch):
    monkeypatch.setattr(filing, "_same_filesystem", lambda source, folder: False)
    source, dest = tmp_path / "tmp" / "video.mp4", tmp_path / "lib" / "A - T.mp4"
    source.parent.mkdir()
    source.write_bytes(b"x" * 1000)
    dest.parent.mkdir()
    filing.partial_path(dest).write_bytes(b"left by a killed process")
    assert filing.move_into_place(source, dest) == dest
    assert dest.read_bytes() == b"x" * 1000 and not source.exists()
    assert sorted(p.name for p in dest.parent.iterdir()) == ["A - T.mp4"]


def test_ffprobe_reads_the_technical_facts(clip):
    facts = probe(clip)
    assert (facts["width"], facts["height"], facts["fps"]) == (160, 120, 10.0)
    assert (facts["video_codec"], facts["audio_codec"], facts["container"]) == (
        "h264", "aac", "mp4")
    assert abs(facts["duration"] - 1.0) < 0.2
    assert facts["size"] == clip.stat().st_size and facts["bitrate"] > 0


def test_a_file_that_is_not_media_fails_permanently(tmp_path):
    from mvidarr.errors import PermanentError

    bogus = tmp_path / "x.mp4"
    bogus.write_text("not a video")
    with pytest.raises(PermanentError, match="not readable media"):
        probe(bogus)
