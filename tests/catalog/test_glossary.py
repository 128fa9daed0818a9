"""The project glossary: reading glossary.csv, finding its terms however Arabic spells them, checking targets."""

from __future__ import annotations

from pathlib import Path

import pytest
from catalog_fakes import FakeTranslator, NullProgress, article, project
from click.testing import CliRunner

from toolkit.catalog.checks import check_catalog
from toolkit.catalog.entries import GLOSSARY_NOTE, notes_with_prefix
from toolkit.catalog.glossary import GLOSSARY_FILE, load_glossary, parse_glossary, target_has, terms_in
from toolkit.catalog.store import parse_catalog, read_catalog
from toolkit.catalog.update import update_catalogs
from toolkit.cli import cli
from toolkit.errors import ConfigError
from toolkit.scripts import arabic_stems, fold_arabic_letters, normalize_arabic, strip_arabic_marks

GLOSSARY = """source,target,note
بوتين,Putin,
الأمم المتحدة,United Nations,not "UN" in running text
حلف شمال الأطلسي,NATO,
وزارة الخارجية,Foreign Ministry,
国家统计局,National Bureau of Statistics,
"""


def glossary():
    return parse_glossary(GLOSSARY, Path(GLOSSARY_FILE))


def test_arabic_normalisation_folds_marks_tatweel_alef_hamza_ya_and_ta_marbuta() -> None:
    assert strip_arabic_marks("بُوتِينُ") == "بوتين"
    assert strip_arabic_marks("الرئيـــس") == "الرئيس"
    assert fold_arabic_letters("أإآٱ ؤ ئ ى ة") == "اااا و ي ي ه"
    assert normalize_arabic("إسرائيليّة") == normalize_arabic("اسراييليه")


def test_arabic_stems_take_off_conjunction_preposition_and_article_in_that_order() -> None:
    assert "رييس" in arabic_stems(normalize_arabic("وللرئيس"))
    assert "مدينه" in arabic_stems(normalize_arabic("فبالمدينة"))
    assert "عاده" in arabic_stems(normalize_arabic("كالعادة"))
    # The article comes after a preposition, never before it: "البوتين" is not al + bi + ...
    assert "وتين" not in arabic_stems(normalize_arabic("البوتين"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال الرئيس الروسي فلاديمير بُوتِين إن", "بوتين"),
        ("وأكد لبوتين أن", "بوتين"),
        ("وبوتين", "بوتين"),
        ("وللأمم المتحدة دور", "الأمم المتحدة"),
        ("في الامم المتحدة", "الأمم المتحدة"),
        ("أعضاء حلف شمال الأطلسى", "حلف شمال الأطلسي"),
        ("أعلنت وزارة الخارجيـــة", "وزارة الخارجية"),
        ("وقالت وزارة الخارجيه", "وزارة الخارجية"),
    ],
)
def test_terms_are_found_through_clitics_spelling_and_marks(text: str, expected: str) -> None:
    assert [term.source for term in terms_in(glossary(), text, "ar")] == [expected]


@pytest.mark.parametrize("text", ["وتين", "الأمم", "المتحدة وحدها", "حلف الأطلسي", "بوتينية جديدة"])
def test_near_misses_are_not_terms(text: str) -> None:
    assert terms_in(glossary(), text, "ar") == []


def test_chinese_terms_are_found_inside_running_text() -> None:
    found = terms_in(glossary(), "国家统计局周一公布的数据显示", "zh")
    assert [term.target for term in found] == ["National Bureau of Statistics"]


