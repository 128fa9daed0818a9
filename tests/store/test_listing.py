"""Listing a big folder costs about what its listing holds: the entries are not held at once to be sorted."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

from toolkit.store.listing import list_folder, listed_names


def test_a_big_folder_is_listed_sorted_without_holding_its_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    import toolkit.packed

    monkeypatch.setattr(toolkit.packed, "SORT_RUN", 300)  # sorted in runs, as 100,000 files are
    names = [f"article-{number:05d}.po" for number in range(3000)]
    for name in reversed(names):
        (tmp_path / name).touch()
    (tmp_path / "notes.txt").touch()
    (tmp_path / "b.po").mkdir()
    (tmp_path / "a").mkdir()
    tracemalloc.start()
    try:
        listing = list_folder(tmp_path, lambda name: name.endswith(".po"), "catalogs")
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    paths = [str(tmp_path / name) for name in names]
    assert listing.files == paths
    assert [message.split(":")[0] for message in listing.passed_over] == [str(tmp_path / "a"), str(tmp_path / "b.po")]
    as_strings = sys.getsizeof(paths) + sum(sys.getsizeof(path) for path in paths)
    # Sorting the DirEntry objects themselves peaked at 2.5 times a list of the paths; the paths are kept
    # packed, and were never held as one list of strings.
    assert held < as_strings * 0.75 and peak < as_strings * 1.25, (held, peak, as_strings)


def test_listed_names_are_those_of_the_listing_and_none_is_held(tmp_path: Path) -> None:
    names = [f"article-{number:05d}.po" for number in range(3000)]
    for name in names:
        (tmp_path / name).touch()
    (tmp_path / "notes.txt").touch()
    (tmp_path / "b.po").mkdir()
    (tmp_path / "c.po").symlink_to(tmp_path / "b.po")
    (tmp_path / "gone.po").symlink_to(tmp_path / "nowhere")

    def wanted(name: str) -> bool:
        return name.endswith(".po")

    listing = list_folder(tmp_path, wanted, "catalogs")
    tracemalloc.start()
    try:
        counted = sum(1 for _ in listed_names(tmp_path, wanted, "catalogs"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sorted(listed_names(tmp_path, wanted, "catalogs")) == [Path(path).name for path in listing.files]
    assert counted == len(names) + 1  # the broken link is listed: reading it names the problem
    assert peak < 64 * 1024, peak


def test_a_sub_folder_of_the_working_folder_names_it_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path)
    listing = list_folder(Path("."), lambda name: name.endswith(".txt"), "source files")
    assert "only files directly in ./ are read" in listing.passed_over[0], listing.passed_over


@pytest.mark.parametrize(
    ("folder", "shown"),
    [("/", "only files directly in / are read"), ("a\nb", "only files directly in a\\nb/ are read")],
)
def test_the_folder_a_sub_folder_is_in_is_named_on_one_line_with_one_slash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str, shown: str
) -> None:
    """`toolkit clean /` said "only files directly in // are read"; a folder named with a newline split the line."""
    monkeypatch.chdir(tmp_path)
    listed = Path(folder)
    if folder != "/":
        (listed / "sub").mkdir(parents=True)
    listing = list_folder(listed, lambda name: name.endswith(".txt"), "source files")
    assert listing.passed_over and shown in listing.passed_over[0], listing.passed_over
    assert all("\n" not in message for message in listing.passed_over)
