"""Progress bars on a terminal, silence everywhere else (pipes, CI logs, --quiet)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from toolkit.errors import ConfigError, shown_value

if TYPE_CHECKING:
    from tqdm import tqdm


def is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


def show_progress(quiet: bool = False) -> bool:
    return not quiet and is_terminal(sys.stderr) and not os.environ.get("CI")


def progress_bar(total: int, description: str, unit: str, quiet: bool = False) -> tqdm:
    try:
        # Imported on the first bar: tqdm loads importlib.metadata for its version, 0.03 s of every command's start
        # (`toolkit -q build` shows none).
        from tqdm import tqdm

        # tqdm starts a monitor thread with its first bar, even a disabled one, to catch a bar left unrefreshed:
        # the bars here are refreshed as work is done, and where no thread can be started (`ulimit -u`) its warning
        # was printed beside the run's one line.
        tqdm.monitor_interval = 0
        return tqdm(
            total=total,
            desc=description,
            unit=unit,
            disable=not show_progress(quiet),
            file=sys.stderr,
            dynamic_ncols=True,
            leave=False,
        )
    except (ValueError, TypeError) as error:
        # tqdm takes a TQDM_<OPTION> environment variable (read as it is imported) as that option of every bar,
        # even a hidden one: one it cannot convert (TQDM_MININTERVAL=abc) failed every command, an internal error.
        given = ", ".join(f"{name}={shown_value(value)}" for name, value in os.environ.items() if name[:5] == "TQDM_")
        raise ConfigError(
            f"the progress bars (tqdm) cannot take the environment: {given} ({error}); fix or unset it"
        ) from None
