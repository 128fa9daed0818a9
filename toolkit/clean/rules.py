"""Named line rules in a priority registry, and `clean_lines`, the one entry point of both input modes.

Each rule looks at one line in its context (position, neighbours, the headline, the body zone, corpus
evidence) and returns a label, or None to pass the line on. Rules run from the highest priority down and
the first label wins; the rule's name is what `--explain` shows for a removed line.

The labels are the gold labels of ../shared/seeds: title, date, byline, body, heading, lead, caption,
attribution, boilerplate.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import pairwise
from typing import Literal

from toolkit.clean.corpus import CorpusEvidence
from toolkit.clean.language import language_mismatch, persian_or_urdu
from toolkit.clean.layout import (
    FURNITURE_KINDS,
    LAYOUT_STEPS,
    Layout,
    LayoutStep,
    Line,
    Mode,
    find_layout,
    line_facts,
    repeated_share,
    stems_of,
)
from toolkit.clean.lines import SourceLine
from toolkit.clean.metadata import (
    CleanTitle,
    PlacedName,
    SiteEvidence,
    byline_name,
    copyright_holders,
    is_declared_name,
    is_own_dateline,
    is_source_line,
    is_writer_name,
    name_before_date,
    parse_dateline,
    placed_name,
    signs_as_byline,
    standalone_dateline,
    strip_site_name,
)
from toolkit.clean.patterns import Patterns, script_patterns
from toolkit.clean.registry import Registry
from toolkit.clean.settings import CleanSettings, LineThresholds
from toolkit.clean.text import normalize
from toolkit.model import Article, Block, RemovedLine
from toolkit.scripts import language_letters, primary_language, script_letters

# What --explain names the page text an HTML extractor did not take for the article.
EXTRACTOR_LEFT_OUT = "extractor: not main content"

Label = Literal["title", "date", "byline", "body", "heading", "lead", "caption", "code", "attribution", "boilerplate"]


@dataclass(frozen=True)
class MetadataHints:
    """What an HTML page's head says about the article; None for raw text."""

    title: str | None = None
    date: str | None = None
    byline: str | None = None
    outlet: str | None = None
    language: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)
    left_out: tuple[RemovedLine, ...] = ()  # the page's visible text its extractor did not take for the article
    url: str | None = None  # the article's own address, as the page gives it
    sections: frozenset[str] = frozenset()  # the site's sections the page links to, normalised


@dataclass(frozen=True)
class Context:
    lines: tuple[Line, ...]
    layout: Layout
    limits: LineThresholds
    patterns: Patterns
    corpus: CorpusEvidence | None
    first_seen: dict[str, int]  # normalised text -> index of its first occurrence
    # Whether a text is a name the page gives its site (og:site_name; metadata.is_declared_name); raw text has none.
    is_site_name: Callable[[str], bool] = lambda text: False
    sections: frozenset[str] = frozenset()  # MetadataHints.sections

    def previous(self, line: Line) -> Line | None:
        return self.lines[line.index - 1] if line.index > 0 else None

    def next(self, line: Line) -> Line | None:
        return self.lines[line.index + 1] if line.index + 1 < len(self.lines) else None

    @cached_property
    def key_counts(self) -> Counter[str]:
        """How many times each normalised line is on the page."""
        return Counter(line.key for line in self.lines)

    @cached_property
    def body_word_pairs(self) -> dict[int, frozenset[tuple[str, str]]]:
        """The pairs of neighbouring words of each line of the body, by the line's index (rule pull_quote)."""
        return {line.index: frozenset(_word_pairs(line.key)) for line in self.lines if self.layout.in_body(line.index)}


def _word_pairs(key: str) -> list[tuple[str, str]]:
    """A text's pairs of neighbouring words, its punctuation and quote marks aside."""
    words = _WORD.findall(key)
    return list(pairwise(words))


_WORD = re.compile(r"\w+")


Rule = Callable[[Line, Context], "Label | None"]


# --- position --------------------------------------------------------------------------------------------


def headline(line: Line, context: Context) -> Label | None:
    return "title" if line.index == context.layout.title else None


def duplicate_title(line: Line, context: Context) -> Label | None:
    """The headline again (a page title above the h1, the headline in a share bar)."""
    title = context.layout.title
    if title is None or line.index <= title:
        return None
    return "boilerplate" if line.key == context.lines[title].key else None


def header_date(line: Line, context: Context) -> Label | None:
    return "date" if line.date and context.layout.in_header(line.index) else None


def closing_date(line: Line, context: Context) -> Label | None:
    """A date line just after the body ("نشر بتاريخ ..."), on pages with none under the headline."""
    layout = context.layout
    if not line.date or layout.header_dated:
        return None
    return "date" if layout.in_closing(line.index, context.limits.attribution_window) else None


def byline(line: Line, context: Context) -> Label | None:
    """ "بقلم: ...", "Von Anna Schmidt", "By our staff correspondent" between the headline and the body, or just
    after the body, when the words after the byline word can be a name (metadata.signs_as_byline): "By the
    Numbers" is a heading, "By checking out, you agree" a form's sentence."""
    layout = context.layout
    near = layout.in_header(line.index) or layout.in_closing(line.index, context.limits.attribution_window)
    return "byline" if near and signs_as_byline(line.text, line.words, context.patterns, context.limits) else None


def placed_byline(line: Line, context: Context) -> Label | None:
    """ "عمّان: رنا القاسم", "القاهرة - محمد علي", "غزة/ أحمد حسن" between the headline and the body: a
    correspondent's story signed with the dispatch's place and the writer's name, no byline word
    (metadata.placed_name). The byline, its name shown, the place the dateline's."""
    if not _signed_shape(line, context):
        return None
    return "byline" if placed_name(line.text, context.patterns, context.limits) else None


