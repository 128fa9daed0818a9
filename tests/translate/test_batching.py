"""The engine's batching with a fake CTranslate2: every sentence translated once, paragraphs put back in order."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from toolkit.errors import ModelMemoryError
from toolkit.translate.checks import CUT_SHORT, DROPPED, LOOP
from toolkit.translate.ctranslate import BatchedTranslator, decoding_limit, token_budget_batches
from toolkit.translate.settings import BATCH_TOKEN_BYTES, MAX_SENTENCE_TOKENS


class WordTokenizer:
    def encode(self, text: str) -> list[str]:
        return text.split()

    def encode_all(self, texts: list[str]) -> list[list[str]]:
        return [self.encode(text) for text in texts]

    def encode_ids_all(self, texts: list[str]) -> list[list[int]]:
        return [[len(word) for word in self.encode(text)] for text in texts]

    def decode_all(self, outputs: list[list[str]]) -> list[str]:
        return [" ".join(tokens) for tokens in outputs]


@dataclass
class Result:
    hypotheses: list[list[str]]
    scores: list[float] = field(default_factory=lambda: [-1.0])

    def result(self) -> Result:
        return self


@dataclass
class UppercaseModel:
    """Translates by upper-casing each token; records what each batch held."""

    num_translators: int = 2
    batches: list[list[list[str]]] = field(default_factory=list)
    options: list[dict] = field(default_factory=list)
    scores: list[float] = field(default_factory=lambda: [-1.0])  # what each result reports as its score

    def translate_batch(self, source: list[list[str]], **options) -> list[Result]:
        self.batches.append(source)
        self.options.append(options)
        prefix = [options["target_prefix"][0][0]] if options.get("target_prefix") else []
        return [Result([prefix + [token.upper() for token in tokens]], list(self.scores)) for tokens in source]


def translator(model, budget: int = 12, target_prefix: str = "") -> BatchedTranslator:
    return BatchedTranslator(
        description="fake",
        source_language="xx",  # no known script: the untranslated-text check stays out of the way
        target_language="en",
        beam_size=4,
        load_tokenizer=WordTokenizer,
        load_model=lambda: model,
        target_prefix=target_prefix,
        batch_token_budget=budget,
    )


PARAGRAPHS = [
    "One two three. Four five.",
    "",
    "Six seven eight nine ten eleven. Twelve.\nThirteen fourteen.",
    "One two three.",
    "A b c d e f g h i j k l m n o p q r s t.",
]


def test_paragraphs_come_back_in_order_with_line_breaks_and_empty_ones():
    drafts = translator(UppercaseModel()).translate(PARAGRAPHS)
    assert [draft.text for draft in drafts] == [paragraph.upper() for paragraph in PARAGRAPHS]
    assert all(draft.warnings == () for draft in drafts)


def test_batches_are_sorted_longest_first_within_the_token_budget_and_repeats_translated_once():
    model = UppercaseModel()
    translator(model, budget=12).translate(PARAGRAPHS)
    sentences = [tokens for batch in model.batches for tokens in batch]
    lengths = [len(tokens) for tokens in sentences]
    assert lengths == sorted(lengths, reverse=True)
    assert len(sentences) == len({tuple(tokens) for tokens in sentences}) == 6  # "One two three." once
    for batch, options in zip(model.batches, model.options, strict=True):
        longest = max(len(tokens) for tokens in batch)
        assert len(batch) == 1 or len(batch) * longest <= 12
        assert options["max_decoding_length"] == decoding_limit(longest) > longest
        assert options["beam_size"] == 4


def test_progress_reports_every_sentence_including_repeats():
    engine = translator(UppercaseModel(), budget=8)
    reported: list[int] = []
    engine.translate(PARAGRAPHS, reported.append)
    assert sum(reported) == engine.count_sentences(PARAGRAPHS) == 7
    assert len(reported) > 1


def test_token_budget_batches_cover_every_input_once():
    lengths = [30, 9, 5, 5, 4, 2, 1, 1]
    batches = token_budget_batches(lengths, 10)
    assert [index for batch in batches for index in batch] == list(range(len(lengths)))
    assert [list(batch) for batch in batches] == [[0], [1], [2, 3], [4, 5], [6, 7]]


@dataclass
class DroppingModel(UppercaseModel):
    """Returns one output too few per batch, and an output as long as the limit for the rest."""

    def translate_batch(self, source: list[list[str]], **options) -> list[Result]:
        return [Result([["LOOP"] * options["max_decoding_length"]]) for _ in source[:-1]]


def test_missing_outputs_are_dropped_and_limit_hits_flagged_never_misaligned():
    drafts = translator(DroppingModel(), budget=100).translate(["Alpha beta. Gamma delta epsilon.", "Zeta."])
    # Sorted longest first, "Zeta." is last in the only batch: its output is the missing one.
    assert [set(draft.warnings) for draft in drafts] == [{CUT_SHORT, LOOP}, {DROPPED}]
    assert [draft.text for draft in drafts] == ["LOOP LOOP", ""]


def test_target_prefix_is_given_to_the_model_and_removed_from_the_output():
    model = UppercaseModel()
    drafts = translator(model, target_prefix="__en__").translate(["Hello there."])
    assert model.options[0]["target_prefix"] == [["__en__"]]
    assert drafts[0].text == "HELLO THERE."


def test_a_sentence_too_long_for_the_model_is_translated_in_pieces_none_lost():
    clauses = [" ".join(f"w{clause}x{index}" for index in range(60)) for clause in range(3)]
    paragraph = ", ".join(clauses) + "."
    model = UppercaseModel()
    engine = translator(model, budget=4096)
    assert engine.count_sentences([paragraph]) == 2
    [draft] = engine.translate([paragraph])
    assert draft.text == paragraph.upper()
    assert max(len(tokens) for batch in model.batches for tokens in batch) <= MAX_SENTENCE_TOKENS


@dataclass
class RecordingModel(UppercaseModel):
    """Says when each batch is submitted and when its results are collected."""

    events: list[str] = field(default_factory=list)

    def translate_batch(self, source: list[list[str]], **options) -> list:
        number = len(self.batches)
        results = super().translate_batch(source, **options)
        self.events.append(f"submit {number}")
        events = self.events

        @dataclass
        class Collected:
            inner: Result
            first: bool

            def result(self) -> Result:
                if self.first:
                    events.append(f"collect {number}")
                return self.inner

        return [Collected(result, index == 0) for index, result in enumerate(results)]


def test_chunks_are_pipelined_but_each_is_batched_and_drafted_as_if_alone():
    chunks = [PARAGRAPHS[:2], [], PARAGRAPHS[2:], PARAGRAPHS]
    alone = UppercaseModel()
    expected = [translator(alone, budget=6).translate(chunk) for chunk in chunks]
    model = RecordingModel(num_translators=1)
    progress: list[int] = []
    drafts = list(translator(model, budget=6).translate_chunks(iter(chunks), on_sentences_done=progress.append))
    assert drafts == expected
    assert model.batches == alone.batches, "a chunk's batches depend on its neighbours"
    # The first chunk is one batch; the third chunk's first batch goes out before it comes back.
    assert model.events.index("submit 1") < model.events.index("collect 0")
    assert sum(progress) == sum(translator(UppercaseModel()).count_sentences(chunk) for chunk in chunks)


def _room_for(tokens: int, taken: list[int]):
    """A control group's room for `tokens` tokens of beam-4 batches, what each batch is let take put in `taken`."""
    bytes_a_token = 4 * BATCH_TOKEN_BYTES

    def room(needed: int) -> ModelMemoryError | None:
        if sum(taken) + needed > tokens * bytes_a_token:
            return ModelMemoryError("no room")
        taken.append(needed)
        return None

    return room


