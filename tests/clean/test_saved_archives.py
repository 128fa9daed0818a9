"""Pages saved as a browser saves them: one archive file (MHTML, Safari's .webarchive) or HTML under the suffix
of the program that served it (story.php). Each is read as the page it holds; an archive with no page in it
is named in one line."""

from __future__ import annotations

import gzip
import plistlib
import re
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.clean.pipeline import clean_file, read_source
from toolkit.cli import cli
from toolkit.config import load_config
from toolkit.errors import EXIT_FAILURE, InputError

ADDRESS = "https://news.example/2024/03/19/story-494"
TITLE = "الحكومة تعلن خطة جديدة للنقل العام"
PARAGRAPHS = [
    "أعلنت الحكومة اليوم عن خطة جديدة لتطوير شبكة النقل العام في العاصمة خلال السنوات الخمس المقبلة.",
    "وقال وزير النقل إن الخطة تشمل إنشاء خطوط حافلات سريعة وتوسيع شبكة المترو لتصل إلى الضواحي.",
    "وأضاف أن المشروع سيوفر آلاف فرص العمل ويخفف الازدحام المروري في وسط المدينة بشكل كبير.",
]
PAGE = (
    "<!DOCTYPE html><html lang='ar' dir='rtl'><head><meta charset='windows-1256'>"
    f"<title>{TITLE}</title></head><body><nav><a href='/'>الرئيسية</a></nav><article><h1>{TITLE}</h1>"
    + "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    + "</article><footer>جميع الحقوق محفوظة</footer></body></html>"
)


def _mhtml(page: str, charset: str, address: str | None = ADDRESS, images: int = 1) -> bytes:
    """A page as an MHTML writer lays it out: a multipart/related message, the HTML quoted-printable in its
    charset, then what it loads."""
    archive = MIMEMultipart("related", type="text/html")
    if address:
        archive["Snapshot-Content-Location"] = address
    archive.attach(MIMEText(page, "html", charset))
    for number in range(images):
        archive.attach(MIMEImage(bytes([number % 256]) * 1024, "png"))
    return archive.as_bytes()


def _webarchive(page: bytes, charset: str, address: str = ADDRESS) -> bytes:
    main = {
        "WebResourceData": page,
        "WebResourceMIMEType": "text/html",
        "WebResourceTextEncodingName": charset,
        "WebResourceURL": address,
        "WebResourceFrameName": "",
    }
    return plistlib.dumps({"WebMainResource": main, "WebSubresources": []}, fmt=plistlib.FMT_BINARY)


def _nested_binary_plist(depth: int) -> bytes:
    """A binary property list of arrays nested `depth` deep, written by hand: plistlib's writer recurses."""
    count = depth + 1
    objects = [b"\xa1" + (number + 1).to_bytes(2, "big") if number < depth else b"\xa0" for number in range(count)]
    offsets, body = [], b"bplist00"
    for encoded in objects:
        offsets.append(len(body))
        body += encoded
    table = b"".join(offset.to_bytes(4, "big") for offset in offsets)
    trailer = bytes(6) + bytes([4, 2]) + count.to_bytes(8, "big") + bytes(8) + len(body).to_bytes(8, "big")
    return body + table + trailer


def _cleaned(path: Path, tmp_path: Path):
    return clean_file(path, read_source(path), load_config(tmp_path))


@pytest.mark.parametrize("charset", ["windows-1256", "utf-8", "iso-8859-6"])
@pytest.mark.parametrize("name", ["page.mhtml", "page.mht", "page.MHTML.gz"])
def test_an_mhtml_page_is_read_as_the_page_it_holds(tmp_path: Path, charset: str, name: str) -> None:
    path = tmp_path / name
    data = _mhtml(PAGE, charset)
    if name.endswith(".gz"):
        data = gzip.compress(data)
    path.write_bytes(data)
    article = _cleaned(path, tmp_path)
    assert article.id == "page"
    assert article.title == TITLE
    assert [block.text for block in article.blocks] == PARAGRAPHS
    assert article.url == ADDRESS
    assert "Snapshot-Content-Location" in article.provenance["url"]