def _signed_shape(line: Line, context: Context) -> bool:
    """Whether the line can be a story's signature of a place and a name (placed_byline), or a kicker shaped as
    one (kicker): a short line between the headline and the body that is no furniture, date or sentence."""
    return (
        context.layout.in_header(line.index)
        and line.words <= context.limits.byline_max_words
        and not (line.furniture or line.date or line.ends_stop)
    )


def name_over_date(line: Line, context: Context) -> Label | None:
    """A writer's name alone on its line between the headline and the body, just above the date line ("كريم
    الودغيري" over "الثلاثاء 14 ماي 2024 - 18:30"): a byline box's two lines as a page's text prints them. A name as
    metadata.is_writer_name tells one outside a byline box (a given name first, no noun's or verb's word after it:
    "جمال الطبيعة" over a date is a kicker)."""
    if not context.layout.in_header(line.index) or line.furniture or line.date or line.ends_stop:
        return None
    below = context.next(line)
    if below is None or below.date is None:
        return None
    return "byline" if is_writer_name(line.text, context.patterns, context.limits) else None


def kicker(line: Line, context: Context) -> Label | None:
    """A line under the headline shaped as the dispatch's place and a writer's name that names no writer: the name
    does not open with a given name ("بيروت: ارتفاع الأسعار") or has a noun's or a verb's word after it ("بيروت: جمال
    الطبيعة", "دمشق - كريم يعود"; metadata.noun_shaped_words). The story's kicker, not its byline; in a page's byline
    box, which says it is a byline, the same line would be one (placed_name `in_byline`). Raw text only, where it
    says why the header's line goes: HTML mode keeps the kickers its extractor takes for the article."""
    if not _signed_shape(line, context):
        return None
    patterns, limits = context.patterns, context.limits
    if placed_name(line.text, patterns, limits) is not None:
        return None
    return "boilerplate" if placed_name(line.text, patterns, limits, in_byline=True) is not None else None


def editor_credit(line: Line, context: Context) -> Label | None:
    """ "责任编辑：李华", "تحرير: ...", "Edited by ...": who edited or checked the text is the desk's credit, not the
    byline; "إعداد: ..." after the body too (above it, the byline rule takes it)."""
    if line.words > context.limits.byline_max_words:
        return None
    patterns, layout = context.patterns, context.layout
    if patterns.editor_credit.match(line.key):
        return "boilerplate"
    after_body = layout.in_closing(line.index, context.limits.attribution_window)
    return "boilerplate" if after_body and patterns.credit_after_body.match(line.key) else None


def source_attribution(line: Line, context: Context) -> Label | None:
    """ "المصدر: ...", "--(بترا)" in the body or just after it: where the story came from (metadata.is_source_line:
    "المصدر نفسه أكد أن ..." is a sentence). A line the page's markup makes a heading names a source only with
    the source word's colon or dash: "<h2>المصادر المفتوحة</h2>" is a subheading of the article."""
    layout, limits = context.layout, context.limits
    if line.index < layout.body_start or line.index - layout.footer_start > limits.attribution_window:
        return None
    if line.words > limits.attribution_max_words:
        return None
    labelled_only = line.hint == "heading"
    source = is_source_line(line.key, context.patterns, limits.source_name_max_words, labelled_only=labelled_only)
    return "attribution" if source else None


def dated_source(line: Line, context: Context) -> Label | None:
    """A date and where the story came from on one line ("2024-02-18 المصدر: بترا", "(واس) - ١٨ فبراير ٢٠٢٤")
    after the headline, up to the source lines' window past the body: a date line whose source is attribution
    too (metadata.dated_source); with a date the cleaner cannot read (a Hijri date alone), the whole line is
    attribution. Neither is the article's text, wherever the page or its extractor put it."""
    layout = context.layout
    if line.cited_source is None or (layout.title is not None and line.index < layout.title):
        return None
    if line.index - layout.footer_start > context.limits.attribution_window:
        return None
    return "date" if line.date else "attribution"


def dateline(line: Line, context: Context) -> Label | None:
    """A dispatch's dateline alone on a line between the headline and the body: "(أبوظبي - البيان)", "الرياض واس",
    "الدوحة - قنا", "(أ ف ب)": the article's attribution, its agency the outlet (metadata.standalone_dateline)."""
    if not context.layout.in_header(line.index) or line.furniture:
        return None
    found = standalone_dateline(line.text, context.patterns, context.limits.dateline_agency_max_words)
    return "attribution" if found else None


def section_label(line: Line, context: Context) -> Label | None:
    """HTML: the section's name the page prints beside the headline ("تقارير", "مقالات رأي", "Opinion"), a link of
    its menus or breadcrumb or the section its head declares (MetadataHints.sections): the site's, not the
    article's. Only next to the headline, at most [title] site_name_max_words words (what a section's name is
    taken at): elsewhere the same words are a subheading, and so is a heading of the markup's own ("Introduction"
    under the headline of a page whose table of contents links to it)."""
    title = context.layout.title
    if title is None or abs(line.index - title) != 1 or line.hint == "heading":
        return None
    return "boilerplate" if line.key in context.sections else None


def own_dateline(line: Line, context: Context) -> Label | None:
    """A dispatch's dateline naming the outlet itself alone on a line between the headline and the body ("عمّان -
    رؤيا", "طرابلس - بوابة الوسط": the place and the name the page gives its site, metadata.is_own_dateline): the
    article's attribution, as an agency's dateline is (rule dateline), not its first paragraph. A page saved as text
    names its site in its copyright notice ("© 2024 عنب بلدي. جميع الحقوق محفوظة": _notice_holders)."""
    return "attribution" if line.own_dateline and context.layout.in_header(line.index) else None


