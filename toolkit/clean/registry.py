"""Named items run by priority: the layout steps and the line rules of each input mode are kept in these."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Named items run by priority, highest first (Python-Markdown's Registry, without the index access).

    Registering a name again replaces the item; equal priorities keep their registration order.
    """

    def __init__(self) -> None:
        self._items: dict[str, tuple[T, float, int]] = {}
        self._order: list[tuple[str, T]] | None = None

    def register(self, item: T, name: str, priority: float) -> None:
        self._items[name] = (item, priority, len(self._items))
        self._order = None

    def deregister(self, name: str) -> None:
        del self._items[name]
        self._order = None

    def copy(self) -> Registry[T]:
        """A registry of the same items that can be changed without changing this one."""
        twin: Registry[T] = Registry()
        twin._items = dict(self._items)
        return twin

    def __contains__(self, name: str) -> bool:
        return name in self._items

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[tuple[str, T]]:
        if self._order is None:
            ranked = sorted(self._items.items(), key=lambda entry: (-entry[1][1], entry[1][2]))
            self._order = [(name, item) for name, (item, _, _) in ranked]
        return iter(self._order)
