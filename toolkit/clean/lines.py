"""The unit the cleaning rules work on: one line of raw text, or one block an HTML extractor found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# What the HTML structure already says about a block; raw text has no hint.
Hint = Literal["title", "heading", "paragraph", "caption", "list-item", "quote"]


@dataclass(frozen=True)
class SourceLine:
    number: int  # 1-based line in a text file; the block's ordinal for HTML
    text: str
    hint: Hint | None = None
