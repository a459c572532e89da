"""Streaming a video with HTTP Range, and its thumbnail, from inside the library only."""

from __future__ import annotations

import pytest

from mvidarr.models import Artist, Video


@pytest.fixture
def filed(db, clip, media_dir):
    """A downloaded video whose file and thumbnail are in the library."""
    folder = db.library_root() / "Band"
    folder.mkdir(parents=True)
    path = folder / "Band - Song.mp4"
    path.write_bytes(clip.read_bytes())
    thumb = folder / "Band - Song-thumb.jpg"
    thumb.write_bytes((media_dir / "cover.jpg").read_bytes())
    return Video.create(title="Song", artist=Artist.create(name="Band"), status="downloaded",
                        file_path=str(path), thumb_path=str(thumb))


def test_the_whole_file_streams(client, as_role, filed, clip):
    answer = client.get(f"/api/videos/{filed.id}/stream", headers=as_role("readonly"))
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "video/mp4"
    assert answer.headers["Accept-Ranges"] == "bytes"
    assert answer.data == clip.read_bytes()


def test_a_range_answers_206_with_its_content_range(client, as_role, filed, clip):
    data, size = clip.read_bytes(), clip.stat().st_size
    headers = {**as_role("readonly"), "Range": "bytes=100-199"}
    answer = client.get(f"/api/videos/{filed.id}/stream", headers=headers)
    assert answer.status_code == 206
    assert answer.headers["Content-Range"] == f"bytes 100-199/{size}"
    assert answer.data == data[100:200]
    tail = client.get(f"/api/videos/{filed.id}/stream",
                      headers={**as_role("readonly"), "Range": "bytes=-10"})
    assert tail.status_code == 206 and tail.data == data[-10:]
    assert tail.headers["Content-Range"] == f"bytes {size - 10}-{size - 1}/{size}"


def test_a_range_outside_the_file_answers_416(client, as_role, filed, clip):
    size = clip.stat().st_size
    answer = client.get(f"/api/videos/{filed.id}/stream",
                        headers={**as_role("readonly"), "Range": f"bytes={size + 10}-"})
    assert answer.status_code == 416
    assert answer.headers["Content-Range"] == f"bytes */{size}"


def test_a_suffix_longer_than_the_file_is_all_of_it(client, as_role, filed, clip):
    size = clip.stat().st_size
    answer = client.get(f"/api/videos/{filed.id}/stream",
                        headers={**as_role("readonly"), "Range": f"bytes=-{size * 3}"})
    assert answer.status_code == 206
    assert answer.headers["Content-Range"] == f"bytes 0-{size - 1}/{size}"
    assert answer.data == clip.read_bytes()


@pytest.mark.parametrize("header", ["items=0-5", "bytes=0-1,5-9"])
def test_unknown_units_and_multiple_ranges_get_the_whole_file(client, as_role, filed, clip,
                                                              header):
    answer = client.get(f"/api/videos/{filed.id}/stream",
                        headers={**as_role("readonly"), "Range": header})
    assert answer.status_code == 200
    assert answer.data == clip.read_bytes()


def test_the_thumbnail(client, as_role, filed):
    answer = client.get(f"/api/videos/{filed.id}/thumbnail", headers=as_role("readonly"))
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "image/jpeg"
    assert answer.data[:3] == b"\xff\xd8\xff"


def test_both_need_authentication(client, filed):
    for what in ("stream", "thumbnail"):
        assert client.get(f"/api/videos/{filed.id}/{what}").status_code == 401


def test_paths_outside_the_library_are_refused(client, as_role, filed, db, tmp_path):
    outside = tmp_path / "secret.mp4"
    outside.write_bytes(b"not for you")
    root = db.library_root()
    link = root / "Band" / "link.mp4"
    link.symlink_to(outside)  # inside by name, outside in fact
    (root.parent / "x.mp4").write_bytes(b"not for you")
    for stored in (str(outside), str(link), str(root / ".." / "x.mp4")):
        Video.update(file_path=stored, thumb_path=stored).where(Video.id == filed.id).execute()
        for what in ("stream", "thumbnail"):
            answer = client.get(f"/api/videos/{filed.id}/{what}", headers=as_role("readonly"))
            assert answer.status_code == 404, (stored, what)
            assert b"not for you" not in answer.data


def test_a_video_without_a_file_is_404(client, as_role, db):
    video = Video.create(title="Song", artist=Artist.create(name="Band"))
    answer = client.get(f"/api/videos/{video.id}/stream", headers=as_role("readonly"))
    assert answer.status_code == 404 and "no file" in answer.get_json()["error"]
