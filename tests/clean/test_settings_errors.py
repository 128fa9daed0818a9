"""A wrong [clean] table in toolkit.toml is one ConfigError that names the file, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.clean.settings import load_settings
from toolkit.config import load_config
from toolkit.errors import ConfigError


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ("[clean]\nlines = 5\n", r"\[clean\.lines\] must be a table"),
        ("[clean]\ndates = { months = 3 }\n", r"\[clean\.dates\.months\] must be a table"),
        ("[clean.lines]\nheading_max_words = -1\n", "whole number"),
    ],
)
def test_override_errors_name_toolkit_toml(tmp_path: Path, toml: str, problem: str) -> None:
    config_file = tmp_path / "toolkit.toml"
    config_file.write_text(toml, encoding="utf-8")
    # Checked with the other settings, so every command names it, not only those that clean.
    with pytest.raises(ConfigError, match=problem) as caught:
        load_config(tmp_path)
    assert caught.value.path == config_file
    assert str(caught.value).startswith(f"{config_file}: ")


def test_settings_with_the_same_overrides_are_built_once():
    from toolkit.clean.settings import load_settings

    overrides = {"language": {"max_persian_urdu_share": 0.5}}
    first = load_settings(overrides)
    assert load_settings({"language": {"max_persian_urdu_share": 0.5}}) is first
    assert load_settings({"language": {"max_persian_urdu_share": 0.4}}) is not first


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        (
            '[clean.dates.months]\n"janvier" = 13\n',
            r"\[clean\.dates\.months\] 'janvier' must be a month number 1-12, not 13",
        ),
        ('[clean.dates.months]\n"janvier" = "1"\n', r"\[clean\.dates\.months\] 'janvier' must be a month number"),
        ('[clean.dates.months]\n"12" = 12\n', r"\[clean\.dates\.months\] '12': the key must be a month name"),
        ('[clean.html.language_names]\nsd = ""\n', r"\[clean\.html\.language_names\] 'sd' must be the language's name"),
        (
            '[clean.html.language_names]\nSD = "Sindhi"\n',
            r"\[clean\.html\.language_names\] 'SD': the key must be a language code",
        ),
        ('[clean.bylines]\nsv = "av"\n', r"\[clean\.bylines\] 'sv' must be a list of words"),
        ('[clean.bylines]\nsv = ["av", " "]\n', r"\[clean\.bylines\] 'sv' must be a list of words"),
        ('[clean.bylines]\nSV = ["av"]\n', r"\[clean\.bylines\] 'SV': the key must be a language code"),
    ],
)
def test_bad_entries_of_open_tables_are_named_by_their_path(tmp_path: Path, toml: str, problem: str) -> None:
    config_file = tmp_path / "toolkit.toml"
    config_file.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem) as caught:
        load_settings(load_config(tmp_path).extra["clean"], source=config_file)
    assert caught.value.path == config_file


def test_a_project_adds_month_spellings_and_language_names(tmp_path: Path) -> None:
    from toolkit.clean.language import language_mismatch
    from toolkit.clean.metadata import find_date

    (tmp_path / "toolkit.toml").write_text(
        '[clean.dates.months]\n"janvier" = 1\n"Février" = 2\n\n[clean.html.language_names]\nckb = "Sorani"\n',
        encoding="utf-8",
    )
    settings = load_settings(load_config(tmp_path).extra["clean"], source=tmp_path / "toolkit.toml")
    packaged = load_settings()
    assert find_date("publié le 3 janvier 2021", packaged.patterns) is None
    assert find_date("publié le 3 janvier 2021", settings.patterns).iso == "2021-01-03"
    assert find_date("le 14 Février 2022", settings.patterns).iso == "2022-02-14"
    assert find_date("14 فبراير 2022", settings.patterns).iso == "2022-02-14"  # the packaged names stay
    assert language_mismatch("ckb", "ar", settings) == "page is in Sorani (ckb), project source language is ar"
    assert language_mismatch("fa", "ar", settings) == "page is in Persian (fa), project source language is ar"
    # Without a name of the project's own, CLDR's: a table of fourteen names said "page is in it (it)".
    assert language_mismatch("ckb", "ar", packaged) == "page is in Central Kurdish (ckb), project source language is ar"
    assert language_mismatch("it", "en", packaged) == "page is in Italian (it), project source language is en"
