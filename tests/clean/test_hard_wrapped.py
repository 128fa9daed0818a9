"""Raw text wrapped at a width by GNU fmt, which counts bytes (two an Arabic letter) and balances a paragraph's
lines, cleans as the text unwrapped: no paragraph split at a line fmt left short or at a line it began with a dash
or a number, and a list stays a list."""

from __future__ import annotations

import shutil
import subprocess
import textwrap

import pytest
from clean_helpers import PARAGRAPHS, TITLE
from shared_paths import SEEDS

from toolkit.clean.rules import clean_lines
from toolkit.clean.settings import load_settings
from toolkit.clean.text import text_lines
from toolkit.model import Article

WIDTHS = [60, 64, 70, 72, 76, 79]


def _fmt(text: str, width: int) -> str:
    """Each line of the text filled by GNU fmt on its own: a text saved a paragraph a line, then wrapped."""
    fmt = shutil.which("fmt")
    assert fmt is not None, "GNU fmt (coreutils) is needed"

    def filled(line: str) -> str:
        done = subprocess.run([fmt, f"-w{width}"], input=line.encode(), capture_output=True, check=True)
        return done.stdout.decode().rstrip("\n")

    return "\n".join(filled(line) if line.strip() else line for line in text.split("\n"))


def _clean(text: str) -> Article:
    """As `toolkit clean` reads a .txt file: hard-wrapped paragraphs joined first."""
    settings = load_settings()
    return clean_lines(
        text_lines(text, settings.lines),
        article_id="wrapped",
        source="wrapped.txt",
        settings=settings,
        corpus=None,
        source_language="ar",
    )


def _shown(article: Article) -> tuple:
    return article.title, article.date, article.byline, [(block.kind, block.text) for block in article.blocks]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("seed", sorted(path.name for path in SEEDS.glob("*.txt")))
def test_a_seed_filled_by_gnu_fmt_cleans_as_unwrapped(seed: str, width: int) -> None:
    text = (SEEDS / seed).read_text(encoding="utf-8")
    assert _shown(_clean(_fmt(text, width))) == _shown(_clean(text))


# Where a wrapping tool may break a sentence before what opens a list item elsewhere: a dash, a bullet-like mark, a
# number with its stop or bracket.
CONTINUED = [
    ("(عمّان", "- بترا) "),
    ("(پاکستان پوائنٹ نیوز / سبوتنيك", "- 01 فبراير 2022ء) "),
    ("وبلغ عدد المصابين في الحادث حتى مساء اليوم", "12. "),
    ("وارتفع سعر البرميل في التعاملات الصباحية إلى", "85) دولارا، "),
    ("وقال المتحدث باسم الوزارة إن الخطة", "- التي أقرت أمس - "),
    ("ورأى محللون أن الاتفاق", "* المثير للجدل * "),
]


# Words that open a paragraph, so that the line a tool broke before the mark came near the text's width.
OPENING = "قالت مصادر مطلعة في العاصمة لوكالة الأنباء الرسمية اليوم إن الوفد وصل صباحا"


@pytest.mark.parametrize(("before", "opening"), CONTINUED)
def test_a_line_that_opens_with_a_list_mark_inside_a_sentence_goes_on_the_line_above(before: str, opening: str) -> None:
    # The line above leaves its sentence open and the block holds no list: the mark is the sentence's own.
    width = 60
    words = OPENING.split()
    while len(" ".join([*words, before])) > width:
        words.pop()
    line = " ".join([*words, before])
    paragraphs = [f"{line} {opening}{PARAGRAPHS[0]}", *PARAGRAPHS[1:]]
    unwrapped = "\n\n".join([TITLE, *paragraphs]) + "\n"
    # Wrapped as a tool breaks it: the mark at the start of a line, the rest filled at the width.
    wrapped_first = "\n".join([line, *_filled(f"{opening}{PARAGRAPHS[0]}", width)])
    wrapped = "\n\n".join([TITLE, wrapped_first, *("\n".join(_filled(p, width)) for p in paragraphs[1:])])
    assert _shown(_clean(wrapped + "\n")) == _shown(_clean(unwrapped))


