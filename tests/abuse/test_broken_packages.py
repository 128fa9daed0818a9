"""Installed Argos packages that cannot be read: `models list` lists every package and names each broken one;
a translation is not stopped by another pair's broken package, and is told of them when its own is missing."""

from __future__ import annotations

import functools
import io
import json
import sys
from pathlib import Path

from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.errors import EXIT_FAILURE, EXIT_INCOMPLETE, EXIT_OK

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from site_projects import write_project


@functools.cache
def _tokenizer() -> bytes:
    """A real SentencePiece model, tiny (trained here on a few hundred lines in well under a second): the
    packages' tokenizer is loaded when they are listed, so an empty file would be a damaged package."""
    import sentencepiece

    lines = [f"the translator number {n} reads the article and writes its English draft {n % 7}" for n in range(300)]
    model = io.BytesIO()
    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=60,
        normalization_rule_name="identity",
        minloglevel=2,
    )
    return model.getvalue()


def _package(
    folder: Path, metadata: str | dict, model_files: tuple[str, ...] = ("model/model.bin",), tokenizer: bytes = b""
) -> None:
    (folder / "model").mkdir(parents=True)
    for name in model_files:
        (folder / name).write_bytes(b"")
    (folder / "sentencepiece.model").write_bytes(tokenizer or _tokenizer())
    text = metadata if isinstance(metadata, str) else json.dumps(metadata)
    (folder / "metadata.json").write_text(text, encoding="utf-8")


def _pair(source: str) -> dict:
    return {"from_code": source, "to_code": "en", "package_version": "1.0", "from_name": source, "to_name": "English"}


def _broken_folder(packages: Path) -> Path:
    """Good packages with broken ones sorted before, between and after them."""
    _package(packages / "a_not_json", '{"from_code": "ar",')
    _package(packages / "b_de_en", _pair("de"))
    (packages / "c_metadata_folder" / "metadata.json").mkdir(parents=True)
    (packages / "d_loop").mkdir()
    (packages / "d_loop" / "metadata.json").symlink_to("metadata.json")
    _package(packages / "e_no_pair", {"type": "translate"})
    _package(packages / "f_fr_en", _pair("fr"), model_files=())
    _package(packages / "g_nested", "[" * 100_000 + "]" * 100_000)
    _package(packages / "h_it_en", _pair("it"))
    _package(packages / "i_es_en", _pair("es"), tokenizer=_tokenizer()[: len(_tokenizer()) // 2])  # cut short
    return packages


def _invoke(project: Path, packages: Path, *arguments: str, stdin: str | None = None):
    environment = {"ARGOS_PACKAGES_DIR": str(packages), "TOOLKIT_DEBUG": "1"}
    return CliRunner().invoke(cli, ["-C", str(project), *arguments], input=stdin, env=environment)


def test_models_list_lists_every_package_and_names_each_broken_one(tmp_path: Path) -> None:
    packages = _broken_folder(tmp_path / "packages")
    project = write_project(tmp_path / "p", {})
    listed = _invoke(project, packages, "models", "list")
    assert listed.exit_code == EXIT_FAILURE, listed.output
    assert "Traceback" not in listed.output
    for pair in ("de -> en", "fr -> en", "it -> en", "es -> en"):
        assert pair in listed.stdout
    problems = [line for line in listed.stderr.splitlines() if line.startswith("toolkit: ")]
    assert len(problems) == 7, listed.stderr
    for name, said in [
        ("a_not_json/metadata.json", "metadata.json is not JSON"),
        ("c_metadata_folder/metadata.json", "metadata.json is not a file"),
        ("d_loop/metadata.json", "too many levels of symbolic links"),
        ("e_no_pair/metadata.json", "names no from_code and to_code"),
        ("f_fr_en", "installed package is damaged: model/model.bin missing"),
        ("g_nested/metadata.json", "metadata.json is not JSON (nested too deep)"),
        ("i_es_en", "the installed package's tokenizer cannot be loaded ("),
    ]:
        assert any(f"{packages / name}: " in line and said in line for line in problems), (name, listed.stderr)


def test_a_good_folder_lists_with_exit_0(tmp_path: Path) -> None:
    packages = tmp_path / "packages"
    _package(packages / "de_en", _pair("de"))
    listed = _invoke(write_project(tmp_path / "p", {}), packages, "models", "list")
    assert listed.exit_code == EXIT_OK, listed.output
    assert listed.stderr == ""


def test_a_missing_pair_is_told_of_the_packages_that_cannot_be_read(tmp_path: Path) -> None:
    packages = _broken_folder(tmp_path / "packages")
    translated = _invoke(write_project(tmp_path / "p", {}), packages, "translate-text", stdin="نص\n")
    assert translated.exit_code == EXIT_INCOMPLETE, translated.output
    assert "no Argos package for ar -> en" in translated.stderr
    assert "5 installed packages cannot be read (toolkit models list names them)" in translated.stderr