def disclaimer(line: Line, context: Context) -> Label | None:
    """The site's disclaimer after an opinion piece ("إن الآراء المذكورة في هذه المقالة لا تعبّر بالضرورة عن رأي
    الميادين ...", "The views expressed ... do not necessarily reflect ..."; [words] disclaimer): the article's last
    paragraph or a line after it, never the article's, though it is a sentence as long as a paragraph."""
    if line.index < context.layout.footer_start or line.words > context.limits.disclaimer_max_words:
        return None
    return "boilerplate" if context.patterns.disclaimer.search(line.key) else None


def author_box(line: Line, context: Context) -> Label | None:
    """The writer's box after an opinion column, as a page's text prints it: the writer's name again on a line of
    its own, over a short paragraph on who they are that opens with their role ("كاتب وصحفي سوري، يكتب في ...";
    [words] writer_roles), or that paragraph opening with the name ("سامر القطريب كاتب ...") or with a note's
    asterisk ("* أستاذ العلوم السياسية ..."). The name is one under the headline; a paragraph that opens with a
    role after no such name is the article's ("أستاذ العلوم السياسية حسن نافعة يرى أن ..."), and so is such a
    note with more of the article after it (a bulleted expert's words, a profile's paragraph on its subject)."""
    if line.index <= context.layout.header_end:
        return None
    if _writer_note(line, context) and _ends_the_article(line, context):
        return "boilerplate"
    below = context.next(line)
    named = (
        below is not None
        and _writer_name_again(line, context)
        and _writer_note(below, context)
        and _ends_the_article(below, context)
    )
    return "boilerplate" if named else None


def _ends_the_article(line: Line, context: Context) -> bool:
    """Whether none of the body's paragraphs (its anchors) comes after the line."""
    layout = context.layout
    return not any(line.index < index <= layout.body_end for index in layout.anchors)


def _header_keys(context: Context) -> list[str]:
    layout = context.layout
    top = -1 if layout.title is None else layout.title
    short = context.limits.byline_max_words
    return [other.key for other in context.lines[top + 1 : layout.header_end] if other.words <= short]


def _writer_name_again(line: Line, context: Context) -> bool:
    """A name's short line that a line under the headline holds (its byline, "بقلم: سامر القطريب", or the name)."""
    if not 2 <= line.words <= context.limits.placed_name_max_words + 1 or line.ends_stop:
        return False
    return any(line.key in key for key in _header_keys(context))


def _writer_note(line: Line, context: Context) -> bool:
    if line.words > context.limits.bio_max_words:
        return False
    if line.text.startswith("*"):
        return _opens_with_role(normalize(line.text.lstrip("* ")).split(), context.patterns)
    words = line.key.split()
    above = context.previous(line)
    if above is not None and _writer_name_again(above, context) and _opens_with_role(words, context.patterns):
        return True
    headers = _header_keys(context)
    return any(
        " ".join(words[:length]) in key and _opens_with_role(words[length:], context.patterns)
        for length in range(2, context.limits.placed_name_max_words + 2)
        for key in headers
    )


def _opens_with_role(words: list[str], patterns: Patterns) -> bool:
    first = words[0].strip(":،,-–") if words else ""
    return first in patterns.writer_roles or (first.startswith("ال") and first[2:] in patterns.writer_roles)


def before_title(line: Line, context: Context) -> Label | None:
    title = context.layout.title
    return "boilerplate" if title is not None and line.index < title else None


def after_body(line: Line, context: Context) -> Label | None:
    return "boilerplate" if line.index > context.layout.body_end else None


# What opens a footnote: its mark, in superscript digits ("¹ بحسب ...") or a number in square brackets ("[2] ...").
_NOTE_MARK = re.compile(r"\s*([\u00b9\u00b2\u00b3\u2070-\u2079]+|\[\d{1,3}\])\s*\S")


def footnote(line: Line, context: Context) -> Label | None:
    """After the body, a note whose mark the body carries ("... سنوياً¹" above, "¹ بحسب قراءات ..." below), as a
    text pasted from Word or a PDF ends: the article's own note, kept, where after_body took it for the page's
    footer and left the body's mark pointing at nothing."""
    layout = context.layout
    mark = _NOTE_MARK.match(line.text) if line.index > layout.body_end else None
    if mark is None:
        return None
    body = context.lines[layout.body_start : layout.body_end + 1]
    return "body" if any(mark[1] in other.text for other in body) else None


def page_furniture(line: Line, context: Context) -> Label | None:
    """A printed page's running header, footer or number in text taken from a PDF (text.paged)."""
    return "boilerplate" if line.hint == "page" else None


def header_furniture(line: Line, context: Context) -> Label | None:
    """Between the headline and the body: breadcrumbs, section names, widgets."""
    return "boilerplate" if context.layout.in_header(line.index) else None


# --- what the line is ------------------------------------------------------------------------------------


def not_prose(line: Line, context: Context) -> Label | None:
    """A line of a paragraph's length that is no prose: no letters, web addresses only, letters run together
    far beyond any word, or a few words over and over (clean/shapes.line_shape; settings.toml [lines]). It is
    not the article's text wherever it stands, in raw text or in what an HTML extractor kept."""
    return "boilerplate" if line.shape else None


def _furniture_rule(kind: str) -> Rule:
    def rule(line: Line, context: Context) -> Label | None:
        return "boilerplate" if line.furniture == kind else None

    rule.__name__ = kind
    rule.__doc__ = f"A short line of {kind.replace('_', ' ')} vocabulary (settings.toml [words])."
    rule.furniture_kind = kind  # type: ignore[attr-defined]
    return rule


