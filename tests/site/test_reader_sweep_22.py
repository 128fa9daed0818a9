"""Cases from the twenty-second sweep of what reaches readers (issue 10): a translator's Markdown and what a
scraped page or the site's settings put where readers see it. Each test failed before its fix."""

from __future__ import annotations

import pytest

from toolkit.site.render import sanitize


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("Write \\<b> to start bold", "Write &lt;b&gt; to start bold"),
        ("The tag \\<script>alert(1)\\</script> runs", "The tag &lt;script&gt;alert(1)&lt;/script&gt; runs"),
        ("a \\< b", "a &lt; b"),
        ("\\<vbscript:x> is no link", "&lt;vbscript:x&gt; is no link"),
    ],
)
def test_a_backslash_before_a_less_than_sign_shows_the_markup_as_text(written: str, shown: str) -> None:
    # Python-Markdown escapes no "<": "\<b>" stayed a tag (a backslash, then bold text) and "\<script>...</script>"
    # was removed with the translator's words in it.
    assert sanitize(written) == shown
