from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from toolkit.translate.segment import join_line, segment_paragraph, split_long_sentence, split_sentences


def words(text: str) -> int:
    return len(text.split())


def no_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_arabic_splits_on_stops_and_question_marks_not_on_commas():
    line = "قال الوزير إن المحادثات مستمرة، وإن الاتفاق قريب. هل ستنجح؟ نعم! ثم انتهى الاجتماع"
    assert split_sentences(line, "ar") == [
        "قال الوزير إن المحادثات مستمرة، وإن الاتفاق قريب.",
        "هل ستنجح؟",
        "نعم!",
        "ثم انتهى الاجتماع",
    ]


def test_arabic_abbreviations_initials_decimals_and_dates_do_not_end_sentences():
    line = "قال د. أحمد إن النمو بلغ 3.5 في المئة في 28.01.2022 حسب م. خالد ومسؤولي U.S. الخارجية. وأضاف شيئا."
    assert split_sentences(line, "ar") == [
        "قال د. أحمد إن النمو بلغ 3.5 في المئة في 28.01.2022 حسب م. خالد ومسؤولي U.S. الخارجية.",
        "وأضاف شيئا.",
    ]


def test_chinese_splits_on_full_stops_and_keeps_closing_quotes():
    line = "他说：“我喜欢猫。”她不同意。你呢？好！最后一句"
    assert split_sentences(line, "zh") == ["他说：“我喜欢猫。”", "她不同意。", "你呢？", "好！", "最后一句"]


def test_english_abbreviations_and_initials():
    line = "Mr. Smith met J. R. Doe in the U.S. on Jan. 5. He left at 3.30 p.m. Tuesday. Then e.g. nothing."
    assert split_sentences(line, "en") == [
        "Mr. Smith met J. R. Doe in the U.S. on Jan. 5.",
        "He left at 3.30 p.m. Tuesday.",
        "Then e.g. nothing.",
    ]


def test_line_breaks_always_end_a_sentence_and_empty_lines_stay():
    paragraph = "السطر الأول بلا نقطة\n\nالسطر الثاني. والثالث"
    assert segment_paragraph(paragraph, "ar", words) == [["السطر الأول بلا نقطة"], [], ["السطر الثاني.", "والثالث"]]


def test_long_sentence_splits_at_clause_marks_under_the_limit():
    sentence = "أولا قال الوزير كلاما، ثانيا أضاف المتحدث شيئا آخر، ثالثا ختم الرئيس الجلسة بكلمة"
    pieces = split_long_sentence(sentence, words, limit=5)
    assert pieces == ["أولا قال الوزير كلاما،", "ثانيا أضاف المتحدث شيئا آخر،", "ثالثا ختم الرئيس الجلسة بكلمة"]


def test_long_sentence_without_clause_marks_splits_between_words():
    sentence = " ".join(f"w{index}" for index in range(23))
    pieces = split_long_sentence(sentence, words, limit=10)
    assert [words(piece) for piece in pieces] == [10, 10, 3]
    assert " ".join(pieces) == sentence


def test_long_chinese_without_marks_or_spaces_is_sliced_not_truncated():
    sentence = "这是一个没有任何标点符号也没有空格的非常长的中文句子"
    pieces = split_long_sentence(sentence, len, limit=8)
    assert all(len(piece) <= 8 for piece in pieces)
    assert "".join(pieces) == sentence


def test_numbers_with_commas_and_colons_are_not_clause_breaks():
    sentence = "paid 1,000,000 dollars at 10:30 today, then left"
    assert split_long_sentence(sentence, words, limit=6) == ["paid 1,000,000 dollars at 10:30 today,", "then left"]


def test_translated_sentences_join_with_a_space_except_for_chinese():
    assert join_line(["One.", "Two."], "en") == "One. Two."
    assert join_line(["一。", "二。"], "zh") == "一。二。"


TEXT_ALPHABET = st.sampled_from([*list('abc ابت 中文 .!?؟。！？،,，;:”"\n'), "د.", "U.S.", "3.5", "\t"])


@given(st.lists(TEXT_ALPHABET, max_size=60).map("".join), st.sampled_from(["ar", "zh", "en"]))
def test_no_text_is_lost(paragraph: str, language: str):
    lines = segment_paragraph(paragraph, language, len, limit=6)
    assert len(lines) == paragraph.count("\n") + 1
    for line, pieces in zip(paragraph.split("\n"), lines, strict=True):
        assert no_spaces("".join(pieces)) == no_spaces(line)
        assert all(piece == piece.strip() and piece for piece in pieces)
