"""Cases from the fourteenth hostile sweep (issue 10), run as the acceptance run outside the repository would:
package files, one-text translation, alignment, glossaries and settings at their edges. Each test failed before
its fix."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from abuse_projects import REPO, copy_default_project, run_toolkit

from toolkit.errors import EXIT_USAGE, InputError
from toolkit.translate.packages import install_file, scan_packages

FIRST = "000_bff552917bc11dca"


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


def _clean_with_settings(tmp_path: Path, source: Path, settings: str) -> subprocess.CompletedProcess[str]:
    project = copy_default_project(tmp_path / "p")
    shutil.copy(source, project / "source" / source.name)
    with open(project / "toolkit.toml", "a", encoding="utf-8") as toml:
        toml.write(f"\n{settings}\n")
    return run_toolkit(project, "-q", "clean", f"source/{source.name}")


def test_a_word_list_emptied_in_toolkit_toml_matches_no_line(tmp_path: Path) -> None:
    # An empty list became the empty pattern, which matches everywhere: `copyright = []` made every line a
    # copyright notice (the first seed article lost 3 of its 9 blocks, the second 7 of 11, exit 0).
    source = REPO / "source" / f"{FIRST}.txt"
    as_shipped = _clean_with_settings(tmp_path / "shipped", source, "")
    emptied = _clean_with_settings(tmp_path / "emptied", source, "[clean.words]\ncopyright = []")
    assert as_shipped.returncode == emptied.returncode == 0, emptied.stderr
    assert emptied.stdout == as_shipped.stdout


PAGE = """<!doctype html><html lang="ar"><head><title>تقرير - موقع</title></head><body><header>موقع</header>
<article><h1>اجتماع وزراء الخارجية في القاهرة</h1><div class="date">2024-03-01</div>
<div class="author">بقلم أحمد علي</div>
<p>اجتمع وزراء الخارجية العرب اليوم في القاهرة لبحث الأوضاع في المنطقة وسبل تعزيز التعاون المشترك بين الدول.</p>
<p>وقال الأمين العام إن الاجتماع ناقش عددا من القضايا المهمة التي تهم الشعوب العربية في هذه المرحلة الصعبة.</p>
</article><footer>جميع الحقوق محفوظة</footer></body></html>"""


@pytest.mark.parametrize(
    "key", ["non_content_tags", "date_box_tokens", "byline_box_tokens", "not_byline_box_tokens", "byline_name_tokens"]
)
def test_an_html_tag_or_class_list_emptied_in_toolkit_toml_cleans_the_page(tmp_path: Path, key: str) -> None:
    # Each list became an XPath test joined by `or`: none at all made an expression lxml cannot parse, and every
    # saved page ended in an XPathSyntaxError traceback.
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = _clean_with_settings(tmp_path, page, f"[clean.html]\n{key} = []")
    assert result.returncode == 0, result.stderr
    assert "اجتمع وزراء الخارجية العرب" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["it's $(touch pasted) `touch pasted`", "two\nlines", "tab\there", "bidi\u202eeman"])
def test_the_command_init_suggests_names_the_folder_when_pasted_into_a_shell(tmp_path: Path, name: str) -> None:
    # The folder was quoted as Python quotes a string: "it's $(touch pasted)" in double quotes ran the
    # command substitution when the suggested command was pasted, and 'two\nlines' named a folder that is not.
    folder = tmp_path / name
    result = run_toolkit(tmp_path, "init", str(folder))
    assert result.returncode == 0, result.stderr
    (suggestion,) = [line for line in result.stdout.splitlines() if line.startswith("Next:")]
    word = suggestion.split("`toolkit -C ", 1)[1].removesuffix(" publish`.")
    echoed = subprocess.run(["bash", "-c", f"printf %s {word}"], capture_output=True, text=True, cwd=tmp_path)
    assert echoed.stdout == str(folder)
    assert not (tmp_path / "pasted").exists()


def test_a_negative_beam_size_is_named_as_out_of_range_not_as_no_number(tmp_path: Path) -> None:
    # "--beam-size '-1' is not a whole number": it is one, below the range the setting takes.
    project = copy_default_project(tmp_path / "p")
    result = run_toolkit(project, "translate-text", "--beam-size", "-1")
    assert result.returncode == EXIT_USAGE
    assert result.stderr == (
        "toolkit: beam_size must be a whole number from 1 to 16, not -1 (given on the command line: --beam-size)\n"
    )


def test_a_package_holding_its_metadata_twice_is_named_so(argos_packages_dir: Path, tmp_path: Path) -> None:
    # One top folder with metadata.json written twice (a zip may hold a name twice; the last one unpacks over
    # the first) was "metadata.json in 2 top folders".
    package = _package_file(
        tmp_path / "twice.argosmodel", {"package_version": "1.0", "from_code": "zh", "to_code": "en"}
    )
    with zipfile.ZipFile(package, "a") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("translate-zh_en-1_0/metadata.json", json.dumps({"from_code": "ar", "to_code": "en"}))
    with pytest.raises(InputError, match=r"not an Argos package: translate-zh_en-1_0/metadata.json 2 times;"):
        install_file(package)
    assert list(argos_packages_dir.iterdir()) == []


def test_an_installed_package_whose_metadata_is_a_huge_sparse_file_is_named_by_its_size_unread(
    argos_packages_dir: Path,
) -> None:
    # Every command that lists the packages read all of it: an 8 GB sparse metadata.json took 27 s and 16 GB of
    # memory before "not JSON"; a smaller machine ran out of memory.
    installed = argos_packages_dir / "translate-zh_en-1_0"
    installed.mkdir()
    with open(installed / "metadata.json", "wb") as metadata:
        metadata.truncate(64 << 20)  # 8 GB in the sweep; this is enough to tell
    scan = scan_packages()
    assert scan.packages == []
    (unreadable,) = scan.unreadable
    assert unreadable.path == installed / "metadata.json"
    assert "the file is too large (67.1 MB; the limit is 1.0 MB)" in unreadable.message


def test_a_package_file_whose_metadata_would_unpack_huge_is_refused_unread(
    argos_packages_dir: Path, tmp_path: Path
) -> None:
    package = tmp_path / "huge-metadata.argosmodel"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "translate-zh_en-1_0/metadata.json", b" " * 50_000_000 + b'{"from_code": "zh", "to_code": "en"}'
        )
        archive.writestr("translate-zh_en-1_0/model/model.bin", b"model")
        archive.writestr("translate-zh_en-1_0/sentencepiece.model", b"tokenizer")
    with pytest.raises(InputError, match=r"metadata.json would unpack to 50.0 MB \(the limit is 1.0 MB\)"):
        install_file(package)
    assert list(argos_packages_dir.iterdir()) == []


@pytest.mark.parametrize("separator", ["\t", ";"])
def test_a_glossary_saved_with_tabs_or_semicolons_is_read_by_its_header(tmp_path: Path, separator: str) -> None:
    # A spreadsheet in a locale with the decimal comma saves "CSV" with semicolons, and term bases export
    # tab-separated text: both were refused ("the first row must be the header source,target,note").
    project = copy_default_project(tmp_path / "p")
    rows = [["source", "target", "note"], ["روسيا", "Russland", "a wrong target, so that check flags it"]]
    text = "".join(separator.join(row) + "\r\n" for row in rows)
    (project / "glossary.csv").write_text("\ufeff" + text, encoding="utf-8")
    result = run_toolkit(project, "-q", "check")
    assert result.returncode == 1, result.stderr
    assert "'روسيا' should be translated as 'Russland' [glossary]" in result.stdout


@pytest.mark.parametrize("rows_after", [1, 20_000])
def test_a_glossary_quote_left_open_is_named_on_the_row_that_opens_it(tmp_path: Path, rows_after: int) -> None:
    # The open quote read every later line into one field: the error named the line where the field limit or the
    # file's end was reached (line 6,667 of 20,003: "field larger than field limit (131072)"), not the row.
    project = copy_default_project(tmp_path / "p")
    rows = "".join(f"term{number},target{number}\n" for number in range(rows_after))
    (project / "glossary.csv").write_text(f'source,target\nروسيا,Russia\n"أوروبا,Europe\n{rows}', encoding="utf-8")
    result = run_toolkit(project, "-q", "check")
    assert result.returncode == EXIT_USAGE
    assert result.stderr.startswith(
        f"toolkit: {project / 'glossary.csv'}:3: glossary: a quote opened in this row is still open on line "
    ), result.stderr


@pytest.mark.parametrize("size", [0, 64 << 20])
def test_init_beside_a_gitignore_that_is_not_text_writes_nothing(tmp_path: Path, size: int) -> None:
    # A .gitignore of NUL bytes (a sparse file, a disk image saved under its name) was read whole, the lines
    # added, and written back dense: 200 MB of holes became 200 MB on the disk, 636 MB of memory on the way.
    folder = tmp_path / "project"
    folder.mkdir()
    with open(folder / ".gitignore", "wb") as ignore:
        ignore.write(b"site/\n\0\0\0\n")
        ignore.truncate(size or ignore.tell())
    before = (folder / ".gitignore").stat()
    result = run_toolkit(tmp_path, "init", str(folder))
    assert result.returncode == EXIT_USAGE if size == 0 else result.returncode != 0, result.stderr
    assert result.stderr.startswith(f"toolkit: {folder / '.gitignore'}: "), result.stderr
    assert sorted(path.name for path in folder.iterdir()) == [".gitignore"]
    after = (folder / ".gitignore").stat()
    assert (after.st_size, after.st_blocks, after.st_mtime_ns) == (before.st_size, before.st_blocks, before.st_mtime_ns)
