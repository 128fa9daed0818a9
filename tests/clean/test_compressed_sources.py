"""Compressed source pages (issue 10): the general benchmark's pages come as page.html.gz, as crawlers save
them. Each is read decompressed, in a bounded stream; a bomb, a page cut short and a name that lies are each
named in one line."""

from __future__ import annotations

import bz2
import gzip
import lzma
import re
import shutil
import subprocess
import sys
import tracemalloc
import zlib
from pathlib import Path

import pytest
from shared_paths import DEVDATA, REPO

from toolkit.clean.pipeline import read_source
from toolkit.clean.sources import article_id
from toolkit.errors import InputError
from toolkit.store.compressed import DecompressedTooLargeError, read_page

WCXB = DEVDATA / "general" / "wcxb-dev"
SCRAPINGHUB = DEVDATA / "general" / "scrapinghub"
DAMAGED = "is not a whole gzip file (cut short or damaged: "
PAGE = b"<html><head><title>A page</title></head><body><p>Some text of an article.</p></body></html>"


def _gzip_bomb(path: Path, size: int) -> Path:
    """A gzip file of `size` bytes of spaces after a paragraph's start, written a megabyte at a time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    with path.open("wb") as out:
        out.write(compressor.compress(b"<p>"))
        chunk = b" " * (1 << 20)
        for _ in range(size >> 20):
            out.write(compressor.compress(chunk))
        out.write(compressor.flush())
    return path


@pytest.mark.parametrize(
    ("name", "compress"),
    [
        ("a.html.gz", gzip.compress),
        ("a.HTML.GZ", gzip.compress),
        ("a.htm.bz2", bz2.compress),
        ("a.txt.xz", lzma.compress),
    ],
)
def test_a_compressed_page_is_read_decompressed(tmp_path: Path, name: str, compress: object) -> None:
    path = tmp_path / name
    path.write_bytes(compress(PAGE))  # type: ignore[operator]
    assert read_source(path) == PAGE
    assert article_id(path) == "a"


def test_a_gzip_page_saved_under_a_plain_name_is_known_by_its_bytes(tmp_path: Path) -> None:
    # wget saves a gzip-encoded answer as page.html: it was "binary file (NUL bytes), not text".
    path = tmp_path / "page.html"
    path.write_bytes(gzip.compress(PAGE))
    assert read_source(path) == PAGE


def test_a_compression_bomb_is_refused_without_filling_memory(tmp_path: Path) -> None:
    bomb = _gzip_bomb(tmp_path / "bomb.html.gz", 256 << 20)
    assert bomb.stat().st_size < 1 << 20
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"decompressed, its 0\.3 MB of gzip hold more than the 8\.4 MB"):
            read_source(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20, peak  # the limit and the codec's buffers, not the 256 MB the bomb holds


def test_the_bound_is_the_readers_limit(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(b"x" * 1001))
    assert read_page(path, 1001) == b"x" * 1001
    with pytest.raises(DecompressedTooLargeError):
        read_page(path, 1000)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cut.html.gz", gzip.compress(PAGE, mtime=0)[:40], DAMAGED),
        ("bad.html.gz", b"\x1f\x8b" + b"\xff" * 60, DAMAGED),
        ("crc.html.gz", gzip.compress(PAGE, mtime=0)[:-8] + b"\0" * 8, DAMAGED),
        ("cut.html.xz", lzma.compress(PAGE)[:30], "is not a whole xz file (cut short or damaged: "),
        ("cut.html.bz2", bz2.compress(PAGE)[:30], "is not a whole bzip2 file (cut short or damaged: "),
        ("plain.html.gz", PAGE, "is named as gzip-compressed, but its bytes are not gzip; if it is the page itself"),
        ("plain.html.xz", PAGE, "is named as xz-compressed, but its bytes are not xz; if it is the page itself"),
    ],
)
def test_a_damaged_compressed_page_is_named(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(message)) as raised:
        read_source(path)
    assert raised.value.path == path


def _benchmark_project(folder: Path) -> Path:
    folder.mkdir()
    (folder / "toolkit.toml").write_text('source_language = "en"\ntarget_language = "ar"\n', encoding="utf-8")
    (folder / "source").mkdir()
    return folder


def test_clean_reads_the_general_benchmark_pages_as_they_come(tmp_path: Path) -> None:
    # 'unknown file type .gz' before; a user had to decompress each page first.
    project = _benchmark_project(tmp_path / "p")
    pages = sorted(WCXB.glob("*.html.gz"))[:20] + sorted(SCRAPINGHUB.glob("*.html.gz"))[:20]
    assert len(pages) == 40
    for page in pages:
        shutil.copy(page, project / "source")
    _gzip_bomb(project / "source" / "bomb.html.gz", 64 << 20)
    (project / "source" / "cut.html.gz").write_bytes(pages[0].read_bytes()[:2000])
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(project), "-q", "clean", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    errors = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    failed = [line for line in errors if line.startswith(f"toolkit: {project / 'source'}")]
    # The two broken files, and the benchmark's pages in other languages (Korean, Japanese, Russian).
    assert any("bomb.html.gz: decompressed" in line for line in failed), errors
    assert any("cut.html.gz: is not a whole gzip file" in line for line in failed), errors
    assert all("cut.html.gz" in line or "bomb.html.gz" in line or "page is in" in line for line in failed), errors
    assert f"toolkit: cleaned {42 - len(failed)} of 42 files" in errors[-1], errors
    assert len(failed) < 10, errors
    assert '"id": "0001"' in result.stdout


def test_a_source_compressed_in_place_keeps_its_article_catalog_and_page(tmp_path: Path) -> None:
    # The same article, now saved as .txt.gz: its id, its reviewed catalog and its page stay.
    project = tmp_path / "p"
    project.mkdir()
    shutil.copy(REPO / "toolkit.toml", project)
    shutil.copytree(REPO / "source", project / "source")
    shutil.copytree(REPO / "translations", project / "translations")
    source = sorted((project / "source").glob("*.txt"))[0]
    Path(f"{source}.gz").write_bytes(gzip.compress(source.read_bytes()))
    source.unlink()
    catalog = project / "translations" / f"{source.stem}.po"
    before = [line for line in catalog.read_text(encoding="utf-8").splitlines() if not line.startswith("#:")]
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(project), "-q", "publish"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    after = catalog.read_text(encoding="utf-8")
    assert f"#: source/{source.name}.gz:" in after
    # Only the source's name changed: every msgid and msgstr is as it was.
    assert [line for line in after.splitlines() if not line.startswith("#:")] == [
        line.replace(f"source/{source.name}", f"source/{source.name}.gz") for line in before
    ]
    assert (project / "site" / "articles" / f"{source.stem}.html").is_file()


@pytest.mark.parametrize(
    ("name", "told"),
    [
        ("crawl.zip", "is an archive of files, which is not read: unpack its pages into source/"),
        ("crawl.tar.gz", "is an archive of files, which is not read: unpack its pages into source/"),
        ("12345.gz", "is compressed, but its name does not say what it holds, so it is not read: name it 12345.html"),
    ],
)
def test_a_compressed_file_that_is_not_read_is_named(tmp_path: Path, name: str, told: str) -> None:
    # Left out of source/ without a word: an archive of a crawl's pages, a compressed page named by its address.
    project = _benchmark_project(tmp_path / "p")
    shutil.copy(sorted(WCXB.glob("*.html.gz"))[0], project / "source" / "a.html.gz")
    (project / "source" / name).write_bytes(gzip.compress(PAGE, mtime=0))
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "-C", str(project), "-q", "clean"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stderr
    assert f"toolkit: warning: {project / 'source' / name}: {told}" in result.stderr
