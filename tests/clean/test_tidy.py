"""The line as shown: which invisible characters `tidy` drops and which it keeps."""

from __future__ import annotations

import pytest

from toolkit.clean.text import normalize, tidy

ZWNJ, ZWJ, LRM, RLM = "\u200c", "\u200d", "\u200e", "\u200f"


def test_zero_width_non_joiner_of_persian_spelling_is_kept() -> None:
    persian = f"وزارت اعلام کرد که واکسیناسیون آغاز می{ZWNJ}شود و بیمارستان{ZWNJ}ها آماده{ZWNJ}اند."
    assert tidy(persian) == persian


def test_zero_width_joiner_inside_an_emoji_sequence_is_kept() -> None:
    family = f"\U0001f468{ZWJ}\U0001f469{ZWJ}\U0001f467"
    assert tidy(f"العائلة {family}") == f"العائلة {family}"


def test_direction_marks_inside_the_text_are_kept_at_the_ends_dropped() -> None:
    assert tidy(f"{RLM}قالت وكالة Reuters{RLM}، نقلا عن مصدر.{LRM} ") == f"قالت وكالة Reuters{RLM}، نقلا عن مصدر."


@pytest.mark.parametrize("marks", [f"{RLM}", f" {LRM} {RLM} ", f"{ZWNJ}\u200b", f"\ufeff{ZWJ}\t"])
def test_a_line_of_invisible_marks_alone_is_blank(marks: str) -> None:
    assert tidy(marks) == ""


def test_encoding_and_bidi_junk_is_dropped() -> None:
    text = "\ufeffالحكومة\u00ad تعلن\u200b خطة \u202bجديدة\u202c و\u2067Macron\u2069"
    assert tidy(text) == "الحكومة تعلن خطة جديدة وMacron"


def test_comparison_ignores_the_kept_marks() -> None:
    assert normalize(f"می{ZWNJ}شود {RLM}") == normalize("میشود")


def test_characters_html_forbids_are_dropped_and_a_blank_one_still_parts_words() -> None:
    # A stray NUL or escape in a pasted text reached source/ and the catalogs as it was.
    assert tidy("المحادثات\x00 مستمرة\x07 اليوم\x1b[0m") == "المحادثات مستمرة اليوم[0m"
    assert tidy("قال\x0cالوزير\x85إن \ufdd0الحرب\U0001fffe") == "قال الوزير إن الحرب"
