"""The alignment core on real Arabic-English text (TICO-19): every link shape, grouped back into blocks."""

from __future__ import annotations

import pytest
from tico import tico_pairs

from toolkit.align.document import align_document
from toolkit.align.evidence import months, numbers

PAIRS = tico_pairs(1, 11)  # one Wikinews report: the deaths, the briefing, the transport shutdown
ARABIC = [arabic for arabic, _ in PAIRS]
ENGLISH = [english for _, english in PAIRS]
UNRELATED = tico_pairs(600, 1)[0]


def _texts(blocks: list[str], paragraphs: list[str], **options) -> list[str]:
    return [block.text for block in align_document(blocks, paragraphs, "ar", "en", **options).blocks]


def test_one_to_one_gives_every_block_its_own_paragraph(shared_dir) -> None:
    assert _texts(ARABIC, ENGLISH) == ENGLISH


def test_a_paragraph_covering_two_blocks_is_split_at_its_sentences(shared_dir) -> None:
    paragraphs = [*ENGLISH[:3], f"{ENGLISH[3]} {ENGLISH[4]}", *ENGLISH[5:]]
    assert _texts(ARABIC, paragraphs) == ENGLISH


def test_a_block_covering_two_paragraphs_gets_both(shared_dir) -> None:
    blocks = [*ARABIC[:6], f"{ARABIC[6]} {ARABIC[7]}", *ARABIC[8:]]
    assert _texts(blocks, ENGLISH) == [*ENGLISH[:6], f"{ENGLISH[6]} {ENGLISH[7]}", *ENGLISH[8:]]


def test_a_block_whose_counterpart_is_missing_stays_empty(shared_dir) -> None:
    paragraphs = ENGLISH[:5] + ENGLISH[6:]
    assert _texts(ARABIC, paragraphs) == [*ENGLISH[:5], "", *ENGLISH[6:]]


def test_a_paragraph_with_no_counterpart_is_reported_not_forced_in(shared_dir) -> None:
    paragraphs = [*ENGLISH[:4], UNRELATED[1], *ENGLISH[4:]]
    alignment = align_document(ARABIC, paragraphs, "ar", "en")
    assert [block.text for block in alignment.blocks] == ENGLISH
    assert alignment.unused_paragraphs == [4]


def test_an_unrelated_block_stays_empty(shared_dir) -> None:
    blocks = [*ARABIC[:7], UNRELATED[0], *ARABIC[7:]]
    assert _texts(blocks, ENGLISH) == [*ENGLISH[:7], "", *ENGLISH[7:]]


def test_the_length_only_baseline_is_fooled_where_the_evidence_is_not(shared_dir) -> None:
    # Drop one paragraph and add an unrelated one of similar length nearby: length alone pairs them.
    paragraphs = [*ENGLISH[:5], UNRELATED[1], *ENGLISH[6:]]
    assert _texts(ARABIC, paragraphs)[5] == ""
    assert _texts(ARABIC, paragraphs, length_only=True) != _texts(ARABIC, paragraphs)


def test_the_glossary_is_evidence(shared_dir) -> None:
    alignment = align_document([ARABIC[0]], [ENGLISH[0]], "ar", "en", glossary=(("بنغلاديش", "Bangladesh"),))
    (link,) = alignment.links
    assert any(finding.kind == "glossary" and finding.cost < 0 for finding in link.findings)


def test_machine_drafts_tell_a_counterpart_from_a_sentence_of_the_same_length() -> None:
    blocks = ["北京今天下雨。", "上海明天晴天。"]
    paragraphs = ["The minister resigned on Friday.", "Shanghai will be sunny tomorrow."]
    drafts = {"北京今天下雨。": "It rained in Beijing today.", "上海明天晴天。": "Shanghai is sunny tomorrow."}
    assert _texts_zh(blocks, paragraphs, None) == paragraphs
    assert _texts_zh(blocks, paragraphs, drafts) == ["", "Shanghai will be sunny tomorrow."]


