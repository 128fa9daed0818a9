"""Stage 2 engine: Argos packages (find, install) and batched CTranslate2 + SentencePiece translation.

The catalog stage depends only on the `Translator` protocol in `engine.py`, so tests can use a fake.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


@contextmanager
def project_translator(config: Config) -> Iterator[Callable[[], Translator]]:
    """The translator factory for a run, on this machine or on the Ray cluster of `config.cluster_address`.

    With a cluster, its workers are started (each loading the package) before the factory is handed out, so
    a cluster that cannot be reached or whose workers cannot load the package fails before any catalog is
    touched; they are released when the run ends. Without the package the factory raises ModelMissingError
    as on one machine, and the cluster is never contacted.
    """
    if config.cluster_address is None:
        yield translator_loader(config)
        return
    from toolkit.errors import ModelMissingError
    from toolkit.translate.cluster import worker_pool
    from toolkit.translate.packages import project_package, translator_for

    try:
        package = project_package(config)
    except ModelMissingError as error:
        missing = error

        def raise_missing() -> Translator:
            raise missing

        yield raise_missing
        return
    with worker_pool(config.cluster_address, package) as pool:
        translator = translator_for(package, config.beam_size, load_model=lambda: pool, device=pool.device)
        yield lambda: translator
