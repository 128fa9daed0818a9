"""Writing systems and language codes, shared by every stage: the cleaner's script rules, the engine's and the
catalog's checks, and the site's bidi isolation all ask the same questions of a text."""

from __future__ import annotations

import html
import re
import unicodedata
from decimal import Decimal
from functools import cache, lru_cache
from typing import Literal

Script = Literal["arabic", "han", "kana", "hangul", "latin", "cyrillic", "hebrew", "greek"]

# Arabic presentation forms: the shaped glyphs an old PDF export or a legacy system writes instead of letters
# (the cleaner takes them back to letters: clean/text.py).
ARABIC_PRESENTATION_FORMS = "\ufb50-\ufdff\ufe70-\ufefc"

# Unicode blocks per script (letters only count: digits and punctuation are shared between scripts). The one
# table of scripts: the cleaner's script rules and language check, the engine's and the catalog's checks and the
# site's bidi isolation read it.
_SCRIPT_RANGES: dict[str, str] = {
    "arabic": f"\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff{ARABIC_PRESENTATION_FORMS}\ufefd-\ufeff",
    "han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f",
    "kana": "\u3040-\u30ff",
    "hangul": "\uac00-\ud7af\u1100-\u11ff\u3130-\u318f",
    "latin": "A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "cyrillic": "\u0400-\u04ff",
    "hebrew": "\u0590-\u05ff",
    "greek": "\u0370-\u03ff",
}
_SCRIPT_RUNS: dict[str, re.Pattern[str]] = {
    script: re.compile(f"[{ranges}]+") for script, ranges in _SCRIPT_RANGES.items()
}


@lru_cache(maxsize=32)
def _runs_of(ranges: str) -> re.Pattern[str]:
    return re.compile(f"[{ranges}]+")


# A decimal digit of another system than ASCII's: `\d` is Unicode-aware.
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def ascii_digits(text: str) -> str:
    """`text` with each decimal digit of another system (Arabic-Indic ٣, Persian ۳, full-width ３, Devanagari ३...)
    written as its ASCII digit."""
    return _OTHER_DIGIT.sub(lambda digit: str(unicodedata.decimal(digit[0])), text)


# Chinese numerals: digits, the units 10, 100 and 1,000 and the myriads 10^4 and 10^8; 点 is the decimal point
# (七点五 7.5).
_HAN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_HAN_UNITS = {"十": 10, "百": 100, "千": 1_000}
HAN_MYRIADS = {"万": 10_000, "亿": 100_000_000}
_HAN_DECIMAL_POINT = "点"
_HAN_NUMERAL_CHARACTERS = "".join([*_HAN_DIGITS, *_HAN_UNITS, *HAN_MYRIADS])
# Myriads alone are no numeral: they scale the digits before them (3.5万 35,000, 2亿), read as a scale word is.
HAN_NUMERAL = re.compile(
    f"(?![{''.join(HAN_MYRIADS)}]+(?![{_HAN_NUMERAL_CHARACTERS}]))"
    f"[{_HAN_NUMERAL_CHARACTERS}]+(?:{_HAN_DECIMAL_POINT}[{''.join(_HAN_DIGITS)}]+)?"
)


def is_han_digit(character: str) -> bool:
    """One of 零 〇 一 二 两 三 ... 九, no unit (十 百 千) or myriad (万 亿)."""
    return character in _HAN_DIGITS


def han_number(numeral: str) -> str:
    """A number written in Chinese numerals (a match of HAN_NUMERAL) in ASCII digits, without leading zeros: 十二
    12, 两百 200, 三万五千 35000, 一亿五千万 150000000, 一万亿 1000000000000, 零点二五 0.25; digit by digit where
    no unit is written, as a year is: 二〇二二 2022. Never through str() of an int, which refuses more than 4,300
    digits (a run of them in a translation ended check in a traceback)."""
    whole, _, fraction = numeral.partition(_HAN_DECIMAL_POINT)
    decimals = "".join(str(_HAN_DIGITS[char]) for char in fraction)
    if not any(char in _HAN_UNITS or char in HAN_MYRIADS for char in whole):
        digits = "".join(str(_HAN_DIGITS[char]) for char in whole).lstrip("0") or "0"
    else:
        total = section = digit = 0
        for char in whole:
            if char in _HAN_DIGITS:
                digit = _HAN_DIGITS[char]
            elif char in _HAN_UNITS:  # "十二" is 12: a unit without a digit before it counts once
                section += (digit or 1) * _HAN_UNITS[char]
                digit = 0
            else:
                myriad = HAN_MYRIADS[char]
                # A myriad over all that comes before multiplies it (一万亿 10^12); under it, it is a part of its
                # own (一亿五千万 10^8 and 5,000 x 10^4).
                total = (total + section + digit) * myriad if total < myriad else total + (section + digit) * myriad
                section = digit = 0
        digits = f"{Decimal(total + section + digit):f}"
    return f"{digits}.{decimals}" if decimals else digits