def test_under_a_memory_limit_the_engine_is_counted_at_its_largest_batches_and_one_past_them_stops_the_run():
    # Each batch in flight was counted in full beside what the engine kept of those before (in use already): a run
    # of 600 entries that needed 450 MB (the most its first four batches took together) was stopped at 450 MB. Each
    # of the engine's translators keeps what its largest batch took, and reuses it for the next.
    chunks = [PARAGRAPHS[:2], PARAGRAPHS[2:], PARAGRAPHS]
    expected = [translator(UppercaseModel(), budget=6).translate(chunk) for chunk in chunks]
    unlimited = RecordingModel(num_translators=2)
    assert list(translator(unlimited, budget=6).translate_chunks(iter(chunks))) == expected
    # The batches: 5, 20, 6, 5, 1, 20, 6, 5 and 3 tokens; the two largest, 20 and 20, are what the engine holds.
    taken: list[int] = []
    model = RecordingModel(num_translators=2)
    limited = translator(model, budget=6)
    limited._room_refusal = _room_for(40, taken)
    assert list(limited.translate_chunks(iter(chunks))) == expected
    assert sum(taken) == 40 * 4 * BATCH_TOKEN_BYTES
    assert model.events == unlimited.events, "a batch no larger than those before it waited"

    # Room for 25 tokens: the batches of 5 and 20 go; the one of 6 would make the engine's two largest 26 tokens.
    # Those in flight are collected, the chunks they finish given, and the run stops.
    taken.clear()
    model = RecordingModel(num_translators=2)
    short = translator(model, budget=6)
    short._room_refusal = _room_for(25, taken)
    given = []
    with pytest.raises(ModelMemoryError, match="no room"):
        given.extend(short.translate_chunks(iter(chunks)))
    assert given == expected[:1]
    assert sorted(model.events) == ["collect 0", "collect 1", "submit 0", "submit 1"]

    # A batch of twenty tokens that never finds room, one translator: the chunks done before it are given.
    taken.clear()
    alone = translator(UppercaseModel(), budget=6)
    alone._room_refusal = _room_for(5, taken)
    given = []
    with pytest.raises(ModelMemoryError, match="no room"):
        given.extend(alone.translate_chunks(iter([["One two three."], PARAGRAPHS[4:]])))
    assert [[draft.text for draft in drafts] for drafts in given] == [["ONE TWO THREE."]]


