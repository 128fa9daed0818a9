"""The engine: every pending sentence of every paragraph through CTranslate2 together, in token-budget batches.

argostranslate's own `translate()` runs one paragraph per CTranslate2 call and downloads sentence splitters
at run time; here the sentences are split offline (segment.py), deduplicated, sorted by length so batches
carry little padding, translated, checked (checks.py) and put back into their paragraphs in order.
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple, Protocol, TypeVar, runtime_checkable

from toolkit.errors import ModelMemoryError
from toolkit.translate.checks import CheckedSentence, check_sentence
from toolkit.translate.engine import Draft, OnParagraphDone, SentenceScore
from toolkit.translate.openmp import drop_refused_openmp_settings
from toolkit.translate.segment import join_line, line_sentences, split_long_sentences
from toolkit.translate.settings import (
    BATCH_TOKEN_BUDGET,
    BATCH_TOKEN_BYTES,
    BATCHES_IN_FLIGHT_PER_WORKER,
    DECODING_LENGTH_RATIO,
    DECODING_LENGTH_SLACK,
    LENGTH_PENALTY,
)


class Tokenizer(Protocol):
    def encode(self, text: str) -> list[str]: ...

    def encode_all(self, texts: list[str]) -> list[list[str]]: ...

    def encode_ids_all(self, texts: list[str]) -> list[list[int]]: ...

    def decode_all(self, outputs: list[list[str]]) -> list[str]: ...


class TranslationResultLike(Protocol):
    hypotheses: list[list[str]]
    scores: list[float]  # asked for with return_scores; empty when the model gives none


class AsyncResultLike(Protocol):
    def result(self) -> TranslationResultLike: ...


# A sentence's best hypothesis (the target prefix included) and its score (none when the model gives none).
Best = tuple[list[str], list[float]]


@runtime_checkable
class BatchResultsLike(Protocol):
    """Results a model can also give for the whole batch at once (a Ray worker pool: its workers send only
    the best hypotheses back), sparing an object a sentence."""

    def best_hypotheses(self) -> list[Best]: ...


class ModelLike(Protocol):
    """The part of `ctranslate2.Translator` the engine uses (tests pass a fake)."""

    num_translators: int

    def translate_batch(self, source: list[list[str]], **options) -> Sequence[AsyncResultLike] | BatchResultsLike: ...


class SentencePieceTokenizer:
    """Tokenize as argostranslate does: SentencePiece pieces in, pieces out, decoded by SentencePiece."""

    def __init__(self, model_file: Path):
        drop_refused_openmp_settings()
        import sentencepiece

        self._processor = sentencepiece.SentencePieceProcessor(model_file=str(model_file))
        self._plain_pieces = _plain_pieces(self._processor)

    def encode(self, text: str) -> list[str]:
        return self._processor.encode(text, out_type=str)

    @functools.cached_property
    def text_pieces(self) -> list[str]:
        """Every piece text is cut into: not the control ones (<s>, </s>) nor the unknown piece. Kept: listing
        them takes a tenth of a second, and a tokenizer is loaded once a process (`load_sentencepiece`)."""
        processor = self._processor
        return [
            processor.id_to_piece(piece_id)
            for piece_id in range(processor.get_piece_size())
            if not (processor.is_control(piece_id) or processor.is_unknown(piece_id) or processor.is_unused(piece_id))
        ]

    def encode_all(self, texts: list[str]) -> list[list[str]]:
        """Each text's pieces, in one SentencePiece call (a fifth of the time of a call per text)."""
        return self._processor.encode(texts, out_type=str, num_threads=1) if texts else []

    def encode_ids_all(self, texts: list[str]) -> list[list[int]]:
        """Each text's pieces as ids: the same pieces as `encode_all`, at under half its cost (no Python string
        a piece), for when only their number matters."""
        return self._processor.encode(texts, out_type=int, num_threads=1) if texts else []

    def decode_all(self, outputs: list[list[str]]) -> list[str]:
        """Each output's text. An output of plain pieces only (most, and an empty one) is joined here, as
        SentencePiece would join it (`_plain_pieces`), at a tenth of its cost; the others go to SentencePiece
        in one call for the batch (never an empty one: older releases took a batch opening with one for ids)."""
        joined = [self._plain_pieces.issuperset(tokens) for tokens in outputs]
        others = [tokens for tokens, plain in zip(outputs, joined, strict=True) if not plain]
        decoded = iter(self._processor.decode_pieces(others, num_threads=1) if others else [])
        # argostranslate also turns "_" into spaces; that would damage real underscores, so it is not copied.
        return [
            "".join(tokens).replace("▁", " ").lstrip(" ") if plain else next(decoded).replace("▁", " ")
            for tokens, plain in zip(outputs, joined, strict=True)
        ]


