"""A page as a reader's browser saves it, "Web Page, Single File" (MHTML): Chromium's own archive of each
devdata page cleans to the article its HTML gives."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from shared_paths import DEVDATA

from toolkit.clean.pipeline import clean_file, read_source
from toolkit.config import load_config

PAGES = sorted((DEVDATA / "html").glob("*.html"))


@pytest.fixture(scope="module")
def saved_by_chromium(browser, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each devdata page saved by Chromium as MHTML (the DevTools protocol's captureSnapshot, which "Save page
    as... Single File" uses), scripts off and nothing fetched from the network, as a page saved offline is."""
    folder = tmp_path_factory.mktemp("mhtml")
    context = browser.new_context(java_script_enabled=False)
    saved = {}
    try:
        page = context.new_page()
        page.route("http*://**", lambda route: route.abort())
        session = context.new_cdp_session(page)
        for source in PAGES:
            page.goto(source.as_uri())
            archive = folder / f"{source.stem}.mhtml"
            archive.write_bytes(session.send("Page.captureSnapshot", {"format": "mhtml"})["data"].encode("utf-8"))
            saved[source.stem] = archive
    finally:
        context.close()
    return saved


@pytest.mark.parametrize("source", PAGES, ids=lambda path: path.stem[:5])
def test_a_page_saved_by_chromium_as_one_file_cleans_as_its_html(
    source: Path, saved_by_chromium: dict[str, Path], tmp_path: Path
) -> None:
    # Named .mhtml, it was left out of source/ with "save the page as .html": a reader's saved page could not
    # be published as saved.
    config = load_config(tmp_path)
    archive = saved_by_chromium[source.stem]
    assert archive.read_bytes().startswith(b"From: <Saved by Blink>")
    from_html = clean_file(source, read_source(source), config)
    from_archive = clean_file(archive, read_source(archive), config)
    assert from_archive.title == from_html.title
    assert [block.text for block in from_archive.blocks] == [block.text for block in from_html.blocks]
    assert from_archive.id == source.stem
    # Saved from file://, the archive names no address a reader could follow: the page's own is kept (as
    # Chromium writes it back, its letters percent-encoded).
    assert from_archive.url and from_html.url
    assert unquote(from_archive.url) == unquote(from_html.url)
