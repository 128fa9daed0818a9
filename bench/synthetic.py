"""Synthetic projects for the scale and publish benchmarks (and the scale test): many articles, fake engine.

Articles are made from the paragraphs of the seed articles in the repository's own source/, reshuffled and
numbered so that every article and paragraph is distinct. The fake engine stands in for the translation
model through the same `Translator` protocol the real one implements; production code has no test hook.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Callable
from pathlib import Path

from toolkit.translate.engine import Draft

REPO = Path(__file__).resolve().parent.parent
PARAGRAPHS_PER_ARTICLE = (4, 9)


# Seed lines at least this long are body paragraphs; shorter ones are headlines, captions and boilerplate.
MIN_PARAGRAPH_CHARS = 120
# A headline is the opening words of the first paragraph, as news headlines mostly are; the headline rule
# looks for a headline's words in the paragraphs below it.
TITLE_WORDS = 9


def seed_paragraphs() -> list[str]:
    """Body paragraphs of the seed articles in the repository's source/."""
    lines = (
        line.strip()
        for path in sorted((REPO / "source").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()
    )
    return [line for line in lines if len(line) >= MIN_PARAGRAPH_CHARS]


def synthetic_article(number: int, paragraphs: list[str]) -> str:
    rng = random.Random(number)
    body = rng.sample(paragraphs, rng.randint(*PARAGRAPHS_PER_ARTICLE))
    # A numbered clause keeps every paragraph distinct, so the translation memory cannot shortcut the work,
    # and corpus evidence does not take paragraphs shared by many articles for site furniture.
    body = [f"{paragraph} (تقرير رقم {number}-{index})" for index, paragraph in enumerate(body)]
    title = " ".join(body[0].split()[:TITLE_WORDS]).rstrip("،,.:")
    return "\n\n".join([f"{title} - {number}", *body]) + "\n"


def write_synthetic_project(project: Path, articles: int) -> Path:
    """A project with the repository's toolkit.toml and `articles` synthetic source files."""
    source = project / "source"
    source.mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "toolkit.toml", project / "toolkit.toml")
    paragraphs = seed_paragraphs()
    for number in range(articles):
        (source / f"synthetic_{number:05d}.txt").write_text(synthetic_article(number, paragraphs), encoding="utf-8")
    return project


class FakeTranslator:
    """Answers at once with a marked copy of the source: measures everything around the engine."""

    description = "fake engine (benchmark)"

    def translate(self, paragraphs: list[str], on_sentences_done: Callable[[int], None] | None = None) -> list[Draft]:
        if on_sentences_done is not None:
            on_sentences_done(len(paragraphs))
        return [Draft(f"[draft of {len(paragraph)} characters]") for paragraph in paragraphs]


class NoProgress:
    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def no_progress(total: int | None = None) -> NoProgress:
    return NoProgress()
