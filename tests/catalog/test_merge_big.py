"""A big article saved again (a live blog: a paragraph added at the top, one edited, some repeated word for
word, or every one edited): each paragraph keeps its own entry. The exact matches are looked up by text, not
searched for through the whole catalog for each paragraph (3.7 s at 10,000 paragraphs, 16.8 s at 20,000:
bench/big_page.py), and the similar ones scored in rapidfuzz's loop (3,000 paragraphs all edited: 17 -> 5 s)."""

from __future__ import annotations

import random

import pytest

from toolkit.catalog import merge
from toolkit.catalog.entries import CatalogContext
from toolkit.catalog.merge import merge_catalog
from toolkit.catalog.settings import SIMILAR_SOURCE_RATIO
from toolkit.model import Article, Block

CONTEXT = CatalogContext("Test project", "ar", "en")
REPEATED = "تابعونا لمزيد من التحديثات."


def _article(texts: list[str]) -> Article:
    return Article(
        id="live",
        source="source/live.html",
        title="تغطية مباشرة",
        blocks=[Block("paragraph", text) for text in texts],
    )


def _paragraphs(count: int) -> list[str]:
    return [REPEATED if number % 50 == 49 else f"الفقرة رقم {number} من التغطية المباشرة." for number in range(count)]


def test_a_big_article_saved_again_keeps_each_paragraph_s_own_entry() -> None:
    before = _paragraphs(600)
    old = merge_catalog(None, _article(before), CONTEXT)
    for number, entry in enumerate(old):
        entry.msgstr = f"reviewed {number}: {entry.msgid}"  # each entry its own translation, repeated text too
    contexts = {id(entry): entry.msgctxt for entry in old}
    by_place = list(old)

    after = ["فقرة جديدة في أعلى الصفحة.", *before]
    after[301] = before[300].replace("رقم", "الرقم")  # edited
    merged = merge_catalog(old, _article(after), CONTEXT)
    live = [entry for entry in merged if not entry.obsolete]

    assert [entry.msgid for entry in live] == ["تغطية مباشرة", *after]
    assert live[1].msgstr == "" and not live[1].fuzzy  # the new paragraph
    edited = live[302]
    assert edited.fuzzy and edited.previous_msgid == before[300] and edited.msgctxt == contexts[id(by_place[301])]
    for place, entry in enumerate(live):
        if place in (1, 302):
            continue
        old_entry = by_place[place - 1] if place > 1 else by_place[0]
        # Repeated paragraphs too: the n-th copy keeps the n-th copy's entry, in file order.
        assert (entry.msgctxt, entry.msgstr) == (contexts[id(old_entry)], old_entry.msgstr), place
        assert not entry.fuzzy
    assert not [entry for entry in merged if entry.obsolete]


@pytest.mark.parametrize("pairs_scored", [1_000_000, 0], ids=["every pair", "likely pairs"])
def test_every_paragraph_edited_keeps_its_own_entry_as_fuzzy_whatever_the_block_of_scores(
    monkeypatch: pytest.MonkeyPatch, pairs_scored: int
) -> None:
    """The similar pass scores every changed paragraph against every old entry left, in rapidfuzz's loop, a
    block of old entries at a time: blocks of 7 scores here, so the pairs cross many blocks; past so many
    pairs, against the old entries about its place and those sharing a rarer word."""
    monkeypatch.setattr(merge, "SIMILARITY_SCORES_AT_ONCE", 7)
    monkeypatch.setattr(merge, "SIMILARITY_PAIRS_SCORED", pairs_scored)
    before = _paragraphs(120)
    old = merge_catalog(None, _article(before), CONTEXT)
    for number, entry in enumerate(old):
        entry.msgstr = f"reviewed {number}"
    contexts = [entry.msgctxt for entry in old]
    after = [text.replace("رقم", "الرقم").replace("لمزيد", "للمزيد") for text in before]
    merged = [entry for entry in merge_catalog(old, _article(after), CONTEXT) if not entry.obsolete]
    assert [entry.msgctxt for entry in merged] == contexts
    assert all(entry.fuzzy and entry.previous_msgid == text for entry, text in zip(merged[1:], before, strict=True))


