"""The cleaner counts Arabic letters and parses language tags with toolkit.scripts, like every other stage."""

from __future__ import annotations

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


def test_persian_warning_counts_arabic_script_letters_like_the_shared_module() -> None:
    # Presentation forms (ﷲ, ﻻ: text from old PDFs and fonts) are Arabic-script letters too.
    text = "\n\n".join(["افزایش مبتلایان کرونا در ایران", *[f"ﷲ ﻻ {paragraph}" for paragraph in PERSIAN]]) + "\n"
    article = clean(text)
    (warning,) = [warning for warning in article.warnings if "Persian or Urdu" in warning]
    kept = "".join(block.text for block in article.blocks)
    assert f"of {script_letters(kept, 'arabic')} letters" in warning


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
