"""Web pages a browser saved as one file with everything they load: "Web Page, Single File" (MHTML, .mhtml or
.mht: a MIME message, as Chromium, Edge and Word write it) and Safari's .webarchive (a binary property list).
What the toolkit reads of one is its page: the HTML, and the address it was saved from.

Pure: bytes in, bytes out; the edge (pipeline.read_document) names the file in what it raises.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from toolkit.model import web_address

MHTML_SUFFIXES = (".mhtml", ".mht")
WEBARCHIVE_SUFFIX = ".webarchive"
ARCHIVE_SUFFIXES = (*MHTML_SUFFIXES, WEBARCHIVE_SUFFIX)
# Where the page was saved from, as MHTML writers put it on the whole message (Chromium) or on the page's part.
_MHTML_ADDRESS_HEADERS = ("Snapshot-Content-Location", "Content-Location")


class ArchiveError(ValueError):
    """An archive that holds no page to read: its message says what is wrong with it."""


@dataclass(frozen=True)
class ArchivedPage:
    html: bytes  # in UTF-8 when the archive named the page's charset, else as saved (decode_source finds it)
    url: str | None  # the web address the page was saved from, when the archive gives one
    url_source: str  # where in the archive the address was found


def unpack_archive(suffix: str, data: bytes) -> ArchivedPage:
    """The page inside an archive of the kind its (lower-case) `suffix` names."""
    if suffix == WEBARCHIVE_SUFFIX:
        return _webarchive_page(data)
    return _mhtml_page(data)


def _as_utf8(payload: bytes, charset: str | None) -> bytes:
    """The page's bytes in UTF-8 when `charset` is one Python knows and decodes them; else as they are."""
    if not charset:
        return payload
    try:
        return payload.decode(codecs.lookup(charset).name).encode("utf-8")
    except (LookupError, ValueError):  # ValueError: a charset name holding a NUL, or bytes not in it
        return payload


def _mhtml_page(data: bytes) -> ArchivedPage:
    import email.parser  # only for a page saved as MHTML: every command that lists sources imports this module
    import email.policy

    try:
        message = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(data)
        if not message.is_multipart() and message.get_content_type() != "text/html":
            raise ArchiveError("is not a saved web page (MHTML): it holds no MIME parts")
        page = next((part for part in message.walk() if part.get_content_type() == "text/html"), None)
    except RecursionError:
        # email's parser and walk recurse a level per nested multipart: a browser's archive nests two or three.
        raise ArchiveError("is not a saved web page (MHTML): its MIME parts nest too deep to read") from None
    if page is None:
        raise ArchiveError("is a saved web page (MHTML) without its HTML: none of its parts is text/html")
    payload = page.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise ArchiveError("is a saved web page (MHTML) whose HTML part is empty")
    for holder, where in ((message, "the archive's"), (page, "its page's")):
        for header in _MHTML_ADDRESS_HEADERS:
            # A page saved from a file:// or a browser's own page came from nowhere a reader can go.
            if address := web_address(str(holder.get(header) or "")):
                return ArchivedPage(_as_utf8(payload, page.get_content_charset()), address, f"{where} {header}")
    return ArchivedPage(_as_utf8(payload, page.get_content_charset()), None, "")


def _webarchive_page(data: bytes) -> ArchivedPage:
    import plistlib
    from xml.parsers.expat import ExpatError  # an XML property list that is not well-formed XML

    try:
        archive = plistlib.loads(data)
    except (
        plistlib.InvalidFileException,
        ExpatError,
        ValueError,
        TypeError,
        OverflowError,
        KeyError,
        IndexError,
        RecursionError,  # its reader recurses a level per nested array or dictionary
    ):
        raise ArchiveError("is not a Safari web archive: not a readable property list") from None
    main = archive.get("WebMainResource") if isinstance(archive, dict) else None
    html = main.get("WebResourceData") if isinstance(main, dict) else None
    if not isinstance(html, bytes) or not html.strip():
        raise ArchiveError("is a Safari web archive without its page (no WebMainResource data)")
    charset = main.get("WebResourceTextEncodingName")
    address = main.get("WebResourceURL")
    return ArchivedPage(
        _as_utf8(html, charset if isinstance(charset, str) else None),
        (web_address(address) or None) if isinstance(address, str) else None,
        "the archive's WebResourceURL",
    )