def duplicate_line(line: Line, context: Context) -> Label | None:
    """A line seen earlier in the article: a repeated caption, a menu shown twice. A paragraph first shown
    in a ticker or teaser above the headline, or anywhere above the body (the whole article saved twice in one
    file, its headline taken where it first appears), is the article's own where the body holds it."""
    first = context.first_seen[line.key]
    layout = context.layout
    if first >= line.index or (layout.title is not None and first < layout.title < line.index):
        return None
    if first < layout.body_start and layout.in_body(line.index):
        return None
    return "boilerplate"


def near_duplicate(line: Line, context: Context) -> Label | None:
    """The line above plus a few words and no final stop: a caption repeated with its credit, a headline
    with its site name (a paragraph opening with its subheading's words ends like a sentence)."""
    previous = context.previous(line)
    limits = context.limits
    if previous is None or previous.words < limits.near_duplicate_min_words:
        return None
    if not line.key.startswith(previous.key) or line.key == previous.key or line.ends_stop:
        return None
    return "boilerplate" if line.words - previous.words <= limits.near_duplicate_extra_words else None


def pull_quote(line: Line, context: Context) -> Label | None:
    """A line of the body without a final stop that says again a part of a longer paragraph near it, word for word
    or nearly (settings.toml [lines] pull_quote_share and pull_quote_reach): a quote set large between paragraphs,
    which a page's text shows as a short line, taken for a subheading. The paragraph says it where it belongs. Not
    the paragraph right under the line: a subheading's own paragraph often says its words again ("Trust Your Pipes
    to Drain Blaster Bill" over "No matter what type of plumbing you have, you can trust your pipes to ...")."""
    limits = context.limits
    if line.ends_sentence or not (limits.pull_quote_min_words <= line.words <= limits.pull_quote_max_words):
        return None  # a sentence restating one ("دعا الرئيس ..." under the lead it shortens) is the article's
    if line.hint in _MARKED_OWN_TEXT or context.key_counts[line.key] > 1:
        return None  # said whole more than once: a list's item each day of a meal plan, not a quote
    if not context.layout.in_body(line.index):
        return None
    pairs = context.body_word_pairs.get(line.index, frozenset())
    if not pairs:
        return None
    needed = math.ceil(limits.pull_quote_share * len(pairs))
    reach = limits.pull_quote_reach
    for index in range(max(line.index - reach, 0), line.index + reach + 1):
        quoted_pairs = context.body_word_pairs.get(index)
        if (
            quoted_pairs is not None
            and index not in (line.index, line.index + 1)  # the paragraph right under a line saying it again heads it
            and _reads_as_paragraph(context.lines[index], limits)
            and len(pairs & quoted_pairs) >= needed
        ):
            return "boilerplate"
    return None


# What the page's markup says is text of its own, whatever a paragraph repeats of it: a subheading ("Buffalo Bayou
# Hike and Bike Trail" over "The Buffalo Bayou Hike and Bike Trail runs ..."), an item of a list.
_MARKED_OWN_TEXT = frozenset({"heading", "list-item", "title"})


def related_list(line: Line, context: Context) -> Label | None:
    """Headlines under a "read also" heading, up to the next paragraph of the article."""
    return "boilerplate" if line.index in context.layout.related else None


def corpus_furniture(line: Line, context: Context) -> Label | None:
    """A short line that recurs in several articles of the corpus is the site's, not the article's."""
    if context.corpus is None:
        return None
    return "boilerplate" if context.corpus.recurring(line.text) else None


def embedded_post(line: Line, context: Context) -> Label | None:
    """HTML: an embedded post's fallback text but for the post's words (its signature "— Name (@handle) date",
    "pic.twitter.com/...", "View this post on Instagram"), whatever its script: the platform's, shown until its
    script replaces it, not the article's (html_body.mark_embedded_posts)."""
    return "boilerplate" if line.hint == "embed" else None


def foreign_script(line: Line, context: Context) -> Label | None:
    """Not in the project's script: site chrome in English or French on an Arabic page, or no letters at all."""
    return "boilerplate" if line.source_share < context.limits.min_source_script_share else None


def foreign_letters(line: Line, context: Context) -> Label | None:
    """HTML: a short label in another script than the project's (English chrome on an Arabic page: "Loader",
    "Source link"). What the extractor kept at a sentence's length, or ending with a full stop, in another script
    is the article quoting it (an Arabic verse in an Indonesian sermon, an English tweet in an Urdu report, a
    trademark notice mostly in Latin letters on a Japanese page); a line of digits or symbols (a table's figures,
    a line of code) is the article's too."""
    if not line.letters or line.words > context.limits.furniture_max_words or line.ends_stop:
        return None
    return foreign_script(line, context)


def no_words(line: Line, context: Context) -> Label | None:
    """Nothing but punctuation or symbols: a separator ("* * *", "ـــــــ", "-----"), a bullet left alone."""
    return "boilerplate" if not line.words else None


def picture_counter(line: Line, context: Context) -> Label | None:
    """A picture's place in a gallery or a slide show ("صورة 3 من 12", "Photo 3 of 12", "3 / 12"), as a page saved
    from the browser holds its viewer's drawing: the viewer's, not the article's. Bare numbers only beside a
    caption or another place of the same count: alone they may be a table's figures."""
    place = _picture_place(line, context.patterns)
    if place is None:
        return None
    count, labelled = place
    if labelled:
        return "boilerplate"
    beside = (context.previous(line), context.next(line))
    for other in beside:
        if other is not None and (other.caption_like or _same_count(_picture_place(other, context.patterns), count)):
            return "boilerplate"
    return None


def _picture_place(line: Line, patterns: Patterns) -> tuple[int, bool] | None:
    """The count of pictures a line places a picture among, and whether a word says it is one ("صورة 3 من 12")."""
    found = patterns.picture_counter.match(line.key)
    if found is None or not 0 < int(found["place"]) <= int(found["count"]):
        return None
    return int(found["count"]), found["label"] is not None


