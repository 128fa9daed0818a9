"""Every threshold, tag list and word list of the HTML reader, in one place, each with the reason it exists.

The line rules that run after extraction keep their own settings; these only shape what the page hands them.
"""

from __future__ import annotations

# trafilatura's balanced mode. Measured on the eight devdata pages (bench/clean.py): favor_recall found the
# same text as the default on all eight, favor_precision dropped only chrome on one page (a dateline and a
# photo caption, which the line rules explain anyway). The default never loses body text the others find.
EXTRACTION_FOCUS = "balanced"  # "precision" | "balanced" | "recall"
# Old Arabic CMSs lay the article out in a table: without table mode trafilatura deletes every table and
# with it the body (tests/clean/test_html_hostile.py has such a page). Each cell becomes its own block.
INCLUDE_TABLES = True

# Elements whose text is never content, removed from the page (their tail text stays) once the metadata is
# read and before anything looks for text: trafilatura alone lets <template> content through.
NON_CONTENT_TAGS = ("script", "style", "noscript", "template", "iframe", "textarea", "svg", "object", "embed", "canvas")

# --- lead recovery -----------------------------------------------------------------------------------------
# Publishers put the standfirst in a separate box (Sputnik's `b-article__lead`) that extractors skip as
# chrome. The page's own description tells us its text; when the extracted body lacks it, we look for it.
# How many characters of the description must match the start of the page element: enough that a shared
# opening phrase ("قال الرئيس") is not mistaken for the lead, short enough to survive a truncated description.
LEAD_PROBE_CHARS = 60
# Descriptions shorter than this are a slogan or the site name (akhbarelyom's is "بوابة أخبار اليوم"), not a lead.
MIN_LEAD_DESCRIPTION_CHARS = 40
# A lead is a paragraph or two; a matching container longer than this holds the whole article, and only the
# matching text run is taken from it.
MAX_LEAD_CHARS = 1500
# Block-level tags that can hold a lead; the search climbs from the matching text run to the nearest of them.
LEAD_CONTAINER_TAGS = ("p", "div", "section", "h2", "h3", "h4", "li", "td", "blockquote", "article", "span")

# --- captions ----------------------------------------------------------------------------------------------
# Class or id fragments of the boxes that hold a picture and its caption (lower-case substring match).
CAPTION_BOX_TOKENS = ("caption", "figure", "photo", "image", "img", "picture", "gallery", "credit")
# A caption box with more text than this is a layout wrapper around the article, not a caption.
MAX_CAPTION_CHARS = 300

# --- metadata ----------------------------------------------------------------------------------------------
# Separators between a headline and the site name in <title> and og:title ("… - اليوم السابع", "… | Site").
TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " :: ", " « ", " » ", " · ")
# JSON-LD types that describe the article itself (schema.org); a page's graph also holds the site, the
# breadcrumb and the organization.
ARTICLE_TYPES = (
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BlogPosting",
    "WebPage",
)
# <meta> names and properties that carry the publication date, best first. article:published_time is the
# Open Graph standard; the rest are what CMSs in the wild write.
DATE_META_KEYS = (
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "dc.date.issued",
    "dc.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
)
# Class fragments of elements that print the date in the page ("تم نشره الجمعة 24 نيسان / أبريل 2020"). Only
# boxes after the headline count: the site header prints today's date before it.
DATE_BOX_TOKENS = ("date", "time", "created", "publish")
# A date box longer than this is a paragraph that happens to contain a date, not the date line.
MAX_DATE_BOX_CHARS = 120
# Month names as Arabic news prints them: Egyptian/Gulf (transliterated) and Levantine/Iraqi (Syriac) names,
# with the spelling variants seen in the wild, and English. Multi-word names are matched before single words.
MONTH_NAMES = {
    1: ("يناير", "كانون الثاني", "January", "Jan"),
    2: ("فبراير", "شباط", "February", "Feb"),
    3: ("مارس", "آذار", "اذار", "March", "Mar"),
    4: ("أبريل", "ابريل", "إبريل", "نيسان", "April", "Apr"),
    5: ("مايو", "أيار", "ايار", "May"),
    6: ("يونيو", "يونيه", "حزيران", "June", "Jun"),
    7: ("يوليو", "يوليه", "تموز", "July", "Jul"),
    8: ("أغسطس", "اغسطس", "آب", "August", "Aug"),
    9: ("سبتمبر", "أيلول", "ايلول", "September", "Sep"),
    10: ("أكتوبر", "اكتوبر", "تشرين الأول", "تشرين الاول", "October", "Oct"),
    11: ("نوفمبر", "تشرين الثاني", "November", "Nov"),
    12: ("ديسمبر", "كانون الأول", "كانون الاول", "December", "Dec"),
}
# Pages before the web or after next year are misread numbers (a phone number, an article id).
MIN_YEAR = 1995
# <meta> names that carry the author, best first. They come after the byline printed in the page: CMSs fill
# them with the site's name or the web developer's.
AUTHOR_META_KEYS = ("author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author")
# Class fragments of elements that print the byline (youm7's "writeBy", akhbarelyom's "post-meta-author").
# Only boxes after the headline count: before it sit the site's lists of columnists.
BYLINE_BOX_TOKENS = ("author", "byline", "writer", "writeBy")
# A byline box with more child elements than this is an author card or a list, not a name.
MAX_BYLINE_BOX_CHILDREN = 3
# A byline is a name or two with a role or city; longer text is a biography or a paragraph.
MAX_BYLINE_CHARS = 80
# Words that open a byline in Arabic and English news ("بقلم: فلان", "كتبت فلانة"); stripped from the name.
BYLINE_OPENERS = ("بقلم الكاتب", "بقلم", "كتبت", "كتب", "By")
# Credits that sit where a byline would and are not one (akhbarelyom's dc.creator is "Developed By …").
NOT_BYLINE_WORDS = ("developed by", "powered by", "designed by", "design by", "copyright", "©", "جميع الحقوق")

# --- language ----------------------------------------------------------------------------------------------
# Letters Persian and Urdu add to the Arabic script; Arabic text does not use them.
PERSIAN_URDU_LETTERS = "پچژگکی"
URDU_ONLY_LETTERS = "ےٹڈڑںہ"
# Share of Arabic-script letters that must be Persian/Urdu letters before the page counts as Persian or Urdu:
# a loanword or a name in Persian spelling on an Arabic page stays far below it; in Persian, ی and ک alone
# are several percent of all letters.
MIN_PERSIAN_LETTER_SHARE = 0.02
# Share of letters in one script above which the script decides the language (a page in Arabic that declares
# lang="en-US", as Beirut Observer's theme does, is still Arabic).
MIN_SCRIPT_SHARE = 0.6
# Languages written in the Arabic or Han script: a declaration of one of these is believed when the text's
# script agrees.
ARABIC_SCRIPT_LANGUAGES = ("ar", "fa", "ur", "ps", "ku", "ckb", "sd", "ug")
HAN_SCRIPT_LANGUAGES = ("zh", "ja")
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "fa": "Persian",
    "ur": "Urdu",
    "ps": "Pashto",
    "ku": "Kurdish",
    "ckb": "Central Kurdish",
    "zh": "Chinese",
    "ja": "Japanese",
    "en": "English",
    "fr": "French",
    "tr": "Turkish",
    "he": "Hebrew",
    "ru": "Russian",
}
