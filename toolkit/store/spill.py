"""Items kept on disk between two passes over a stream, read back once in the order written.

One anonymous temporary file, opened with the first item: nothing is left behind even if the process dies,
and memory stays flat however many items a run has. Pickle, because it is this run's own data, written and
read by the same process and never kept.
"""

from __future__ import annotations

import contextlib
import pickle
import tempfile
from collections.abc import Iterator
from typing import IO, Generic, TypeVar

from toolkit.errors import ToolkitError
from toolkit.store.disk import file_system_error

Item = TypeVar("Item")


class Spill(Generic[Item]):
    """Write every item, `rewind`, then read them back in order (`read`, or `drain` for all that are left)."""

    def __init__(self, holds: str) -> None:
        self._holds = holds  # what the file keeps, for an error message: "the documents read"
        self._file: IO[bytes] | None = None
        self.written = 0
        self._read = 0

    def write(self, item: Item) -> None:
        try:
            if self._file is None:
                # It outlives this call: closed by `close`, when the pass that reads it back ends.
                self._file = tempfile.TemporaryFile()  # noqa: SIM115
            pickle.dump(item, self._file, pickle.HIGHEST_PROTOCOL)
        except OSError as error:
            raise self._error("write", error) from None
        self.written += 1

    def rewind(self) -> None:
        if self._file is not None:
            try:
                self._file.seek(0)  # writes out what is still buffered: a limit or a full disk shows here
            except OSError as error:
                raise self._error("write", error) from None

    def read(self) -> Item:
        assert self._file is not None and self._read < self.written, "read back more items than were written"
        try:
            item = pickle.load(self._file)
        except OSError as error:
            raise self._error("read", error) from None
        self._read += 1
        return item

    def drain(self) -> Iterator[Item]:
        """The items not read yet, in order."""
        while self._read < self.written:
            yield self.read()

    def close(self) -> None:
        """Let the file go; what it could not write out is not wanted any more (its items were read back, or
        the pass failed and its own error is the one to report)."""
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()

    def __enter__(self) -> Spill[Item]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _error(self, action: str, error: OSError) -> ToolkitError:
        return file_system_error(f"{action} the temporary file that keeps {self._holds}", tempfile.gettempdir(), error)