def _same_count(place: tuple[int, bool] | None, count: int) -> bool:
    return place is not None and place[0] == count


def glued_scripts(line: Line, context: Context) -> Label | None:
    """Latin run into the project's script with no space: UI labels concatenated ("Newsletterالرسالة")."""
    return "boilerplate" if line.glued_scripts and line.words <= context.limits.furniture_max_words else None


# A hashtag: "#" and a word of letters, digits or underscores run together ("#وزارة_الصحة"), no blank after the mark.
_HASHTAGS = re.compile(r"(?:#[^\W_][\w]*\s*)+")


def hashtags(line: Line, context: Context) -> Label | None:
    """A short line of hashtags only ("#غزة #وزارة_الصحة #المستشفيات"): the page's tags under the article, as a
    browser's or a text dump's copy of the page prints them, not its text."""
    if line.words > context.limits.furniture_max_words:
        return None
    return "boilerplate" if _HASHTAGS.fullmatch(line.text.strip()) else None


def menu_item(line: Line, context: Context) -> Label | None:
    if line.url:
        return "boilerplate"
    return "boilerplate" if line.menu_bullet and line.words <= context.limits.furniture_max_words else None


def caption(line: Line, context: Context) -> Label | None:
    """A short line beside a photo credit, or ending in an agency credit; never a body paragraph."""
    title = context.layout.title
    after_title = title is None or line.index > title
    return "caption" if line.caption_like and after_title and line.index <= context.layout.body_end else None


def lead(line: Line, context: Context) -> Label | None:
    return "lead" if line.index == context.layout.lead else None


def dek(line: Line, context: Context) -> Label | None:
    """The subtitle under the headline (the layout step dek_under_headline) is the article's, its lead; before the
    rules that drop the lines between headline and body, and before restated_dek: a dek says the story's gist."""
    return "lead" if line.index == context.layout.dek else None


def not_dek(line: Line, context: Context) -> Label | None:
    """HTML: the block under the headline the reader put back as a possible dek (hint "dek", the extractor left it
    out) that dek_under_headline did not take (a teaser, a label, a line the body does not tell) stays out."""
    return "boilerplate" if line.hint == "dek" and line.index != context.layout.dek else None


def restated_dek(line: Line, context: Context) -> Label | None:
    """The lead an HTML page sets apart (put back from the page by its description: the extractor left it out),
    when the body already says it: most of its words recur in the article's other paragraphs. Such a lead is a
    dek or a social card's summary of the story ("Patrick W. Carlineo Jr., 55, faces up to 10 years in prison"
    over a body that says so), and putting it back would print the story's gist twice. A lead the body does not
    restate is the article's own text and stays ([lines] restated_dek_share)."""
    if line.hint != "lead":
        return None
    stemmer = context.patterns.stemmer
    body = stems_of(
        (
            other.key
            for other in context.lines
            if other is not line and other.furniture is None and context.layout.in_body(other.index)
        ),
        stemmer,
    )
    restated = repeated_share(line.key, body, stemmer)
    return "boilerplate" if restated >= context.limits.restated_dek_share else None


def _reads_as_paragraph(line: Line, limits: LineThresholds) -> bool:
    """A line that ends as a sentence or is longer than a heading is: no heading, and what a heading stands over."""
    return line.ends_sentence or line.words > limits.heading_max_words


def _row_opening(line: Line) -> str:
    """How a row of a table or an item of a list opens: with a number (a year, an item's), or with its bullet."""
    first = line.text.lstrip()[:1]
    return "digit" if first.isdigit() else first if first and not first.isalpha() else ""


def heading(line: Line, context: Context) -> Label | None:
    """A short line without a final stop, inside the body and followed by a paragraph (also when an HTML
    extractor calls it a paragraph: subheadings are often bold paragraphs in the markup). Not the last row of a
    table or item of a list, which opens as the short line above it does ("2010 145 وزارة المياه" over "2025 61
    البنك الدولي", a table pasted from Word, whose last row was taken for the heading of the paragraph below)."""
    if not context.layout.in_body(line.index):
        return None
    if line.hint == "heading":
        return "heading"
    if _reads_as_paragraph(line, context.limits):
        return None
    above = context.previous(line)
    if (
        above is not None
        and context.layout.in_body(above.index)
        and not _reads_as_paragraph(above, context.limits)
        and _row_opening(above) == _row_opening(line) != ""
    ):
        return None
    following = context.next(line)
    if following is None or not context.layout.in_body(following.index):
        return None
    return "heading" if _reads_as_paragraph(following, context.limits) and following.furniture is None else None


def code_block(line: Line, context: Context) -> Label | None:
    """A preformatted block the extractor kept (<pre>, <pre><code>) is the article's code or listing, whole and
    wherever it stands: its letters are often Latin on an Arabic page, its lines short and without stops, and
    none of that makes it a heading, a foreign line or furniture."""
    return "code" if line.hint == "code" else None


def paragraph(line: Line, context: Context) -> Label | None:
    """Anything else inside the body zone is the article's text: sentences, list items, a short closing line.
    Furniture, related lists and captions inside it were taken by the rules above."""
    return "body" if context.layout.in_body(line.index) else None


def unclassified(line: Line, context: Context) -> Label | None:
    """The last resort, for registries without the position rules: a line no rule claimed is not kept."""
    return "boilerplate"


# The rules that remove a raw text's line for where it lies around the body, not for what it is: with no body
# found, every line falls to them.
POSITION_RULES = frozenset({"before_title", "after_body", "header_furniture"})


