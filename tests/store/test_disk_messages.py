"""Why a child process failed, in words, whatever its exit status; why a path failed, in words."""

from __future__ import annotations

import errno
import os
import signal
from pathlib import Path

import pytest

from toolkit.store.disk import cause, child_ended


def test_a_child_killed_by_a_named_signal_is_named() -> None:
    assert child_ended(-signal.SIGKILL) == "killed by SIGKILL"


def test_a_child_killed_by_a_real_time_signal_is_no_internal_error() -> None:
    # signal.Signals has no member for SIGRTMIN + n: the report of the failure itself raised ValueError.
    number = signal.SIGRTMIN + 1
    assert child_ended(-number) == f"killed by signal {number}"


def test_a_child_that_exited_is_named_by_its_status() -> None:
    assert child_ended(3) == "exit status 3"


def _error_of(operation, *paths: Path) -> OSError:
    with pytest.raises(OSError) as raised:
        operation(*paths)
    return raised.value


def test_a_link_whose_target_is_gone_is_named_as_one(tmp_path: Path) -> None:
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    assert cause(_error_of(open, tmp_path / "gone")) == (
        f"it is a link to {tmp_path / 'nowhere'}, which does not exist; fix the link or remove it"
    )


def test_a_link_that_leads_somewhere_is_not_told_to_be_fixed(tmp_path: Path) -> None:
    # ENOENT naming a link whose target is there (the target removed and put back meanwhile, a folder on the
    # way gone): its cause is no broken link.
    (tmp_path / "target").write_text("x")
    (tmp_path / "link").symlink_to(tmp_path / "target")
    error = FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(tmp_path / "link"))
    assert cause(error) == "no such file or folder"
    renamed = _error_of(os.rename, tmp_path / "link", tmp_path / "missing" / "link")
    assert cause(renamed) == "no such file or folder"


def test_a_dangling_link_moved_into_a_missing_folder_is_not_blamed(tmp_path: Path) -> None:
    # A rename does not follow the link it moves: the missing folder is the cause, not the link's target.
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    assert cause(_error_of(os.rename, tmp_path / "gone", tmp_path / "missing" / "gone")) == "no such file or folder"


def test_a_folder_made_where_a_link_leads_nowhere_names_the_link(tmp_path: Path) -> None:
    # ARGOS_PACKAGES_DIR (or any folder the toolkit makes) a link to itself was "something of another kind is
    # already there"; one whose target is gone, the same.
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "gone").symlink_to(tmp_path / "nowhere")
    assert cause(_error_of(os.mkdir, tmp_path / "loop")) == (
        "it is a link that leads back to itself (a loop); fix the link or remove it"
    )
    assert cause(_error_of(os.mkdir, tmp_path / "gone")).startswith(f"it is a link to {tmp_path / 'nowhere'}, which")
    (tmp_path / "file").write_text("")
    assert cause(_error_of(os.mkdir, tmp_path / "file")) == "something of another kind is already there"
