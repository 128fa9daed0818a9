"""A Latin word a wrap broke at its hyphen in hard-wrapped raw text is joined whole ("Bal-" / "anced" ->
"Balanced"); a compound broken at its own hyphen keeps it ("well-" / "known" -> "well-known")."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

import pytest

from toolkit.clean.pipeline import clean_file
from toolkit.clean.settings import load_settings
from toolkit.clean.text import _broken_word, text_lines
from toolkit.config import Config

FILLER = [
    "the",
    "council",
    "met",
    "on",
    "tuesday",
    "to",
    "weigh",
    "a",
    "plan",
    "for",
    "new",
    "roads",
    "and",
    "schools",
    "across",
    "the",
    "region",
    "while",
    "residents",
    "asked",
    "officials",
    "about",
    "costs",
    "delays",
    "and",
    "the",
    "timetable",
    "set",
    "out",
    "last",
    "spring",
]


def _wrapped(breaks: list[tuple[str, str]], width: int = 64, after: str = "") -> str:
    """A paragraph of filler words wrapped at `width`, each line but the last ending with a word's head and its
    hyphen, the next line opening with the word's tail; `after` a paragraph of its own below it."""
    filler = itertools.cycle(FILLER)
    lines, current = [], []
    for head, tail in breaks:
        while len(" ".join([*current, word := next(filler), f"{head}-"])) <= width:
            current.append(word)
        lines.append(" ".join([*current, f"{head}-"]))
        current = [tail]
    while len(" ".join(current)) < width - 8:
        current.append(next(filler))
    return "\n".join([*lines, " ".join(current) + "."]) + (f"\n\n{after}" if after else "") + "\n"


def _unwrapped(text: str) -> str:
    return " ".join(line.text for line in text_lines(text, load_settings().lines) if line.text)


BROKEN = [
    ("Bal", "anced", "Balanced"),
    ("in", "formation", "information"),
    ("at", "tention", "attention"),
    ("re", "search", "research"),
    ("un", "derstand", "understand"),
    ("be", "tween", "between"),
    ("govern", "ment", "government"),
    ("Pro", "posals", "Proposals"),
    ("infra", "structure", "infrastructure"),
]
COMPOUNDS = [
    ("well", "known"),
    ("long", "term"),
    ("Jean", "Pierre"),
    ("COVID", "related"),
    ("state", "of-the-art"),
    ("full", "time"),
    ("so", "called"),
    ("one", "third"),
    ("Anglo", "Saxon"),
]


def test_words_a_wrap_broke_are_joined_and_compounds_keep_their_hyphen() -> None:
    text = _wrapped([(head, tail) for head, tail, _ in BROKEN] + COMPOUNDS)
    shown = _unwrapped(text).split()
    assert all(word in shown for _, _, word in BROKEN)
    assert all(f"{head}-{tail}" in shown for head, tail in COMPOUNDS)


@pytest.mark.parametrize(("head", "tail"), [("self", "aware"), ("cross", "border"), ("non", "profit")])
def test_a_compound_the_text_writes_hyphenated_elsewhere_keeps_its_hyphen(head: str, tail: str) -> None:
    text = _wrapped([(head, tail), ("in", "formation"), ("at", "tention")], after=f"A {head}-{tail} group.")
    assert f"{head}-{tail}" in _unwrapped(text).split()[:40]


@pytest.mark.parametrize(("head", "tail"), [("for", "mer"), ("any", "where"), ("with", "out")])
def test_a_word_the_text_writes_whole_elsewhere_is_joined(head: str, tail: str) -> None:
    # Both parts are common words, but the text writes the word whole: a wrap broke it.
    text = _wrapped([(head, tail), ("in", "formation"), ("at", "tention")], after=f"It was {head}{tail} said.")
    assert f"{head}{tail}" in _unwrapped(text).split()[:40]


def test_a_hard_wrapped_article_file_shows_the_words_whole(tmp_path: Path) -> None:
    body = _wrapped([("Bal", "anced"), ("well", "known"), ("in", "formation"), ("long", "term")])
    page = f"Road plan for the region\n\n{body}\n{_wrapped([('govern', 'ment'), ('at', 'tention'), ('re', 'search')])}"
    article = clean_file(tmp_path / "page.txt", page.encode(), Config(tmp_path, "en"))
    words = " ".join(block.text for block in article.blocks).split()
    assert {"Balanced", "well-known", "information", "long-term", "government", "attention", "research"} <= set(words)
    assert not any(word.endswith("-") or word in {"Bal-anced", "in-formation", "govern-ment"} for word in words)


def _html_article(inner: str, tmp_path: Path) -> list[str]:
    page = (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Road plan</title></head><body>"
        f"<article><h1>Road plan for the region</h1>{inner}</article></body></html>"
    )
    article = clean_file(tmp_path / "page.html", page.encode(), Config(tmp_path, "en"))
    return " ".join(block.text for block in article.blocks).split()


def test_a_page_whose_source_is_hard_wrapped_shows_the_words_whole(tmp_path: Path) -> None:
    # A browser shows "Bal- anced" where the source broke the line: the extractor does too.
    first = _wrapped([(head, tail) for head, tail, _ in BROKEN[:5]] + COMPOUNDS[:4])
    second = _wrapped([(head, tail) for head, tail, _ in BROKEN[5:]] + COMPOUNDS[4:])
    words = _html_article(f"<p>{first}</p><p>{second}</p>", tmp_path)
    assert all(word in words for _, _, word in BROKEN)
    assert all(f"{head}-{tail}" in words for head, tail in COMPOUNDS)
    assert not any(word.endswith("-") for word in words)


def test_preformatted_text_keeps_its_hyphens_at_line_ends(tmp_path: Path) -> None:
    wrapped = _wrapped([("Bal", "anced"), ("in", "formation"), ("at", "tention")])
    words = _html_article(f"<p>{_wrapped([('re', 'search'), ('be', 'tween')])}</p><pre>{wrapped}</pre>", tmp_path)
    assert {"research", "between", "Bal-", "in-", "at-"} <= set(words)


@pytest.mark.parametrize(("head", "tail"), [("problem", "solving"), ("decision", "making"), ("plant", "based")])
def test_a_compound_whose_head_is_a_word_of_the_text_keeps_its_hyphen_whatever_its_tail(head: str, tail: str) -> None:
    # Its tail no common word ("solving"), the compound was glued ("problemsolving"): 864 of the 2,887 compounds of
    # the WCXB gold text wrapped at their hyphen were, 341 now.
    assert not _broken_word(head, tail, Counter({head: 1, "information": 1}))
    assert _broken_word("in", "formation", Counter({head: 1}))


def test_a_word_after_a_line_s_hyphen_where_no_wrap_broke_one_counts_as_a_word() -> None:
    # "pre-" / "register-2026" is no word a wrap broke (a hyphen and a number follow "register", and the lines stay
    # apart as they are): its "register" is a word the text writes, and "register-" / "interest" a compound. Not
    # counted, as if it were a broken word's tail, the address .../register-interest came out as registerinterest.
    text = _wrapped(
        [("register", "interest"), ("in", "formation"), ("at", "tention")],
        after="Book at the pre-\nregister-2026 desk.",
    )
    assert "register-interest" in _unwrapped(text).split()[:40]
