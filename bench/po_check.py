"""The PO syntax pre-check on hostile input: a 1 MB line, and a thousand escapes in an unclosed string; and
reading a catalog whose one string runs to tens of thousands of lines (a 7 MB one-paragraph page's).

The check's quoted-string pattern used to let an octal or hex escape match in several ways, so a string it
could not match was retried in every combination: exponential in the number of escapes (26 escapes of
`\\x41` took 9 s, 32 over 90 s). Beside today's check, the old pattern is timed on a few dozen escapes only.

polib appends each continuation line to the string read so far: reading a string of n lines copies n^2/2
lines. parse_catalog joins such runs first; polib reading the same text alone is the baseline, side by side.

A line's quoted strings were found by `finditer`, which after a string that never ends tried again at every
later quote, each time reading to the line's end: a comment line of escaped quotes (`\\"` repeated) holding an
escape or a control character was quadratic to read (127,000 characters: about 40 s). Beside today's reading of
the whole catalog, the old step alone (finditer over the line) is timed.

    .venv/bin/python bench/po_check.py
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import polib

from toolkit.catalog.store import _QUOTED_STRING, find_syntax_error, parse_catalog

_OLD_QUOTED = r'"(?:[^"\\]|\\(?:[\\"abfnrtv]|[0-7]{1,3}|x[0-9A-Fa-f]+))*"'
_OLD_STRING_LINE = re.compile(rf"{_OLD_QUOTED}[ \t]*")
_HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\n'


def _timed(check, text: str) -> tuple[float, object]:
    started = time.perf_counter()
    result = check(text)
    return time.perf_counter() - started, result


def main() -> None:
    cases = {
        "1 MB line (closed)": _HEADER + 'msgstr "' + "word " * 200_000 + '"\n',
        "1,000 \\x41 escapes, unclosed": _HEADER + 'msgstr "' + "\\x41" * 1000 + "\n",
        "1,000 \\101 escapes, unclosed": _HEADER + 'msgstr "' + "\\1011" * 1000 + "\n",
        "1 MB of escapes, unclosed": _HEADER + 'msgstr "' + "\\x41" * 250_000 + "\n",
    }
    print(f"{'input':<34}{'check':>10}  result")
    for name, text in cases.items():
        seconds, result = _timed(find_syntax_error, text)
        print(f"{name:<34}{seconds:>9.3f}s  {result}")
    print("\nthe old pattern, on one unclosed string line:")
    for escapes in (16, 18, 20, 22):
        line = '"' + "\\x41" * escapes
        seconds, _ = _timed(_OLD_STRING_LINE.fullmatch, line)
        new_seconds, _ = _timed(find_syntax_error, _HEADER + "msgstr " + line + "\n")
        print(f"{escapes:>3} escapes: old {seconds:8.3f}s   now {new_seconds:.5f}s")
    print("\na string of many continuation lines (gettext's layout, 79 columns), read whole:")
    print(f"{'lines':>8}{'polib alone':>14}{'parse_catalog':>16}")
    line = '"' + "كلمة " * 14 + '"'
    for lines in (11_250, 22_500, 45_000):
        text = _HEADER.replace('msgid "a"\n', 'msgid ""\n') + "\n".join([line] * lines) + '\nmsgstr ""\n'
        alone, _ = _timed(polib.pofile, text)
        ours, _ = _timed(lambda text: parse_catalog(text, Path("bench.po")), text)
        print(f"{lines:>8,}{alone:>13.2f}s{ours:>15.2f}s")
    print('\na comment line of escaped quotes (\\") with an escape, in an obsolete entry, read whole:')
    print(f"{'characters':>11}{'old step alone':>16}{'parse_catalog':>16}")
    for quotes in (8_000, 16_000, 63_500):
        line = "#~ # " + '\\"' * quotes + " \\a"
        text = _HEADER + 'msgstr "b"\n\n' + line + '\n#~ msgid "c"\n#~ msgstr "d"\n'
        old, _ = _timed(lambda line: list(_QUOTED_STRING.finditer(line)), line)
        ours, _ = _timed(lambda text: parse_catalog(text, Path("bench.po")), text)
        print(f"{len(line):>11,}{old:>15.2f}s{ours:>15.2f}s")


if __name__ == "__main__":
    main()
