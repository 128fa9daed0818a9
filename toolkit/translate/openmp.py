"""The OpenMP runtime CTranslate2 and SentencePiece are built with (GNU libgomp) reads the OMP_* and GOMP_*
environment variables as it is loaded. A value it cannot take (OMP_NUM_THREADS=abc, OMP_PROC_BIND=maybe) it
says of in its own words on stderr, "libgomp: Invalid value for environment variable OMP_NUM_THREADS", amid
the run's output and naming neither the value nor what to do, and then goes without it. Asked first, of a child
process that loads it: the variables it refuses are taken out of the environment and named in one line."""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys

import click

from toolkit.errors import shown_value

_OPENMP_VARIABLES = ("OMP_", "GOMP_")
# Values libgomp surely takes, which a job scheduler or a CI sets at every run: no child process is asked.
_SURELY_TAKEN = {
    "OMP_NUM_THREADS": re.compile(r"[1-9][0-9]*(?:,[1-9][0-9]*)*"),
    "OMP_THREAD_LIMIT": re.compile(r"[1-9][0-9]*"),
    "OMP_DYNAMIC": re.compile(r"true|false", re.IGNORECASE),
    "OMP_WAIT_POLICY": re.compile(r"active|passive", re.IGNORECASE),
}
_REFUSED = re.compile(r"^libgomp: [^\n]* environment variable ([A-Z_]+)", re.MULTILINE)
_PROBE_SECONDS = 60


@functools.cache
def drop_refused_openmp_settings() -> None:
    """Before the engine's libraries are loaded in this process: unset each OpenMP variable libgomp refuses
    (it would go without it anyway) and say so on stderr, once."""
    given = {name: value for name, value in os.environ.items() if name.startswith(_OPENMP_VARIABLES)}
    if all(name in _SURELY_TAKEN and _SURELY_TAKEN[name].fullmatch(value.strip()) for name, value in given.items()):
        return
    try:
        probe = subprocess.run(
            [sys.executable, "-c", "import ctranslate2"],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=_PROBE_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return  # libgomp says it in its own words, as it did before
    refused = sorted(set(_REFUSED.findall(probe.stderr)) & given.keys())
    if not refused:
        return
    for name in refused:
        del os.environ[name]
    shown = ", ".join(f"{name}={shown_value(given[name])}" for name in refused)
    them = "it" if len(refused) == 1 else "them"
    click.echo(
        f"toolkit: warning: the translation engine's OpenMP runtime (libgomp) cannot take {shown}, so it goes "
        f"without {them}; fix or unset {them}",
        err=True,
    )