@dataclass
class ScoringModel(UppercaseModel):
    """Scores each output as CTranslate2 does: summed log-probabilities (-0.1 a token, end token included)
    over length ** length_penalty."""

    def translate_batch(self, source: list[list[str]], **options) -> list[Result]:
        assert options["return_scores"] is True
        results = super().translate_batch(source, **options)
        for result in results:
            length = len(result.hypotheses[0]) + 1
            result.scores = [-0.1 * length / length ** options["length_penalty"]]
        return results


def test_each_sentence_score_reaches_its_draft_with_the_length_penalty_undone():
    [two, one] = translator(ScoringModel()).translate(["One two three. Four five.", "Six."])
    assert [score.output_tokens for score in two.sentence_scores] == [3, 2]
    assert [score.source_tokens for score in two.sentence_scores] == [3, 2]
    assert all(abs(score.log_prob + 0.1) < 1e-9 for score in [*two.sentence_scores, *one.sentence_scores])
    assert two.sentence_scores[0].model_score < two.sentence_scores[1].model_score  # longer, lower raw score


def test_a_dropped_sentence_scores_lowest_and_a_model_without_scores_gives_none():
    drafts = translator(DroppingModel(), budget=100).translate(["Alpha beta. Gamma delta epsilon.", "Zeta."])
    assert drafts[1].sentence_scores[0].log_prob == float("-inf")
    no_scores = translator(UppercaseModel(scores=[]))
    assert no_scores.translate(["One two."])[0].sentence_scores == ()


