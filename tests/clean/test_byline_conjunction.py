"""Two writers in a byline box, each in an element of their own, joined by Arabic's "و" written against the second
("<a>بيسان كساب</a> و<a>أحمد بكر</a>"): the box's text is spaced where one element ends and the next begins, but the
conjunction stays joined to the name after it, as the page writes it: "بيسان كساب وأحمد بكر", not "... و أحمد بكر"."""

from __future__ import annotations

from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, TITLE

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config


def _byline(box: str, tmp_path: Path) -> str | None:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    page = (
        f"<!DOCTYPE html><html lang='ar'><head><meta charset='utf-8'><title>{TITLE}</title></head><body>"
        f"<article><h1>{TITLE}</h1><div class='byline'>{box}</div>{body}</article></body></html>"
    )
    return clean_file(tmp_path / "page.html", page.encode(), Config(tmp_path, "ar")).byline


@pytest.mark.parametrize(
    ("box", "byline"),
    [
        ("<a>بيسان كساب</a> و<a>أحمد بكر</a>", "بيسان كساب وأحمد بكر"),
        ("<span>بيسان كساب</span> و<span>أحمد بكر</span> <span>١٥ مايو ٢٠٢٤</span>", "بيسان كساب وأحمد بكر"),
        ("<a>سلمى الحربي</a> و<a>يوسف بن سالم</a>", "سلمى الحربي ويوسف بن سالم"),
        ("<a>سلمى الحربي</a> و <a>يوسف بن سالم</a>", "سلمى الحربي و يوسف بن سالم"),
    ],
)
def test_the_conjunction_stays_joined_to_the_second_writer(box: str, byline: str, tmp_path: Path) -> None:
    assert _byline(box, tmp_path) == byline
