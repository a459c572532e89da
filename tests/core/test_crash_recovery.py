"""kill -9 of `mvidarr serve` while a job runs; at restart the job runs again and
finishes once.

The job's task comes from a real plugin found through an entry point: a tiny
distribution written into a folder on PYTHONPATH, as pip would install it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest

from mvidarr.models import Job, JobRun

PLUGIN = textwrap.dedent('''
    import os, time
    from pathlib import Path
    from mvidarr import Task, hookimpl

    def slow(ctx):
        log = Path(os.environ["MVIDARR_DATA_DIR"]) / "probe.log"
        with log.open("a") as f:
            f.write(f"start {os.getpid()}\\n")
        release = log.with_name("release")
        deadline = time.monotonic() + 60
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        with log.open("a") as f:
            f.write("end\\n")
        return {"finished_by": os.getpid()}

    @hookimpl
    def register_tasks(app):
        return [Task("slow_probe", slow)]
''')


def write_plugin(folder: Path) -> None:
    (folder / "slowprobe.py").write_text(PLUGIN)
    info = folder / "slowprobe-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: slowprobe\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[mvidarr]\nslowprobe = slowprobe\n")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout=30.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def serve(env, port):
    return subprocess.Popen(
        [sys.executable, "-m", "mvidarr", "serve", "--port", str(port)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def healthy(port) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=1) as r:
            return r.status == 200
    except OSError:
        return False


@pytest.mark.slow
def test_kill_9_during_a_job_then_restart_runs_it_again_once(tmp_path, config):
    plugin_dir = tmp_path / "site"
    plugin_dir.mkdir()
    write_plugin(plugin_dir)
    env = {**os.environ, "MVIDARR_DATA_DIR": str(config.data_dir),
           "MVIDARR_DATABASE_URL": config.database_url,  # a server's, with the test URL set
           "PYTHONPATH": os.pathsep.join([str(plugin_dir), os.environ.get("PYTHONPATH", "")])}
    sys.path.insert(0, str(plugin_dir))  # so this process finds the entry point too
    try:
        from mvidarr.app import create_app

        app = create_app(config)
    finally:
        sys.path.remove(str(plugin_dir))
    assert "slowprobe" in app.plugin_infos
    log = config.data_dir / "probe.log"
    with app.connection():
        job = app.jobs.enqueue("slow_probe")

    port = free_port()
    first = serve(env, port)
    try:
        wait_for(lambda: log.exists() and "start" in log.read_text(), what="the job to start")
        # Workers may start before the listener does (seen on a loaded machine).
        wait_for(lambda: healthy(port), timeout=15, what="the server to answer")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        first.kill()

    second = serve(env, port)
    try:
        wait_for(lambda: log.read_text().count("start") == 2, what="the job to start again")
        (config.data_dir / "release").touch()
        with app.connection():
            wait_for(lambda: Job.get_by_id(job.id).status == "done", what="the job to finish")
            job = Job.get_by_id(job.id)
            runs = [r.status for r in JobRun.select().where(JobRun.job == job.id)
                    .order_by(JobRun.id)]
        assert healthy(port)
    finally:
        second.terminate()
        second.wait(15)
        app.stop()

    assert log.read_text().count("end") == 1
    assert job.attempts == 2
    assert job.result == {"finished_by": second.pid}
    assert runs == ["interrupted", "ok"]
