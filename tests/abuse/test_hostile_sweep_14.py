"""Cases from the fourteenth hostile sweep (issue 10), run as the acceptance run outside the repository would:
package files, one-text translation, alignment, glossaries and settings at their edges. Each test failed before
its fix."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from abuse_projects import copy_default_project, run_toolkit

from toolkit.errors import EXIT_USAGE, InputError
from toolkit.translate.packages import install_file, scan_packages


def _package_file(path: Path, metadata: dict) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("translate-zh_en-1_0/metadata.json", json.dumps(metadata))
        archive.writestr("translate-zh_en-1_0/model/model.bin", b"model")
        archive.writestr("translate-zh_en-1_0/model/config.json", "{}")
        archive.writestr("translate-zh_en-1_0/sentencepiece.model", b"tokenizer")
    return path


WRONG_TYPES = [("target_prefix", ["x"]), ("target_prefix", 5), ("package_version", {"a": 1}), ("from_name", None)]


@pytest.mark.parametrize(("key", "value"), WRONG_TYPES)
def test_a_package_whose_metadata_gives_a_field_of_the_wrong_type_is_refused_naming_it(
    argos_packages_dir: Path, tmp_path: Path, key: str, value: object
) -> None:
    # A target_prefix of a list installed, and its repr was put before every translation of the real model
    # ("你好 Hello, world."); a null name was listed as "None -> None".
    metadata = {"package_version": "1.0", "from_code": "zh", "to_code": "en", key: value}
    package = _package_file(tmp_path / "odd.argosmodel", metadata)
    with pytest.raises(InputError, match=f"{key} in metadata.json is .*, not text"):
        install_file(package)
    assert list(argos_packages_dir.iterdir()) == []


@pytest.mark.parametrize(("key", "value"), WRONG_TYPES)
def test_an_installed_package_whose_metadata_gives_a_field_of_the_wrong_type_is_named_as_unreadable(
    argos_packages_dir: Path, key: str, value: object
) -> None:
    installed = argos_packages_dir / "translate-zh_en-1_0"
    installed.mkdir()
    metadata = {"package_version": "1.0", "from_code": "zh", "to_code": "en", key: value}
    (installed / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    scan = scan_packages()
    assert scan.packages == []
    assert [error.path for error in scan.unreadable] == [installed / "metadata.json"]
    assert f"{key} in metadata.json" in scan.unreadable[0].message


@pytest.mark.parametrize("row", ["روسيا,Rus\0sia", "روس\x1bيا,Russia", 'روسيا,Russia,"see\x7f"'])
def test_a_glossary_term_holding_a_control_character_is_named_with_its_line(tmp_path: Path, row: str) -> None:
    # A NUL in a target (a spreadsheet's export, a copy from a terminal) made a term no translation can hold:
    # `check` flagged it missing in every paragraph with its source (37 warnings on the seed project), exit 1.
    project = copy_default_project(tmp_path / "p")
    (project / "glossary.csv").write_text(f"source,target,note\nأوروبا,Europe\n{row}\n", encoding="utf-8")
    result = run_toolkit(project, "-q", "check")
    assert result.returncode == EXIT_USAGE, result.stdout
    assert result.stderr.startswith(f"toolkit: {project / 'glossary.csv'}:3: glossary: the "), result.stderr
    assert "holds the control character" in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr


def test_a_glossary_note_spanning_lines_in_quotes_is_read(tmp_path: Path) -> None:
    project = copy_default_project(tmp_path / "p")
    (project / "glossary.csv").write_text(
        'source,target,note\r\nروسيا,Russia,"the country,\r\nnot the empire"\r\n', encoding="utf-8"
    )
    result = run_toolkit(project, "-q", "check")
    # A line break in a quoted cell is how spreadsheets write one: white space, not a control character.
    assert result.returncode in (0, 1), result.stderr
    assert "glossary.csv" not in result.stderr, result.stderr
