"""Listing a big folder costs about what its listing holds: the entries are not held at once to be sorted."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from toolkit.store.listing import list_folder


def test_a_big_folder_is_listed_sorted_without_holding_its_entries(tmp_path: Path) -> None:
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
    assert listing.files == [str(tmp_path / name) for name in names]
    assert [message.split(":")[0] for message in listing.passed_over] == [str(tmp_path / "a"), str(tmp_path / "b.po")]
    # Sorting the DirEntry objects themselves peaked at 2.5 times what the listing keeps.
    assert peak < 1.5 * held, (peak, held)