def _plain_pieces(processor) -> frozenset[str]:
    """The pieces SentencePiece decodes by joining them (each "▁" a space, the ones opening the text dropped):
    its ordinary pieces, when the model removes extra whitespace and has no rules of its own for decoding
    (a denormalizer). Empty, so that SentencePiece decodes everything, for any other model or when its
    description cannot be read."""
    try:
        from google.protobuf.message import DecodeError
        from sentencepiece import sentencepiece_model_pb2

        model = sentencepiece_model_pb2.ModelProto()
        model.ParseFromString(processor.serialized_model_proto())
    except (ImportError, DecodeError):
        return frozenset()
    denormalizer = model.denormalizer_spec
    if denormalizer.precompiled_charsmap or denormalizer.normalization_rule_tsv:
        return frozenset()
    if not model.normalizer_spec.remove_extra_whitespaces:
        return frozenset()
    return frozenset(piece.piece for piece in model.pieces if piece.type == piece.NORMAL)


@functools.cache
def load_sentencepiece(model_file: Path) -> SentencePieceTokenizer:
    return SentencePieceTokenizer(model_file)


@dataclass(frozen=True)
class Device:
    name: str  # "cpu" or "cuda"
    compute_type: str


# Int8 on the CPU, the precision Argos packages are shipped in.
CPU = Device("cpu", "int8")


def pick_device() -> Device:
    """A GPU when CTranslate2 sees one; else the CPU."""
    drop_refused_openmp_settings()
    import ctranslate2

    if ctranslate2.get_cuda_device_count() > 0:
        return Device("cuda", "int8_float16")
    return CPU


def thread_counts(device: Device) -> tuple[int, int]:
    """(inter_threads, intra_threads): on a CPU one single-threaded worker per core, each on its own batch.

    Measured with bench/translate.py on two cores: two one-thread workers translate about 1.5x faster than
    one worker with two threads, as int8 matrix products of sentence-sized batches split poorly across
    threads. A GPU gets one worker.
    """
    if device.name == "cuda":
        return 1, 1
    return os.cpu_count() or 1, 1


# Where a CTranslate2 model keeps the vocabulary its source is read in, beside model.bin, as its converters write it
# (JSON since CTranslate2 3, a token a line before); the first found is the one the model reads.
SOURCE_VOCABULARY_FILES = (
    "shared_vocabulary.json",
    "shared_vocabulary.txt",
    "source_vocabulary.json",
    "source_vocabulary.txt",
)


def parse_vocabulary(name: str, data: bytes) -> list[str]:
    """The tokens of a vocabulary file named `name` holding `data`; ValueError if it holds none it could read."""
    text = data.decode("utf-8")
    if not name.endswith(".json"):
        return text.split("\n")[: -1 if text.endswith("\n") else None]
    tokens = json.loads(text)
    if not isinstance(tokens, list) or not all(isinstance(token, str) for token in tokens):
        raise ValueError(f"{name} is not a list of tokens")
    return tokens


@functools.cache
def load_ctranslate2(model_dir: Path) -> ModelLike:
    """Load a CTranslate2 model once per process."""
    import ctranslate2

    device = pick_device()
    inter_threads, intra_threads = thread_counts(device)
    return ctranslate2.Translator(
        str(model_dir),
        device=device.name,
        compute_type=device.compute_type,
        inter_threads=inter_threads,
        intra_threads=intra_threads,
    )


# A sentence's pieces: their text to translate, or their ids where only their number matters.
_Pieces = TypeVar("_Pieces", list[str], list[int])

# A submitted batch: its sentences, its decoding limit, and the model's pending results.
_Submitted = tuple[list[str], int, Sequence[AsyncResultLike] | BatchResultsLike]


