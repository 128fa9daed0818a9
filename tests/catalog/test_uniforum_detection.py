"""is_uniforum's quick look for a bare `#` line gives the answer its full test gives, on any text: the Uniforum
style (`msgcat --strict`) is told from gettext's whatever the line ends and comments around it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from toolkit.catalog.poformat import _BLANK_LINE_BEFORE_TEXT, _UNIFORUM_SEPARATOR, is_uniforum

LINES = ['msgid "a"', 'msgstr "b"', '"c"', "#", "# File: a.txt, line: 1", '#~ msgid "d"', "#. kind", "", "x", "#,"]


def _by_full_test(text: str) -> bool:
    separators = _UNIFORUM_SEPARATOR.findall(text)
    return bool(separators) and len(separators) > len(_BLANK_LINE_BEFORE_TEXT.findall(text))


@given(st.lists(st.tuples(st.sampled_from(LINES), st.sampled_from(["\n", "\r\n", "\r", ""])), max_size=16))
def test_the_quick_look_agrees_with_the_full_test(lines: list[tuple[str, str]]) -> None:
    text = "".join(line + end for line, end in lines)
    assert is_uniforum(text) == _by_full_test(text)


def test_msgcat_strict_layout_is_told() -> None:
    strict = 'msgid ""\nmsgstr ""\n"Language: en\\n"\n#\n# File: a.txt, line: 1\nmsgid "a"\nmsgstr "b"\n#\n'
    assert is_uniforum(strict)
    assert not is_uniforum(strict.replace("\n#\n", "\n\n"))
