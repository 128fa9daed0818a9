"""What the catalog stage needs from a machine translator."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple, Protocol, runtime_checkable

# SentenceScore, Draft (and the engine's own per-sentence values) are named tuples, not frozen dataclasses: the
# driver of a cluster makes several for every sentence, and a frozen dataclass takes twice as long to make.


class SentenceScore(NamedTuple):
    """What the model said about one sentence it translated: the evidence a draft's confidence is made of."""

    model_score: float  # CTranslate2's score: summed token log-probabilities over length ** length_penalty
    log_prob: float  # mean log-probability per output token (end token included), no length penalty
    source_tokens: int
    output_tokens: int
    distinct_output_tokens: int


class Draft(NamedTuple):
    """One machine translation of one paragraph, with what the output checks found wrong with it and the
    model's score of each of its sentences, in order (empty when the translator gives none)."""

    text: str
    warnings: tuple[str, ...] = ()
    sentence_scores: tuple[SentenceScore, ...] = ()


class Translator(Protocol):
    # Names the engine, package and version, e.g. "argos translate-zh_en 1.9 (ctranslate2, beam 4)";
    # it is written into each machine draft's `#.` comment.
    description: str

    def translate(self, paragraphs: list[str], on_sentences_done: Callable[[int], None] | None = None) -> list[Draft]:
        """Translate every paragraph (one Draft each, same order); report progress in sentences."""
        ...


# Told of one paragraph's draft before its chunk is done: (the chunk's place in the run, the paragraph's in the
# chunk, its draft). A chunk takes the engine a while (seconds to minutes); its drafts so far are worth keeping.
OnParagraphDone = Callable[[int, int, Draft], None]


@runtime_checkable
class TranslatesChunks(Protocol):
    """A translator that works on the next chunks while earlier ones are still being translated, and tells of
    each paragraph done before its chunk is."""

    def translate_chunks(
        self,
        chunks: Iterable[list[str]],
        on_sentences_done: Callable[[int], None] | None = None,
        on_paragraph_done: OnParagraphDone | None = None,
    ) -> Iterator[list[Draft]]: ...


def drafts_by_chunk(
    translator: Translator,
    chunks: Iterable[list[str]],
    on_sentences_done: Callable[[int], None] | None = None,
    on_paragraph_done: OnParagraphDone | None = None,
) -> Iterator[list[Draft]]:
    """Each chunk's drafts, in order: pipelined when the translator can, else one `translate` call a chunk
    (which tells of no paragraph before its chunk)."""
    if isinstance(translator, TranslatesChunks):
        return translator.translate_chunks(chunks, on_sentences_done, on_paragraph_done)
    return (translator.translate(paragraphs, on_sentences_done) for paragraphs in chunks)
