"""Bylines without a byline word: writers' names found, and kickers under the headline not taken for one.

    .venv/bin/python bench/kicker_bylines.py [--lines]

Arabic has no capitals to tell a name: a line under the headline signed with the dispatch's place ("بيروت: جمال
الخطيب"), a name before a date ("كريم بنعلي | 8 مارس 2024"), a kicker before a name ("ارتفاع الأسعار - أحمد حسن")
name a writer where the name opens with a given name ([words] given_names), and many given names are words too
("جمال الطبيعة", "سلامة المرضى", "كريم يعود"). Each composed writer's name and kicker is put under the headline of
a small article (tests/clean/clean_helpers) in one of six shapes, in turn; a name must come out as the article's
byline, a kicker never (the line "X - أحمد حسن" gives "أحمد حسن"). Two halves: the names and kickers the rule
kicker_word was shaped on, and a held-out half written after it and not tuned on. Then the outside material: the
five seeds against their gold byline lines, and the bylines found on the eight devdata pages (raw text and HTML),
none of which was written here. `--lines` prints every composed line the cleaner gets wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "clean"))

from clean_helpers import article_text, clean  # noqa: E402

from toolkit.clean.pipeline import clean_file  # noqa: E402
from toolkit.config import Config  # noqa: E402

SHARED = REPO.parent / "shared"

NAME_SHAPES = [
    "بيروت: {}",
    "{} | الجمعة 8 مارس 2024",
    "القاهرة - {}",
    "{} - الجزيرة نت",
    "ارتفاع الأسعار - {}",
    "غزة/ {}",
]
KICKER_SHAPES = [
    "بيروت: {}",
    "{} | الجمعة 8 مارس 2024",
    "{} - أحمد حسن",
    "دمشق - {}",
    "{} – ١٢ يناير ٢٠٢٤",
    "عمّان | {}",
]
NAME_AFTER_KICKER = "أحمد حسن"
DATE_LINE = "الثلاثاء 14 ماي 2024 - 18:30"

# Shaped on: the rule kicker_word was written looking at these.
TUNE_NAMES = [
    "جمال الخطيب",
    "جمال عبد الناصر",
    "كريم بنعلي",
    "كريم الشاذلي",
    "سلامة كيلة",
    "سعيد الحمد",
    "أمين الزاوي",
    "نبيل الجبوري",
    "جميل مطر",
    "كمال الهلباوي",
    "عادل النجار",
    "نور الدين الخطيب",
    "هدى الحسيني",
    "إيمان القحطاني",
    "صفاء الراوي",
    "ضياء رشوان",
    "سلطان الجابر",
    "فارس الخوري",
    "باسم يوسف",
    "ربيع بركات",
    "هلال الحجري",
    "بدر الدين حسن",
    "جهاد الخازن",
    "نضال حمد",
    "انتصار الدردير",
    "رجاء النقاش",
    "منصور المعايطة",
    "ناصر الطراونة",
    "شريف عامر",
    "حكيم الزعبي",
    "رشيد الخيون",
    "فريد زهران",
    "مختار الشنقيطي",
    "سالم الكعبي",
    "صالح القلاب",
    "منير شفيق",
    "وحيد عبد المجيد",
    "عزيز الحاج",
    "مجد كيال",
    "وعد الأحمد",
    "ولاء الشمري",
    "إلهام المانع",
    "بشرى المقطري",
    "زهرة المرابط",
    "حنان عشراوي",
    "سعاد الصباح",
    "أيمن الصفدي",
    "يوسف العبادلة",
    "محمد الحباشنة",
    "رنا النوايسة",
    "ماجد الخرابشة",
    "سهى الطراونة",
    "جمال الحداد",
    "كريم الخياط",
    "سامي العطار",
    "أحمد جمعة",
    "ليلى العبيدات",
    "صلاح الدين الجورشي",
    "عبد الإله بلقزيز",
    "رياض الريس",
]
TUNE_KICKERS = [
    "جمال الطبيعة",
    "جمال الطبيعة الساحرة",
    "كريم الأخلاق",
    "سلامة المرضى",
    "سلامة الغذاء",
    "انتصار المقاومة",
    "نضال المعلمين",
    "باسم الشعب",
    "ربيع العرب",
    "ربيع الثقافة",
    "نور الحياة",
    "إيمان الشباب",
    "صفاء النية",
    "ضياء الشمس",
    "رجاء المودعين",
    "كمال الأجسام",
    "سعيد الحظ",
    "كامل الأوصاف",
    "رياض الأطفال",
    "مختار القرية",
    "فارس الكلمة",
    "أمين المكتبة",
    "جميلة الجميلات",
    "ولاء الموظفين",
    "بشرى للمتقاعدين",
    "إلهام الشعراء",
    "مجد الأمة",
    "كرم الضيافة",
    "صالح للاستهلاك",
    "سلامة للجميع",
    "كريم يعود",
    "جمال يتألق",
    "سالم يفوز",
    "سعيد ينتظر",
    "نور الإيمان",
    "جهاد المرأة",
    "هلال رمضان",
    "عادل الأحكام",
    "شريف الأخلاق",
    "حكيم الأمة",
    "صابر للأبد",
    "منير الطرقات",
    "أمين الخزينة",
    "ناصر المظلومين",
    "فريد عصره",
    "كمال الأوصاف",
    "عزيز النفس",
    "وعد الحكومة",
    "زهرة الربيع",
    "بدر البدور",
    "جميل الصنع",
    "نبيل المقاصد",
    "هادي الأمواج",
    "صادق الوعد",
    "رشيد الإنفاق",
    "حافظ الذاكرة",
    "فتحي للتجارة",
    "عماد الاقتصاد",
    "ماجد الإنجازات",
    "سلطان الطرب",
]
# Held out: written after the rule, never tuned on.
HELD_OUT_NAMES = [
    "جمال سليمان",
    "كريم الحسيني",
    "سلامة العبيدي",
    "سعيد ناشيد",
    "أمين معلوف",
    "نبيل فهمي",
    "جميل السلحوت",
    "كمال داود",
    "عادل الطريفي",
    "نور الهدى زكي",
    "هدى بركات",
    "إيمان مرسال",
    "صفاء ذياب",
    "ضياء الدين داود",
    "سلطان القاسمي",
    "فارس بن حزام",
    "باسم الجسر",
    "ربيع جابر",
    "هلال خشان",
    "بدر الإبراهيم",
    "جهاد الزين",
    "نضال منصور",
    "انتصار البنا",
    "رجاء بن سلامة",
    "منصور الجمري",
    "ناصر الظاهري",
    "شريف الشوباشي",
    "حكيم بن حمودة",
    "رشيد نيني",
    "فريد الأنصاري",
    "مختار الدبابي",
    "سالم المسكيني",
    "صالح العزاز",
    "منير الماوري",
    "وحيد حامد",
    "عزيز محمد",
    "مجد الزعبي",
    "وعد السعدي",
    "ولاء خليل",
    "إلهام شاهين",
    "بشرى الشامي",
    "زهرة زيراوي",
    "حنان البدري",
    "سعاد العامري",
    "أيمن الشوبكي",
    "يوسف الروابدة",
    "محمد البطاينة",
    "رنا الرواشدة",
    "ماجد الشرايعة",
    "سهى الحوامدة",
    "جمال العطار",
    "كريم الجزار",
    "سامي الدباغ",
    "أحمد عكاشة",
    "ليلى الحديدات",
    "علاء الدين حسن",
    "عبد الرؤوف الخطيب",
    "رياض نجيب الريس",
    "منى الشاذلي",
    "هشام السعدون",
    "طارق الشاهين",
    "خالد المحاسنة",
    "عمر القضاة",
    "تامر أمين",
    "يحيى الكبيسي",
    "مصطفى بكري",
    "أسماء الغول",
]
HELD_OUT_KICKERS = [
    "جمال الصحراء",
    "جمال الخط العربي",
    "كريم للنازحين",
    "سلامة الطيران",
    "سلامة المرور",
    "انتصار الإرادة",
    "نضال العمال",
    "باسم القانون",
    "ربيع الحرية",
    "نور الشمس",
    "إيمان بالمستقبل",
    "صفاء الذهن",
    "ضياء القمر",
    "رجاء الشعب",
    "كمال الخدمات",
    "سعيد بالفوز",
    "كامل الدسم",
    "رياض الشباب",
    "مختار المدينة",
    "فارس الأحلام",
    "أمين السر",
    "جميلة العرب",
    "ولاء المواطنين",
    "بشرى للموظفين",
    "إلهام المبدعين",
    "مجد الرياضة",
    "كرم الأهالي",
    "صالح للشرب",
    "سلامة الأطفال",
    "كريم يتألق",
    "جمال يعود",
    "سالم يتأهل",
    "سعيد يحتفل",
    "نور المعرفة",
    "جهاد التعليم",
    "هلال شوال",
    "شريف المنافسة",
    "حكيم الملاعب",
    "صابر على الغلاء",
    "منير الدروب",
    "أمين الصندوق",
    "ناصر الضعفاء",
    "فريد نوعه",
    "كمال الصورة",
    "عزيز القوم",
    "وعد الانتخابات",
    "زهرة الخريف",
    "بدر السماء",
    "جميل الطبيعة",
    "نبيل الأخلاق",
    "هادي البحر",
    "صادق التعازي",
    "رشيد الاستهلاك",
    "حافظ الأمانة",
    "عماد البيت",
    "ماجد المستقبل",
    "سلطان الكلمة",
    "هدى المسافرين",
    "رحاب الجامعة",
    "غادة الكاميليا",
    "سهام النقد",
    "أمين عام الحزب",
    "شادي الألحان",
    "مؤمن بالقضية",
    "زين الشباب",
    "باسل الملاعب",
]


# Held out again: written before [lines] common_noun_zipf and family_name_zipf were set (on the two halves above):
# family names of Jordan's tribes and those that are common words, kickers of a given name and a plain noun. Not
# blind to everything: [words] common_family_names was written at the same sitting, and "الله" joined
# compound_name_ends when the first run lost "سمير عطا الله".
FRESH_NAMES = [
    "منذر العتوم",
    "هاني الخصاونة",
    "فيصل المعايطة",
    "رنا الحباشنة",
    "نادية العجارمة",
    "خالد الزيود",
    "محمد الشوابكة",
    "سلمى الربضي",
    "عمر الرزاز",
    "هالة السعيد",
    "محمود السيد",
    "أحمد الشيخ",
    "ياسر المصري",
    "حسن الصغير",
    "مروة الجمل",
    "سامح شكري",
    "نبيل العربي",
    "طارق العلي",
    "سعد الحريري",
    "عادل إمام",
    "منى زكي",
    "ريم البنا",
    "زياد الرحباني",
    "رامي مخلوف",
    "عماد الدين أديب",
    "نور الدين المهدي",
    "إيمان البحر درويش",
    "هشام جعيط",
    "يوسف الشاهد",
    "رشيد الغنوشي",
    "ليلى بن علي",
    "عبير موسي",
    "صالح المحمود",
    "مريم الصادق المهدي",
    "فاطمة ناعوت",
    "أنس الشريف",
    "وائل الدحدوح",
    "شيرين أبو عاقلة",
    "جيهان الحكيم",
    "سمير عطا الله",
]
FRESH_KICKERS = [
    "سمير الأخبار",
    "نور العيون",
    "أمين المال",
    "سعيد الذكر",
    "كريم النسب",
    "جميل الأثر",
    "رياض القلوب",
    "سلامة الحجاج",
    "نضال الطلاب",
    "جهاد النفس",
    "هلال العيد",
    "بدر التمام",
    "فارس الميدان",
    "صفاء القلوب",
    "ضياء الصباح",
    "رجاء الأمهات",
    "كمال اللياقة",
    "عادل الضرائب",
    "شريف الرياضة",
    "حكيم العائلة",
    "منير الحدائق",
    "عزيز الوطن",
    "وعد الشتاء",
    "زهرة المدائن",
    "جميلة الشاشة",
    "نبيل الكتب",
    "هادي الطرق",
    "صادق الكلام",
    "رشيد الطاقة",
    "حافظ القرآن",
    "عماد الدولة",
    "ماجد الملعب",
    "سلطان المطبخ",
    "هدى الحجاج",
    "مؤمن الفريق",
    "زين الأسواق",
    "باسل الحلبة",
    "غادة البحر",
    "سهام الموت",
    "أمين الشرطة",
]


# Writers whose given name [words] given_names lacks, and kickers without a given name, whose words may be as rare
# (the rule's other way to a name: metadata._unlisted_given_name). The first half was looked at while the rule was
# written; the second was written before it first ran, and not tuned on.
UNLISTED_TUNE_NAMES = [
    "عون الخطيب",
    "معتصم الشوبكي",
    "مؤيد اللامي",
    "رأفت الغانم",
    "أنيس منصور",
    "لبيب قمحاوي",
    "عزمي بشارة",
    "نزيه الأحدب",
    "ثروت الخرباوي",
    "بهاء طاهر",
    "مشاري الذايدي",
    "راشد الغنوشي",
    "صهيب عنجريني",
    "مهيب البرغوثي",
    "أسعد أبو خليل",
]
UNLISTED_TUNE_KICKERS = [
    "أسعار النفط",
    "طقس اليوم",
    "تحليل اقتصادي",
    "حوار خاص",
    "ملف الأسبوع",
    "رأي حر",
    "موسم الحصاد",
    "أزمة الخبز",
    "كأس العالم",
    "انتخابات البلدية",
    "تغطية مستمرة",
    "قراءة تحليلية",
    "نافذة ثقافية",
    "دير الزور",
    "شرم الشيخ",
]
UNLISTED_HELD_OUT_NAMES = [
    "عون الشمايلة",
    "معتصم الرفاعي",
    "منتصر الزيات",
    "رامز جلال",
    "أيهم السهلي",
    "نصري الصايغ",
    "فهمي هويدي",
    "خيري منصور",
    "حلمي النمنم",
    "زاهي حواس",
    "سميح القاسم",
    "عزام الأحمد",
    "وضاح خنفر",
    "بسمة النسور",
    "ديمة طهبوب",
    "لانا مامكغ",
    "جومانا حداد",
    "نسيم الخوري",
    "هاشم صالح",
    "كاظم الساهر",
]
UNLISTED_HELD_OUT_KICKERS = [
    "أخبار محلية",
    "نشرة الأخبار",
    "متابعة خاصة",
    "سوق الأسهم",
    "أسواق المال",
    "الدوري المصري",
    "بطولة آسيا",
    "زيارة رسمية",
    "قمة الرياض",
    "مفاوضات فيينا",
    "صندوق النقد",
    "عيد الأضحى",
    "معرض الكتاب",
    "حرائق الغابات",
    "موجة حارة",
    "صحة المرأة",
    "عالم التقنية",
    "أبو ظبي",
    "بيت لحم",
    "رام الله",
]


def composed(names: list[str], kickers: list[str]) -> list[tuple[list[str], str | None, str]]:
    """([line], the byline it should give, "name" or "kicker"), each name and kicker in the next shape in turn."""
    cases = [([NAME_SHAPES[i % len(NAME_SHAPES)].format(name)], name, "name") for i, name in enumerate(names)]
    for i, kicker in enumerate(kickers):
        shape = KICKER_SHAPES[i % len(KICKER_SHAPES)]
        cases.append(([shape.format(kicker)], NAME_AFTER_KICKER if "أحمد حسن" in shape else None, "kicker"))
    return cases


def over_date(names: list[str], kickers: list[str]) -> list[tuple[list[str], str | None, str]]:
    """Each name and kicker alone on its line over the date line (rule name_over_date)."""
    return [([name, DATE_LINE], name, "name") for name in names] + [
        ([kicker, DATE_LINE], None, "kicker") for kicker in kickers
    ]


def score(cases: list[tuple[list[str], str | None, str]], show: bool) -> tuple[int, int, int, int]:
    """(names lost, names, kickers taken for a byline, kickers), each case's lines under the headline."""
    lost = false = 0
    for header, expected, kind in cases:
        found = clean(article_text(after_title=header)).byline
        if found == expected:
            continue
        if kind == "name":
            lost += 1
        else:
            false += 1
        if show:
            print(f"  {kind:6} {' / '.join(header)!r}: byline {found!r}, expected {expected!r}")
    names = sum(kind == "name" for *_, kind in cases)
    return lost, names, false, len(cases) - names