# Argos Translate's language codes that are no ISO 639 code, with the BCP 47 tag of what each stands for (as
# Argos's own sentence splitter reads them): a setting names the package's code, a page or a feed wants the tag.
ARGOS_LANGUAGE_TAGS = {"zt": "zh-Hant", "pb": "pt-BR"}


def language_tag(code: str) -> str:
    """The BCP 47 tag of a language code as settings and packages give it: "zt" is "zh-Hant", "ar" is "ar"."""
    return ARGOS_LANGUAGE_TAGS.get(code.lower(), code)


# The script each language is written in, for the languages the project meets.
LANGUAGE_SCRIPTS: dict[str, Script] = {
    "ar": "arabic",
    "fa": "arabic",
    "ur": "arabic",
    "zh": "han",
    "zt": "han",
    "ja": "han",
    "ko": "hangul",
    "ru": "cyrillic",
    "uk": "cyrillic",
    "en": "latin",
    "fr": "latin",
    "de": "latin",
    "es": "latin",
    "it": "latin",
    "pt": "latin",
    "tr": "latin",
    "he": "hebrew",
    "el": "greek",
}
# Scripts a language writes beside its own: Japanese mixes kana with Han characters.
_ALSO_WRITTEN_IN: dict[str, tuple[Script, ...]] = {"ja": ("kana",)}


def script_ranges(script: Script) -> str:
    """The script's blocks as the inside of a regex character class, for callers that compile their own pattern
    (the site's bidi runs): one table of blocks for every stage."""
    return _SCRIPT_RANGES[script]


def _letter_count(text: str) -> int:
    # str.isalpha mapped in C: a third of the time of a generator over the characters.
    return sum(map(str.isalpha, text))


def letters_in_script(text: str, script: Script) -> list[str]:
    """The letters of `text` that belong to `script`, in order."""
    return [char for run in _SCRIPT_RUNS[script].findall(text) for char in run if char.isalpha()]


def script_letters(text: str, script: Script) -> int:
    """How many letters of `text` belong to `script`."""
    return _letter_count("".join(_SCRIPT_RUNS[script].findall(text)))


def count_letters(text: str) -> int:
    """How many letters `text` has, in any script."""
    return _letter_count(text)


def letter_counts(text: str, language: str) -> tuple[int, int]:
    """How many letters `text` has, and how many of them are in the scripts `language` is written in (see
    language_letters). The text is read letter by letter once: the letters outside the language's runs are
    counted in what is left once the runs are taken out, which is little in a text of that language."""
    letters = _letter_count(text)
    return letters, letters - _letter_count(_runs_of(language_letters(language)).sub("", text))


def script_share(text: str, script: Script) -> float:
    """Share of the letters of `text` (0.0-1.0) written in `script`; 0.0 for text without letters."""
    # The script's letters first: most texts asked about (the engine's drafts) have none, and need no count of
    # all their letters.
    in_script = script_letters(text, script)
    return in_script / count_letters(text) if in_script else 0.0


@cache
def language_name(code: str, in_language: str = "en") -> str:
    """A language's name in another language from CLDR ("en" in "ar": الإنجليزية, Argos's "zt" in "en":
    Traditional Chinese); the code when unknown. The one home of language names, for the site's interface and
    the cleaner's messages alike."""
    from babel import Locale, UnknownLocaleError  # CLDR's tables load only when a name is asked for

    try:
        return Locale.parse(in_language).languages.get(language_tag(code).replace("-", "_")) or code
    except (UnknownLocaleError, ValueError):
        return code


def primary_language(code: str) -> str:
    """The primary subtag of a language tag or POSIX locale, lower-cased: "ar-EG", "ar_EG", "AR", "ar.UTF-8"
    and "ar_EG@latin" are all "ar"."""
    return re.split(r"[-_.@]", code.strip(), maxsplit=1)[0].lower()


