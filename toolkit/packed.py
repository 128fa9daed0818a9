"""Many short names (file and page names of a site, article ids) held compactly: an archive of 100,000
articles has over 200,000 pages, and a tuple of their names costs about 90 bytes a name (a str object each), a
frozenset of the ids about 100, the same names packed 20 to 40, so what a run holds of every article grows
with the archive by a little, not by tens of MB."""

from __future__ import annotations

import heapq
import operator
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar, overload

Item = TypeVar("Item", str, bytes)

# How many names are held as objects at once while names are sorted (`PackedNames.sorted`, `PackedNameSet`):
# 100,000 names sorted as one list of strings rose a run 8 to 11 MB; sorted in runs of this many, each run
# packed and the runs merged, about twice the packed names.
SORT_RUN = 4096


def _sorted_runs(items: Iterable[Item], pack: Callable[[list[Item]], PackedNames]) -> list[PackedNames]:
    """The items in sorted runs of SORT_RUN, each packed as soon as it is sorted."""
    runs = []
    iterator = iter(items)
    while batch := list(islice(iterator, SORT_RUN)):
        batch.sort()
        runs.append(pack(batch))
    return runs


class _Names(Sequence[str]):
    """What both kinds of name sequence share: indexing through `_at`, equality with any sequence of the same
    names in the same order (a tuple, a list), no hash."""

    __slots__ = ()

    def _at(self, position: int) -> str:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> str: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...

    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        if isinstance(index, slice):
            return tuple(self[position] for position in range(*index.indices(len(self))))
        position = operator.index(index)
        if position < 0:
            position += len(self)
        if not 0 <= position < len(self):
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._at(position)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str | bytes):
            return len(self) == len(other) and all(mine == theirs for mine, theirs in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class PackedNames(_Names):
    """An immutable sequence of names, kept as one buffer of their UTF-8 bytes and where each ends. Equal to
    any other sequence of the same names in the same order (a tuple, a list)."""

    __slots__ = ("_data", "_ends")

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._data = bytearray()
        self._ends = array("Q")
        for name in names:
            # A file name the file system holds in another encoding keeps its bytes (refused by name later).
            self._append(name.encode("utf-8", "surrogateescape"))

    @classmethod
    def of(cls, names: Iterable[str]) -> PackedNames:
        """The names packed; names packed already are taken as they are (immutable, they need no copy)."""
        return names if type(names) is cls else cls(names)

    @classmethod
    def sorted(cls, names: Iterable[str]) -> PackedNames:
        """The names sorted (as strings: by code point), never held as one list of strings."""
        runs = _sorted_runs(names, cls)
        if len(runs) == 1:
            return runs[0]  # not merged into a copy: a site's folder (a listing of up to SORT_RUN names) is one run
        return cls(heapq.merge(*runs))

    def __reduce__(self) -> tuple:
        # Compressed: the ids of every source travel with a recorded run (toolkit/commands/rerun.py), and at
        # 100,000 ids their pickle and SQLite's copy of it rose the run 6.3 MB, of which 2.2 stayed.
        return _unpickled, (type(self), zlib.compress(self._data, 1), zlib.compress(self._ends, 1))

    def _append(self, raw: bytes) -> None:
        self._data += raw
        self._ends.append(len(self._data))

    def _raws(self) -> Iterator[bytes]:
        start = 0
        for end in self._ends:
            yield bytes(self._data[start:end])
            start = end

    def _raw(self, position: int) -> bytes:
        start = self._ends[position - 1] if position else 0
        return bytes(self._data[start : self._ends[position]])

    def __len__(self) -> int:
        return len(self._ends)

    def _at(self, position: int) -> str:
        return self._raw(position).decode("utf-8", "surrogateescape")

    def __iter__(self) -> Iterator[str]:
        start = 0
        for end in self._ends:
            yield self._data[start:end].decode("utf-8", "surrogateescape")
            start = end


class GrowingNames(PackedNames):
    """PackedNames added one at a time, as a run meets them (its articles' sources, as they stream by)."""

    __slots__ = ()

    def append(self, name: str) -> None:
        self._append(name.encode("utf-8", "surrogateescape"))


class PackedNameSet(PackedNames):
    """Names each once, sorted by their UTF-8 bytes, with membership by binary search (a few µs): what a run
    asks of the ids of every article source/ makes is whether one is among them."""

    __slots__ = ()

    def __init__(self, names: Iterable[str] = ()) -> None:
        super().__init__()
        # Sorted in packed runs, then each kept once: a set of the names first took half as much again.
        runs = _sorted_runs((name.encode("utf-8", "surrogateescape") for name in names), _packed_raws)
        last = None
        for raw in heapq.merge(*(run._raws() for run in runs)):
            if raw != last:
                self._append(raw)
            last = raw

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        wanted = name.encode("utf-8", "surrogateescape")
        low, high = 0, len(self)
        while low < high:
            middle = (low + high) // 2
            if self._raw(middle) < wanted:
                low = middle + 1
            else:
                high = middle
        return low < len(self) and self._raw(low) == wanted


def _unpickled(cls: type[PackedNames], data: bytes, ends: bytes) -> PackedNames:
    names = cls.__new__(cls)
    names._data = bytearray(zlib.decompress(data))
    names._ends = array("Q")
    names._ends.frombytes(zlib.decompress(ends))
    return names


class PrefixedNames(_Names):
    """Names that all start with one prefix (the paths of one folder's entries), kept as the prefix and the
    packed rest: a folder's 100,000 paths take what their names take."""

    __slots__ = ("_prefix", "_rest")

    def __init__(self, prefix: str, rest: PackedNames) -> None:
        self._prefix, self._rest = prefix, rest

    def __len__(self) -> int:
        return len(self._rest)

    def _at(self, position: int) -> str:
        return self._prefix + self._rest[position]

    def __iter__(self) -> Iterator[str]:
        for rest in self._rest:
            yield self._prefix + rest


def _packed_raws(raws: list[bytes]) -> PackedNames:
    packed = PackedNames()
    for raw in raws:
        packed._append(raw)
    return packed


class CompressedNames(_Names):
    """An immutable sequence of names that is counted far more often than listed (the files a build wrote:
    over 400,000 at 100,000 articles, 18 MB as PackedNames): kept zlib-compressed, about a ninth of that.
    Listing it decompresses a piece at a time; an index is found by listing (the tests'), not in constant
    time."""

    __slots__ = ("_count", "_data")

    _SEPARATOR = b"\0"  # in no file or page name
    _PIECE = 1 << 16

    def __init__(self, names: Iterable[str] = ()) -> None:
        compressor = zlib.compressobj()
        data, piece = bytearray(), bytearray()
        count = 0
        for name in names:
            piece += name.encode("utf-8", "surrogateescape") + self._SEPARATOR
            count += 1
            if len(piece) >= self._PIECE:
                data += compressor.compress(piece)
                piece.clear()
        data += compressor.compress(piece) + compressor.flush()
        self._data, self._count = bytes(data), count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        decompressor = zlib.decompressobj()
        pending = b""
        for start in range(0, len(self._data), self._PIECE):
            pending += decompressor.decompress(self._data[start : start + self._PIECE])
            *whole, pending = pending.split(self._SEPARATOR)
            for raw in whole:
                yield raw.decode("utf-8", "surrogateescape")

    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:  # type: ignore[override]
        if isinstance(index, slice):
            return tuple(self)[index]
        return super().__getitem__(index)

    def _at(self, position: int) -> str:
        return next(name for at, name in enumerate(self) if at == position)


class PackedKeySet:
    """64-bit keys (the leading bytes of digests), each once: 8 bytes a key, where a set of Python ints takes
    about 70 (100,000 articles' ids, 7 MB). A fixed bit filter answers most lookups of a key not there; the
    rest search the packed keys."""

    __slots__ = ("_filter", "_keys")

    FILTER_BITS = 1 << 22  # 512 KB: at 100,000 keys, one new key in 40 is searched for

    def __init__(self) -> None:
        self._filter = bytearray(self.FILTER_BITS // 8)
        self._keys = bytearray()

    def add(self, key: int) -> bool:
        """Add the key; True when it was there already."""
        raw = key.to_bytes(8, "little")
        bit = key % self.FILTER_BITS
        byte, mask = bit >> 3, 1 << (bit & 7)
        if self._filter[byte] & mask and self._holds(raw):
            return True
        self._filter[byte] |= mask
        self._keys += raw
        return False

    def _holds(self, raw: bytes) -> bool:
        return self._offset(raw) != -1

    def _offset(self, raw: bytes) -> int:
        found = self._keys.find(raw)
        while found != -1 and found % 8:
            found = self._keys.find(raw, found + 1)
        return found

    def position(self, key: int) -> int | None:
        """How many keys were added before this one (None: it never was)."""
        found = self._offset(key.to_bytes(8, "little"))
        return None if found == -1 else found // 8

    def __len__(self) -> int:
        return len(self._keys) // 8