def _filled(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


@pytest.mark.parametrize("marks", [["-", "-", "-"], ["1.", "2.", "3."], ["•", "•", "•"], ["1)", "2)", "3)"]])
def test_a_list_in_a_wrapped_text_stays_a_list(marks: list[str]) -> None:
    items = ["زيادة القروض الميسرة للمزارعين", "توزيع البذور المحسنة على الأسر", "فتح مكاتب في كل المحافظات"]
    listed = [f"{mark} {item}" for mark, item in zip(marks, items, strict=True)]
    wrapped = "\n\n".join(
        [TITLE, *("\n".join(_filled(p, 60)) for p in PARAGRAPHS[:2]), "وتشمل الخطة ما يلي:\n" + "\n".join(listed)]
        + ["\n".join(_filled(p, 60)) for p in PARAGRAPHS[2:]]
    )
    blocks = [block.text for block in _clean(wrapped + "\n").blocks]
    assert blocks[: len(blocks) - 2][-3:] == listed
    assert blocks[:2] == PARAGRAPHS[:2] and blocks[-2:] == PARAGRAPHS[2:]


def _quoted(text: str, marks: str) -> str:
    return "\n".join(f"{marks} {line}".rstrip() if line.strip() else marks.rstrip() for line in text.split("\n"))


@pytest.mark.parametrize(
    ("marks", "above"),
    [(">", ""), ("> >", ""), (">>", ""), (">", "Rana Qasem <rana@example.org> wrote:\n")],
    ids=["quoted", "quoted-twice", "quoted-twice-tight", "under-its-attribution"],
)
@pytest.mark.parametrize("width", [64, 76])
@pytest.mark.parametrize("seed", sorted(path.name for path in SEEDS.glob("*.txt")))
def test_a_seed_quoted_in_an_e_mail_cleans_as_unquoted(seed: str, width: int, marks: str, above: str) -> None:
    # A reply or a forward quotes each line with "> " after wrapping it: read as it was, every block kept its marks
    # and every line was a block of its own.
    text = (SEEDS / seed).read_text(encoding="utf-8")
    assert _shown(_clean(above + _quoted(_fmt(text, width), marks))) == _shown(_clean(text))


def test_a_quotation_inside_an_article_keeps_its_marks() -> None:
    quotation = "> وقال الوزير في تغريدة إن الخطة ستبدأ الشهر المقبل."
    text = "\n\n".join([TITLE, *PARAGRAPHS[:2], quotation, *PARAGRAPHS[2:]]) + "\n"
    assert quotation in [block.text for block in _clean(text).blocks]


# A forwarded mail's header block above the wrapped text: its lines follow each other unbroken, as a list's do, and
# outnumbered the text's wrapped lines, which were then read a line a block (a wrapped line taken for the title, the
# byline lost, a line of the body cut as header furniture).
MAIL_HEADERS = {
    "outlook-ar": "-----الرسالة الأصلية-----\nمن: مكتب بيروت <beirut@example.org>\nأُرسلت: الاثنين، ٣ حزيران ٢٠٢٤ "
    "١١:٢٠ ص\nإلى: التحرير <desk@example.org>\nنسخة: رئيس التحرير <chief@example.org>\nالموضوع: خبر للنشر اليوم\n\n",
    "outlook-en": "-----Original Message-----\nFrom: Beirut desk <beirut@example.org>\nSent: Monday, June 3, 2024 "
    "11:20 AM\nTo: Desk <desk@example.org>\nCc: Chief editor <chief@example.org>\nSubject: For today\n\n",
}


@pytest.mark.parametrize("headers", sorted(MAIL_HEADERS))
@pytest.mark.parametrize("width", [64, 70, 76])
@pytest.mark.parametrize("paragraphs", [2, 3, 4])
def test_a_short_article_wrapped_under_a_mail_s_header_block_cleans_as_unwrapped(
    paragraphs: int, width: int, headers: str
) -> None:
    article = [TITLE, "بيروت - جاد نصر الله", *PARAGRAPHS[:paragraphs]]
    wrapped = "\n\n".join("\n".join(textwrap.wrap(part, width)) for part in article)
    mailed, saved = _clean(MAIL_HEADERS[headers] + wrapped + "\n"), _clean("\n\n".join(article) + "\n")
    # title, byline and blocks: the mail's date may stand in for an undated article's
    assert _shown(mailed)[0:1] + _shown(mailed)[2:] == _shown(saved)[0:1] + _shown(saved)[2:]
