"""A streamed clean run reads each file, and extracts each HTML page, once: the evidence pass keeps what it read
on disk and the cleaning reads it back, with the same articles, errors and ticks as reading every file twice."""

from __future__ import annotations

import errno
import gc
import shutil
import tempfile
import warnings
from itertools import islice
from pathlib import Path

import pytest
from shared_paths import DEVDATA, SEEDS

import toolkit.clean.html
from toolkit.clean.corpus import build_corpus_evidence
from toolkit.clean.pipeline import clean_file, clean_stream, read_document, settings_for
from toolkit.config import Config, load_config
from toolkit.errors import InputError, ToolkitError
from toolkit.model import Article

PAGES = ("arN01_sputnikarabic_2020_egypt_covid.html", "arN03_albayan_ae_2020_afghan_embassy.html")
OTHER_PAGE = "arN05_akhbarelyom_2020_naima_akef.html"
# Named to come between the pages: the pages read back from disk must keep their places around a text file.
SEED_COPY = "arN02_seed.txt"


def _project(tmp_path: Path) -> Config:
    source = tmp_path / "source"
    source.mkdir()
    (tmp_path / "toolkit.toml").write_text("", encoding="utf-8")
    for page in PAGES:
        shutil.copy(DEVDATA / "html" / page, source / page)
    shutil.copy(SEEDS / "004_2044ffbcf3d48fbd.txt", source / SEED_COPY)
    return load_config(tmp_path)


def _extracting_every_page_twice(config: Config) -> list[Article]:
    paths = sorted(config.source_dir.iterdir())
    evidence = (read_document(path, path.read_bytes(), config).lines for path in paths)
    corpus = build_corpus_evidence(evidence, settings_for(config).corpus)
    return [clean_file(path, path.read_bytes(), config, corpus) for path in paths]


def test_each_page_is_extracted_once_and_cleaned_as_before(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    config = _project(tmp_path)
    expected = _extracting_every_page_twice(config)
    extract_page = toolkit.clean.html.extract_page
    extracted: list[str] = []

    def counting(text: str, *args: object, **options: object):
        extracted.append(text)
        return extract_page(text, *args, **options)

    monkeypatch.setattr(toolkit.clean.html, "extract_page", counting)
    run = clean_stream(config)
    articles = list(run.articles)

    assert run.errors == []
    assert len(extracted) == len(PAGES)
    assert articles == expected
    assert [article.id for article in articles] == [Path(PAGES[0]).stem, Path(SEED_COPY).stem, Path(PAGES[1]).stem]


def test_files_changed_or_removed_between_the_passes_are_cleaned_from_what_was_read(tmp_path: Path):
    config = _project(tmp_path)
    expected = _extracting_every_page_twice(config)
    run = clean_stream(config)
    shutil.copy(DEVDATA / "html" / OTHER_PAGE, config.source_dir / PAGES[0])
    (config.source_dir / PAGES[1]).unlink()
    (config.source_dir / SEED_COPY).write_bytes(b"\x00 not text any more")

    assert list(run.articles) == expected
    assert run.errors == []


def test_an_unreadable_page_is_reported_once_and_every_file_ticks_per_pass(tmp_path: Path):
    config = _project(tmp_path)
    (config.source_dir / "broken.html").write_bytes(b"\x00\x01binary\x00" * 20)
    ticks: list[None] = []
    run = clean_stream(config, on_file=lambda: ticks.append(None))

    assert [(type(error), error.path.name) for error in run.errors] == [(InputError, "broken.html")]
    assert len(ticks) == len(PAGES) + 2
    articles = list(run.articles)
    assert len(articles) == len(PAGES) + 1
    assert len(run.errors) == 1
    assert len(ticks) == 2 * (len(PAGES) + 1) + 1


@pytest.mark.parametrize("articles_read", [0, 1, len(PAGES) + 1])
def test_the_kept_pages_file_is_closed_however_far_the_stream_is_read(tmp_path: Path, articles_read: int):
    config = _project(tmp_path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        run = clean_stream(config)
        read = list(islice(run.articles, articles_read))
        del run, read
        gc.collect()

    assert [str(warning.message) for warning in caught if warning.category is ResourceWarning] == []


def test_no_room_for_the_kept_pages_is_one_error_naming_the_temporary_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    config = _project(tmp_path)

    def full_disk(*args: object, **options: object):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", full_disk)
    with pytest.raises(ToolkitError, match="no space left on the device") as raised:
        clean_stream(config)
    assert raised.value.path == Path(tempfile.gettempdir())
