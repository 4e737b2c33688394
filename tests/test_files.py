"""What servicekit reads and writes: only regular files, never an input, never half a file.

Each case does what a user might do by mistake (or what an attacker would try) with `-o`, a
catalogue, a template or an intake, and asserts on what happens to the files involved.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from servicekit.errors import ExportError
from servicekit.files import NotReadable, read_limited, write_atomically
from tests.conftest import REPO, assert_user_error

CLINIC_TOML = REPO / "catalogues" / "therapeutic-clinic.toml"
INTAKE = REPO / "catalogues" / "intakes" / "recent-surgery.json"
POSIX = pytest.mark.skipif(os.name != "posix", reason="POSIX file types and owners")


def entries(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir())


@POSIX
def test_a_fifo_target_is_refused_and_left_a_fifo(run, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = run("export", CLINIC_TOML, "-o", fifo)
    assert_user_error(result, "pipe: is a FIFO (a named pipe); servicekit writes only regular")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert entries(tmp_path) == ["pipe"]


@POSIX
def test_a_device_target_is_refused(run):
    result = run("export", CLINIC_TOML, "-o", "/dev/null")
    assert_user_error(result, "/dev/null: is a device", "give -o - for standard output")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@POSIX
def test_standard_output_is_dash_not_dev_stdout():
    # /dev/stdout is a symbolic link to /proc/self/fd/1; here that is a pipe, and refused.
    done = subprocess.run(
        [sys.executable, "-m", "servicekit", "export", str(CLINIC_TOML), "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "/dev/stdout: is a FIFO (a named pipe); servicekit writes only regular files" in (
        done.stderr
    )
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


@POSIX
def test_a_symbolic_link_is_written_through_and_kept(run, tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "menu.json"
    link.symlink_to(real.name)
    result = run("export", CLINIC_TOML, "-o", link)
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert os.readlink(link) == "real.json"
    assert real.read_text(encoding="utf-8").startswith("{")
    assert entries(tmp_path) == ["menu.json", "real.json"]


@POSIX
def test_a_link_to_nothing_is_refused(run, tmp_path):
    (tmp_path / "menu.json").symlink_to("missing.json")
    result = run("export", CLINIC_TOML, "-o", tmp_path / "menu.json")
    assert_user_error(result, "is a symbolic link to", "which does not exist")
    assert entries(tmp_path) == ["menu.json"]


@POSIX
def test_a_link_to_the_input_is_the_input(run, tmp_path):
    catalogue = tmp_path / "clinic.toml"
    catalogue.write_bytes(CLINIC_TOML.read_bytes())
    (tmp_path / "out.json").symlink_to("clinic.toml")
    result = run("export", catalogue, "-o", tmp_path / "out.json")
    assert_user_error(result, "refusing to overwrite the input")
    assert catalogue.read_bytes() == CLINIC_TOML.read_bytes()


def test_a_menu_never_overwrites_its_own_template(run, tmp_path):
    template = tmp_path / "my.html"
    template.write_text("<p>{{ menu.clinic.name }}</p>\n", encoding="utf-8")
    result = run("menu", CLINIC_TOML, "--template", template, "-o", template)
    assert_user_error(result, "my.html: refusing to overwrite the input")
    assert template.read_text(encoding="utf-8") == "<p>{{ menu.clinic.name }}</p>\n"


@POSIX
def test_a_read_only_file_is_left_as_it_is_even_for_root(run, tmp_path):
    target = tmp_path / "menu.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o444)
    result = run("export", CLINIC_TOML, "--format", "csv", "-o", target)
    assert_user_error(result, "menu.csv: is read-only", "chmod u+w")
    assert target.read_text(encoding="utf-8") == "old"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


@POSIX
def test_a_replaced_file_keeps_its_mode_and_a_new_one_follows_the_umask(run, tmp_path):
    kept = tmp_path / "kept.csv"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    assert run("export", CLINIC_TOML, "--format", "csv", "-o", kept).exit_code == 0
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    umask = os.umask(0o027)
    try:
        fresh = tmp_path / "fresh.csv"
        assert run("export", CLINIC_TOML, "--format", "csv", "-o", fresh).exit_code == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o640


@POSIX
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_a_replaced_file_keeps_its_owner(run, tmp_path):
    target = tmp_path / "menu.csv"
    target.write_text("old", encoding="utf-8")
    os.chown(target, 65534, 65534)  # nobody
    assert run("export", CLINIC_TOML, "--format", "csv", "-o", target).exit_code == 0
    assert (target.stat().st_uid, target.stat().st_gid) == (65534, 65534)
    assert target.read_text(encoding="utf-8") != "old"


@POSIX
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_writing_leaves_no_temporary_file(tmp_path, signum):
    target = tmp_path / "menu.json"
    target.write_text("old", encoding="utf-8")
    # The signal arrives in the write window: after the temporary file is written, before it
    # replaces the target.
    script = textwrap.dedent(
        f"""
        import os
        from servicekit import files
        real_fsync = os.fsync
        def fsync(descriptor):
            real_fsync(descriptor)
            os.kill(os.getpid(), {int(signum)})
        files.os.fsync = fsync
        files.write_atomically({str(target)!r}, b"new")
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
    assert done.returncode == -signum, done.stderr
    assert entries(tmp_path) == ["menu.json"]
    assert target.read_text(encoding="utf-8") == "old"


def test_writes_from_another_thread_need_no_signal_handlers(tmp_path):
    target = tmp_path / "menu.json"
    errors: list[BaseException] = []

    def write() -> None:
        try:
            write_atomically(target, b"{}")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()
    assert not errors
    assert target.read_bytes() == b"{}"


def test_an_existing_file_may_be_kept(tmp_path):
    target = tmp_path / "catalogue.toml"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(ExportError, match="already exists"):
        write_atomically(target, b"theirs", overwrite=False)
    assert target.read_text(encoding="utf-8") == "mine"


# Reading


@POSIX
@pytest.mark.parametrize("command", ["check", "screen"])
def test_a_device_is_not_read(run, command):
    args = ["check", "/dev/zero"]
    if command == "screen":
        args = ["screen", CLINIC_TOML, "swedish", "--intake", "/dev/zero"]
    result = run(*args)
    assert_user_error(result, "/dev/zero: is a device, not a file")


@POSIX
def test_a_fifo_with_no_writer_is_refused_at_once(run, tmp_path):
    fifo = tmp_path / "clinic.toml"
    os.mkfifo(fifo)
    result = run("check", fifo)  # would wait for ever if it were opened for reading
    assert_user_error(result, "clinic.toml: is a FIFO (a named pipe), not a file")


@POSIX
def test_the_limit_counts_bytes_read_not_the_size_a_file_claims(tmp_path):
    claimed = os.stat("/proc/self/status").st_size
    assert claimed == 0  # /proc files claim to be empty
    with pytest.raises(NotReadable, match="more than 16 bytes"):
        read_limited("/proc/self/status", 16)
    assert read_limited("/proc/self/status", 1 << 20).startswith(b"Name:")


def test_square_json_is_read_with_the_same_care(run, tmp_path):
    result = run("import", "square", tmp_path / "missing.json", "-o", tmp_path / "out.toml")
    assert_user_error(result, "missing.json: no such file")
    assert entries(tmp_path) == []


def test_intake_intake_file_that_is_a_directory_is_named(run, tmp_path):
    result = run("screen", CLINIC_TOML, "swedish", "--intake", tmp_path)
    assert_user_error(result, "is a directory")
    assert INTAKE.exists()
