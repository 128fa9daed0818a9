"""Small articles built around one line, to see what the rules make of that line in a given place."""

from __future__ import annotations

from toolkit.clean.rules import classify_lines, clean_lines
from toolkit.clean.settings import load_settings
from toolkit.clean.text import text_lines
from toolkit.model import Article

TITLE = "الحكومة تعلن خطة جديدة لدعم المزارعين في المحافظات الجنوبية"
PARAGRAPHS = [
    "أعلنت الحكومة اليوم الأحد عن خطة جديدة لدعم المزارعين في المحافظات الجنوبية، تشمل قروضا ميسرة وتوزيع "
    "بذور محسنة على آلاف الأسر الريفية خلال الموسم المقبل.",
    "وقال وزير الزراعة في مؤتمر صحفي إن الخطة تهدف إلى رفع الإنتاج المحلي من الحبوب وتقليل الاعتماد على "
    "الاستيراد، مشيرا إلى أن تمويلها سيأتي من الموازنة العامة ومن قروض دولية.",
    "وأضاف الوزير أن الوزارة ستفتح مكاتب في كل محافظة لاستقبال طلبات المزارعين، على أن تبدأ عمليات التوزيع "
    "في مطلع الشهر المقبل بعد استكمال الإجراءات الإدارية اللازمة.",
    "من جهتهم، رحب ممثلو اتحادات المزارعين بالخطة، لكنهم طالبوا بزيادة المبالغ المخصصة للقروض وتبسيط "
    "شروط الحصول عليها، خاصة لصغار المزارعين الذين لا يملكون ضمانات كافية.",
]


def article_text(
    *,
    before_title: list[str] = (),
    after_title: list[str] = (),
    in_body: list[str] = (),
    after_body: list[str] = (),
    title: str = TITLE,
) -> str:
    """Menus, headline, header lines, two paragraphs, the lines in the body, two paragraphs, the footer."""
    lines = [*before_title, title, *after_title, *PARAGRAPHS[:2], *in_body, *PARAGRAPHS[2:], *after_body]
    return "\n\n".join(lines) + "\n"


def labels(text: str, source_language: str = "ar", corpus=None) -> dict[str, tuple[str, str]]:
    """Line text -> (label, rule) for every non-empty line."""
    result = classify_lines(text_lines(text), settings=load_settings(), corpus=corpus, source_language=source_language)
    return {decision.text: (decision.label, decision.rule) for decision in result.decisions}


def label_of(line: str, place: str = "in_body", **other) -> str:
    text = article_text(**{place: [line]}, **other)
    return labels(text)[line][0]


def clean(text: str, source_language: str = "ar", corpus=None) -> Article:
    return clean_lines(
        text_lines(text),
        article_id="test",
        source="test.txt",
        settings=load_settings(),
        corpus=corpus,
        source_language=source_language,
    )
