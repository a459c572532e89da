"""Several writers at once on the default SQLite database: no 'database is locked',
no lost or duplicated rows (these were 500s under a burst of requests)."""

from __future__ import annotations

import threading

from mvidarr.models import QualityProfile, Setting


def in_threads(app, count, work):
    errors = []
    start = threading.Barrier(count)

    def run(n):
        try:
            with app.connection():
                start.wait(10)
                work(n)
        except Exception as exc:  # collected: the assertion below names them
            errors.append(repr(exc))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


def test_many_writers_of_one_unset_setting_at_once(app):
    errors = in_threads(app, 8, lambda n: app.settings.set("downloads.max_concurrent", n + 1))
    assert errors == []
    with app.connection():
        assert Setting.select().where(Setting.key == "downloads.max_concurrent").count() == 1


def test_transactions_that_read_then_write_wait_for_each_other(app):
    from mvidarr.models import db

    def read_then_write(n):
        with db.atomic():
            QualityProfile.select().count()  # a read first: the upgrade used to fail
            QualityProfile.create(name=f"profile {n}")

    errors = in_threads(app, 12, read_then_write)
    assert errors == []
    with app.connection():
        assert QualityProfile.select().where(QualityProfile.name.startswith("profile ")).count() \
            == 12


def test_a_path_setting_is_stored_as_it_is_used(app):
    with app.connection():
        assert app.settings.set("library.root", "  /srv/videos  ") == "/srv/videos"
        assert str(app.library_root()) == "/srv/videos"