def build_rules(mode: Mode = "text") -> Registry[Rule]:
    """The default rules of an input mode. Position and identity first (headline, its duplicates, the header's
    date and byline, the source line), then vocabulary furniture, which must beat position-free labels, then
    (raw text only) the page regions, then what a line inside the body is.

    HTML mode trusts the extractor's choice of main content: no line is cut for where it is (before the
    headline, between it and the body, after the body), only for what a named rule says it is. A line the
    extractor kept twice (a recipe's "Eat every 2-3 hours", a closing brace in code) or a line of digits is the
    article's there.
    """
    rules: Registry[Rule] = Registry()
    rules.register(headline, "title", 100)
    if mode == "text":
        rules.register(page_furniture, "page_furniture", 99.5)
    if mode == "html":
        rules.register(code_block, "code_block", 99)
        rules.register(embedded_post, "embedded_post", 98)
    rules.register(not_prose, "not_prose", 97)
    rules.register(duplicate_title, "duplicate_title", 95)
    rules.register(dated_source, "dated_source", 93.5)
    rules.register(header_date, "date_line", 93)
    rules.register(closing_date, "closing_date", 93)
    rules.register(editor_credit, "editor_credit", 92.5)
    rules.register(byline, "byline", 92)
    rules.register(placed_byline, "placed_byline", 91.5)
    rules.register(name_over_date, "name_over_date", 91.4)
    rules.register(source_attribution, "source_attribution", 90)
    rules.register(dateline, "dateline", 89)
    rules.register(own_dateline, "own_dateline", 88.5)
    rules.register(section_label, "section_label", 88.4)
    rules.register(disclaimer, "disclaimer", 88.3)
    rules.register(author_box, "author_box", 88.2)
    rules.register(menu_item, "menu_item", 88)
    for kind in FURNITURE_KINDS:
        rules.register(_furniture_rule(kind.name), kind.name, 85)
    rules.register(near_duplicate, "near_duplicate", 80)
    if mode == "text":
        rules.register(duplicate_line, "duplicate_line", 79)
    rules.register(related_list, "related_list", 78)
    rules.register(corpus_furniture, "corpus_furniture", 77)
    if mode == "text":
        # Before foreign_script, which took a separator ("ـــــ", "* * *") for text in another script.
        rules.register(no_words, "no_words", 76.5)
    rules.register(foreign_script if mode == "text" else foreign_letters, "foreign_script", 76)
    rules.register(glued_scripts, "glued_scripts", 75)
    rules.register(hashtags, "hashtags", 74.5)
    rules.register(picture_counter, "picture_counter", 74.5)
    if mode == "text":
        rules.register(before_title, "before_title", 70)
        rules.register(footnote, "footnote", 69.5)
        rules.register(after_body, "after_body", 69)
        rules.register(kicker, "kicker", 65.5)
        rules.register(header_furniture, "header_furniture", 65)
    else:
        rules.register(no_words, "no_words", 74)
        rules.register(not_dek, "not_dek", 65)
    rules.register(dek, "dek", 66)
    rules.register(caption, "caption", 67)
    rules.register(restated_dek, "restated_dek", 61)
    rules.register(lead, "lead", 60)
    rules.register(pull_quote, "pull_quote", 58)
    rules.register(heading, "heading", 55)
    rules.register(paragraph, "paragraph", 50)
    rules.register(unclassified, "unclassified", 0)
    return rules


RULES: dict[Mode, Registry[Rule]] = {mode: build_rules(mode) for mode in ("text", "html")}


@dataclass(frozen=True)
class Decision:
    number: int
    text: str
    label: Label
    rule: str


@dataclass(frozen=True)
class Classification:
    decisions: list[Decision]
    lines: list[Line]
    layout: Layout


def _notice_holders(facts: list[Line], patterns: Patterns, settings: CleanSettings) -> tuple[str, ...]:
    """The names a page's copyright notices give the site (metadata.copyright_holders): a page saved as text names
    itself nowhere else ("© 2024 عنب بلدي. جميع الحقوق محفوظة")."""
    most = settings.title.site_name_max_words
    notices = (line.text for line in facts if line.furniture == "copyright_notice")
    return tuple(dict.fromkeys(name for text in notices for name in copyright_holders(text, patterns, most)))


def _mark_own_datelines(
    facts: list[Line], is_site_name: Callable[[str], bool], patterns: Patterns, settings: CleanSettings
) -> list[Line]:
    """The lines that are a dispatch's dateline naming the outlet itself ("عنب بلدي – إدلب", "عمّان - رؤيا";
    metadata.is_own_dateline), marked before the layout is found: such a line is no headline, though the body
    repeats its words (the place, the outlet's name) more than it repeats the headline's."""
    limits = settings.lines
    most = limits.place_max_words + settings.title.site_name_max_words
    return [
        replace(line, own_dateline=True)
        if line.words <= most
        and not (line.furniture or line.date)
        and is_own_dateline(line.text, is_site_name, patterns, limits)
        else line
        for line in facts
    ]


