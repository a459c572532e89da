"""The format yt-dlp picks follows the quality profile (yt-dlp's own selection runs)."""

from __future__ import annotations

import pytest
import yt_dlp

from mvidarr.errors import ValidationError
from mvidarr.models import QualityProfile
from mvidarr.services import quality


def fmt(format_id, ext, vcodec, acodec, height=None, tbr=None, abr=None):
    entry = {"format_id": format_id, "ext": ext, "vcodec": vcodec, "acodec": acodec,
             "url": f"http://127.0.0.1:9/{format_id}", "protocol": "https"}
    if height:
        entry.update(height=height, width=height * 16 // 9)
    entry.update({k: v for k, v in (("tbr", tbr), ("abr", abr)) if v})
    return entry


# As YouTube lists them (worst to best): audio, a combined 360p, DASH video in
# H.264, VP9 and AV1 at several heights.
AUDIO = [fmt("139", "m4a", "none", "mp4a.40.5", abr=48),
         fmt("140", "m4a", "none", "mp4a.40.2", abr=128),
         fmt("251", "webm", "none", "opus", abr=160)]
H264 = [fmt("18", "mp4", "avc1.42001E", "mp4a.40.2", 360, tbr=500),
        fmt("134", "mp4", "avc1.4d401e", "none", 360, tbr=600),
        fmt("136", "mp4", "avc1.4d401f", "none", 720, tbr=2000),
        fmt("137", "mp4", "avc1.640028", "none", 1080, tbr=4000),
        fmt("264", "mp4", "avc1.640032", "none", 1440, tbr=8000)]
VP9 = [fmt("247", "webm", "vp9", "none", 720, tbr=1500),
       fmt("248", "webm", "vp9", "none", 1080, tbr=3000),
       fmt("313", "webm", "vp9", "none", 2160, tbr=12000)]
AV1 = [fmt("398", "mp4", "av01.0.05M.08", "none", 720, tbr=1200),
       fmt("399", "mp4", "av01.0.08M.08", "none", 1080, tbr=2500),
       fmt("401", "mp4", "av01.0.12M.08", "none", 2160, tbr=14000)]


def chosen(profile, formats) -> str:
    """What yt-dlp itself selects with our options over `formats`."""
    info = {"id": "x", "title": "t", "formats": [dict(f) for f in formats],
            "extractor": "youtube", "extractor_key": "Youtube",
            "webpage_url": "https://www.youtube.com/watch?v=x"}
    options = {**quality.ytdlp_options(profile), "quiet": True, "simulate": True,
               "logger": None}
    with yt_dlp.YoutubeDL(options) as ydl:
        return ydl.process_ie_result(info, download=False)["format_id"]


def profile(**fields):
    return QualityProfile(name="test", **fields)


ALL = AUDIO + H264 + VP9 + AV1


def test_the_default_is_h264_and_aac_in_mp4_up_to_1080p(db):
    default = QualityProfile.default()
    assert (default.max_height, default.video_codec, default.container) == (1080, "h264", "mp4")
    assert chosen(default, ALL) == "137+140"


def test_the_maximum_height_is_obeyed(db):
    assert chosen(profile(max_height=720), ALL) == "136+140"


def test_without_h264_the_best_up_to_the_height_is_taken(db):
    picked = chosen(profile(max_height=1080), AUDIO + VP9 + AV1)
    video_id = picked.split("+")[0]
    assert video_id in ("248", "399")  # 1080p in another codec, never the 2160p ones


def test_a_vp9_webm_profile_gets_vp9_and_opus(db):
    assert chosen(profile(video_codec="vp9", audio_codec="opus", container="webm"),
                  ALL) == "248+251"


def test_an_av1_profile_up_to_2160p(db):
    assert chosen(profile(video_codec="av1", max_height=2160, container="any"),
                  ALL).split("+")[0] == "401"


def test_audio_only_is_a_fallback_only_when_allowed(db):
    assert chosen(profile(allow_audio_only=True), AUDIO) in ("140", "251")
    with pytest.raises(yt_dlp.utils.ExtractorError, match="format is not available"):
        chosen(profile(allow_audio_only=False), AUDIO)


def test_the_options_hold_nothing_but_what_the_profile_decides(db):
    options = quality.ytdlp_options(QualityProfile.default())
    assert set(options) == {"format", "merge_output_format"}
    assert options["merge_output_format"] == "mp4"


def test_profile_fields_are_checked():
    assert quality.check_profile({"max_height": 720, "video_codec": "vp9"})["max_height"] == 720
    for bad in ({"max_height": 50}, {"video_codec": "divx"}, {"container": "avi"},
                {"allow_audio_only": "yes"}):
        with pytest.raises(ValidationError):
            quality.check_profile(bad)
