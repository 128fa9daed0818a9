"""The headline of a page saved as text is the line above the body whose words the body's first paragraphs repeat
most, the body's own paragraphs only: after a short article, the outlet's box (an appeal for donations naming it)
repeats the words of the menu line above the headline, which names the outlet too, and that line was taken for the
headline, the headline for the article's dek."""

from __future__ import annotations

import pytest
from clean_helpers import clean

TITLE = "الحكومة ترفع أسعار الوقود للمرة الثالثة هذا العام"
PARAGRAPHS = [
    "قررت لجنة تسعير المنتجات البترولية رفع أسعار البنزين والسولار بنسب تتراوح بين عشرة وخمسة عشر بالمئة، في ثالث "
    "زيادة منذ بداية العام الجاري، بحسب بيان نشرته وزارة البترول صباح اليوم.",
    "وأرجعت اللجنة قرارها إلى ارتفاع أسعار النفط عالميًا وتراجع سعر صرف الجنيه أمام الدولار، مشيرة إلى أن الدولة ما "
    "زالت تتحمل جزءًا من تكلفة دعم السولار.",
    "ويتوقع اقتصاديون أن تنعكس الزيادة الجديدة على أسعار النقل والسلع الغذائية خلال الأسابيع المقبلة، في وقت يعاني "
    "فيه المواطنون من موجة غلاء مستمرة منذ عامين.",
]
BOXES = [
    "مدى مصر صحافة مستقلة لا تعتمد على إعلانات الحكومة أو الشركات الكبرى، ونحن نعتمد على دعم قرائنا لنستمر.",
    "مدى مصر موقع صحفي مستقل تأسس في القاهرة، ويغطي الأخبار والتقارير في مصر والمنطقة منذ سنوات، ويحتاج دعمكم.",
]


@pytest.mark.parametrize("box", BOXES)
def test_a_box_after_a_short_article_does_not_choose_its_headline(box: str) -> None:
    lines = ["مدى مصر الرئيسية أخبار تقارير", TITLE, "مدى مصر", "٢٢ مارس ٢٠٢٤", *PARAGRAPHS, "ادعم مدى مصر", box]
    article = clean("\n\n".join([*lines, "جميع الحقوق محفوظة © مدى مصر ٢٠٢٤"]) + "\n")
    assert article.title == TITLE
    assert [block.text for block in article.blocks][:3] == PARAGRAPHS
