"""Two spellings of one video share a match key; different videos do not."""

from __future__ import annotations

import pytest

from mvidarr.models import Artist, Video
from mvidarr.services.matching import clean_title, display_title, match_key


@pytest.mark.parametrize("artist, title", [
    ("Nirvana", "Smells Like Teen Spirit"),
    ("NIRVANA", "smells like teen spirit (Official Video)"),
    ("Nirvana", "Nirvana - Smells Like Teen Spirit (Official Music Video) [HD]"),
    ("Nirvana", "Smells Like Teen Spirit 4K"),
    ("Nirvana", "Smells Like Teen Spirit - Official Music Video"),
    ("Nirvana", "Smells Like Teen Spirit ft. Dave Grohl"),
    ("Nirvana", "Smells Like Teen Spirit (feat. Dave Grohl) [Remastered 2021]"),
    ("Nirvana", "Smells Like Teen Spirit! (Official HD Video)"),
])
def test_decorations_case_and_featuring_are_folded(artist, title):
    assert match_key(artist, title) == "nirvana|smells like teen spirit"


def test_accents_are_folded():
    assert match_key("Beyoncé", "Déjà Vu") == match_key("BEYONCE", "Deja vu (Official Video)")


def test_different_videos_keep_different_keys():
    assert match_key("Nirvana", "Lithium") != match_key("Nirvana", "Smells Like Teen Spirit")
    assert match_key("Nirvana", "Lithium") != match_key("Evanescence", "Lithium")
    assert match_key("A", "Song (Live at Reading)") != match_key("A", "Song")


def test_the_title_shown_loses_decorations_but_keeps_its_case():
    assert clean_title("Halo (Official Video) [HD]") == "Halo"
    assert display_title("Beyoncé - Halo (Official Music Video)", "Beyoncé") == "Halo"
    assert display_title("Other - Halo", "Beyoncé") == "Other - Halo"


def test_a_saved_video_carries_its_match_key(db):
    artist = Artist.create(name="Sia")
    video = Video.create(title="Chandelier (Official Video)", artist=artist)
    assert video.match_key == "sia|chandelier"
    assert Video.get_by_id(video.id).match_key == "sia|chandelier"