def _texts_zh(blocks: list[str], paragraphs: list[str], drafts: dict[str, str] | None) -> list[str]:
    return [block.text for block in align_document(blocks, paragraphs, "zh", "en", drafts=drafts).blocks]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("توفي ١٧ شخصا و٣٫٥ بالمئة من ١٬٠٠٠", "ar", {"17", "3.5", "1000"}),
        ("۱۴۰۲ سال", "fa", {"1402"}),
        ("增长了百分之七点五，五万多名观众，十二公里", "zh", {"7.5", "50000", "12"}),
        # Not quantities: a lone 一 (一种 a kind, 进一步 further), a month, an ordinal, a weekday, a percentage point.
        ("一种新的进一步的措施九月和12月第三季度第2名周五星期一下调零点二五个百分点", "zh", {"0.25"}),
        ("一月一日和十月一号", "zh", {"1"}),
        # A year digit by digit; a myriad under the one before it (一亿五千万), and over it (一万亿).
        ("二〇二二年的一亿五千万和一万亿", "zh", {"2022", "150000000", "1000000000000"}),
        # The myriad after digits (6000万, 2亿) scales them: it is no number of its own, least of all 0.
        ("下达资金6000万元和2亿元", "zh", {"6000", "2"}),
        ("fifty thousand people, 1,000 more and two hundred", "en", {"50000", "1000", "200"}),
        # Arabic compounds are one number, as English "fourteen" and "twenty-five" are: a teen, a unit and a ten.
        ("بين خمسة أيام وأربعة عشر يومًا، اثنا عشر شهرا، خمس وعشرون دولة", "ar", {"5", "14", "12", "25"}),
        ("fourteen days, twelve months, twenty-five countries", "en", {"14", "12", "25"}),
        ("أحد الأطباء وإحدى عشرة ممرضة", "ar", {"11"}),
        # Digits before a scale word are one number, as the other edition's digits are: 100 ألف is 100,000.
        ("أكثر من 100 ألف جندي و1.5 مليون لاجئ و٣ آلاف", "ar", {"100000", "1500000", "3000"}),
        # Spelled as news writes the accusative and the plural, as the translators' number check reads them.
        ("قتل 50 ألفًا و49 ألفا و2 مليونا و3 تريليونات", "ar", {"50000", "49000", "2000000", "3000000000000"}),
        ("more than 100,000 troops, 1.5 million refugees and 3 thousand", "en", {"100000", "1500000", "3000"}),
        ("a $300+ billion impact", "en", {"300000000000"}),
    ],
)
def test_numbers_are_read_in_any_digit_system_and_as_words(text: str, language: str, expected: set[str]) -> None:
    assert set(numbers(text, language)) == expected


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        # Two of a counted noun is its dual, no number word; a number word may carry the article as a noun does.
        (
            "استمر الحجر الصحي شهرين، وتلقى الأطفال الأربعة جرعتين خلال الساعات الأربع والعشرين الأولى.",
            "The quarantine lasted two months, and the four children received two doses in the first 24 hours.",
        ),
        (
            "نُقل الشخصان إلى المستشفى بعد دقيقتين، وتوفي الثلاثة الآخرون.",
            "The two people were taken to hospital 2 minutes later; the other three died.",
        ),
        # The article makes Monday of "the two" and per cent of "the hundred"; a word ending as a dual is not one.
        (
            "ارتفعت أسعار البروتين يوم الاثنين 5 بالمئة و7 في المئة.",
            "Protein prices rose 5 per cent and 7 percent on Monday.",
        ),
    ],
)
def test_arabic_writes_two_as_a_dual_and_number_words_with_the_article(arabic: str, english: str) -> None:
    assert numbers(arabic, "ar") == numbers(english, "en")


def test_months_are_read_in_each_language() -> None:
    assert set(months("في 11 مارس و26 آذار", "ar")) == {3}
    assert set(months("On March 11 and 5 May, you may go", "en")) == {3, 5}
    assert set(months("九月上市，12月结束", "zh")) == {9, 12}
