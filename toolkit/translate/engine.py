"""What the catalog stage needs from a machine translator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Draft:
    """One machine translation of one paragraph, with what the output checks found wrong with it."""

    text: str
    warnings: tuple[str, ...] = ()


class Translator(Protocol):
    # Names the engine, package and version, e.g. "argos translate-zh_en 1.9 (ctranslate2, beam 4)";
    # it is written into each machine draft's `#.` comment.
    description: str

    def translate(self, paragraphs: list[str], on_sentences_done: Callable[[int], None] | None = None) -> list[Draft]:
        """Translate every paragraph (one Draft each, same order); report progress in sentences."""
        ...
