"""Source bytes to text: UTF-8 with or without BOM, UTF-16 with BOM, cp1256, CRLF; bad input is one clear error."""

from __future__ import annotations

import codecs

import pytest

from toolkit.clean.decode import decode_source
from toolkit.errors import InputError

TEXT = 'بوتين يريد مفاوضات "فورية" مع حلف الأطلسي\nدعا الرئيس الروسي إلى إجراء مفاوضات.\n'


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("cp1256"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
        TEXT.replace("\n", "\r\n").encode("cp1256"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "cp1256", "crlf", "cp1256-crlf"],
)
def test_readable_encodings_give_the_same_text(data):
    assert decode_source(data, "a.txt") == TEXT


def test_utf16_without_bom_is_recognised():
    assert decode_source(TEXT.encode("utf-16-le"), "a.txt") == TEXT


def test_html_declared_charset_is_used():
    page = '<html><head><meta charset="windows-1256"></head><body><p>مرحبا بالعالم</p></body></html>'
    assert "مرحبا بالعالم" in decode_source(page.encode("cp1256"), "a.html", html=True)


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "us-ascii", "latin1"])
@pytest.mark.parametrize(
    ("language", "codec", "words"), [("ar", "cp1256", "مرحبا بالعالم"), ("zh", "gb18030", "北京地铁新线开通")]
)
def test_a_western_charset_a_page_declares_over_its_own_language_bytes_is_not_believed(
    declared: str, language: str, codec: str, words: str
):
    # An old CMS's template says ISO-8859-1 over pages saved in Windows Arabic: read by the declaration, every
    # letter was Latin mojibake and the page was refused as "in the Latin script".
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
    page = f"<html><head>{meta}</head><body><p>{words}</p></body></html>"
    assert words in decode_source(page.encode(codec), "a.html", html=True, language=language)


def test_a_western_charset_over_western_text_is_believed():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Café crème à Genève, Müller</p></body></html>'
    assert "Café crème à Genève, Müller" in decode_source(page.encode("latin-1"), "a.html", html=True)


def test_utf8_cut_inside_the_last_character_loses_only_that_character():
    data = TEXT.encode("utf-8") + "ب".encode()[:1]
    assert decode_source(data, "a.txt") == TEXT


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "empty"),
        (b"  \n\r\n\t ", "holds only blank lines"),
        (codecs.BOM_UTF8, "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(256)) * 4, "binary"),
        # Four-byte words whose top byte is NUL: UTF-32's shape, but no text lies outside the first plane.
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"\x03\x02\x01\x00" * 100, "binary"),
        (b"\xff\xfe\x00\xd8", "utf-16"),
        ("نص عربي".encode() + b"\x81\x8d\x8f\x90 \xc3\x28 abc", "cannot decode"),
    ],
    ids=[
        *("empty", "blank", "bom-only", "png", "all-bytes", "utf32-be-shape", "utf32-le-shape"),
        *("broken-utf16", "invalid-bytes"),
    ],
)
def test_bad_input_is_one_error_naming_the_file(data, problem):
    with pytest.raises(InputError) as caught:
        decode_source(data, "source/bad.txt")
    message = str(caught.value)
    assert message.startswith("source/bad.txt: ")
    assert problem in message
    assert "\n" not in message


TRADITIONAL = (
    "台北市政府今天宣布，將在明年擴大公共運輸補助，市長表示這項政策將惠及數十萬名通勤族。\n\n記者王小明報導。\n"
)


def test_a_chinese_text_saved_in_big5_is_read_as_big5_in_a_chinese_project_not_as_gb18030_garbage():
    # GB18030 decodes most Big5 bytes without an error, to private-use characters, kana and hanzi that are not
    # the text's: the file was taken, cleaned and translated as that garbage.
    assert decode_source(TRADITIONAL.encode("big5"), "a.txt", language="zh") == TRADITIONAL


def test_a_gb18030_text_with_a_rare_character_in_its_private_use_area_is_still_read_as_gb18030():
    # GB18030 maps a few rare characters into the private-use area: one among a text's letters is no sign of
    # another code page (a Big5 text read as GB18030 has a third of its characters there).
    text = "北京的天气很好。" * 10 + "\ue81e\n"
    assert decode_source(text.encode("gb18030"), "a.txt", language="zh") == text


@pytest.mark.parametrize("html", [False, True])
def test_a_stray_nul_in_a_page_leaves_it_text_while_nuls_as_dense_as_binary_data_refuse_it(html):
    # One NUL (a scraper's slip) in the first 8 kB refused the whole article as "binary file (NUL bytes)".
    article = "قال وزير الخارجية إن المحادثات مستمرة مع الجانب الآخر حول الضمانات الأمنية.\n" * 20
    page = f"<html><body><p>{article}</p></body></html>" if html else f"عنوان الخبر\n\n{article}"
    stray = page[:300] + "\x00" + page[300:]
    assert "المحادثات" in decode_source(stray.encode(), "source/a.html", html=html)
    dense = "\x00".join(page[:4000:40])
    with pytest.raises(InputError, match="binary file"):
        decode_source(dense.encode(), "source/a.html", html=html)