def test_a_page_whose_own_address_is_given_keeps_it_over_the_archives(tmp_path: Path) -> None:
    own = "https://news.example/canonical/494"
    page = PAGE.replace("</head>", f"<link rel='canonical' href='{own}'></head>")
    path = tmp_path / "page.mhtml"
    path.write_bytes(_mhtml(page, "utf-8"))
    assert _cleaned(path, tmp_path).url == own


def test_an_archive_saved_from_a_file_gives_no_address(tmp_path: Path) -> None:
    path = tmp_path / "page.mhtml"
    path.write_bytes(_mhtml(PAGE, "utf-8", address="file:///home/reader/page.html"))
    assert _cleaned(path, tmp_path).url is None


def test_an_archive_of_more_than_an_articles_size_is_read_for_its_page(tmp_path: Path) -> None:
    # Its images make it 10 MB; the page in it is 2 kB.
    path = tmp_path / "page.mhtml"
    path.write_bytes(_mhtml(PAGE, "utf-8", images=10 * 1024))
    assert path.stat().st_size > 10 << 20
    assert [block.text for block in _cleaned(path, tmp_path).blocks] == PARAGRAPHS


@pytest.mark.parametrize("charset", ["windows-1256", "utf-8"])
def test_a_safari_webarchive_is_read_as_the_page_it_holds(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "page.webarchive"
    path.write_bytes(_webarchive(PAGE.encode(charset), charset))
    article = _cleaned(path, tmp_path)
    assert (article.title, [block.text for block in article.blocks], article.url) == (TITLE, PARAGRAPHS, ADDRESS)


@pytest.mark.parametrize("name", ["story.php", "article.aspx", "page.xhtml", "page.shtml", "item.jsp"])
def test_a_page_saved_under_its_servers_suffix_is_read_as_html(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(PAGE.encode("windows-1256"))
    assert [block.text for block in _cleaned(path, tmp_path).blocks] == PARAGRAPHS


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("a.mhtml", b"just some text, no headers at all", "is not a saved web page (MHTML): it holds no MIME parts"),
        ("b.mhtml", _mhtml("", "utf-8").replace(b"text/html", b"text/plain"), "without its HTML: none of its parts"),
        ("c.webarchive", b"bplist00\xff\xff\xff", "is not a Safari web archive: not a readable property list"),
        ("d.webarchive", plistlib.dumps({"WebSubresources": []}), "is a Safari web archive without its page"),
        ("e.webarchive", plistlib.dumps(["a list"]), "is a Safari web archive without its page"),
        ("f.webarchive", b"<?xml version='1.0'?><plist><dict><key>a</key></plist>", "not a readable property list"),
        ("h.webarchive", _nested_binary_plist(5_000), "is not a Safari web archive: not a readable property list"),
        (
            "g.mhtml",
            b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (n, n) for n in range(3000)),
            "its MIME parts nest too deep to read",
        ),
    ],
)
def test_an_archive_without_a_page_is_named_in_one_line(tmp_path: Path, name: str, data: bytes, said: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=re.escape(said)):
        _cleaned(path, tmp_path)
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "clean", str(path)])
    assert result.exit_code == EXIT_FAILURE, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert said in result.output and str(path) in result.output


@pytest.mark.parametrize("charset", ["utf\x008", "no-such-charset"])
def test_an_mhtml_page_in_a_charset_python_cannot_take_is_read_as_saved(tmp_path: Path, charset: str) -> None:
    path = tmp_path / "page.mhtml"
    path.write_bytes(_mhtml(PAGE, "utf-8").replace(b'charset="utf-8"', f'charset="{charset}"'.encode()))
    assert [block.text for block in _cleaned(path, tmp_path).blocks] == PARAGRAPHS


@pytest.mark.parametrize("start", ["", "\n  <!-- saved by curl -->\n", "\ufeff"])
def test_a_web_page_saved_as_text_is_named_as_a_page(tmp_path: Path, start: str) -> None:
    # Cleaned as text, its markup made it "in the Latin script, project source language is Arabic".
    path = tmp_path / "page.txt"
    path.write_text(start + PAGE.replace("windows-1256", "utf-8"), encoding="utf-8")
    with pytest.raises(InputError, match=r"page\.txt: holds a web page \(HTML\), not text: name it \.html"):
        _cleaned(path, tmp_path)
    html = path.rename(tmp_path / "page.html")
    assert [block.text for block in _cleaned(html, tmp_path).blocks] == PARAGRAPHS
