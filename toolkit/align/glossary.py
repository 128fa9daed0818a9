"""The project's glossary.csv (source,target,note), as term pairs the aligner looks for on both sides."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from toolkit.align.evidence import Glossary
from toolkit.errors import ConfigError

GLOSSARY_FILE = "glossary.csv"


def parse_glossary(text: str, path: Path) -> Glossary:
    """Rows after the `source,target[,note]` header; a row without both terms is an error naming its line."""
    rows = csv.reader(io.StringIO(text, newline=""))
    pairs = []
    try:
        for number, row in enumerate(rows, start=1):
            cells = [cell.strip() for cell in row]
            if not any(cells) or (number == 1 and [cell.lower() for cell in cells[:2]] == ["source", "target"]):
                continue
            if len(cells) < 2 or not cells[0] or not cells[1]:
                raise ConfigError("glossary: a row needs a source and a target term", path, rows.line_num)
            pairs.append((cells[0], cells[1]))
    except csv.Error as error:
        raise ConfigError(f"glossary: {error}", path, rows.line_num) from None
    return tuple(pairs)


def read_glossary(project_dir: Path) -> Glossary:
    """The project's glossary; none when the file does not exist."""
    path = project_dir / GLOSSARY_FILE
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ()
    except OSError as error:
        raise ConfigError(f"glossary: cannot read: {error.strerror}", path) from None
    try:
        return parse_glossary(data.decode("utf-8-sig"), path)
    except UnicodeDecodeError as error:
        raise ConfigError("glossary: not UTF-8", path, data[: error.start].count(b"\n") + 1) from None
