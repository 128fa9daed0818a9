"""The light stemming behind headline and lead overlap follows settings.toml [stems], which a project may override."""

from __future__ import annotations

from toolkit.clean.layout import stems
from toolkit.clean.settings import load_settings
from toolkit.clean.text import normalize


def test_default_stems_cut_prefixes_and_the_feminine_ending() -> None:
    stemmer = load_settings().patterns.stemmer
    assert stems(normalize("والحكومة تعلن في ولد"), stemmer) == frozenset({"حكوم", "تعلن", "ولد"})


def test_project_overrides_the_stemming() -> None:
    stemmer = load_settings({"stems": {"min_word_letters": 5, "suffixes": ["ن"]}}).patterns.stemmer
    assert stems(normalize("والحكومة تعلن للمسؤولين"), stemmer) == frozenset({"حكومه", "مسؤولي"})
