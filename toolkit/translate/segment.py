"""Split paragraphs into sentences the model can take whole, offline and per source language.

A paragraph becomes lines (its line breaks are kept), each line becomes sentences, and a sentence longer
than the model was trained on is cut further at clause marks, then between words. Joining the pieces of a
line gives the line back, up to spaces: no text is ever lost.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from toolkit.scripts import language_script
from toolkit.translate.settings import (
    ABBREVIATIONS,
    ARABIC_SENTENCE_ENDS,
    CLAUSE_MARKS,
    HAN_SENTENCE_ENDS,
    LATIN_SENTENCE_ENDS,
    MAX_SENTENCE_TOKENS,
    SENTENCE_CLOSERS,
    SPACED_CLAUSE_MARKS,
)

CountTokens = Callable[[str], int]


@dataclass(frozen=True)
class SentenceRules:
    ends: str  # marks that can end a sentence
    needs_space: bool  # an end mark counts only before a space or the end of the line
    abbreviations: frozenset[str]  # words whose period is not a sentence end (lower-case, no final period)


@lru_cache(maxsize=64)
def sentence_rules(language: str) -> SentenceRules:
    """The sentence-end rules for a source language; Latin rules for languages without their own (cached, as
    is their pattern: every paragraph asks)."""
    script = language_script(language)
    if script == "han":
        return SentenceRules(HAN_SENTENCE_ENDS, needs_space=False, abbreviations=frozenset())
    if script == "arabic":
        return SentenceRules(ARABIC_SENTENCE_ENDS, needs_space=True, abbreviations=ABBREVIATIONS["ar"])
    abbreviations = ABBREVIATIONS.get(language, ABBREVIATIONS["en"])
    return SentenceRules(LATIN_SENTENCE_ENDS, needs_space=True, abbreviations=abbreviations)


@lru_cache(maxsize=64)
def _end_pattern(rules: SentenceRules) -> re.Pattern[str]:
    marks = f"[{re.escape(rules.ends)}]+[{re.escape(SENTENCE_CLOSERS)}]*"
    return re.compile(marks + r"(?=\s|$)" if rules.needs_space else marks)


_DOTTED_INITIALS = re.compile(r"^(?:\w\.)+\w$")  # U.S, e.g, ق.م: periods inside the word
_LEADING_PUNCTUATION = re.compile(r"^[\"'“‘«(\[]+")
_NEXT_CHARACTER = re.compile(r"\s*(\S)")


def _word_before(line: str, start: int, end: int) -> str:
    """The word of `line[start:end]` that ends at `end` (empty after a space). Read back from `end`: a search of
    the slice from its start, at each period, made a line of initials and abbreviations with no sentence end
    quadratic (64 kB of "Mr. Mr. ..." took 9 s to split)."""
    position = end
    while position > start and not line[position - 1].isspace():
        position -= 1
    return line[position:end]


def _is_abbreviation(word_before: str, rules: SentenceRules) -> bool:
    """The period just after `word_before` belongs to an abbreviation or an initial, not a sentence end."""
    if not word_before:
        return False
    word = _LEADING_PUNCTUATION.sub("", word_before).lower()
    single_letter_initial = len(word) == 1 and word.isalpha()
    return single_letter_initial or word in rules.abbreviations or bool(_DOTTED_INITIALS.match(word))


def _continues_in_lower_case(line: str, position: int) -> bool:
    """A sentence does not start with a lower-case Latin letter ("etc. and so on" goes on). Looked at where it
    is: a copy of the rest of the line at each sentence end made a long line's split quadratic (a msgstr of
    10 MB held `toolkit check` past five minutes)."""
    found = _NEXT_CHARACTER.match(line, position)
    return found is not None and found[1].islower() and found[1].isascii()


def split_sentences(line: str, language: str) -> list[str]:
    """Split one line (no line breaks) into sentences, each stripped of surrounding spaces."""
    rules = sentence_rules(language)
    sentences: list[str] = []
    start = 0
    for end in _end_pattern(rules).finditer(line):
        mark = end.group(0).rstrip(SENTENCE_CLOSERS)
        if mark == "." and _is_abbreviation(_word_before(line, start, end.start()), rules):
            continue
        if rules.needs_space and _continues_in_lower_case(line, end.end()):
            continue
        sentences.append(line[start : end.end()])
        start = end.end()
    sentences.append(line[start:])
    return [sentence.strip() for sentence in sentences if sentence.strip()]


_CLAUSE_BREAK = re.compile(f"(?<=[{re.escape(SPACED_CLAUSE_MARKS)}])(?=\\s)|(?<=[{re.escape(CLAUSE_MARKS)}])")
_WORD_WITH_SPACE = re.compile(r"\S+\s*")


def _pack(pieces: list[str], count_tokens: CountTokens, limit: int) -> list[str]:
    """Join neighbouring pieces into as few chunks as fit the limit; a piece too long alone is cut further."""
    chunks: list[str] = []
    current, current_tokens = "", 0
    for piece in pieces:
        tokens = count_tokens(piece)
        if tokens > limit:
            if current:
                chunks.append(current)
                current, current_tokens = "", 0
            chunks.extend(_cut(piece, count_tokens, limit))
        elif current and current_tokens + tokens > limit:
            chunks.append(current)
            current, current_tokens = piece, tokens
        else:
            current, current_tokens = current + piece, current_tokens + tokens
    if current:
        chunks.append(current)
    return chunks


def _cut(text: str, count_tokens: CountTokens, limit: int) -> list[str]:
    """Cut text that has no clause mark left: between words, or for unspaced script into even slices."""
    words = _WORD_WITH_SPACE.findall(text)
    if len(words) > 1:
        return _pack(words, count_tokens, limit)
    parts = math.ceil(count_tokens(text) / limit)
    size = math.ceil(len(text) / parts)
    return [text[index : index + size] for index in range(0, len(text), size)]


def split_long_sentence(sentence: str, count_tokens: CountTokens, limit: int = MAX_SENTENCE_TOKENS) -> list[str]:
    """Split a sentence over `limit` tokens at clause marks (then between words) into pieces under it."""
    if count_tokens(sentence) <= limit:
        return [sentence]
    clauses = [clause for clause in _CLAUSE_BREAK.split(sentence) if clause]
    pieces = _pack(clauses, count_tokens, limit) if len(clauses) > 1 else _cut(sentence, count_tokens, limit)
    return [piece.strip() for piece in pieces if piece.strip()]


def line_sentences(paragraph: str, language: str) -> list[list[str]]:
    """The sentences of each line of the paragraph; an empty line has none."""
    return [split_sentences(line, language) for line in paragraph.split("\n")]


def split_long_sentences(
    lines: list[list[str]], count_tokens: CountTokens, limit: int = MAX_SENTENCE_TOKENS
) -> list[list[str]]:
    """The pieces to translate, per line: each sentence, or the pieces of one longer than `limit` tokens."""
    return [
        [piece for sentence in sentences for piece in split_long_sentence(sentence, count_tokens, limit)]
        for sentences in lines
    ]


def segment_paragraph(
    paragraph: str, language: str, count_tokens: CountTokens, limit: int = MAX_SENTENCE_TOKENS
) -> list[list[str]]:
    """The pieces to translate, per line of the paragraph; an empty line has none."""
    return split_long_sentences(line_sentences(paragraph, language), count_tokens, limit)


def join_line(sentences: list[str], target_language: str) -> str:
    """Put translated sentences of one line back together; Chinese and Japanese use no space between them."""
    separator = "" if language_script(target_language) == "han" else " "
    return separator.join(sentence for sentence in sentences if sentence)
