"""Raw text filled by GNU fmt as a whole file (`fmt -w 60 article.txt`, not a line at a time): fmt joins every line
up to a blank one, so a page saved a block a line with no blank between its header's lines (a caption, its credit,
"بقلم: ...", "نشرت في", a share bar) comes out as one paragraph with the byline inside it. `toolkit clean` parts
those lines again where a label a line opens with starts, and the text cleans as it was before the fill; a
paragraph that only mentions such a word stays whole."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from clean_helpers import PARAGRAPHS, TITLE
from shared_paths import SEEDS

from toolkit.clean.pipeline import clean_file
from toolkit.config import Config
from toolkit.model import Article


def _filled(text: str, width: int) -> str:
    fmt = shutil.which("fmt")
    assert fmt is not None, "GNU fmt (coreutils) is needed"
    return subprocess.run([fmt, f"-w{width}"], input=text.encode(), capture_output=True, check=True).stdout.decode()


def _cleaned(text: str, folder: Path) -> Article:
    """As `toolkit clean` reads a .txt file."""
    return clean_file(folder / "article.txt", text.encode(), Config(folder, "ar"))


def _shown(article: Article) -> tuple:
    return article.title, article.date, article.byline, [(block.kind, block.text) for block in article.blocks]


@pytest.mark.parametrize("width", [60, 64, 70, 72, 76, 79])
@pytest.mark.parametrize("seed", sorted(path.name for path in SEEDS.glob("*.txt")))
def test_a_seed_filled_whole_by_gnu_fmt_cleans_as_unfilled(seed: str, width: int, tmp_path: Path) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8")
    assert _shown(_cleaned(_filled(text, width), tmp_path)) == _shown(_cleaned(text, tmp_path))


# A header saved a line a block without blank lines between them, as the seeds' Euronews page is, but another
# outlet's: its picture's caption, the credit, the byline, the date widget's label and the share bar's buttons.
HEADER = [
    "عمال يحصدون القمح في حقل قرب مدينة درعا جنوب سوريا.",
    "حقوق النشر محفوظة لوكالة الصور العربية",
    "بقلم: سامر خليل",
    "تاريخ النشر 8 مارس 2024",
    "مشاركة عبر واتساب",
    "طباعة المقال",
]


@pytest.mark.parametrize("width", [60, 66, 72, 78, 90])
def test_a_header_run_together_by_the_fill_gives_its_byline_and_no_paragraph(width: int, tmp_path: Path) -> None:
    text = "\n\n".join([TITLE, "\n".join(HEADER), *PARAGRAPHS]) + "\n"
    article = _cleaned(_filled(text, width), tmp_path)
    assert (article.byline, article.date) == ("سامر خليل", "2024-03-08")
    assert [block.text for block in article.blocks] == PARAGRAPHS


def test_a_paragraph_that_names_a_label_in_its_prose_stays_whole(tmp_path: Path) -> None:
    # "شارك" (share) and "نشرت في" (published in) in a paragraph's sentences are words, not a share bar's button
    # or a date widget's label: the paragraph is filled and cleaned as one.
    prose = (
        "وفي المؤتمر الذي عقد أمس في العاصمة شارك وزراء الزراعة من عشر دول عربية في نقاش الخطة. "
        "وقال الوزير إن دراسة نشرت في مجلة علمية دولية أظهرت أن البذور المحسنة ترفع الإنتاج بنسبة كبيرة."
    )
    paragraphs = [*PARAGRAPHS[:2], prose, *PARAGRAPHS[2:]]
    text = "\n\n".join([TITLE, *paragraphs]) + "\n"
    assert [block.text for block in _cleaned(_filled(text, 64), tmp_path).blocks] == paragraphs
