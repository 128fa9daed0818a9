"""A big article saved again (a live blog: a paragraph added at the top, one edited, some repeated word for
word): each paragraph keeps its own entry. The exact matches are looked up by text, not searched for through
the whole catalog for each paragraph (25 s at 10,000 paragraphs, hours at 100,000: bench/big_page.py)."""

from __future__ import annotations

from toolkit.catalog.entries import CatalogContext
from toolkit.catalog.merge import merge_catalog
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