def classify_lines(
    lines: list[SourceLine],
    *,
    settings: CleanSettings,
    corpus: CorpusEvidence | None,
    source_language: str,
    mode: Mode = "text",
    rules: Registry[Rule] | None = None,
    layout_steps: Registry[LayoutStep] | None = None,
    site_names: tuple[str, ...] = (),
    sections: frozenset[str] = frozenset(),
) -> Classification:
    """Label every non-empty line with the rules and layout steps of the input mode (or those given); `site_names`:
    the names the page gives its site, `sections` the site's sections it links to."""
    patterns = settings.for_language(source_language).patterns
    script = script_patterns(language_letters(source_language))
    rules = rules or RULES[mode]
    kinds = tuple(kind for kind in FURNITURE_KINDS if kind.name in rules)
    facts = line_facts(lines, patterns, script, settings.lines, mode, kinds)
    declared = tuple(normalize(name) for name in site_names) or _notice_holders(facts, patterns, settings)

    def is_site_name(text: str) -> bool:
        return bool(declared) and is_declared_name(text, declared, settings)

    if declared:
        facts = _mark_own_datelines(facts, is_site_name, patterns, settings)
    layout = find_layout(facts, settings.lines, patterns, layout_steps or LAYOUT_STEPS[mode])
    first_seen: dict[str, int] = {}
    for line in facts:
        first_seen.setdefault(line.key, line.index)
    context = Context(
        tuple(facts),
        layout,
        settings.lines,
        patterns,
        corpus,
        first_seen,
        is_site_name,
        sections,
    )
    decisions = []
    ordered = list(rules)
    # A furniture kind's own rule labels only the lines of its kind: the other lines are not asked.
    unfurnished = [(name, rule) for name, rule in ordered if not hasattr(rule, "furniture_kind")]
    for line in facts:
        for name, rule in ordered if line.furniture else unfurnished:
            label = rule(line, context)
            if label is not None:
                decisions.append(Decision(line.number, line.text, label, name))
                break
    return Classification(decisions, facts, layout)


@dataclass(frozen=True)
class _MetadataLines:
    """The first line of each metadata label, as the rules decided them, and the first paragraph (where an
    agency dateline would be)."""

    title: Decision | None
    date: Decision | None
    byline: Decision | None
    first_paragraph: Decision | None


def _split(
    decisions: list[Decision], article: Article, provenance: dict[str, str], unit: str, cited: dict[int, str]
) -> _MetadataLines:
    """Blocks, removed lines and attribution into the article; the metadata lines returned.

    A second title, date or byline line ("آخر تحديث: ..." under the publication date) fills nothing: it is
    removed under the rule that labelled it, so `--explain` accounts for every line not kept. A date line that
    names its source (`cited`: line number -> source) gives the attribution its source either way.
    """
    # Captions are labelled (never a paragraph) but not kept: they describe a picture the text does not carry.
    kinds = {"body": "paragraph", "heading": "heading", "lead": "lead", "code": "code"}
    first: dict[str, Decision] = {}
    for decision in decisions:
        if decision.label in kinds:
            # A block's file line is its `#:` reference; an HTML block's ordinal is no place in the file.
            line = decision.number if unit == "line" else None
            article.blocks.append(Block(kinds[decision.label], decision.text, line))
            if decision.label not in ("heading", "code"):
                first.setdefault("paragraph", decision)
        elif decision.label in ("boilerplate", "caption"):
            article.removed.append(RemovedLine(decision.number, decision.text, decision.rule))
        elif decision.label == "attribution":
            article.attribution.append(decision.text)
            provenance.setdefault("attribution", f"{unit} {decision.number}")
        else:
            if decision.number in cited:  # a date line that names its source
                article.attribution.append(cited[decision.number])
                provenance.setdefault("attribution", f"{unit} {decision.number}, beside its date")
            if decision.label in first:
                article.removed.append(RemovedLine(decision.number, decision.text, decision.rule))
            else:
                first[decision.label] = decision
    return _MetadataLines(first.get("title"), first.get("date"), first.get("byline"), first.get("paragraph"))


def _step_note(layout: Layout) -> str:
    return f", chosen by the layout step {layout.title_step}" if layout.title_step else ""


def _first_found(candidates: list[tuple[str | None, str]]) -> tuple[str | None, str | None]:
    """The first value found, and where: sources are listed from the most to the least trusted."""
    return next(((value, where) for value, where in candidates if value), (None, None))


def _signature(text: str, patterns: Patterns, limits: LineThresholds) -> PlacedName | None:
    """The name a byline line gives: after its byline word ("بقلم: ..."), after the dispatch's place ("عمّان: رنا
    القاسم"), or the line itself; None for an empty text."""
    if named := byline_name(text, patterns):
        return PlacedName(named)
    return placed_name(text, patterns, limits) or (PlacedName(text) if text else None)


def _place_note(signed: PlacedName) -> str:
    return f" (after the dispatch's place {signed.place!r})" if signed.place else ""