def test_target_terms_match_whole_words_in_any_case() -> None:
    putin = glossary().terms[0]
    assert target_has(putin, "President Putin's plan")
    assert target_has(putin, "PUTIN said")
    assert not target_has(putin, "Putinism")
    assert not target_has(putin, "Poutine said")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", 1, "header"),
        ("term,translation\n", 1, "header"),
        ("source,target,note\nبوتين,\n", 2, "both a source and a target"),
        ("source,target\n\nبوتين,Putin,x,y\n", 3, "fields"),
        ("source,target\nبوتين,Putin\nبُوتين,Poutine\n", 3, "already in the glossary (line 2)"),
        ('source,target\n"بوتين,Putin\n', 2, ""),
    ],
)
def test_a_bad_glossary_is_one_error_naming_file_and_line(text: str, line: int, words: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_glossary(text, Path("glossary.csv"))
    assert caught.value.line == line
    assert str(caught.value).startswith(f"glossary.csv:{line}: glossary: ")
    assert words in str(caught.value)


def test_glossary_file_not_utf8_is_named_with_its_line(tmp_path: Path) -> None:
    (tmp_path / GLOSSARY_FILE).write_bytes(b"source,target\n" + "بوتين,Putin\n".encode("cp1256"))
    with pytest.raises(ConfigError, match="not UTF-8") as caught:
        load_glossary(tmp_path)
    assert caught.value.line == 2


def test_no_glossary_file_is_an_empty_glossary(tmp_path: Path) -> None:
    assert load_glossary(tmp_path).terms == ()


def test_translate_notes_terms_on_entries_and_check_names_every_translation_without_the_term(tmp_path: Path):
    (tmp_path / GLOSSARY_FILE).write_text(GLOSSARY, encoding="utf-8")
    config = project(tmp_path)
    source = article("a", ["وأكد لبوتين دعم الأمم المتحدة.", "لا شيء هنا."], title="بوتين في نيويورك")
    update_catalogs(config, [source], FakeTranslator, NullProgress)
    catalog = read_catalog(config.translations_dir / "a.po")
    notes = {entry.msgid: notes_with_prefix(entry, GLOSSARY_NOTE) for entry in catalog}
    assert notes["بوتين في نيويورك"] == ["بوتين = Putin"]
    assert notes["وأكد لبوتين دعم الأمم المتحدة."] == [
        "بوتين = Putin",
        'الأمم المتحدة = United Nations (not "UN" in running text)',
    ]
    assert notes["لا شيء هنا."] == []

    # The fake engine writes "EN(...)": no English term, so every entry with a term is named.
    warnings = check_catalog(catalog, Path("a.po"), "ar", "en", load_glossary(tmp_path))
    glossary_warnings = [warning for warning in warnings if warning.check == "glossary"]
    assert [warning.line for warning in glossary_warnings] == [
        entry.linenum for entry in catalog if notes_with_prefix(entry, GLOSSARY_NOTE)
    ]
    assert "'الأمم المتحدة' should be translated as 'United Nations'" in glossary_warnings[1].message


def test_a_reviewed_translation_with_the_term_passes_and_one_without_is_named() -> None:
    text = """msgid ""
msgstr "Language: en\\n"

msgctxt "b-1"
msgid "قال بوتين"
msgstr "Putin said"

msgctxt "b-2"
msgid "قال بوتين"
msgstr "Poutine said"

#, ignore-glossary
msgctxt "b-3"
msgid "قال بوتين"
msgstr "The Russian president said"
"""
    catalog = parse_catalog(text, Path("a.po"))
    warnings = [w for w in check_catalog(catalog, Path("a.po"), "ar", "en", glossary()) if w.check == "glossary"]
    assert [(warning.line, warning.context) for warning in warnings] == [(8, "b-2")]


def test_glossary_notes_follow_the_glossary(tmp_path: Path) -> None:
    config = project(tmp_path)
    (tmp_path / GLOSSARY_FILE).write_text(GLOSSARY, encoding="utf-8")
    update_catalogs(config, [article("a", ["نص"], title="بوتين")], FakeTranslator, NullProgress)
    (tmp_path / GLOSSARY_FILE).write_text("source,target\nبوتين,Vladimir Putin\n", encoding="utf-8")
    update_catalogs(config, [article("a", ["نص"], title="بوتين")], FakeTranslator, NullProgress)
    title = read_catalog(config.translations_dir / "a.po")[0]
    assert notes_with_prefix(title, GLOSSARY_NOTE) == ["بوتين = Vladimir Putin"]


@pytest.mark.parametrize("command", ["check", "status", "translate"])
def test_a_bad_glossary_stops_the_command_with_one_line_naming_file_and_line(tmp_path: Path, command: str) -> None:
    (tmp_path / "toolkit.toml").write_text('source_language = "ar"\n', encoding="utf-8")
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "a.txt").write_text("عنوان\n\nفقرة عن بوتين.\n", encoding="utf-8")
    (tmp_path / GLOSSARY_FILE).write_text("source,target\nبوتين,Putin\nالكرملين,\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "--quiet", command])
    assert result.exit_code == 2
    assert (
        result.output.strip()
        .splitlines()[-1]
        .endswith(f"{tmp_path / GLOSSARY_FILE}:3: glossary: a term needs both a source and a target")
    )
    assert "Traceback" not in result.output
    assert not (tmp_path / "translations").exists() or not list((tmp_path / "translations").glob("*.po"))


def test_align_finds_glossary_terms_as_check_does() -> None:
    from toolkit.align.evidence import glossary_terms

    terms = ("الأمم المتحدة", "بوتين")
    assert glossary_terms("وأكد لبوتين دور وللأمم المتحدة", terms, "ar") == {0: 1, 1: 1}
    assert glossary_terms("Putin's plan and the United Nations", ("United Nations", "Putin"), "en") == {0: 1, 1: 1}
    assert glossary_terms("Putinism", ("Putin",), "en") == {}
