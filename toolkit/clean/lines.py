"""The unit the cleaning rules work on: one line of raw text, or one block an HTML extractor found."""

from __future__ import annotations

from typing import Literal, NamedTuple

# What the HTML structure already says about a block; raw text has no hint.
# "code": a preformatted block (<pre>, <pre><code>), its line breaks part of its text. "lead": the lead the page
# sets apart from the body, put back from the page by its description (the extractor left it out). "dek": the block
# under the headline the extractor left out, put back for the line rules to judge as raw text's dek. "embed": the
# fallback text of an embedded post (a tweet's signature), which the page shows only until the platform's script
# replaces it.
# "page": a printed page's running header, footer or number in text taken from a PDF (text.paged).
Hint = Literal["title", "heading", "paragraph", "caption", "list-item", "quote", "code", "lead", "dek", "embed", "page"]


class SourceLine(NamedTuple):
    """A tuple, not a dataclass: a corpus's lines are kept in a temporary file between the evidence pass and the
    cleaning, and a tuple pickles four times faster."""

    number: int  # 1-based line in a text file; the block's ordinal for HTML
    text: str
    hint: Hint | None = None