def seed_bylines() -> tuple[int, int, list[str]]:
    """(seeds whose byline holds their gold byline line's name, seeds with a gold byline line, what was found)."""
    right = total = 0
    found = []
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        gold = json.loads((SHARED / "seeds" / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
        byline_lines = [line["text"] for line in gold["lines"] if line["label"] == "byline"]
        byline = clean(path.read_text(encoding="utf-8")).byline
        found.append(f"{path.name}: {byline!r} (gold lines {byline_lines!r})")
        if byline_lines:
            total += 1
            right += bool(byline) and any(byline in line for line in byline_lines)
    return right, total, found


def devdata_bylines() -> list[str]:
    found = []
    with tempfile.TemporaryDirectory() as scratch:
        config = Config(Path(scratch), "ar")
        for path in sorted((SHARED / "devdata" / "text").glob("*.txt")):
            article = clean(path.read_text(encoding="utf-8"))
            found.append(f"{path.name}: {article.byline!r} ({article.provenance.get('byline')})")
        for path in sorted((SHARED / "devdata" / "html").glob("*.html")):
            article = clean_file(path, path.read_bytes(), config)
            found.append(f"{path.name}: {article.byline!r} ({article.provenance.get('byline')})")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", action="store_true", help="print every composed line the cleaner gets wrong")
    args = parser.parse_args()
    for label, names, kickers in [
        ("tuned on", TUNE_NAMES, TUNE_KICKERS),
        ("held out", HELD_OUT_NAMES, HELD_OUT_KICKERS),
        ("held out again", FRESH_NAMES, FRESH_KICKERS),
        ("unlisted given names, tuned on", UNLISTED_TUNE_NAMES, UNLISTED_TUNE_KICKERS),
        ("unlisted given names, held out", UNLISTED_HELD_OUT_NAMES, UNLISTED_HELD_OUT_KICKERS),
    ]:
        lost, total_names, false, total_kickers = score(composed(names, kickers), args.lines)
        print(f"{label}: names lost {lost} of {total_names}, kickers taken for a byline {false} of {total_kickers}")
        lost, total_names, false, total_kickers = score(over_date(names, kickers), args.lines)
        print(f"  over the date line: names lost {lost} of {total_names}, kickers taken {false} of {total_kickers}")
    right, total, seeds = seed_bylines()
    print(f"seeds: byline right on {right} of {total} with a gold byline line")
    for line in seeds:
        print(f"  {line}")
    print("devdata bylines:")
    for line in devdata_bylines():
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
