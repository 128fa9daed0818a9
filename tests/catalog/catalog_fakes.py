"""Test doubles for the catalog stage: a deterministic translator and quick Article builders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from toolkit.catalog.poformat import Catalog
from toolkit.catalog.store import load_catalog, save_catalog
from toolkit.catalog.update import keep_outside_edits
from toolkit.config import Config
from toolkit.model import Article, Block
from toolkit.translate.engine import Draft


class FakeTranslator:
    """Translates "paragraph" to "EN(paragraph)", one sentence per paragraph, and records every call."""

    description = "fake-engine 1.0 (tests)"

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def count_sentences(self, paragraphs: list[str]) -> int:
        return len(paragraphs)

    def translate(self, paragraphs: list[str], on_sentences_done: Callable[[int], None] | None = None) -> list[Draft]:
        self.calls.append(list(paragraphs))
        if on_sentences_done is not None:
            on_sentences_done(len(paragraphs))
        return [Draft(f"EN({paragraph})", ("fake warning",) if "warn" in paragraph else ()) for paragraph in paragraphs]

    @property
    def translated(self) -> list[str]:
        return [paragraph for call in self.calls for paragraph in call]


class NullProgress:
    def __init__(self, total: int | None = None) -> None:
        self.total = total
        self.done = 0

    def update(self, n: int) -> None:
        self.done += n

    def close(self) -> None:
        pass


def article(article_id: str, paragraphs: list[str], title: str = "Title", kind: str = "paragraph") -> Article:
    blocks = [Block(kind, text, line) for line, text in enumerate(paragraphs, start=3)]
    return Article(
        id=article_id,
        source=f"source/{article_id}.txt",
        title=title,
        date="2022-02-01",
        byline="A. Writer",
        outlet="Agency",
        attribution=["Photo: Agency"],
        blocks=blocks,
    )


def project(tmp_path: Path) -> Config:
    (tmp_path / "source").mkdir(exist_ok=True)
    return Config(project_dir=tmp_path, source_language="ar", target_language="en", site_title="Test project")


def save_over(path: Path, catalog: Catalog) -> bool:
    """Save `catalog` over the file at `path` as translate and align do (`save_catalog` against what the file
    holds now): whether it wrote."""
    _, on_disk = load_catalog(path, "en")
    return save_catalog(path, catalog, on_disk, keep_outside_edits, "en")[0]
