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
    overrides = load_config(tmp_path).extra["clean"]
    with pytest.raises(ConfigError, match=problem) as caught:
        load_settings(overrides, source=config_file)
    assert caught.value.path == config_file
    assert str(caught.value).startswith(f"{config_file}: ")


def test_settings_with_the_same_overrides_are_built_once():
    from toolkit.clean.settings import load_settings

    overrides = {"language": {"max_persian_urdu_share": 0.5}}
    first = load_settings(overrides)
    assert load_settings({"language": {"max_persian_urdu_share": 0.5}}) is first
    assert load_settings({"language": {"max_persian_urdu_share": 0.4}}) is not first
