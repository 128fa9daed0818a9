"""Bytes to text: BOMs, UTF-16 without BOM, UTF-8, a declared charset, then the legacy code page of the
text's language (Windows Arabic, cp1256, for an Arabic project)."""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath

from toolkit.conflicts import conflict_in_text, unresolved_conflict
from toolkit.errors import InputError, shown_size
from toolkit.git_checkouts import checked_out_as
from toolkit.scripts import language_letters, primary_language
from toolkit.store.compressed import compression_suffix, uncompressed_name

# An article is a few kilobytes; a file a thousand times larger is a dump or a mistake, and reading it whole
# would hold the whole run hostage.
MAX_SOURCE_BYTES = 8 * 1024 * 1024
# A browser's single-file archive of a page holds its images and style sheets too; its page is held to
# MAX_SOURCE_BYTES once taken out.
MAX_ARCHIVE_BYTES = 64 * 1024 * 1024
# Share of control characters above which a file is binary, not text with a stray byte.
MAX_CONTROL_SHARE = 0.01
# A legacy code page's reading is believed only when most of its non-ASCII letters are in the script of the
# text's language; otherwise it is mojibake.
MIN_SCRIPT_SHARE_LEGACY = 0.6
# ...and when few of its non-ASCII characters are private-use ones: GB18030 reads most Big5 bytes without an
# error, a third of them into its user-defined area (the rest kana and hanzi that are not the text's), while
# a text saved in GB18030 has one there only for a rare character.
MAX_PRIVATE_USE_SHARE_LEGACY = 0.05
# The code pages text in each language was saved in before UTF-8, as Windows and the web wrote it (a
# language not listed: Western European, cp1252). Each is tried in a project of that language only: GB18030
# bytes read as cp1256 make Arabic letters, and a Chinese page was "in the Arabic script" rather than in an
# encoding the project's language is not saved in. Chinese pages were saved in GB18030 (the mainland's) or in
# Big5 (Taiwan's, Hong Kong's), whichever script a Chinese project's pages are in.
_LEGACY_CODE_PAGES: dict[str, tuple[str, ...]] = {
    "ar": ("cp1256",),
    "fa": ("cp1256",),
    "ur": ("cp1256",),
    "zh": ("gb18030", "cp950"),
    "zt": ("cp950", "big5hkscs"),
    "ja": ("cp932", "euc_jp"),
    "ko": ("cp949",),
    "ru": ("cp1251", "koi8_r"),
    "uk": ("cp1251", "koi8_u"),
    "he": ("cp1255",),
    "el": ("cp1253",),
    "tr": ("cp1254",),
}
_WESTERN_CODE_PAGES = ("cp1252",)
# Share of the non-ASCII bytes that form valid UTF-8 sequences above which a file is UTF-8 with bad bytes
# (read as cp1256 it would be mojibake); Windows Arabic text forms such sequences only by chance (1%)...
MIN_UTF8_SEQUENCE_SHARE = 0.5
# ...while the two-byte code pages of Chinese, Japanese and Korean form them often (10-55% of Big5's bytes),
# and UTF-8 text with a stray byte still has 99% of them.
MIN_UTF8_SEQUENCE_SHARE_MULTIBYTE = 0.9
_SINGLE_BYTE_CODE_PAGES = frozenset(("cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "koi8_r", "koi8_u"))
# UTF-16 without a BOM: ASCII text puts a NUL in every other byte, Arabic text a 0x06 (its block's high byte).
# A file is UTF-16 when more than this share of one byte column holds them (Arabic text mixed with spaces,
# digits and Latin words stays well above it)...
MIN_UTF16_HIGH_BYTE_SHARE = 0.3
# ...and the other column, the low bytes, almost never does: UTF-8 or cp1256 text has no NULs at all.
MAX_UTF16_LOW_NUL_SHARE = 0.05
# Arabic low bytes run from 0x00 to 0xff, so a few of them are NULs or 0x06 by chance: a looser bound.
MAX_UTF16_LOW_ARABIC_SHARE = 0.1
# UTF-32: a character's lowest byte is NUL only for the few whose code is a multiple of 256 (U+1F600...).
MAX_UTF32_LOW_NUL_SHARE = 0.25
# ...and its plane byte is NUL for most: text beyond the first plane is emoji and rare letters among the
# spaces, punctuation and letters of every living script. Binary words such as 00 01 02 03 have UTF-32's shape.
MIN_UTF32_FIRST_PLANE_SHARE = 0.5
# The byte columns are counted over the file's start: a thousand characters tell the encoding.
UTF16_SAMPLE_BYTES = 2000
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.-]+)""")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page names in its head, if Python knows it."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "replace")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def wide_unicode(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 codec `data` is written in, by its byte order mark or by where its NUL bytes fall;
    None for anything else (UTF-8 among them)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return None if encoding == "utf-8" else encoding
    return _utf32_without_bom(data) or _utf16_without_bom(data)


def saved_wide(data: bytes, read_as: str) -> str | None:
    """What a file a person edits that should be UTF-8 is told when it is UTF-16 or UTF-32 (Notepad's "Unicode",
    PowerShell's `>`), `read_as` saying how the file is read: "not UTF-8 text" did not say which encoding, nor
    how to convert it. None for a file in neither."""
    encoding = wide_unicode(data)
    if encoding is None:
        return None
    name = encoding.upper()  # "UTF-16-LE": iconv's name is UTF-16LE
    return f"saved as {name[:6]}, and {read_as}; save it as UTF-8 (iconv -f {name[:6]}{name[7:]} -t UTF-8)"


def _utf32_without_bom(data: bytes) -> str | None:
    """UTF-32 puts a character in four bytes: the highest is always NUL, the next at most 0x10, and the lowest
    rarely NUL, the plane byte mostly NUL (UTF-16's test would take the file for NUL-riddled binary)."""
    sample = data[: UTF16_SAMPLE_BYTES * 2]
    if len(data) % 4 or len(sample) < 8:
        return None
    for encoding, (low, plane, high) in (("utf-32-le", (0, 2, 3)), ("utf-32-be", (3, 1, 0))):
        lows, planes = sample[low::4], sample[plane::4]
        if (
            not sample[high::4].strip(b"\x00")
            and max(planes) <= 0x10
            and planes.count(0) / len(planes) >= MIN_UTF32_FIRST_PLANE_SHARE
            and lows.count(0) / len(lows) < MAX_UTF32_LOW_NUL_SHARE
        ):
            return encoding
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    sample = data[:UTF16_SAMPLE_BYTES]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > MIN_UTF16_HIGH_BYTE_SHARE and even_nuls < MAX_UTF16_LOW_NUL_SHARE:
        return "utf-16-le"
    if even_nuls > MIN_UTF16_HIGH_BYTE_SHARE and odd_nuls < MAX_UTF16_LOW_NUL_SHARE:
        return "utf-16-be"
    even_06 = sample[0::2].count(6) / len(sample[0::2])
    odd_06 = sample[1::2].count(6) / len(sample[1::2])
    if odd_06 > MIN_UTF16_HIGH_BYTE_SHARE and even_nuls + even_06 < MAX_UTF16_LOW_ARABIC_SHARE:
        return "utf-16-le"
    if even_06 > MIN_UTF16_HIGH_BYTE_SHARE and odd_nuls + odd_06 < MAX_UTF16_LOW_ARABIC_SHARE:
        return "utf-16-be"
    return None


def legacy_code_pages(language: str) -> tuple[str, ...]:
    return _LEGACY_CODE_PAGES.get(primary_language(language), _WESTERN_CODE_PAGES)


def _script_share(text: str, language: str) -> float:
    letters = [char for char in text if ord(char) > 127 and char.isalpha()]
    if not letters:
        return 0.0
    own = re.compile(f"[{language_letters(language)}]")
    return sum(bool(own.match(char)) for char in letters) / len(letters)


def _legacy_reading(data: bytes, language: str) -> str | None:
    share = _utf8_sequence_share(data)
    for encoding in legacy_code_pages(language):
        single_byte = encoding in _SINGLE_BYTE_CODE_PAGES
        if share >= (MIN_UTF8_SEQUENCE_SHARE if single_byte else MIN_UTF8_SEQUENCE_SHARE_MULTIBYTE):
            continue
        try:
            candidate = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if (
            _script_share(candidate, language) >= MIN_SCRIPT_SHARE_LEGACY
            and _private_use_share(candidate) <= MAX_PRIVATE_USE_SHARE_LEGACY
        ):
            return candidate
    return None


def _private_use_share(text: str) -> float:
    beyond_ascii = [char for char in text if ord(char) > 127]
    if not beyond_ascii:
        return 0.0
    return len(_PRIVATE_USE.findall(text)) / len(beyond_ascii)


_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")


# Unicode category Cc (C0, DEL, C1) without the whitespace controls text files use (a vertical tab is the
# line break inside a paragraph that Word writes into the text it saves or copies).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# What ends a line besides a line feed: a carriage return alone (old Mac files), a vertical tab, and Unicode's
# line and paragraph separators, which text copied out of a web page or a layout program holds between
# paragraphs (read as spaces, the headline ran into the article).
_LINE_ENDS = ("\r", "\v", "\u2028", "\u2029")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def _utf8_sequence_share(data: bytes) -> float:
    high = sum(1 for byte in data if byte >= 0x80)
    in_sequences = sum(len(match) for match in _UTF8_SEQUENCE.findall(data))
    return in_sequences / high if high else 0.0


def _strict_utf8(data: bytes, name: str) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        # A download cut off inside the last character loses only that character.
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            return data[: error.start].decode("utf-8")
        return None


def too_large_for_an_article(size: int, limit: int = MAX_SOURCE_BYTES) -> str:
    return f"file is too large for an article ({shown_size(size)}; the limit is {shown_size(limit)})"


def decode_source(data: bytes, name: str, html: bool = False, language: str = "ar") -> str:
    """Decode a source file's bytes, text in `language`, or raise one InputError that says why not; newlines
    come out as LF."""
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError(too_large_for_an_article(len(data)), name)
    if not data.strip():
        raise InputError(_without_text(data, name), name)
    if (instead := checked_out_as(data, PurePath(uncompressed_name(name)))) is not None:
        raise InputError(instead, name)
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                at = len(bom) + error.start  # counted in the file, as a hex editor shows it
                raise InputError(
                    f"starts with a {encoding} mark but byte {at} (0x{data[at]:02x}) is not {encoding}", name
                ) from None
            break
    if text is None and (encoding := _utf32_without_bom(data) or _utf16_without_bom(data)):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            text = None
    # A stray NUL (a scraper's or editor's slip) leaves a page text: only NULs as dense as binary data's make it binary.
    if text is None and (start := data[:8192]).count(b"\x00") > MAX_CONTROL_SHARE * len(start):
        raise InputError("binary file (NUL bytes), not text", name)
    if text is None and not data.isascii():
        # Letters beyond ASCII that form valid UTF-8 are UTF-8 whatever the page declares: text in another
        # charset almost never does, while a page saved or converted as UTF-8 often keeps its old meta charset
        # (read by it, `<meta charset=windows-1256>` turned every Arabic letter into mojibake).
        text = _strict_utf8(data, name)
    if text is None and html and (charset := declared_charset(data)) and charset not in ("utf-8",):
        try:
            text = data.decode(charset)
        except UnicodeDecodeError:
            text = None
        # An old CMS's template declares ISO-8859-1 or windows-1252 over pages saved in the code page of their
        # language: every byte reads as a Western letter, and the page was refused as "in the Latin script".
        # A declaration whose reading has few letters of the language is believed only when the language's code
        # page does not read the bytes as its letters either.
        if text is not None and _script_share(text, language) < MIN_SCRIPT_SHARE_LEGACY:
            text = _legacy_reading(data, language) or text
    if text is None and data.isascii():
        text = data.decode("ascii")
    if text is None:
        text = _legacy_reading(data, language)
    if text is None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(
                f"cannot decode: byte {error.start} (0x{data[error.start]:02x}) is not UTF-8, and the file is "
                f"not UTF-16 or {' or '.join(legacy_code_pages(language))} ({language} text saved the old way) "
                "either; save it as UTF-8",
                name,
            ) from None
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise InputError("binary file (control characters), not text", name)
    text = text.replace("\r\n", "\n")
    for line_end in _LINE_ENDS:  # a replace each: str.translate takes 40 times as long over Arabic text
        text = text.replace(line_end, "\n")
    if not text.strip():
        raise InputError(_without_text(text, name), name)
    if conflict := conflict_in_text(text):
        line, marker = conflict
        raise InputError(unresolved_conflict(marker), name, line)
    return text


def _without_text(content: bytes | str, name: str) -> str:
    """What a file holding no text holds: a file of blank lines was called empty, which ls -l denies, and so
    was a compressed file of 20 bytes that decompresses to nothing."""
    if compression_suffix(str(name)):
        return "decompressed, holds only blank lines" if content else "decompressed, holds nothing"
    return "holds only blank lines" if content else "file is empty"