def _fill_metadata(
    article: Article,
    found: _MetadataLines,
    result: Classification,
    hints: MetadataHints,
    settings: CleanSettings,
    unit: str,
) -> dict[str, str]:
    limits, patterns = settings.lines, settings.patterns
    where_found: dict[str, str] = {}
    hinted = hints.provenance

    if hints.title:
        # An HTML page's title went through the title finder with the page's own evidence (its site names and
        # printed headline) when its metadata was read. Where it was read and the layout step that took its line
        # for the headline are both said: the first is the evidence, the second what the line rules made of it.
        cleaned, title_where = CleanTitle(hints.title), hinted.get("title", "page metadata")
        if found.title:
            title_where += f"; headline line: {unit} {found.title.number}{_step_note(result.layout)}"
    elif found.title:
        shown = frozenset(line.key for line in result.lines if line.words <= settings.title.site_name_max_words)
        cleaned = strip_site_name(found.title.text, SiteEvidence(shown=shown), settings)
        title_where = f"{unit} {found.title.number}{_step_note(result.layout)}{cleaned.note()}"
    else:
        cleaned, title_where = CleanTitle(""), ""
    article.title = cleaned.title
    if title_where:
        where_found["title"] = title_where

    # Only dated lines: a file line that a whole-file fill ran together is parted into pieces of one number.
    line_dates = {line.number: line.date for line in result.lines if line.date}
    first_paragraph = found.first_paragraph
    agency_words = limits.dateline_agency_max_words
    dateline = parse_dateline(first_paragraph.text, patterns, agency_words) if first_paragraph else None
    dateline_where = f"agency dateline, {unit} {first_paragraph.number}" if dateline and first_paragraph else ""
    if dateline is None:  # a dateline set apart on its own line (the rules made it attribution)
        dateline = next(
            (parsed for text in article.attribution if (parsed := parse_dateline(text, patterns, agency_words))), None
        )
        dateline_where = "agency dateline on its own line" if dateline else ""
    article.date, date_where = _first_found(
        [
            (hints.date, hinted.get("date", "page metadata")),
            (
                line_dates[found.date.number] if found.date else None,
                f"{unit} {found.date.number}" if found.date else "",
            ),
            (
                dateline.date if dateline else None,
                dateline_where,
            ),
            (result.layout.page_date, "the page's own date above the headline"),
        ]
    )

    signed = _signature(found.byline.text, patterns, limits) if found.byline else None
    # "By John Smith, March 3, 2020": a date line that opens with a byline word names the writer before its date;
    # "القاهرة - محمد علي - 18 فبراير 2024" one signed with the dispatch's place, "كريم بنعلي | 8 مارس 2024" one
    # whose name opens with a given name ("الدار البيضاء - 8 مارس 2024" is a dateline: the place's).
    dated = _signature(name_before_date(found.date.text, patterns), patterns, limits) if found.date else None
    dated_byline = (
        dated.name
        if dated
        and found.date
        and (dated.place or byline_name(found.date.text, patterns) or is_writer_name(dated.name, patterns, limits))
        else None
    )
    article.byline, byline_where = _first_found(
        [
            (hints.byline, hinted.get("byline", "page metadata")),
            (signed.name if signed else None, f"{unit} {found.byline.number}{_place_note(signed)}" if signed else ""),
            (dated_byline, f"{unit} {found.date.number}, before its date" if found.date else ""),
            (dateline.reporters if dateline else None, f"reporters of the {dateline_where}"),
            (_attributed_writer(article.attribution, patterns), "the source line, after its byline word"),
        ]
    )
    # A Chinese name has no space in it: a byline of one word tells an outlet only in a spaced script.
    one_word_byline = (
        article.byline
        if article.byline
        and not script_letters(article.byline, "han")
        and len(article.byline.split()) <= limits.byline_outlet_max_words
        else None
    )
    article.outlet, outlet_where = _first_found(
        [
            (hints.outlet, hinted.get("outlet", "page metadata")),
            (cleaned.site_name, "title suffix"),
            (dateline.agency if dateline else None, "agency dateline"),
            (signed.outlet if signed else None, "after the byline's name"),
            (one_word_byline, "byline"),
        ]
    )
    for name, where in (("date", date_where), ("byline", byline_where), ("outlet", outlet_where)):
        if where:
            where_found[name] = where
    return where_found


# Where a label of a page's information line starts after a space ("责任编辑：张伟" after the writer's name).
_NEXT_LABEL = re.compile(r"\s+\S*[:：]")


def _attributed_writer(attribution: list[str], patterns: Patterns) -> str | None:
    """The writer a source line names after a byline word, up to the line's next label: "来源：经济日报 作者：王芳
    责任编辑：张伟", the information line under a Chinese page's headline, gives "王芳"."""
    for text in attribution:
        for space in re.finditer(r"\s+", text):
            rest = text[space.end() :]
            if name := byline_name(rest, patterns):
                return _NEXT_LABEL.split(name, maxsplit=1)[0].strip() or None
    return None


def _warnings(article: Article, hints: MetadataHints, settings: CleanSettings, source_language: str) -> list[str]:
    warnings = []
    language = hints.language
    if language is None and primary_language(source_language) == settings.language.arabic_project:
        # Raw text declares no language: Persian or Urdu letters in an Arabic project's text say it.
        language = persian_or_urdu("".join(block.text for block in article.blocks), settings.language)
    if mismatch := language_mismatch(language, source_language, settings):
        warnings.append(mismatch)
    if not article.title:
        warnings.append("no headline found")
    return warnings


def clean_lines(
    lines: list[SourceLine],
    *,
    article_id: str,
    source: str,
    settings: CleanSettings,
    corpus: CorpusEvidence | None,
    source_language: str,
    hints: MetadataHints | None = None,
    rules: Registry[Rule] | None = None,
    layout_steps: Registry[LayoutStep] | None = None,
) -> Article:
    """Lines of one article in, the Article out: blocks, metadata (and where each field was found), and
    every removed line with the rule that removed it. Pure: the same lines give the same article.

    Lines with `hints` are an HTML page's main content (HTML mode), without them raw text."""
    # Raw text is explained by file line; an HTML page by the ordinal of the block its extractor found.
    mode: Mode = "text" if hints is None else "html"
    unit = "line" if hints is None else "block"
    hints = hints or MetadataHints()
    settings = settings.for_language(source_language)
    result = classify_lines(
        lines,
        settings=settings,
        corpus=corpus,
        source_language=source_language,
        mode=mode,
        rules=rules,
        layout_steps=layout_steps,
        site_names=(hints.outlet,) if hints.outlet else (),
        sections=hints.sections,
    )
    article = Article(id=article_id, source=source, title="", language=hints.language or source_language)
    provenance: dict[str, str] = {}
    cited = {line.number: line.cited_source for line in result.lines if line.cited_source}
    found = _split(result.decisions, article, provenance, unit, cited)
    provenance.update(_fill_metadata(article, found, result, hints, settings, unit))
    article.removed.extend(hints.left_out)
    if hints.url:
        article.url = hints.url
        provenance["url"] = hints.provenance.get("url", "page metadata")
    article.provenance = provenance
    article.warnings = _warnings(article, hints, settings, source_language)
    return article