def test_the_progress_total_of_a_catalog_run_is_the_sentences_it_reports(tmp_path):
    from toolkit.catalog.update import update_catalogs
    from toolkit.config import Config
    from toolkit.model import Article, Block

    def article(article_id: str, paragraphs: list[str]) -> Article:
        blocks = [Block("paragraph", text, line) for line, text in enumerate(paragraphs, start=3)]
        return Article(article_id, f"source/{article_id}.txt", "Title", "", "", "", blocks=blocks)

    @dataclass
    class Progress:
        total: int | None
        done: int = 0

        def update(self, n: int) -> None:
            self.done += n

        def close(self) -> None:
            pass

    long_sentence = ", ".join(" ".join(f"w{clause}x{word}" for word in range(9)) for clause in range(40)) + "."
    articles = [
        article(
            f"a{number:02d}",
            [f"Article {number} opens. It has {part} parts? " + "Some words here. " * 12 for part in range(11)]
            + [long_sentence if number % 3 == 0 else "One two three. One two three."],
        )
        for number in range(40)
    ]
    bars: list[Progress] = []

    def progress(total):
        bars.append(Progress(total))
        return bars[-1]

    engine = translator(UppercaseModel(), budget=MAX_SENTENCE_TOKENS)
    (tmp_path / "source").mkdir()
    config = Config(project_dir=tmp_path, source_language="xx", target_language="en")
    result = update_catalogs(config, articles, lambda: engine, progress)
    assert result.drafted == 40 * 13 and not result.errors  # the title and 12 paragraphs each
    expected = sum(
        engine.count_sentences([source.title, *(block.text for block in source.blocks)]) for source in articles
    )
    assert len(bars) == 1 and bars[0].total == bars[0].done == expected
    assert expected > 40 * 12 * 2  # the long sentence is cut: its pieces count


def test_each_paragraph_is_told_as_soon_as_its_sentences_are_back_with_the_draft_its_chunk_gives():
    # A chunk is minutes of work for a loaded machine: its finished paragraphs are worth saving before it ends.
    chunks = [PARAGRAPHS[:2], PARAGRAPHS[2:]]
    model = RecordingModel(num_translators=1)
    told: list[tuple[int, int, str]] = []

    def paragraph_done(chunk: int, index: int, draft) -> None:
        told.append((chunk, index, draft.text))
        model.events.append(f"told {chunk}")

    drafts = list(translator(model, budget=6).translate_chunks(iter(chunks), on_paragraph_done=paragraph_done))
    every = [
        (chunk, index, draft.text)
        for chunk, chunk_drafts in enumerate(drafts)
        for index, draft in enumerate(chunk_drafts)
        if chunks[chunk][index]  # an empty paragraph has no sentence to wait for: its chunk gives it
    ]
    assert sorted(told) == every  # each paragraph once, with the draft its chunk gives
    last_collect = max(index for index, event in enumerate(model.events) if event.startswith("collect"))
    assert model.events.index("told 1") < last_collect  # the second chunk's first paragraph, before its end


def test_a_sentence_shared_by_paragraphs_of_a_chunk_tells_each_of_them_once_when_its_own_sentences_are_back():
    # One sentence in four paragraphs of a chunk (a dateline, a repeated credit), twice in one of them, alone
    # in two (the same paragraph twice), and in the next chunk too: it is translated once a chunk, and each
    # paragraph holding it is told once, when its last sentence is back, with the draft its chunk gives.
    shared = "Shared alpha beta gamma delta epsilon zeta."  # the longest sentence: alone in the first batch
    chunks = [
        [shared, "Xylophone zebra. " + shared, "Other words. Other things.", f"{shared} {shared}", "", shared],
        ["Last one. " + shared, shared],
    ]
    model = RecordingModel(num_translators=1)
    told: list[tuple[int, int, str]] = []

    def paragraph_done(chunk: int, index: int, draft) -> None:
        told.append((chunk, index, draft.text))
        model.events.append(f"told {chunk} {index}")

    engine = translator(model, budget=8)
    drafts = list(engine.translate_chunks(iter(chunks), on_paragraph_done=paragraph_done))
    assert [[draft.text for draft in chunk] for chunk in drafts] == [
        [paragraph.upper() for paragraph in chunk] for chunk in chunks
    ]
    every = [
        (chunk, index, draft.text)
        for chunk, chunk_drafts in enumerate(drafts)
        for index, draft in enumerate(chunk_drafts)
        if chunks[chunk][index]
    ]
    assert sorted(told) == every and len(told) == len(set(told))  # each paragraph once, with its chunk's draft
    assert sum(batch.count(model.batches[0][0]) for batch in model.batches) == 2  # once a chunk
    events = model.events
    # The paragraphs of the shared sentence alone are told when its batch is back, before their chunk's end.
    first_collect = events.index("collect 0")
    assert events[first_collect + 1 : first_collect + 4] == ["told 0 0", "told 0 3", "told 0 5"]
    assert events.index("told 0 1") > events.index("told 0 3")  # it waits for "Xylophone zebra."
