"""A source page read from disk as it is, or decompressed when it is compressed (a crawler's or a benchmark's
`page.html.gz`): the one place a page's bytes come from.

Decompression streams into at most the reader's limit: a small compressed file can stand for gigabytes (a
compression bomb), and neither it nor a page cut short may fill memory or leave a codec's traceback.
"""

from __future__ import annotations

import bz2
import errno
import gzip
import lzma
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

from toolkit.errors import shown_size
from toolkit.store.disk import TooLargeError
from toolkit.store.files import open_regular_file, read_up_to


def _gzip_stream(raw: BinaryIO) -> BinaryIO:
    return gzip.GzipFile(fileobj=raw, mode="rb")


@dataclass(frozen=True)
class _Compression:
    name: str
    magic: bytes  # how every file of the format starts
    # A reader of its stream, which decompresses as it is read, a piece at a time: what it holds is bounded
    # by what is asked of it.
    stream: Callable[[BinaryIO], BinaryIO]
    # Known by its first bytes also under another name: a crawler saves a gzip-encoded response as page.html.
    # bzip2's "BZh" may start a text.
    sniffed: bool


_COMPRESSIONS = {
    ".gz": _Compression("gzip", b"\x1f\x8b", _gzip_stream, sniffed=True),
    ".bz2": _Compression("bzip2", b"BZh", bz2.BZ2File, sniffed=False),
    ".xz": _Compression("xz", b"\xfd7zXZ\x00", lzma.LZMAFile, sniffed=True),
}
COMPRESSION_SUFFIXES = tuple(_COMPRESSIONS)
_LONGEST_MAGIC = max(len(compression.magic) for compression in _COMPRESSIONS.values())
# What the codecs raise for bytes that are not a whole stream of their format: the file's own fault, not the
# disk's (a failing read is an OSError with an errno, and is named as one).
_DAMAGED = (EOFError, zlib.error, lzma.LZMAError)


class DamagedCompressionError(OSError):
    """A compressed page whose bytes do not decompress: cut short by a download, or not of its suffix's format."""

    def __init__(self, path: PurePath | str, problem: str) -> None:
        super().__init__(errno.EINVAL, problem)
        self.filename = str(path)


class DecompressedTooLargeError(TooLargeError):
    """A compressed page that decompresses to more than its reader's limit: no article is that long."""

    def __init__(self, path: PurePath | str, compression: str, compressed_size: int, limit: int) -> None:
        super().__init__(path, limit + 1, limit)
        self.strerror = (
            f"decompressed, its {shown_size(compressed_size)} of {compression} hold more than the "
            f"{shown_size(limit)} an article may have (a compression bomb?); it is not read"
        )
        self.args = (self.errno, self.strerror)


def compression_suffix(name: str) -> str | None:
    """The suffix that says a file is compressed (".gz" of "page.HTML.GZ"), lower case; None for any other."""
    suffix = PurePath(name).suffix.lower()
    return suffix if suffix in _COMPRESSIONS else None


def uncompressed_name(name: str) -> str:
    """The name the file has once decompressed: "page.html" for "page.html.gz", any other name as it is."""
    suffix = compression_suffix(name)
    return name[: -len(suffix)] if suffix else name


def _compression_of(head: bytes, suffix: str | None) -> _Compression | None:
    """The format of a file that starts with `head`: by its first bytes, else by its name's suffix."""
    sniffed = (compression for compression in _COMPRESSIONS.values() if compression.sniffed)
    by_magic = next((compression for compression in sniffed if head.startswith(compression.magic)), None)
    return by_magic or (_COMPRESSIONS[suffix] if suffix else None)


def _misnamed(path: Path, named: _Compression, head: bytes) -> str:
    """What a file named as compressed in one format whose bytes are not that format is, with the name to give
    it: a bzip2 file saved as .gz was told to be renamed to the page itself, which it is not either."""
    plain = uncompressed_name(PurePath(path).name)
    found = next((suffix for suffix, other in _COMPRESSIONS.items() if head.startswith(other.magic)), None)
    if found is not None:
        return (
            f"is named as {named.name}-compressed, but its bytes are {_COMPRESSIONS[found].name}; rename it to "
            f"{plain}{found}"
        )
    return (
        f"is named as {named.name}-compressed, but its bytes are not {named.name}; if it is the page itself, rename "
        f"it to {plain}"
    )


def read_page(path: Path, limit: int) -> bytes:
    """The bytes of a regular file, decompressed when they are compressed: by their first bytes (gzip, xz) or
    by a compression suffix of its name. OSError as `read_regular_file` gives it (naming `path`); TooLargeError
    for a file, or a decompressed page, of more than `limit` bytes; DamagedCompressionError for compressed
    bytes that do not decompress."""
    suffix = compression_suffix(str(path))
    with open_regular_file(path) as (handle, status):
        if status.st_size > limit:
            raise TooLargeError(path, status.st_size, limit)
        try:
            head = handle.peek(_LONGEST_MAGIC)[:_LONGEST_MAGIC]
            compression = _compression_of(head, suffix)
            if compression is None:
                data = read_up_to(handle, limit, status.st_size)
            elif not head.startswith(compression.magic):
                raise DamagedCompressionError(path, _misnamed(path, compression, head))
            else:
                data = _decompressed(handle, compression, path, limit)
        except OSError as error:
            if error.filename is None:  # a failing read names no file
                error.filename = str(path)
            raise
    if len(data) > limit:
        if compression is None:
            raise TooLargeError(path, len(data), limit)
        raise DecompressedTooLargeError(path, compression.name, status.st_size, limit)
    return data


def _decompressed(handle: BinaryIO, compression: _Compression, path: Path, limit: int) -> bytes:
    """Up to `limit` + 1 bytes of what `handle` holds compressed."""
    try:
        with compression.stream(handle) as stream:
            return read_up_to(stream, limit)
    except (OSError, *_DAMAGED) as error:
        if isinstance(error, OSError) and error.errno is not None:  # the disk's failure, not the bytes'
            raise
        damaged = f"is not a whole {compression.name} file (cut short or damaged: {error})"
        raise DamagedCompressionError(path, f"{damaged}; download or compress it again") from None
