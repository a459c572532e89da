"""The `mvidarr` command: every command has --help; errors are one line, never a traceback."""

from __future__ import annotations

import click
import pytest

from mvidarr.cli import main
from mvidarr.cli.base import cli


def commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MVIDARR_DATA_DIR", str(tmp_path / "data"))

    def run(*args, stdin=None):
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", __import__("io").StringIO(stdin))
        with pytest.raises(SystemExit) as done:
            main(list(args))
        out = capsys.readouterr()
        return done.value.code, out.out, out.err

    return run


def test_the_fixed_commands_exist():
    names = {" ".join(c) for c in commands(cli)}
    assert {"serve", "worker", "migrate", "user create", "apikey create", "plugins list",
            "plugins enable", "plugins disable", "settings get", "settings set"} <= names


@pytest.mark.parametrize("command", [" ".join(c) for c in commands(cli)])
def test_every_command_has_help(run, command):
    code, out, _ = run(*command.split(), "--help")
    assert code == 0
    assert "Usage: mvidarr" in out
    assert command.split()[-1] in out


def test_settings_get_and_set(run):
    assert run("settings", "set", "downloads.max_concurrent", "3")[0] == 0
    code, out, _ = run("settings", "get", "downloads.max_concurrent")
    assert (code, out) == (0, "3\n")


def test_secrets_are_never_printed(run):
    code, out, _ = run("settings", "set", "plex.webhook_token", "tok-1234567890abcdef")
    assert code == 0 and "tok-1234567890abcdef" not in out
    code, out, _ = run("settings", "get", "plex.webhook_token")
    assert out.strip() == "********"
    code, out, _ = run("settings", "list")
    assert "tok-1234567890abcdef" not in out and "plex.webhook_token = ********" in out


@pytest.mark.parametrize("args,words", [
    (("settings", "set", "downloads.max_concurrent", "lots"), "expects a whole number"),
    (("settings", "get", "no.such.key"), "unknown setting 'no.such.key'"),
    (("plugins", "disable", "core"), "cannot be disabled"),
    (("plugins", "enable", "nope"), "no plugin named 'nope'"),
    (("apikey", "create", "--user", "ghost"), "no user named 'ghost'"),
])
def test_errors_are_one_clear_line_and_a_nonzero_exit(run, args, words):
    code, out, err = run(*args)
    assert code != 0
    assert words in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err + out


def test_an_unexpected_failure_shows_no_traceback(run, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("mvidarr.settings.Settings.shown", boom)
    code, out, err = run("settings", "get", "downloads.max_concurrent")
    assert code == 2
    assert "disk on fire" in err and "Traceback" not in err + out


def test_user_create_and_apikey_create(run):
    code, out, err = run("user", "create", "alice", "--role", "admin", "--password-stdin",
                         stdin="correct horse battery\n")
    assert code == 0, err
    assert "created admin alice" in out
    code, out, _ = run("user", "create", "alice", "--password-stdin", stdin="another password\n")
    assert code == 1
    code, short, err = run("user", "create", "bob", "--password-stdin", stdin="short\n")
    assert code == 1 and "at least 10 characters" in err
    code, key, _ = run("apikey", "create", "--user", "alice")
    assert code == 0 and key.startswith("mvk_")


def test_plugins_list_enable_disable(run):
    code, out, _ = run("plugins", "list")
    assert code == 0 and "core" in out and "lognotify" in out
    assert run("plugins", "disable", "lognotify")[1] == "lognotify disabled\n"
    assert "lognotify      builtin   " in run("plugins", "list")[1]
    listing = run("plugins", "list")[1]
    assert [line for line in listing.splitlines() if line.startswith("lognotify")][0].split()[
        3] == "no"
    assert run("plugins", "enable", "lognotify")[1] == "lognotify enabled\n"


def cli_process(*args, env=None):
    import os
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "mvidarr", *args], capture_output=True,
                          text=True, timeout=60, env={**os.environ, **(env or {})})


def test_a_data_folder_that_cannot_be_made_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    done = cli_process("migrate", env={"MVIDARR_DATA_DIR": str(blocker / "data")})
    assert done.returncode == 1
    assert done.stderr.startswith("Error: cannot create the data folder")
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_serve_on_a_port_in_use_is_one_line_and_the_traceback_stays_in_the_log(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = cli_process("serve", "--port", str(port),
                           env={"MVIDARR_DATA_DIR": str(tmp_path / "data")})
    assert done.returncode == 1
    assert f"Error: cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "serving on" not in done.stderr  # it never served


def test_an_unexpected_failure_keeps_its_traceback_out_of_the_console(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "secret_key").mkdir()  # reading the key fails in a way nobody planned for
    done = cli_process("serve", "--port", "0", env={"MVIDARR_DATA_DIR": str(data)})
    assert done.returncode == 2
    assert "Error: unexpected failure" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "Traceback" in (data / "logs" / "mvidarr.log").read_text()
