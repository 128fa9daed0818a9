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


def test_every_paragraph_edited_keeps_its_own_entry_as_fuzzy_whatever_the_block_of_scores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The similar pass scores every changed paragraph against every old entry left, in rapidfuzz's loop, a
    block of old entries at a time: blocks of 7 scores here, so the pairs cross many blocks."""
    monkeypatch.setattr(merge, "SIMILARITY_SCORES_AT_ONCE", 7)
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
