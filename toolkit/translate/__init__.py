"""Stage 2 engine: Argos packages (find, install) and batched CTranslate2 + SentencePiece translation.

The catalog stage depends only on the `Translator` protocol in `engine.py`, so tests can use a fake.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
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

    The one rule for a run whose translation cannot run at all: the package is missing, or is there and cannot be
    loaded (damaged, memory ran out), here or on the cluster's workers. The factory then raises that
    ModelMissingError when called, and every run goes on as without a model, on one machine and on a cluster
    alike: the catalogs merged with their sources, nothing drafted and no translation changed, publish builds
    the site from what the catalogs hold, the package named in one line, exit 3. The site is built rather than
    left as it was because what people wrote (reviewed translations, new articles to translate by hand) is
    not the model's to hold back, and a missing package, the usual case of this rule, has always published so.

    With a cluster, its workers are started (each loading the package) before the factory is handed out, and
    released when the run ends; a cluster that cannot be reached or refuses the driver (ClusterError) ends the
    run before any catalog is touched. Without the package the cluster is never contacted.
    """
    if config.cluster_address is None:
        yield translator_loader(config)
        return
    from toolkit.config import LOCAL_CLUSTER
    from toolkit.errors import ModelMissingError
    from toolkit.translate.cluster import worker_pool
    from toolkit.translate.packages import project_package, translator_for

    with ExitStack() as workers:
        try:
            package = project_package(config)
            pool = workers.enter_context(worker_pool(config.cluster_address, package))
        except ModelMissingError as error:
            unavailable = error
        else:
            unavailable = None
        # Handed out outside the handler: an error of the run's own is not chained to the model's.
        if unavailable is not None:
            yield _raising(unavailable)
            return
        translator = translator_for(
            package,
            config.beam_size,
            load_model=lambda: pool,
            device=pool.device,
            batches_in_this_group=config.cluster_address == LOCAL_CLUSTER,
        )
        yield lambda: translator


def _raising(error: Exception) -> Callable[[], Translator]:
    def factory() -> Translator:
        raise error

    return factory
