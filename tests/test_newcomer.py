"""The newcomer path: the README's first command, copied as written, on a clean clone with nothing beside it.

The clone sits in a temporary folder where ../shared is not its neighbour, so the command must need nothing
but the repository (and PyPI, through pip). It makes its own venv; this takes minutes, so it runs once.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from toolkit.errors import EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE

REPO = Path(__file__).resolve().parent.parent
INSTALL_TIMEOUT_SECONDS = 1800
# Packages that would mean a GPU stack or torch slipped in through a dependency.
FORBIDDEN_PACKAGES = re.compile(r"^(torch|nvidia-|cuda|triton|stanza)", re.IGNORECASE)


def first_command_under(markdown: str, heading: str) -> str:
    """The first fenced code block after `heading`, before the next heading of the same level."""
    section = markdown.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```[a-z]*\n(.*?)\n```", section, re.DOTALL)
    assert match, f"no fenced command under {heading!r} in README.md"
    return match.group(1).strip()


def test_first_command_parses_from_the_readme():
    command = first_command_under((REPO / "README.md").read_text(encoding="utf-8"), "## On a fresh machine")
    assert "toolkit publish" in command
    assert "venv" in command


@pytest.mark.slow
def test_readme_first_command_publishes_on_a_clean_clone(tmp_path: Path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    assert not (clone.parent / "shared").exists()
    command = first_command_under((clone / "README.md").read_text(encoding="utf-8"), "## On a fresh machine")

    environment = {key: value for key, value in os.environ.items() if key not in ("VIRTUAL_ENV", "PYTHONPATH")}
    environment["PATH"] = os.pathsep.join(
        part for part in environment.get("PATH", "").split(os.pathsep) if not part.startswith(str(REPO))
    )
    # No Arabic model may be found outside the clone: the expected outcome is "published, model missing".
    environment["ARGOS_PACKAGES_DIR"] = str(tmp_path / "argos-packages")
    environment.pop("TOOLKIT_TEST_MODEL", None)
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=clone,
        env=environment,
        capture_output=True,
        text=True,
        timeout=INSTALL_TIMEOUT_SECONDS,
    )
    print(result.stdout[-4000:])
    print(result.stderr[-4000:])
    assert result.returncode in (EXIT_OK, EXIT_INCOMPLETE), result.stderr[-2000:]
    assert "Traceback" not in result.stderr

    site = clone / "site"
    assert (site / "index.html").is_file()
    pages = [path.relative_to(site).as_posix() for path in site.rglob("*.html")]
    for article in sorted((clone / "source").iterdir()):
        assert any(article.stem in page for page in pages), f"no page for {article.name} in {pages}"

    installed = subprocess.run(
        [str(clone / ".venv" / "bin" / "python"), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert not [line for line in installed if FORBIDDEN_PACKAGES.match(line)], installed
    size = subprocess.run(["du", "-sh", str(clone / ".venv")], capture_output=True, text=True).stdout.split()[0]
    print(f"fresh venv: {len(installed)} packages, {size}")
    # The installed command is the shell launcher (scripts/toolkit), which names a folder given as standard
    # input: pip's Python launcher died in Python's startup ("Fatal Python error: init_sys_streams").
    folder = os.open(clone / "source", os.O_RDONLY | os.O_DIRECTORY)
    try:
        command = [str(clone / ".venv" / "bin" / "toolkit"), "status"]
        status = subprocess.run(command, stdin=folder, cwd=clone, capture_output=True, text=True)
    finally:
        os.close(folder)
    assert status.returncode == EXIT_USAGE
    assert status.stderr.startswith("toolkit: <stdin>: standard input is a folder; give a file or a pipe")
    # pytest keeps the last few temporary folders; a venv is hundreds of MB.
    shutil.rmtree(clone / ".venv")