@cache
def current_language(code: str) -> str | None:
    """The code CLDR names a language by today, for a code Babel reads as another's (its language aliases and
    locale aliases): "iw" is "he", "in" "id", "ji" "yi", "jw" "jv", "no" "nb", "ara" "ar"; None for a code that
    is its language's own ("he", "en", Argos's "zt")."""
    from babel.core import LOCALE_ALIASES, get_global

    primary = primary_language(code)
    renamed = get_global("language_aliases").get(primary) or LOCALE_ALIASES.get(primary)
    current = primary_language(renamed) if renamed else primary
    return current if current != primary else None


def same_language(code: str, other: str) -> bool:
    """Whether two codes name one language, whatever region, script or variant they add ("en", "en_GB",
    "en-US" and "en_GB@latin" are all English; Argos's "zt" is Chinese), and by whichever of its codes Babel
    reads ("iw" and "he" are Hebrew)."""
    return _current_primary(code) == _current_primary(other)


def _current_primary(code: str) -> str:
    primary = primary_language(language_tag(code))
    return current_language(primary) or primary


@lru_cache(maxsize=64)
def language_script(language: str) -> Script | None:
    """The script a language code is written in, or None for a language the table does not know (cached: the
    engine asks for every sentence)."""
    return LANGUAGE_SCRIPTS.get(primary_language(language))


def dominant_script(text: str) -> Script | None:
    """The script most of the letters of `text` are written in, among those this table knows; None for text
    without letters of any of them."""
    counts = {script: script_letters(text, script) for script in _SCRIPT_RANGES}
    script, count = max(counts.items(), key=lambda item: item[1])
    return script if count else None


# Characters HTML forbids in text (C0/C1 controls but tab and newline, noncharacters: U+FDD0..U+FDEF and the last
# two code points of every plane, U+FFFE, U+FFFF, U+1FFFE ... U+10FFFF): a hand-edited catalog may hold them, and
# no page may; the pages leave them out and `toolkit check` names them.
_PLANE_ENDS = "".join(chr(plane << 16 | last) for plane in range(17) for last in (0xFFFE, 0xFFFF))
FORBIDDEN_IN_HTML = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef{_PLANE_ENDS}]")


def without_forbidden_in_html(text: str) -> str:
    """`text` without the characters HTML forbids in text (FORBIDDEN_IN_HTML)."""
    # Each of them is a control or a noncharacter, which str.isprintable refuses: most text is printable, and
    # that check is 20-40x quicker than the regex's scan, whose class holds 34 characters beyond the BMP (an
    # article page puts about 70 texts through here).
    return text if text.isprintable() else FORBIDDEN_IN_HTML.sub("", text)


# Its semicolon is optional, as HTML parsers read it: libxml2 and nh3 decode "&#x1b" as "&#x1b;", and
# Python-Markdown writes the semicolon in.
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX][0-9a-fA-F]+|[0-9]+);?")


def without_forbidden_references(markup: str) -> str:
    """Markdown or HTML without its numeric character references to characters HTML forbids in text: a
    translator's "&#x7;" is left out of the page as a bell typed as it is is, and a scraped page's "&#x1b;" out
    of its tree (lxml refuses the character later, and trafilatura then found no main content in the page). A
    reference the HTML parser reads as another character stays (html.unescape reads it as the parser does:
    "&#x85;" is "…", "&#0;" U+FFFD; it gives "" for the ones the parser keeps as forbidden characters, "&#x7;",
    "&#xFFFE;")."""
    if "&#" not in markup:
        return markup

    def kept(reference: re.Match[str]) -> str:
        character = html.unescape(reference.group())
        return reference.group() if character and not FORBIDDEN_IN_HTML.search(character) else ""

    return _NUMERIC_REFERENCE.sub(kept, markup)


# The explicit bidi formatting characters (embeddings, overrides, isolates and their ends). In untrusted text
# they reorder what follows them on screen ("Trojan Source"); the site isolates each run itself.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


_BIDI_CONTROL = re.compile(f"[{''.join(sorted(BIDI_CONTROLS))}]")
_BIDI_CONTROL_LIST = tuple(sorted(BIDI_CONTROLS))


def without_bidi_controls(text: str) -> str:
    # ASCII text holds none; other text is looked at for each control in turn: most text holds none, and a
    # substring search is 2-10x quicker than the regex's scan (the site build strips every block and page).
    if text.isascii() or not any(control in text for control in _BIDI_CONTROL_LIST):
        return text
    return _BIDI_CONTROL.sub("", text)