@dataclass
class _ChunkPlan:
    """One chunk of paragraphs on its way through the engine."""

    lines: list[list[list[str]]]  # per paragraph, per line, its sentences
    encoded: dict[str, list[str]]  # every sentence's tokens
    occurrences: Counter[str]  # how often each unique sentence occurs (progress counts every occurrence)
    batches: list[list[str]]  # the unique sentences, longest first, in token-budget batches
    translated: dict[str, Translated] = field(default_factory=dict)
    waiting: int = 0  # batches submitted and not yet collected
    number: int = 0  # its place among the run's chunks
    # Kept only for a caller told of each paragraph done: per paragraph, its unique sentences not translated
    # yet; per unique sentence, the paragraphs holding it.
    untranslated: list[int] = field(default_factory=list)
    paragraphs_of: dict[str, list[int]] = field(default_factory=dict)
    drafted: dict[int, Draft] = field(default_factory=dict)  # the drafts given before the chunk is done

    def track_paragraphs(self) -> None:
        for index, lines in enumerate(self.lines):
            unique = {piece for line in lines for piece in line}
            self.untranslated.append(len(unique))
            for piece in unique:
                self.paragraphs_of.setdefault(piece, []).append(index)


def token_budget_batches(lengths: Sequence[int], budget: int) -> list[range]:
    """Cut inputs, already sorted longest first, into runs whose padded size (count x longest) fits the budget.

    A single input longer than the budget still gets a batch of its own.
    """
    batches: list[range] = []
    start = 0
    while start < len(lengths):
        longest = max(lengths[start], 1)
        end = start + max(1, budget // longest)
        batches.append(range(start, min(end, len(lengths))))
        start = end
    return batches


def decoding_limit(longest_input: int) -> int:
    return longest_input * DECODING_LENGTH_RATIO + DECODING_LENGTH_SLACK


def sentence_score(model_score: float, source_tokens: int, output: list[str]) -> SentenceScore:
    """The model's evidence on one sentence. CTranslate2 divides the summed log-probabilities of the output
    and its end token by length ** LENGTH_PENALTY; undone here, the mean per token compares sentences of any
    length."""
    length = len(output) + 1
    return SentenceScore(
        model_score=model_score,
        log_prob=model_score * length**LENGTH_PENALTY / length,
        source_tokens=source_tokens,
        output_tokens=len(output),
        distinct_output_tokens=len(set(output)),
    )


class Translated(NamedTuple):
    """One sentence as the engine got it back: the checked text and the model's score of it."""

    checked: CheckedSentence
    score: SentenceScore | None  # None when the model gave no score


class BatchedTranslator:
    """A `Translator` over one Argos package; the tokenizer and model load on first use."""

    def __init__(
        self,
        *,
        description: str,
        source_language: str,
        target_language: str,
        beam_size: int,
        load_tokenizer: Callable[[], Tokenizer],
        load_model: Callable[[], ModelLike],
        target_prefix: str = "",
        batch_token_budget: int = BATCH_TOKEN_BUDGET,
        room_refusal: Callable[[int], ModelMemoryError | None] | None = None,
    ):
        """`room_refusal`, for a model in this process: the error saying that so many more bytes do not fit under a
        limit on its memory (packages.BatchRoom), None once they are counted as taken."""
        self.description = description
        self.source_language = source_language
        self.target_language = target_language
        self.beam_size = beam_size
        self._load_tokenizer = load_tokenizer
        self._loaded_tokenizer: Tokenizer | None = None
        self._load_model = load_model
        self._target_prefix = target_prefix
        self._batch_token_budget = batch_token_budget
        self._room_refusal = room_refusal
        self._largest_batches: list[int] = []  # the tokens of the largest batches the engine ran, one a translator

    def _tokenizer(self) -> Tokenizer:
        """Loaded on first use, then kept: finding it again costs more than decoding a sentence."""
        if self._loaded_tokenizer is None:
            self._loaded_tokenizer = self._load_tokenizer()
        return self._loaded_tokenizer

    def _segment(
        self, paragraphs: list[str], encode_all: Callable[[list[str]], list[_Pieces]], encoded: dict[str, _Pieces]
    ) -> list[list[list[str]]]:
        """The pieces to translate of each paragraph, each sentence's pieces (by `encode_all`) put in `encoded`."""
        sentences = [line_sentences(paragraph, self.source_language) for paragraph in paragraphs]
        # Every sentence is counted (most are under the limit and taken whole): encoded together, at once.
        new = list(
            dict.fromkeys(
                sentence for lines in sentences for line in lines for sentence in line if sentence not in encoded
            )
        )
        encoded.update(zip(new, encode_all(new), strict=True))

        def count_tokens(text: str) -> int:
            if text not in encoded:
                encoded[text] = encode_all([text])[0]
            return len(encoded[text])

        return [split_long_sentences(lines, count_tokens) for lines in sentences]

    def count_sentences(self, paragraphs: list[str]) -> int:
        """How many sentences `translate` will report through `on_sentences_done`, for a progress total: the
        same segmentation as `_plan`, on token ids, as only their number decides a cut."""
        plans = self._segment(paragraphs, self._tokenizer().encode_ids_all, {})
        return sum(len(line) for plan in plans for line in plan)

    def translate(self, paragraphs: list[str], on_sentences_done: Callable[[int], None] | None = None) -> list[Draft]:
        return next(self.translate_chunks([paragraphs], on_sentences_done))

    def translate_chunks(
        self,
        chunks: Iterable[list[str]],
        on_sentences_done: Callable[[int], None] | None = None,
        on_paragraph_done: OnParagraphDone | None = None,
    ) -> Iterator[list[Draft]]:
        """The drafts of each chunk of paragraphs, in order, as soon as all of its batches are back; each
        paragraph's draft is also given to `on_paragraph_done` as soon as its own sentences are back.

        Each chunk is batched exactly as `translate` batches it alone, so the drafts never depend on what
        else is in flight; but the next chunks' batches are submitted while earlier ones are translated
        (at most BATCHES_IN_FLIGHT_PER_WORKER per worker ahead), so no worker waits at a chunk's end. That
        matters most with many workers (a Ray cluster): a chunk alone would leave most of them idle.
        """
        model: ModelLike | None = None
        planned: deque[_ChunkPlan] = deque()
        in_flight: deque[tuple[_ChunkPlan, _Submitted]] = deque()

        def finished() -> Iterator[list[Draft]]:
            while planned and planned[0].waiting == 0:
                done = planned.popleft()
                yield [
                    done.drafted.get(index) or self._assemble(lines, done.translated)
                    for index, lines in enumerate(done.lines)
                ]

        for number, paragraphs in enumerate(chunks):
            plan = self._plan(paragraphs)
            plan.number = number
            if on_paragraph_done is not None:
                plan.track_paragraphs()
            planned.append(plan)
            for batch in plan.batches:
                model = model or self._load_model()
                tokens = sum(len(plan.encoded[sentence]) for sentence in batch)
                plan.waiting += 1  # the chunk is not finished while this batch is to come
                if (refused := self._no_room(tokens, model.num_translators)) is not None:
                    while in_flight:  # their drafts are saved before the run stops
                        self._collect(*in_flight.popleft(), on_sentences_done, on_paragraph_done)
                        yield from finished()
                    raise refused
                in_flight.append((plan, self._submit(model, batch, plan.encoded)))
                if len(in_flight) >= model.num_translators * BATCHES_IN_FLIGHT_PER_WORKER:
                    self._collect(*in_flight.popleft(), on_sentences_done, on_paragraph_done)
                    yield from finished()
            yield from finished()
        while in_flight:
            self._collect(*in_flight.popleft(), on_sentences_done, on_paragraph_done)
            yield from finished()

    def _no_room(self, tokens: int, translators: int) -> ModelMemoryError | None:
        """Why a limit on memory leaves no room for a batch of `tokens` tokens; None when it does, or no limit is
        watched. Each of the engine's `translators` runs a batch at a time, and keeps what its largest took for the
        next (settings.BATCH_TOKEN_BYTES): the engine holds at most what the largest batches it ran, one a
        translator, took, whatever is in flight, and only a batch larger than one of those asks for more."""
        if self._room_refusal is None:
            return None
        largest = sorted([*self._largest_batches, tokens], reverse=True)[:translators]
        more = sum(largest) - sum(self._largest_batches)
        if more > 0 and (refused := self._room_refusal(more * self.beam_size * BATCH_TOKEN_BYTES)) is not None:
            return refused
        self._largest_batches = largest
        return None

    def _plan(self, paragraphs: list[str]) -> _ChunkPlan:
        """Split into sentences, encode each unique one, and cut them, longest first, into token-budget batches."""
        encoded: dict[str, list[str]] = {}
        tokenizer = self._tokenizer()
        plans = self._segment(paragraphs, tokenizer.encode_all, encoded)
        occurrences = Counter(piece for plan in plans for line in plan for piece in line)
        for piece in occurrences.keys() - encoded.keys():  # pieces joined from clauses of a long sentence
            encoded[piece] = tokenizer.encode(piece)
        by_length = sorted(occurrences, key=lambda sentence: len(encoded[sentence]), reverse=True)
        batches = [
            [by_length[index] for index in batch]
            for batch in token_budget_batches([len(encoded[s]) for s in by_length], self._batch_token_budget)
        ]
        return _ChunkPlan(plans, encoded, occurrences, batches)

    def _assemble(self, plan: list[list[str]], translated: dict[str, Translated]) -> Draft:
        pieces = [translated[piece] for line in plan for piece in line]
        lines = [join_line([translated[piece].checked.text for piece in line], self.target_language) for line in plan]
        warnings = dict.fromkeys(warning for piece in pieces for warning in piece.checked.warnings)
        scores = tuple(piece.score for piece in pieces if piece.score is not None)
        # A model that gives no scores gives the draft none: a confidence made of some sentences would lie.
        return Draft("\n".join(lines), tuple(warnings), scores if len(scores) == len(pieces) else ())

    def _submit(self, model: ModelLike, batch: list[str], encoded: dict[str, list[str]]) -> _Submitted:
        limit = decoding_limit(max(len(encoded[sentence]) for sentence in batch))
        results = model.translate_batch(
            [encoded[sentence] for sentence in batch],
            target_prefix=[[self._target_prefix]] * len(batch) if self._target_prefix else None,
            beam_size=self.beam_size,
            num_hypotheses=1,
            length_penalty=LENGTH_PENALTY,
            replace_unknowns=True,
            return_scores=True,
            max_decoding_length=limit,
            max_batch_size=self._batch_token_budget,
            batch_type="tokens",
            asynchronous=True,
        )
        return batch, limit, results

    def _collect(
        self,
        plan: _ChunkPlan,
        submitted: _Submitted,
        on_sentences_done: Callable[[int], None] | None,
        on_paragraph_done: OnParagraphDone | None = None,
    ) -> None:
        batch, limit, results = submitted
        if isinstance(results, BatchResultsLike):
            best = results.best_hypotheses()
        else:
            best = [(output.hypotheses[0], output.scores) for output in (result.result() for result in results)]
        missing = len(batch) - len(best)
        if missing > 0:  # one output per input: a missing one counts as empty, which the checks report as dropped
            best = [*best, *[([], [])] * missing]
        tokens = [self._output_tokens(hypothesis) for hypothesis, _ in best]
        texts = self._tokenizer().decode_all(tokens)
        for sentence, (hypothesis, scores), output_tokens, text in zip(batch, best, tokens, texts, strict=True):
            plan.translated[sentence] = self._translated(
                sentence, len(hypothesis) >= limit, scores, output_tokens, text, len(plan.encoded[sentence])
            )
        plan.waiting -= 1
        if on_sentences_done is not None:
            on_sentences_done(sum(plan.occurrences[sentence] for sentence in batch))
        if on_paragraph_done is not None:
            for sentence in batch:
                for index in plan.paragraphs_of[sentence]:
                    plan.untranslated[index] -= 1
                    if not plan.untranslated[index]:
                        plan.drafted[index] = self._assemble(plan.lines[index], plan.translated)
                        on_paragraph_done(plan.number, index, plan.drafted[index])

    def _output_tokens(self, hypothesis: list[str]) -> list[str]:
        """The best hypothesis without the target prefix the model was given."""
        if self._target_prefix and hypothesis[:1] == [self._target_prefix]:
            return hypothesis[1:]
        return hypothesis

    def _translated(
        self,
        sentence: str,
        hit_limit: bool,  # the model's own output (the prefix counted too) stopped at the length limit
        model_scores: list[float],
        tokens: list[str],
        text: str,
        source_tokens: int,
    ) -> Translated:
        text = text.strip()
        checked = check_sentence(sentence, text, self.source_language, hit_limit)
        if not tokens:
            # Nothing came back: the surest sign of a bad draft, scored as the lowest there is.
            return Translated(checked, SentenceScore(-math.inf, -math.inf, source_tokens, 0, 0))
        if not model_scores:
            return Translated(checked, None)
        return Translated(checked, sentence_score(model_scores[0], source_tokens, tokens))
