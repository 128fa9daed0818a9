"""Bytes to text: BOMs, UTF-16 without BOM, UTF-8, a declared charset, then Windows Arabic (cp1256)."""

from __future__ import annotations

import codecs
import re
import unicodedata

from toolkit.errors import InputError

# An article is a few kilobytes; a file a thousand times larger is a dump or a mistake, and reading it whole
# would hold the whole run hostage.
MAX_SOURCE_BYTES = 8 * 1024 * 1024
# Share of control characters above which a file is binary, not text with a stray byte.
MAX_CONTROL_SHARE = 0.01
# A cp1256 reading is believed only when most of its non-ASCII letters are Arabic; otherwise it is mojibake.
MIN_ARABIC_SHARE_CP1256 = 0.6
# Share of the non-ASCII bytes that form valid UTF-8 sequences above which a file is UTF-8 with bad bytes
# (read as cp1256 it would be mojibake); Windows Arabic text forms such sequences only by chance.
MIN_UTF8_SEQUENCE_SHARE = 0.5
# UTF-16 without a BOM: ASCII text puts a NUL in every other byte, Arabic text a 0x06 (its block's high byte).
# A file is UTF-16 when more than this share of one byte column holds them (Arabic text mixed with spaces,
# digits and Latin words stays well above it)...
MIN_UTF16_HIGH_BYTE_SHARE = 0.3
# ...and the other column, the low bytes, almost never does: UTF-8 or cp1256 text has no NULs at all.
MAX_UTF16_LOW_NUL_SHARE = 0.05
# Arabic low bytes run from 0x00 to 0xff, so a few of them are NULs or 0x06 by chance: a looser bound.
MAX_UTF16_LOW_ARABIC_SHARE = 0.1
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


def _arabic_share(text: str) -> float:
    letters = [char for char in text if ord(char) > 127 and char.isalpha()]
    if not letters:
        return 0.0
    return sum("ARABIC" in unicodedata.name(char, "") for char in letters) / len(letters)


# Unicode category Cc (C0, DEL, C1) without the whitespace controls text files use.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def _mostly_utf8(data: bytes) -> bool:
    high = sum(1 for byte in data if byte >= 0x80)
    in_sequences = sum(len(match) for match in _UTF8_SEQUENCE.findall(data))
    return high > 0 and in_sequences / high >= MIN_UTF8_SEQUENCE_SHARE


def _strict_utf8(data: bytes, name: str) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        # A download cut off inside the last character loses only that character.
        if error.reason == "unexpected end of data" and error.start >= len(data) - 3:
            return data[: error.start].decode("utf-8")
        return None


def too_large_for_an_article(size: int) -> str:
    return f"file is too large for an article ({size / 1e6:.1f} MB; the limit is {MAX_SOURCE_BYTES / 1e6:.0f} MB)"


def decode_source(data: bytes, name: str, html: bool = False) -> str:
    """Decode a source file's bytes or raise one InputError that says why not; newlines come out as LF."""
    if len(data) > MAX_SOURCE_BYTES:
        raise InputError(too_large_for_an_article(len(data)), name)
    if not data.strip():
        raise InputError("file is empty", name)
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                raise InputError(
                    f"starts with a {encoding} mark but byte {error.start} is not {encoding}", name
                ) from None
            break
    if text is None and (encoding := _utf16_without_bom(data)):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            text = None
    if text is None and b"\x00" in data[:8192]:
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
    if text is None and data.isascii():
        text = data.decode("ascii")
    if text is None and not _mostly_utf8(data):
        candidate = data.decode("cp1256", errors="replace")
        if "\ufffd" not in candidate and _arabic_share(candidate) >= MIN_ARABIC_SHARE_CP1256:
            text = candidate
    if text is None:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(
                f"cannot decode: byte {error.start} (0x{data[error.start]:02x}) is not UTF-8, and the file is "
                "not UTF-16 or Windows Arabic (cp1256) either",
                name,
            ) from None
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise InputError("binary file (control characters), not text", name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("file is empty", name)
    return text
