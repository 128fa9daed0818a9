"""Numbers a text writes in words or with a scale word, read as digits: one home for the alignment's anchors
(toolkit/align/evidence.py) and the translators' number check (toolkit/catalog/checks.py).

Pure: text in, numbers as ASCII digits out.
"""

from __future__ import annotations

import re

from toolkit.scripts import ARABIC_NAME_PREFIXES, HAN_MYRIADS, strip_arabic_marks

# Words that multiply the number before them, one table per language: "50 ألفا" and "50 thousand" are 50,000,
# "1.5 million" 1,500,000, "3.5万" 35,000. Arabic words are spelled here as `scripts.fold_arabic_letters` leaves
# them (one alef for أ/إ/آ; vowel marks are no word letters): "ألفاً", "ألفًا", "الفا" and "آلاف" are all met in news.
SCALE_WORDS = {
    "ar": {
        **dict.fromkeys(("الف", "الفا", "الاف", "الوف"), 1e3),
        **dict.fromkeys(("مليون", "مليونا", "ملايين"), 1e6),
        **dict.fromkeys(("مليار", "مليارا", "مليارات", "بليون", "بلايين"), 1e9),
        **dict.fromkeys(("تريليون", "ترليون", "تريليونات"), 1e12),
    },
    "en": {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12, "tn": 1e12},
    "zh": HAN_MYRIADS,
}
# English number words below a hundred.
ENGLISH_NUMBER_WORDS = {
    **{
        word: value
        for value, word in enumerate(
            (
                *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"),
                *("twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
            )
        )
    },
    **{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90},
}
# Arabic number words, masculine and feminine, as written without vowel marks. "one" (واحد) is left out, as in
# English; a compound (أربعة عشر, خمسة وعشرون) is one number (arabic_number_words).
ARABIC_NUMBERS = {
    "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4, "اربع": 4,
    "اربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثمان": 8, "ثماني": 8, "ثمانية": 8,
    "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10, "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30,
    "أربعون": 40, "أربعين": 40, "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90, "مائة": 100, "مئة": 100, "ألف": 1000, "مليون": 1000000,
    "مئتان": 200, "مئتين": 200, "مائتان": 200, "مائتين": 200, "ألفان": 2000, "ألفين": 2000, "مليونان": 2000000,
    "مليونين": 2000000, "مئتي": 200, "مائتي": 200, "ألفي": 2000,
}  # fmt: skip
# Number words that the article makes something else: Monday (يوم الاثنين, "the day of the two") and per cent (في
# المئة, بالمئة, "in the hundred").
ARABIC_NOT_NUMBERS = frozenset({"الاثنين", "المئة", "المائة"})
# Arabic writes two of a thing as the noun's dual, without a number word (يومين two days, حالتان two cases, شخصين two
# people), where English writes "two" or 2: 15 of the 41 true pairs of bench/align.py --disorder's tuning documents
# with a number on one side only lost it so. Nouns that are counted (time, measure, cases, kinds); not مرة (English
# writes "twice"), nor country or side, which English often translates "both". A feminine noun's ة is written ت
# before the dual ending.
ARABIC_DUAL_NOUNS = (
    "يوم", "أسبوع", "شهر", "عام", "سنة", "ساعة", "دقيقة", "متر", "حالة", "شخص", "طفل", "نوع", "شكل", "عرض", "جرعة",
)  # fmt: skip
ARABIC_DUALS = frozenset(
    (noun[:-1] + "ت" if noun.endswith("ة") else noun) + ending for noun in ARABIC_DUAL_NOUNS for ending in ("ان", "ين")
)
# The units of Arabic's teens that are no number on their own (أحد عشر 11, اثنا عشر 12: "one" is left out, and the
# construct state of two is only written before ten), and the forms of ten that make a teen of a unit before them.
ARABIC_TEEN_UNITS = {"أحد": 1, "إحدى": 1, "احدى": 1, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2}
ARABIC_TENS_OF_TEENS = ("عشر", "عشرة")

_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")


def _arabic_word_value(word: str, table: dict[str, int]) -> int | None:
    """The word's number in `table`, as written or after the article or a prefix letter (الثلاثة the three, وخمسة
    and five, للعشرين for the twenty)."""
    forms = [word, *(word[len(prefix) :] for prefix in ARABIC_NAME_PREFIXES if word.startswith(prefix))]
    if any(form in ARABIC_NOT_NUMBERS for form in forms):
        return None
    return next((table[form] for form in forms if form in table), None)


def _is_arabic_dual(word: str) -> bool:
    """Whether the word is the dual of a counted noun (يومين two days), alone or after a prefix (الحالتين)."""
    return word in ARABIC_DUALS or any(
        word.startswith(prefix) and word[len(prefix) :] in ARABIC_DUALS for prefix in ARABIC_NAME_PREFIXES
    )


def arabic_number_words(text: str) -> list[tuple[str, bool]]:
    """The numbers Arabic text writes in words, as ASCII digits, each with whether it is a compound of two words.
    A unit before عشر is a teen (أربعة عشر 14, اثنا عشر 12), a unit before "and" and a ten is their sum (خمسة
    وعشرون 25), as English writes "fourteen" and "twenty-five"; and a counted noun's dual is two (يومين, "two
    days")."""
    words = _ARABIC_WORD.findall(strip_arabic_marks(text))
    found = []
    index = 0
    while index < len(words):
        unit = _arabic_word_value(words[index], ARABIC_NUMBERS) or _arabic_word_value(words[index], ARABIC_TEEN_UNITS)
        following = words[index + 1] if index + 1 < len(words) else ""
        if unit and unit < 10 and following in ARABIC_TENS_OF_TEENS:
            found.append((str(10 + unit), True))
            index += 2
            continue
        tens = _arabic_word_value(following[1:], ARABIC_NUMBERS) if following.startswith("و") else None
        if unit and unit < 10 and tens and tens in range(20, 100, 10):
            found.append((str(tens + unit), True))
            index += 2
            continue
        if value := _arabic_word_value(words[index], ARABIC_NUMBERS):
            found.append((str(value), False))
        elif _is_arabic_dual(words[index]):
            found.append(("2", False))
        index += 1
    return found
