"""A package whose sentencepiece.model does not fit its CTranslate2 model's vocabulary (taken from another
package) loads, and would translate every sentence into garbage: it is refused at install, and named when an
installed one is loaded, in one line."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import EXIT_FAILURE

METADATA = json.dumps({"from_code": "zh", "to_code": "en", "package_version": "1.0"})
TRAINING_TEXT = "\n".join(
    f"the {word} of {number} and a {word}s that {number} in {word}ing"
    for word in ("river", "market", "station", "letter", "garden", "window", "engine", "harbour")
    for number in ("one", "two", "three", "four", "five")
)


@pytest.fixture(scope="module")
def tiny_tokenizer(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, list[str]]:
    """A SentencePiece model trained here on a few English lines, and its pieces."""
    import sentencepiece

    folder = tmp_path_factory.mktemp("tokenizer")
    (folder / "text.txt").write_text(TRAINING_TEXT, encoding="utf-8")
    sentencepiece.SentencePieceTrainer.train(
        input=str(folder / "text.txt"), model_prefix=str(folder / "tiny"), vocab_size=40, minloglevel=2
    )
    processor = sentencepiece.SentencePieceProcessor(model_file=str(folder / "tiny.model"))
    pieces = [processor.id_to_piece(piece_id) for piece_id in range(processor.get_piece_size())]
    return (folder / "tiny.model").read_bytes(), pieces


def _package(path: Path, tokenizer: bytes, vocabulary_name: str, tokens: list[str]) -> Path:
    vocabulary = json.dumps(tokens) if vocabulary_name.endswith(".json") else "".join(f"{t}\n" for t in tokens)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("pkg/metadata.json", METADATA)
        archive.writestr("pkg/model/model.bin", b"m" * 100)
        archive.writestr(f"pkg/model/{vocabulary_name}", vocabulary)
        archive.writestr("pkg/sentencepiece.model", tokenizer)
    return path


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir(exist_ok=True)
    (project / "toolkit.toml").write_text('source_language = "zh"\ntarget_language = "en"\n', encoding="utf-8")
    return project


def _install(tmp_path: Path, package: Path):
    environment = {"ARGOS_PACKAGES_DIR": str(tmp_path / "packages")}
    arguments = ["-C", str(_project(tmp_path)), "models", "install", "--from", str(package)]
    return CliRunner().invoke(cli, arguments, env=environment)


OTHER_TOKENS = ["</s>", "<unk>", "▁der", "▁die", "▁und", "▁zu", "ung", "en", "▁Haus", "▁Wasser"]


@pytest.mark.parametrize(
    "vocabulary_name",
    ["shared_vocabulary.json", "shared_vocabulary.txt", "source_vocabulary.json", "source_vocabulary.txt"],
)
def test_a_package_whose_tokenizer_does_not_fit_its_vocabulary_is_refused(
    tmp_path: Path, tiny_tokenizer: tuple[bytes, list[str]], vocabulary_name: str
):
    tokenizer, _ = tiny_tokenizer
    package = _package(tmp_path / "swapped.argosmodel", tokenizer, vocabulary_name, OTHER_TOKENS)
    installed = _install(tmp_path, package)
    assert installed.exit_code == EXIT_FAILURE, installed.output
    assert installed.stderr.startswith(
        f"toolkit: {package}: damaged Argos package, not installed: its tokenizer does not fit its model: "
    ), installed.stderr
    assert f"are not among the {len(OTHER_TOKENS)} tokens of model/{vocabulary_name}" in installed.stderr
    assert installed.stderr.count("\n") == 1, installed.stderr
    assert not list(tmp_path.glob("packages/*"))


def test_a_package_whose_tokenizer_has_far_fewer_pieces_than_its_vocabulary_tokens_is_refused(
    tmp_path: Path, tiny_tokenizer: tuple[bytes, list[str]]
):
    tokenizer, pieces = tiny_tokenizer
    tokens = pieces + [f"▁word{number}" for number in range(1000)]
    package = _package(tmp_path / "small-tokenizer.argosmodel", tokenizer, "shared_vocabulary.json", tokens)
    installed = _install(tmp_path, package)
    assert installed.exit_code == EXIT_FAILURE, installed.output
    assert installed.stderr.startswith(
        f"toolkit: {package}: damaged Argos package, not installed: its tokenizer does not fit its model: the "
        f"{len(pieces) - 3} pieces of sentencepiece.model are too few for the {len(tokens)} tokens of "
        "model/shared_vocabulary.json"
    ), installed.stderr
    assert installed.stderr.count("\n") == 1, installed.stderr
    assert not list(tmp_path.glob("packages/*"))


def test_a_package_whose_tokenizer_fits_its_vocabulary_goes_on_to_load_its_model(
    tmp_path: Path, tiny_tokenizer: tuple[bytes, list[str]]
):
    tokenizer, pieces = tiny_tokenizer
    package = _package(tmp_path / "whole.argosmodel", tokenizer, "shared_vocabulary.json", pieces)
    installed = _install(tmp_path, package)
    # The placeholder model.bin is what fails, once the tokenizer passed.
    assert "its model cannot be loaded" in installed.stderr, installed.stderr
    assert "does not fit" not in installed.stderr


def test_an_installed_package_whose_tokenizer_does_not_fit_is_named_when_loaded(
    tmp_path: Path, tiny_tokenizer: tuple[bytes, list[str]]
):
    tokenizer, _ = tiny_tokenizer
    installed = tmp_path / "packages" / "pkg"
    (installed / "model").mkdir(parents=True)
    (installed / "metadata.json").write_text(METADATA, encoding="utf-8")
    (installed / "model" / "model.bin").write_bytes(b"m" * 100)
    (installed / "model" / "shared_vocabulary.json").write_text(json.dumps(OTHER_TOKENS), encoding="utf-8")
    (installed / "sentencepiece.model").write_bytes(tokenizer)
    translated = CliRunner().invoke(
        cli,
        ["-C", str(_project(tmp_path)), "translate-text"],
        input="你好\n",
        env={"ARGOS_PACKAGES_DIR": str(tmp_path / "packages")},
    )
    assert translated.exit_code != 0
    assert translated.stderr.startswith(
        f"toolkit: {installed}: the installed package's tokenizer does not fit its model: "
    ), translated.stderr
    assert translated.stderr.count("\n") == 1, translated.stderr


def test_the_real_package_with_another_tokenizer_is_refused(
    tmp_path: Path, model_file: Path, tiny_tokenizer: tuple[bytes, list[str]]
):
    tokenizer, _ = tiny_tokenizer
    swapped = tmp_path / "swapped.argosmodel"
    with zipfile.ZipFile(model_file) as real, zipfile.ZipFile(swapped, "w") as archive:
        for member in real.infolist():
            if member.filename.endswith("/sentencepiece.model"):
                archive.writestr(member.filename, tokenizer)
            else:
                archive.writestr(member, real.read(member))
    installed = _install(tmp_path, swapped)
    assert installed.exit_code == EXIT_FAILURE, installed.output
    assert installed.stderr.startswith(
        f"toolkit: {swapped}: damaged Argos package, not installed: its tokenizer does not fit its model: "
    ), installed.stderr
    assert "are too few for the 65000 tokens of model/shared_vocabulary.json" in installed.stderr
    assert installed.stderr.count("\n") == 1, installed.stderr
    assert not list(tmp_path.glob("packages/*"))


def test_a_package_whose_vocabulary_is_not_a_list_of_tokens_is_refused_naming_it(
    tmp_path: Path, tiny_tokenizer: tuple[bytes, list[str]]
):
    tokenizer, _ = tiny_tokenizer
    package = tmp_path / "bad-vocabulary.argosmodel"
    with zipfile.ZipFile(package, "w") as archive:
        archive.writestr("pkg/metadata.json", METADATA)
        archive.writestr("pkg/model/model.bin", b"m" * 100)
        archive.writestr("pkg/model/shared_vocabulary.json", '{"▁the": 3}')
        archive.writestr("pkg/sentencepiece.model", tokenizer)
    installed = _install(tmp_path, package)
    assert installed.exit_code == EXIT_FAILURE, installed.output
    assert installed.stderr == (
        f"toolkit: {package}: damaged Argos package, not installed: its model's vocabulary cannot be loaded "
        "(shared_vocabulary.json is not a list of tokens); get the package file again (download it anew, or copy "
        "it whole from where it came)\n"
    )
    assert not list(tmp_path.glob("packages/*"))
