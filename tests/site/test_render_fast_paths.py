"""The rendering's short cuts give exactly what the long way gives: a text Markdown would leave as it is is only
escaped (render.is_plain), and a text's runs are isolated without escaping it twice. Checked on the seeds,
the devdata pages, the hostile payloads, the repository's catalogs and a fuzz of markup characters."""

from __future__ import annotations

import html
import sys

import polib
from examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from shared_paths import DEVDATA, REPO, SEEDS
from site_projects import XSS_PAYLOADS
from test_render_properties import FRAGMENTS

from toolkit.scripts import FORBIDDEN_IN_HTML, without_forbidden_in_html
from toolkit.site.interface import text_direction
from toolkit.site.render import is_plain, isolate_bidi, markdown_html, plain_text, rich_text, sanitize

# What Markdown or nh3 changes in text that is otherwise plain, and what str.strip takes off its ends.
NEAR_PLAIN = [
    *"\t\r\xa0\x00\x02\x03\x0b\x0c\x1c\x1f\x7f\x85\u2028\u2029\u3000\ufeff\u200f\u202e",
    "1. ",
    "- ",
    "# ",
    "---",
    "===",
]
fuzz_text = st.lists(st.one_of(st.sampled_from(FRAGMENTS + NEAR_PLAIN), st.text(max_size=6)), max_size=20).map("".join)


def _same_both_ways(text: str) -> None:
    assert sanitize(text) == markdown_html(text), text
    for language in ("ar", "en"):
        direction = text_direction(language)
        assert str(rich_text(text, language)) == isolate_bidi(markdown_html(text), direction), text
        assert str(plain_text(text, language)) == isolate_bidi(html.escape(text, quote=False), direction), text


def _lines(paths) -> list[str]:
    texts = []
    for path in paths:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            texts.extend([line, line.strip(), f" {line}\t"])
    return texts


def test_the_seeds_and_devdata_render_the_same_both_ways(shared_dir) -> None:
    texts = _lines([*sorted(SEEDS.glob("*.txt")), *sorted((DEVDATA / "text").glob("*.txt"))])
    texts += _lines(sorted((DEVDATA / "parallel").glob("*.txt")))[:6000]
    assert sum(is_plain(text) for text in texts) > 1000  # the short cut is taken, and checked, many times
    for text in texts:
        _same_both_ways(text)


def test_the_catalogs_and_hostile_payloads_render_the_same_both_ways() -> None:
    texts = list(XSS_PAYLOADS) + [f"{payload} plain" for payload in XSS_PAYLOADS] + FRAGMENTS + NEAR_PLAIN
    for path in sorted((REPO / "translations").glob("*.po")):
        texts += [text for entry in polib.pofile(str(path)) for text in (entry.msgid, entry.msgstr)]
    assert any(is_plain(text) for text in texts)
    for text in texts:
        _same_both_ways(text)


def test_text_markdown_would_change_takes_the_long_way() -> None:
    for text in (" lead", "trail ", "tab\there", "line\r", "no\xa0break", "a  b", "x\x02y", "end\u2028"):
        assert not is_plain(text), text
        assert sanitize(text) == markdown_html(text)
    assert sanitize("no\xa0break") == "no&nbsp;break"  # nh3's way of writing it, on both paths now
    assert is_plain("قال الناتو (NATO) في 2022 إن")


@settings(max_examples=examples(2000), deadline=None)
@given(fuzz_text)
def test_any_text_renders_the_same_both_ways(text: str) -> None:
    _same_both_ways(text)


def test_printable_text_holds_nothing_html_forbids() -> None:
    """without_forbidden_in_html passes printable text as it is: no character of FORBIDDEN_IN_HTML, over every
    code point, is printable, so the short cut drops nothing the regex would."""
    every_code_point = "".join(map(chr, range(sys.maxunicode + 1)))
    forbidden = FORBIDDEN_IN_HTML.findall(every_code_point)
    assert len(forbidden) == 29 + 33 + 32 + 34  # C0 but tab, LF and CR; DEL and C1; U+FDD0..U+FDEF; plane ends
    assert not any(character.isprintable() for character in forbidden)
    for text in [*NEAR_PLAIN, "a\x00b", "\ufdd0x\U0010ffff", "سلام\u200f", "plain text", ""]:
        assert without_forbidden_in_html(text) == FORBIDDEN_IN_HTML.sub("", text), text
