from __future__ import annotations

import pytest

from toolkit.scripts import language_script, script_share
from toolkit.translate.checks import CUT_SHORT, DROPPED, LOOP, UNTRANSLATED, check_sentence, collapse_repetitions


@pytest.mark.parametrize(
    ("looping", "collapsed"),
    [
        ("the the the the cat sat.", "the cat sat."),
        ("He said that in the city, in the city, in the city.", "He said that in the city."),
        ("No, no, no, no.", "no."),
        ("talks talks talks", "talks"),
    ],
)
def test_repetition_loops_collapse_to_one_copy(looping: str, collapsed: str):
    assert collapse_repetitions(looping) == (collapsed, True)


@pytest.mark.parametrize("natural", ["It was very very cold.", "Bye bye.", "He had had enough.", "— — —", ""])
def test_natural_repetition_and_empty_text_are_left_alone(natural: str):
    assert collapse_repetitions(natural) == (natural, False)


def test_clean_output_has_no_warnings():
    assert check_sentence("我喜欢猫。", "I like cats.", "zh", hit_length_limit=False).warnings == ()


def test_loop_is_collapsed_and_flagged():
    checked = check_sentence("مرحبا", "Hello hello hello hello world.", "ar", hit_length_limit=False)
    assert checked.text == "hello world."
    assert checked.warnings == (LOOP,)


def test_empty_output_for_a_sentence_is_flagged_dropped():
    assert check_sentence("قال الوزير.", "  ", "ar", hit_length_limit=False).warnings == (DROPPED,)


def test_output_at_the_length_limit_is_flagged_cut_short():
    assert CUT_SHORT in check_sentence("قال الوزير.", "The minister said", "ar", hit_length_limit=True).warnings


@pytest.mark.parametrize(
    ("source", "output", "language"),
    [("قال الوزير.", "The minister قال.", "ar"), ("我喜欢猫。", "I like 猫.", "zh")],
)
def test_source_script_left_in_the_output_is_flagged(source: str, output: str, language: str):
    assert UNTRANSLATED in check_sentence(source, output, language, hit_length_limit=False).warnings


def test_script_share_counts_letters_only():
    assert script_share("abc قال", "arabic") == pytest.approx(0.5)
    assert script_share("2022 ٢٠٢٢ !", "arabic") == 0.0
    assert script_share("中国 China", "han") == pytest.approx(2 / 7)
    assert language_script("zh") == "han"
    assert language_script("ar") == "arabic"
    assert language_script("xx") is None
