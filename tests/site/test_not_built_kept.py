"""What a build finds in site/ and did not make (a user's photo beside the pages, a deployment checkout's .git/, a
host's CNAME, a whole site another generator made) is moved, with its path, to .toolkit/not-built-<time>/ before
the new site replaces site/, and named: the site it replaces is kept for the next build and pruned there, which
removed it without a word (.git/ with its unpushed commits)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from site_projects import sample_project

from toolkit.config import load_config
from toolkit.site.build import build_site
from toolkit.site.generation import NOT_BUILT_PREFIX

USER_FILES = {
    ".git/HEAD": b"ref: refs/heads/main\n",
    ".git/objects/ab/cdef": b"an unpushed commit",
    "CNAME": b"news.example.org\n",
    "articles/img/photo.jpg": b"\xff\xd8\xff a photo",
    "articles/notes.txt": b"notes",
    "ar/articles/000_sample.html/inside.txt": b"a folder where a page goes",
}


def _put(site: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)


def _edit(project: Path, number: int, text: str) -> None:
    catalog = project / "translations" / f"{number:03d}_sample.po"
    before = catalog.read_text(encoding="utf-8")
    catalog.write_text(before.replace(f"item 1 of {number}.", text), encoding="utf-8")


def _kept(project: Path) -> list[Path]:
    return sorted((project / ".toolkit").glob(f"{NOT_BUILT_PREFIX}*"))


def _tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def _fresh_site(project: Path, tmp_path: Path) -> dict[str, bytes]:
    fresh = tmp_path / "fresh"
    shutil.copytree(project / "translations", fresh / "translations")
    shutil.copy(project / "toolkit.toml", fresh / "toolkit.toml")
    build_site(load_config(fresh))
    return _tree(fresh / "site")


def _one_warning(warnings: tuple[str, ...]) -> str:
    named = [warning for warning in warnings if "not made by the build" in warning]
    assert len(named) == 1, warnings
    return named[0]


def test_nested_files_git_and_cname_a_user_left_in_site_are_kept_and_named(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "project", articles=4)
    config = load_config(project)
    build_site(config)
    site = project / "site"
    (site / "ar" / "articles" / "000_sample.html").unlink()
    _put(site, USER_FILES)
    _edit(project, 1, "the first edit.")
    result = build_site(config)
    [kept] = _kept(project)
    assert {name: (kept / name).read_bytes() for name in USER_FILES} == USER_FILES
    assert _one_warning(result.warnings) == (
        f"{site / '.git'} (and 4 more): not made by the build, so not in the new site (a build replaces site/ "
        f"whole); moved with its path to {kept}, which the toolkit never removes: keep such files outside site/ "
        "and copy them in after building"
    )
    # The builds after, which stage in the site swapped out, neither warn again nor touch what was kept.
    _edit(project, 2, "the second edit.")
    again = build_site(config)
    _edit(project, 3, "the third edit.")
    third = build_site(config)
    assert not [w for w in (*again.warnings, *third.warnings) if "not made by the build" in w]
    assert _kept(project) == [kept]
    assert {name: (kept / name).read_bytes() for name in USER_FILES} == USER_FILES
    assert _tree(site) == _fresh_site(project, tmp_path)


def test_a_first_build_over_a_checkout_keeps_all_it_held(tmp_path: Path) -> None:
    # No manifest: site/ is a deployment checkout, or another generator's output, that no build of ours made.
    project = sample_project(tmp_path / "project", articles=3)
    checkout = {**USER_FILES, "index.html": b"<p>Hugo</p>", "posts/one/index.html": b"<p>one</p>"}
    _put(project / "site", checkout)
    result = build_site(load_config(project))
    [kept] = _kept(project)
    assert _tree(kept) == checkout
    warning = _one_warning(result.warnings)
    # The folders the build makes too (articles/, ar/) are looked into: only what is in them is moved.
    assert warning.startswith(f"{project / 'site' / '.git'} (and 6 more): not made by the build")
    assert f"moved with its path to {kept}," in warning
    _edit(project, 1, "an edit.")
    build_site(load_config(project))
    _edit(project, 2, "an edit.")
    build_site(load_config(project))
    assert _kept(project) == [kept] and _tree(kept) == checkout


def test_a_build_after_the_state_folder_was_deleted_keeps_the_site_and_the_users_files(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "project", articles=3)
    config = load_config(project)
    build_site(config)
    site = project / "site"
    users = {"CNAME": b"news.example.org\n", "articles/img/photo.jpg": b"a photo"}
    _put(site, users)
    shutil.rmtree(project / ".toolkit")
    result = build_site(config)
    [kept] = _kept(project)
    # The pages the build made again byte for byte are not kept: nothing is lost with them, and a copy of the
    # whole site, called "not made by the build", was left there each time.
    assert _tree(kept) == users
    assert f"moved with its path to {kept}," in _one_warning(result.warnings)
    _edit(project, 1, "an edit.")
    build_site(config)
    assert _tree(kept) == users
    assert _tree(site) == _fresh_site(project, tmp_path)


def test_a_file_written_into_site_after_the_move_and_before_the_swap_is_kept_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first move took what site/ held; a file written after it and before the swap went out with the site
    # swapped out, which the next build stages in and prunes: it was lost without a word.
    from toolkit.site import generation

    project = sample_project(tmp_path / "project", articles=3)
    config = load_config(project)
    build_site(config)
    site = project / "site"
    _put(site, {"CNAME": b"first\n"})
    swap = generation.swap_into_place

    def written_at_the_swap(staging: Path, site_dir: Path) -> None:
        _put(site_dir, {"CNAME": b"written again\n", "late/photo.jpg": b"a photo"})
        swap(staging, site_dir)

    monkeypatch.setattr(generation, "swap_into_place", written_at_the_swap)
    _edit(project, 1, "the first edit.")
    result = build_site(config)
    first, second = _kept(project)
    assert _tree(first) == {"CNAME": b"first\n"}
    assert _tree(second) == {"CNAME": b"written again\n", "late/photo.jpg": b"a photo"}
    named = [warning for warning in result.warnings if "not made by the build" in warning]
    assert [str(first) in named[0], str(second) in named[1]] == [True, True], named
    assert "while the build was swapping the new site in" in named[1]
    monkeypatch.setattr(generation, "swap_into_place", swap)
    _edit(project, 2, "the second edit.")
    build_site(config)
    assert _kept(project) == [first, second] and _tree(second)["late/photo.jpg"] == b"a photo"
    assert not (site / "CNAME").exists() and not (site / "late").exists()


def test_status_names_the_folders_of_files_no_build_made_until_the_user_deletes_them(tmp_path: Path) -> None:
    # Named once, by the build that moved them; then they piled up in .toolkit/ and no command said so.
    from click.testing import CliRunner

    from toolkit.cli import cli

    project = sample_project(tmp_path / "project", articles=3)
    config = load_config(project)

    def status() -> list[str]:
        result = CliRunner().invoke(cli, ["-C", str(project), "status"])
        assert result.exit_code == 0, result.output
        return [line for line in result.output.splitlines() if "no build made" in line]

    build_site(config)
    assert status() == []
    _put(project / "site", {"CNAME": b"news.example.org\n"})
    _edit(project, 1, "the first edit.")
    build_site(config)
    [kept] = _kept(project)
    assert status() == [
        f"toolkit: warning: {kept} holds files found in site/ that no build made, moved there by a build and never "
        "removed by the toolkit: copy back what you need (outside site/, then into it after building) and delete it"
    ]
    _put(project / "site", {"photo.jpg": b"a photo"})
    _edit(project, 2, "the second edit.")
    build_site(config)
    first, second = _kept(project)
    [line] = status()
    assert line.startswith(f"toolkit: warning: 2 folders {project / '.toolkit' / NOT_BUILT_PREFIX}* (the newest ")
    assert f"(the newest {second.name}) hold files" in line and line.endswith("delete them")
    build_site(config)  # nothing new in site/: the folders stay, as they were
    assert _kept(project) == [first, second] and (first / "CNAME").is_file() and (second / "photo.jpg").is_file()
    shutil.rmtree(first)
    shutil.rmtree(second)
    assert status() == []


def test_the_note_on_kept_folders_shows_a_control_character_in_the_newest_name_escaped(tmp_path: Path) -> None:
    # The folders are named by builds, but .toolkit/ is the user's: a name holding an escape sequence must not
    # reach the terminal raw (it could retitle or clear it), as no other path the toolkit prints does.
    from toolkit.site.generation import not_built_note

    state = tmp_path / ".toolkit"
    (state / f"{NOT_BUILT_PREFIX}20260101T000000Z").mkdir(parents=True)
    (state / f"{NOT_BUILT_PREFIX}20260101T000001Z\x1b]0;owned\x07").mkdir()
    note = not_built_note(state)
    assert note is not None and "2 folders" in note
    assert "\x1b" not in note and "\x07" not in note