def test_the_similar_pairs_are_those_similarity_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(merge, "SIMILARITY_SCORES_AT_ONCE", 5)
    chooser = random.Random(3)
    olds = ["".join(chooser.choice("abcdeفقر ") for _ in range(chooser.randint(1, 12))) for _ in range(40)]
    news = [text[: chooser.randint(0, len(text))] + chooser.choice(["", "x", "قر"]) for text in olds]
    expected = [
        (old, new, merge.similarity(olds[old], news[new]))
        for old in range(len(olds))
        for new in range(len(news))
        if merge.similarity(olds[old], news[new]) >= SIMILAR_SOURCE_RATIO
    ]
    assert len(expected) > 15 and any(old != new for old, new, _ in expected)
    assert list(merge._similar_pairs(olds, news)) == expected


def test_on_a_page_too_big_to_score_every_pair_a_paragraph_moved_far_is_found_by_its_rarer_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past SIMILARITY_PAIRS_SCORED a changed paragraph is scored against the old entries about its place and
    those holding its rarer words (a 10,000-paragraph page that all changed: 5.5 s -> 0.5 s): a paragraph
    edited and moved from the bottom of the page to the top keeps its entry, and no pair is found that scoring
    every pair would not find."""
    monkeypatch.setattr(merge, "SIMILARITY_PAIRS_SCORED", 0)
    before = _paragraphs(400)
    old = merge_catalog(None, _article(before), CONTEXT)
    for number, entry in enumerate(old):
        entry.msgstr = f"reviewed {number}"
    after = [text.replace("رقم", "الرقم") for text in before]
    after.insert(0, after.pop(390))
    merged = {entry.msgctxt: entry for entry in merge_catalog(old, _article(after), CONTEXT) if not entry.obsolete}
    moved = next(entry for entry in old if entry.msgid == before[390])
    assert merged[moved.msgctxt].msgid == after[0] and merged[moved.msgctxt].fuzzy

    olds, news = before[:120], after[:120]
    likely = set(merge._similar_pairs(olds, news))
    monkeypatch.setattr(merge, "SIMILARITY_PAIRS_SCORED", 1_000_000)
    assert likely and likely <= set(merge._similar_pairs(olds, news))


COMMON_WORDS = [
    "قال",
    "وزير",
    "الخارجية",
    "إن",
    "المفاوضات",
    "مع",
    "الجانب",
    "الروسي",
    "ستستمر",
    "الأسبوع",
    "المقبل",
    "في",
    "العاصمة",
]


def _common_words_paragraphs(count: int) -> list[str]:
    chooser = random.Random(5)
    return [" ".join(chooser.choice(COMMON_WORDS) for _ in range(chooser.randint(8, 14))) + "." for _ in range(count)]


def _edited(text: str) -> str:
    return text.replace(".", " اليوم.")


@pytest.mark.parametrize(
    "saved_again",
    [
        lambda texts: [_edited(text) for text in texts[60:]],
        lambda texts: [*_common_words_paragraphs(460)[400:], *map(_edited, texts)],
        lambda texts: [_edited(text) if place % 2 else text for place, text in enumerate(texts)],
        lambda texts: [_edited(text) for text in texts[200:] + texts[:200]],
    ],
    ids=["60 removed at the top, all edited", "60 added at the top, all edited", "half edited", "halves swapped"],
)
def test_on_a_page_too_big_to_score_every_pair_each_edited_paragraph_in_common_words_keeps_its_entry(
    monkeypatch: pytest.MonkeyPatch, saved_again
) -> None:
    """Paragraphs in the same few words (no rarer word to look up): a page too big to score every pair keeps
    the entries scoring every pair keeps, whether paragraphs were removed or added before the edited ones,
    half of them edited, or the page's halves swapped (the first new paragraph of each run is looked for in
    every old one, and the rest after the one before it)."""
    before = _common_words_paragraphs(400)
    old = merge_catalog(None, _article(before), CONTEXT)
    for number, entry in enumerate(old):
        entry.msgstr = f"reviewed {number}"
    article = _article(saved_again(before))

    def kept_entries() -> list[tuple[str, str]]:
        merged = merge_catalog(old, article, CONTEXT)
        return [(entry.msgctxt, entry.msgstr) for entry in merged if not entry.obsolete]

    every_pair = kept_entries()
    monkeypatch.setattr(merge, "SIMILARITY_PAIRS_SCORED", 10 * len(before))
    assert kept_entries() == every_pair
    assert sum(msgstr.startswith("reviewed") for _, msgstr in every_pair) >= 200
