"""The writer's box after an opinion column in a page saved as text (`lynx -dump`): the name again, over a short note
on who they are ("كاتب وصحفي سوري ..."), or the note opening with the name or a note's asterisk. The name is the one
under the headline; neither is the column's text. A last paragraph that opens with a role and follows no such
name is the column's."""

from __future__ import annotations

import pytest
from clean_helpers import PARAGRAPHS, article_text, clean

NAME = "سامر القطريب"
NOTE = "كاتب وصحفي سوري، حاصل على ماجستير في العلاقات الدولية من جامعة إسطنبول، يكتب في الشأن السياسي."
HEADERS = [[f"بقلم: {NAME}"], [NAME, "الثلاثاء 5 آذار 2024"]]
BOXES = [
    [NAME, NOTE],
    [NAME, "باحثة في الاقتصاد السياسي، عملت في مراكز أبحاث عربية وأوروبية، وتكتب عن الطاقة والديون."],
    [f"{NAME} كاتب وصحفي سوري مقيم في إسطنبول، يكتب عن الشأن السوري والتركي."],
    ["* أستاذ العلوم السياسية في جامعة دمشق سابقا، وله عدة كتب عن الدولة والمجتمع."],
]


@pytest.mark.parametrize("header", HEADERS)
@pytest.mark.parametrize("box", BOXES)
def test_the_writer_s_box_after_the_column_is_no_part_of_it(header: list[str], box: list[str]) -> None:
    article = clean(article_text(after_title=header, after_body=[*box, "المزيد من مقالات الكاتب"]))
    assert article.byline == NAME
    assert [block.text for block in article.blocks] == PARAGRAPHS


def test_a_paragraph_opening_with_a_role_after_no_name_is_the_column_s() -> None:
    last = "أستاذ العلوم السياسية في جامعة القاهرة حسن نافعة يرى أن الخطة لن تنجح ما لم تعالج ديون المزارعين أولا."
    article = clean(article_text(after_title=HEADERS[0], after_body=[last]))
    assert [block.text for block in article.blocks] == [*PARAGRAPHS, last]


# Inside the column, lines shaped as the box's are its own text: a bulleted list of experts' words, a profile's
# paragraph on its subject, named under the headline.
IN_COLUMN = [
    (
        HEADERS[0],
        [
            "* أستاذ العلوم السياسية حسن نافعة: الخطة لن تنجح ما لم تعالج ديون المزارعين أولا.",
            "* الخبير الاقتصادي أحمد السيد: القروض وحدها لا تكفي لرفع الإنتاج المحلي من الحبوب.",
        ],
    ),
    (
        ["نجيب محفوظ", "الأحد 11 ديسمبر 2024"],
        ["نجيب محفوظ روائي مصري حاصل على جائزة نوبل للآداب عام 1988، ولد في حي الجمالية بالقاهرة."],
    ),
]


@pytest.mark.parametrize(("header", "lines"), IN_COLUMN)
def test_lines_shaped_as_the_box_inside_the_column_are_the_column_s(header: list[str], lines: list[str]) -> None:
    article = clean(article_text(after_title=header, in_body=lines))
    assert [block.text for block in article.blocks] == [*PARAGRAPHS[:2], *lines, *PARAGRAPHS[2:]]
