"""A catalog a script saved with polib at a wrapwidth of its own (`polib.pofile(path, wrapwidth=60).save()`):
a rewrite with nothing to change gives it back, and one that changes an entry writes that entry as polib
would at that width, not in gettext's layout (its lines broken after the space, not before), and not at
polib's default width."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from toolkit.catalog.store import parse_catalog, serialize_catalog

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "translations").glob("*.po"))


def _saved_by_polib(text: str, width: int, folder: Path) -> str:
    path = folder / "saved.po"
    polib.pofile(text, wrapwidth=width).save(str(path))
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [40, 60, 77, 79, 100])
@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.stem[:3])
def test_an_entry_changed_in_a_file_polib_saved_at_its_own_width_is_written_as_polib_writes_it(
    tmp_path: Path, seed: Path, width: int
):
    saved = _saved_by_polib(seed.read_text(encoding="utf-8"), width, tmp_path)
    catalog = parse_catalog(saved, seed)
    assert serialize_catalog(catalog).decode("utf-8") == saved

    entry = sorted((entry for entry in catalog if entry.msgid and not entry.obsolete), key=lambda e: e.msgctxt)[3]
    entry.msgstr += " And a sentence added, long enough to be wrapped at any of these widths."
    written = serialize_catalog(catalog).decode("utf-8")

    assert written == _saved_by_polib(written, width, tmp_path)
