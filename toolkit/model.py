"""The data every stage passes on: an Article is what `clean` finds in one source file."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Literal

# An article's own address as a page may link to it: absolute http(s), with nothing an attribute could be broken
# out of (a relative path names no site; javascript: and the like run).
_WEB_ADDRESS = re.compile(r"https?://[^\s\"'<>`]+", re.IGNORECASE)
# A user name or password before the host, up to the host's last "@" as a browser reads it (the host ends at the
# first "/", "?", "#" or "\").
_USER_INFO = re.compile(r"(https?://)[^/?#\\]*@", re.IGNORECASE)


def without_user_info(address: str) -> str:
    """An http(s) address as a page may publish it: without a user name or password, which a page would show its
    readers (a scraped page's login), nor a host that only looks like the one it leads to
    ("https://news.example@evil.example/" is evil.example's)."""
    return _USER_INFO.sub(r"\1", address, count=1)


def web_address(value: str) -> str:
    """`value` stripped, without a user name or password, when it is such an address, or "" for anything else."""
    value = without_user_info(value.strip())
    return value if _WEB_ADDRESS.fullmatch(value) else ""


# "code": a preformatted block (a page's <pre>), its line breaks and indentation part of its text.
BlockKind = Literal["paragraph", "heading", "lead", "caption", "code"]
BLOCK_KINDS: tuple[str, ...] = ("paragraph", "heading", "lead", "caption", "code")


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    line: int | None = None  # 1-based line in the source file, for `#:` references; None for HTML blocks


def article_text_key(title: str, texts: Iterable[str]) -> int:
    """What two sources of one article have in common however they were saved (a page as .html and its text as
    .txt, one file under two names): the title and the text of every block but captions (which a page has and
    its text often lacks), in order, spaces folded; a byline or date the page's markup gave is not part of it.
    64 bits of a digest, which a run keeps for every article."""
    hasher = hashlib.blake2b(digest_size=8)
    folded = (" ".join(text.split()).encode("utf-8", "surrogatepass") for text in texts)
    for part in (" ".join(title.split()).encode("utf-8", "surrogatepass"), *filter(None, folded)):
        hasher.update(len(part).to_bytes(8, "little"))
        hasher.update(part)
    return int.from_bytes(hasher.digest(), "little")


@dataclass(frozen=True)
class RemovedLine:
    line: int  # the line of a text file; an HTML page's block ordinal, or for page text its extractor left out,
    # the line of the HTML file where its element starts
    text: str
    rule: str  # the name of the rule that removed it, so every removal can be explained
    path: str | None = None  # page text the extractor left out: its element's path, /html/body/div[2]/p


@dataclass
class Article:
    id: str  # the source file's stem: stable across runs, names the PO file and the page
    source: str  # source path as given (relative to the project when inside it)
    title: str
    date: str | None = None  # ISO 8601 date
    byline: str | None = None
    outlet: str | None = None  # the publishing site or agency (title suffix, og:site_name, dateline)
    attribution: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    language: str | None = None  # the language the page declares or the text shows
    provenance: dict[str, str] = field(default_factory=dict)  # metadata field -> where it was found
    warnings: list[str] = field(default_factory=list)
    url: str | None = None  # the article's own address on its site (HTML pages' canonical link or og:url)

    def text_key(self) -> int:
        """`article_text_key` of the article."""
        return article_text_key(self.title, (block.text for block in self.blocks if block.kind != "caption"))

    def to_dict(self) -> dict:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict) -> Article:
        fields = dict(data)
        fields["blocks"] = [Block(**block) for block in data.get("blocks", [])]
        fields["removed"] = [RemovedLine(**removed) for removed in data.get("removed", [])]
        fields["attribution"] = list(data.get("attribution", []))
        fields["provenance"] = dict(data.get("provenance", {}))
        fields["warnings"] = list(data.get("warnings", []))
        return cls(**fields)

    @classmethod
    def from_json(cls, text: str) -> Article:
        return cls.from_dict(json.loads(text))