# C0 and C1 controls and the bidi controls: untrusted text printed raw could move the cursor, retitle or clear
# the terminal, set its clipboard (OSC 52) or reorder the line around it.
_CONTROLS = f"\x00-\x1f\x7f-\x9f{''.join(sorted(BIDI_CONTROLS))}"


@cache
def _controls_but(kept: str) -> re.Pattern[str]:
    return re.compile(f"(?![{re.escape(kept)}])[{_CONTROLS}]")


def _escaped(match: re.Match[str]) -> str:
    return match.group().encode("unicode_escape").decode("ascii")


def for_terminal(text: str, kept: str = "\t") -> str:
    """Text as a terminal may be given it: every control character but those `kept` shown as its escape
    (\x1b). A report's piece of untrusted text keeps only its tabs, so that it stays on its line; the
    toolkit's whole output (cli.main) keeps its line ends too."""
    return _controls_but(kept).sub(_escaped, text)


def language_letters(language: str) -> str:
    """The blocks of every script a language is written in, as the inside of a regex character class; a
    language the table does not know is taken for one written in Latin letters."""
    primary = primary_language(language)
    scripts = (LANGUAGE_SCRIPTS.get(primary, "latin"), *_ALSO_WRITTEN_IN.get(primary, ()))
    return "".join(_SCRIPT_RANGES[script] for script in scripts)


# --- Arabic matching: one word, many spellings ------------------------------------------------------------
# Scraped Arabic writes the same word with or without short vowels and tatweel, with any alef or hamza seat,
# with ta marbuta or ha, and glues conjunctions, prepositions and the article to it. These functions fold
# those differences away so that a glossary term is found however the article spells it.

# Short vowels, tanwin, shadda, sukun, dagger alef, Quranic annotation marks; tatweel (kashida).
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640]")
_ARABIC_LETTER_FOLDS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ؤ": "و",
        "ئ": "ي",
        "ى": "ي",
        "ی": "ي",  # Persian yeh, common in scraped pages
        "ک": "ك",  # Persian keheh
        "ة": "ه",
    }
)
# Clitics written before a word, outermost first: a conjunction, then a preposition, then the article.
ARABIC_CONJUNCTIONS = ("و", "ف")
ARABIC_PREPOSITIONS = ("ب", "ك", "ل")
ARABIC_ARTICLE = "ال"
# Arabic letters written before a name or a number word: the article, and, by, for, like (الثلاثة the three,
# للعشرين for the twenty).
ARABIC_NAME_PREFIXES = ("وال", "بال", "لل", "فال", "كال", "ال", "و", "ب", "ل", "ف", "ك")
# A stem this short left after taking clitics off is more likely part of the word than a word.
MIN_ARABIC_STEM = 2


def strip_arabic_marks(text: str) -> str:
    """The text without short vowels, other diacritics and tatweel."""
    return _ARABIC_MARKS.sub("", text)


def fold_arabic_letters(text: str) -> str:
    """Alef and hamza forms to bare alef, waw or ya; alef maqsura to ya; ta marbuta to ha."""
    return text.translate(_ARABIC_LETTER_FOLDS)


def normalize_arabic(text: str) -> str:
    """The spelling-independent form of Arabic text: marks stripped, letters folded."""
    return fold_arabic_letters(strip_arabic_marks(text))


def arabic_stems(word: str) -> set[str]:
    """Every reading of one normalized word with its leading clitics taken off, the word itself included:
    "وللرئيس" gives "وللرئيس", "للرئيس", "رئيس" and the like; "بوتين" gives "بوتين" and "وتين". A term
    matches the word when the term is one of them."""
    stems = {word}
    with_conjunction = [word] + [word[1:] for prefix in ARABIC_CONJUNCTIONS if word.startswith(prefix)]
    for base in with_conjunction:
        stems.add(base)
        with_preposition = [base] + [base[1:] for prefix in ARABIC_PREPOSITIONS if base.startswith(prefix)]
        # "لل": the preposition li- before the article loses the article's alef ("للرئيس" = li + al-ra'is).
        if base.startswith("لل"):
            with_preposition.append(base[2:])
        for stem in with_preposition:
            stems.add(stem)
            if stem.startswith(ARABIC_ARTICLE):
                stems.add(stem[len(ARABIC_ARTICLE) :])
    return {stem for stem in stems if len(stem) >= MIN_ARABIC_STEM}
