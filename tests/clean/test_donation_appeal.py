"""An outlet's appeal for its readers' money after the article ("ادعم مدى مصر" over a paragraph or two on why, then
"تبرّع الآن"; "Support independent journalism"): [words] donation opens its heading or its button, and
like a comment section's heading it ends the article, so the appeal's own paragraphs go with it. A story about
donations keeps its words."""

from __future__ import annotations

import pytest
from clean_helpers import PARAGRAPHS, article_text, clean

APPEALS = [
    [
        "ادعم مدى مصر",
        "مدى مصر صحافة مستقلة لا تعتمد على إعلانات الحكومة أو الشركات الكبرى، ونحن نعتمد على دعم قرائنا لنستمر.",
        "ساهم معنا في الحفاظ على صحافة حرة ومستقلة.",
        "تبرّع الآن",
    ],
    [
        "ادعموا الصحافة المستقلة",
        "كل مساهمة، مهما كانت صغيرة، تساعدنا على مواصلة التحقيقات الاستقصائية التي لا ينشرها أحد غيرنا في المنطقة.",
        "انضم لمجتمع القراء",
    ],
]


@pytest.mark.parametrize("appeal", APPEALS)
def test_an_appeal_for_donations_after_the_article_is_no_part_of_it(appeal: list[str]) -> None:
    article = clean(article_text(after_body=[*appeal, "جميع الحقوق محفوظة © 2024"]))
    assert [block.text for block in article.blocks] == PARAGRAPHS


@pytest.mark.parametrize(
    "line",
    [
        "تبرع رجل أعمال بمليون دولار لإعادة بناء المدرسة، بحسب ما أعلنته البلدية مساء أمس في بيان رسمي مقتضب.",
        "تبرعات المغتربين",
    ],
)
def test_a_story_s_words_about_donations_stay(line: str) -> None:
    article = clean(article_text(in_body=[line]))
    assert line in [block.text for block in article.blocks]
