"""Cases from the fourteenth hostile sweep (issue 10), run as the acceptance run outside the repository would:
package files, one-text translation, alignment, glossaries and settings at their edges. Each test failed before
its fix."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from toolkit.errors import InputError
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
