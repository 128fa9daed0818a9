"""Stage 2 engine: Argos packages (find, install) and batched CTranslate2 + SentencePiece translation.

The catalog stage depends only on the `Translator` protocol in `engine.py`, so tests can use a fake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toolkit.config import Config
    from toolkit.translate.engine import Translator


def translator_loader(config: Config) -> Callable[[], Translator]:
    """A factory for the project's translator that imports CTranslate2 only when called, i.e. when there is
    something to translate: a re-run with nothing to do never pays for loading the engine."""

    def load() -> Translator:
        from toolkit.translate.packages import load_translator

        return load_translator(config)

    return load
