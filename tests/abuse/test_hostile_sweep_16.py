"""Cases from the sixteenth hostile sweep (issue 10), where the earlier sweeps were thin: a real model package
edited by hand, translators' catalogs and Markdown, check and status. Each test failed before its fix."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from abuse_projects import command_environment, copy_default_project, run_toolkit, tree_hashes

from toolkit.errors import InputError
from toolkit.translate.packages import install_file

VOCABULARY = "model/shared_vocabulary.json"


def _cut_vocabulary(vocabulary: bytes) -> bytes:
    """The package's target vocabulary cut to its first ten tokens: still a JSON list, but far shorter than the
    model's output layer (an export of the wrong vocabulary, or one edited by hand)."""
    return json.dumps(json.loads(vocabulary)[:10]).encode("utf-8")


def _with_cut_vocabulary(package: Path, edited: Path) -> Path:
    with zipfile.ZipFile(package) as original, zipfile.ZipFile(edited, "w", zipfile.ZIP_STORED) as copy:
        for member in original.infolist():
            data = original.read(member)
            copy.writestr(member, _cut_vocabulary(data) if member.filename.endswith(VOCABULARY) else data)
    return edited


@pytest.mark.slow
def test_a_package_whose_vocabulary_does_not_fit_its_model_is_refused_at_install(
    argos_packages_dir: Path, model_file: Path
) -> None:
    # It installed without a word: the model and its vocabulary each load, and only a translation turns the
    # model's token ids into words. Every translation then ended in "internal error (ValueError: Invalid token
    # ID 81: valid IDs are between 0 and 9)".
    edited = _with_cut_vocabulary(model_file, argos_packages_dir.parent / "edited.argosmodel")
    refused = r"damaged Argos package, not installed: .* model fails to translate \(Invalid token ID"
    with pytest.raises(InputError, match=refused):
        install_file(edited)
    assert list(argos_packages_dir.iterdir()) == []


@pytest.mark.slow
def test_an_installed_package_whose_vocabulary_was_cut_names_the_package_when_it_translates(
    argos_packages_dir: Path, model_file: Path
) -> None:
    installed = install_file(model_file).path
    vocabulary = installed / VOCABULARY
    vocabulary.write_bytes(_cut_vocabulary(vocabulary.read_bytes()))
    result = subprocess.run(
        [sys.executable, "-m", "toolkit", "-q", "translate-text", "--from", "zh", "--to", "en"],
        input="我喜欢读书。\n",
        capture_output=True,
        text=True,
        env=command_environment(ARGOS_PACKAGES_DIR=str(argos_packages_dir)),
        cwd=argos_packages_dir.parent,
    )
    assert result.returncode == 3, result.stderr
    assert "internal error" not in result.stderr
    assert result.stderr.startswith(f"toolkit: {installed}: "), result.stderr
    assert "Invalid token ID" in result.stderr and "reinstall it" in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr


@pytest.mark.parametrize("setting", ["target_language", "source_language"])
def test_a_language_code_in_capitals_is_refused_naming_its_lower_case_form(tmp_path: Path, setting: str) -> None:
    # target_language = "EN" was taken (CLDR reads codes in any case), and the build published a site with no
    # English interface at all, exit 0: the interfaces, the UI catalogs and Argos's package names are all
    # lower case. source_language = "AR" was refused, but as "not a language the cleaner knows".
    project = copy_default_project(tmp_path / "p")
    assert run_toolkit(project, "-q", "build").returncode == 0
    site = tree_hashes(project / "site")
    settings = project / "toolkit.toml"
    value = {"target_language": "en", "source_language": "ar"}[setting]
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace(f'{setting} = "{value}"', f'{setting} = "{value.upper()}"'), encoding="utf-8")
    for command in ("build", "status", "check", "translate"):
        result = run_toolkit(project, "-q", command)
        assert result.returncode == 2, (command, result.stderr)
        assert result.stderr == (
            f"toolkit: {settings}: {setting} must be a language code in lower case such as 'ar' or 'en': "
            f"'{value}', not '{value.upper()}'\n"
        ), command
    assert tree_hashes(project / "site") == site


def test_a_language_code_in_capitals_on_the_command_line_is_named_as_the_options(tmp_path: Path) -> None:
    result = run_toolkit(tmp_path, "-q", "init", "--from", "AR", "--to", "en")
    assert result.returncode == 2, result.stderr
    assert "source_language must be a language code in lower case" in result.stderr
    assert "(given on the command line: --from)" in result.stderr
    assert not (tmp_path / "toolkit.toml").exists()
