"""The cleaner counts Arabic letters and parses language tags with toolkit.scripts, like every other stage."""

from __future__ import annotations

import re

import pytest
from clean_helpers import clean
from test_html_language import PERSIAN

from toolkit.clean.html import page_language
from toolkit.clean.html_metadata import Found
from toolkit.scripts import script_letters


def test_arabic_digits_and_punctuation_are_not_arabic_letters() -> None:
    # Arabic-Indic digits and the Arabic comma are in the Arabic block but are no evidence of Arabic text.
    text = "Loader ١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠ ، ، ،"
    assert page_language(None, text, "ar") is None


def test_persian_check_counts_arabic_script_letters_like_the_shared_module() -> None:
    from toolkit.clean.language import persian_or_urdu
    from toolkit.clean.settings import load_settings

    check = load_settings().language
    # Presentation forms (ﷲ, ﻻ: text from old PDFs and fonts) are Arabic-script letters too: counted with the
    # others, they dilute a few Persian letters below the share.
    persian = "".join(PERSIAN)
    share = check.max_persian_urdu_share
    extra = sum(persian.count(letter) for letter in check.persian_urdu_letters + check.urdu_only_letters)
    padding = "ﻻ" * int(extra / share - script_letters(persian, "arabic") + 10)
    assert persian_or_urdu(persian, check) == "fa"
    assert persian_or_urdu(persian + padding, check) is None
    text = "\n\n".join(["افزایش مبتلایان کرونا در ایران", *[f"ﷲ ﻻ {paragraph}" for paragraph in PERSIAN]]) + "\n"
    assert "page is in Persian (fa), project source language is ar" in clean(text).warnings


@pytest.mark.parametrize(
    ("declared", "expected"),
    [("ar-EG", None), ("AR_eg", None), ("fa-IR", "page is in Persian (fa-IR), project source language is ar")],
)
def test_language_mismatch_reads_tags_like_the_shared_module(declared: str, expected: str | None) -> None:
    from toolkit.clean.language import language_mismatch

    assert language_mismatch(declared, "ar") == expected


def test_declared_language_keeps_only_a_primary_subtag() -> None:
    from lxml.html import fromstring

    from toolkit.clean.html_metadata import _declared_language

    assert _declared_language(fromstring('<html lang="AR_eg"><body><p>x</p></body></html>'), {}) == Found(
        "ar", "html lang"
    )
    assert _declared_language(fromstring('<html lang="arabic"><body><p>x</p></body></html>'), {}) is None


def test_one_script_table_serves_the_cleaner() -> None:
    from toolkit.clean.settings import packaged_defaults
    from toolkit.scripts import language_letters

    assert "scripts" not in packaged_defaults()  # no second table in the cleaner's settings
    assert re.fullmatch(f"[{language_letters('ja')}]+", "ひらがな漢字カタカナ")
    assert re.fullmatch(f"[{language_letters('ko')}]+", "한국어")
    assert re.fullmatch(f"[{language_letters('fa')}]+", "فارسی")
    assert not re.search(f"[{language_letters('en')}]", "漢字한국어")
    assert language_letters("xx") == language_letters("en")  # unknown languages are taken for Latin
