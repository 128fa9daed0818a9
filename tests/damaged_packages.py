"""The real Argos package damaged as a hand edit or a wrong export damages it: its files each still load, and only
a translation finds that they do not fit together."""

from __future__ import annotations

import json
from pathlib import Path

VOCABULARY = "model/shared_vocabulary.json"


def cut_vocabulary(vocabulary: bytes) -> bytes:
    """The package's target vocabulary cut to its first ten tokens: still a JSON list, but far shorter than the
    model's output layer (an export of the wrong vocabulary, or one edited by hand)."""
    return json.dumps(json.loads(vocabulary)[:10]).encode("utf-8")


def cut_installed_vocabulary(package_folder: Path) -> None:
    vocabulary = package_folder / VOCABULARY
    vocabulary.write_bytes(cut_vocabulary(vocabulary.read_bytes()))
