"""The site's seal (toolkit/site/fingerprints.py): a page edited in site/ at any moment after the build took
the site's signatures, during the build's own commit or after it, is rebuilt by the next build, never carried."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from abuse.abuse_projects import copy_default_project

from toolkit.catalog.store import read_catalog, serialize_catalog
from toolkit.config import load_config
from toolkit.site import generation
from toolkit.site.build import build_site
from toolkit.site.manifest import SEALED_SETTING, BuiltManifest
from toolkit.store.identity import RACY_WINDOW_NS, seal


def _edit(page: Path) -> bytes:
    """An ordinary edit of `page` in place (other bytes of the same length, a new mtime); its old bytes."""
    before = page.read_bytes()
    with page.open("r+b") as handle:
        handle.write(b"X" if before[:1] != b"X" else b"Y")
    return before


# The carry of unchanged articles beside a changed one is the longer run: in CI only (slow).
@pytest.mark.parametrize(
    "another_changed",
    [False, pytest.param(True, marks=pytest.mark.slow)],
    ids=["nothing else changed", "another article changed"],
)
def test_a_page_edited_while_the_build_puts_the_site_in_place_is_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, another_changed: bool
) -> None:
    # The site's signatures were taken from site/ after the swap, the old site's removal and a clock tick: a
    # page edited in that window (seconds at 100,000 articles) was recorded as the build's own, and the next
    # builds carried the edited page (the no-change pass, or the carry of unchanged articles).
    project = copy_default_project(tmp_path / "p")
    time.sleep(RACY_WINDOW_NS / 1e9 + 0.1)  # catalogs settled: their signatures vouch for them, pages carried
    build_site(load_config(project))
    pages = sorted((project / "site").rglob("articles/*.html"))
    originals: dict[Path, bytes] = {}
    swap = generation.swap_into_place

    def swap_then_edit(staging: Path, site_dir: Path) -> None:
        swap(staging, site_dir)
        originals[pages[0]] = _edit(pages[0])

    monkeypatch.setattr(generation, "swap_into_place", swap_then_edit)
    catalog = sorted((project / "translations").glob("*.po"))[-1]
    entries = read_catalog(catalog)
    entries[1].msgstr += " Edited."
    catalog.write_bytes(serialize_catalog(entries))  # the build must swap a new site in
    build_site(load_config(project))
    monkeypatch.undo()
    assert pages[0].read_bytes() != originals[pages[0]]
    if another_changed:
        entries[1].msgstr += " Again."
        catalog.write_bytes(serialize_catalog(entries))
    build_site(load_config(project))
    assert pages[0].read_bytes() == originals[pages[0]]
    assert not list(build_site(load_config(project)).written)  # and the site as built is carried whole


def test_a_build_that_cannot_seal_the_site_leaves_no_site_file_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_default_project(tmp_path / "p")
    monkeypatch.setattr(generation, "seal", lambda probe, wait_for_tick=True: None)
    build_site(load_config(project))
    monkeypatch.undo()
    config = load_config(project)
    manifest = BuiltManifest.open(config.state_dir / generation.MANIFEST_NAME)
    assert manifest is not None
    try:
        assert manifest.setting(SEALED_SETTING) is None and manifest.sealed_ns is None
    finally:
        manifest.close()
    page = sorted((project / "site").rglob("articles/*.html"))[0]
    original = page.read_bytes()
    status = page.stat()
    _edit(page)
    os.utime(page, ns=(status.st_atime_ns, status.st_mtime_ns))
    build_site(config)
    assert page.read_bytes() == original


def test_the_seal_is_before_any_later_change_and_after_every_earlier_one(tmp_path: Path) -> None:
    earlier = tmp_path / "earlier"
    earlier.write_bytes(b"a")
    sealed_ns = seal(tmp_path / "probe")
    assert sealed_ns is not None and not (tmp_path / "probe").exists()
    later = tmp_path / "later"
    later.write_bytes(b"b")
    assert earlier.stat().st_ctime_ns <= sealed_ns < later.stat().st_ctime_ns
    os.utime(earlier)  # even with its times put back, a change shows in the ctime
    assert earlier.stat().st_ctime_ns > sealed_ns


def test_the_seal_follows_no_link_at_its_probe_name(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_bytes(b"kept")
    (tmp_path / "probe").symlink_to(target)
    assert seal(tmp_path / "probe") is None
    assert target.read_bytes() == b"kept" and (tmp_path / "probe").is_symlink()
