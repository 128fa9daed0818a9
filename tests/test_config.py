from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit.cli import cli
from toolkit.config import load_config
from toolkit.errors import EXIT_USAGE, ConfigError

REPO = Path(__file__).resolve().parent.parent


def test_repo_config_reads_the_default_corpus_settings():
    config = load_config(REPO)
    assert config.source_language == "ar"
    assert config.target_language == "en"
    assert config.site_title
    assert config.source_dir == REPO / "source"


def test_missing_file_gives_defaults(tmp_path: Path):
    config = load_config(tmp_path)
    assert (config.source_language, config.target_language, config.beam_size) == ("ar", "en", 4)
    assert config.model_file is None


def test_file_values_and_cli_overrides(tmp_path: Path):
    (tmp_path / "toolkit.toml").write_text(
        'source_language = "zh"\nmodel_file = "models/x.argosmodel"\n[site]\ntitle = "T"\narticles_per_page = 25\n'
        "[translate]\nbeam_size = 2\n",
        encoding="utf-8",
    )
    config = load_config(tmp_path, target_language="fr", source_language=None)
    assert config.source_language == "zh"
    assert config.target_language == "fr"
    assert config.model_file == (tmp_path / "models" / "x.argosmodel").resolve()
    assert config.site_title == "T"
    assert config.site_articles_per_page == 25
    assert config.beam_size == 2


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('source_language = "ar"\nsource_language = "en"\n', "not valid TOML"),
        ('colour = "blue"\n', "unknown setting(s): colour"),
        ('source_language = "arabic!"\n', "source_language must be a language code"),
        ("[translate]\nbeam_size = 0\n", "beam_size must be a whole number"),
        ("beam_size = true\n", "beam_size must be a whole number"),
        ("[site]\narticles_per_page = 0\n", "site.articles_per_page must be a whole number from 1 to 1000"),
        ("[site]\narticles_per_page = '20'\n", "site.articles_per_page must be a whole number"),
        ("[sit]\ntitle = 'x'\n", "unknown setting(s): [sit]"),
        ("[site]\nbogus = 1\n", "unknown setting(s): site.bogus"),
        ("[translate]\nfoo = 1\n", "unknown setting(s): translate.foo"),
        ("site = 'x'\n", "[site] must be a table"),
        ("clean = 5\n", "[clean] must be a table"),
        # Settings of the right type that mean nothing: a blank title, a date locale for a language the site does
        # not have, a share above a whole.
        ('model_file = ""\n', "model_file is empty"),
        ('[site]\ntitle = ""\n', "site.title is empty"),
        ('[site]\ntitle = "   "\n', "site.title is empty"),
        ('[site]\ndate_locales = { fr = "fr_FR" }\n', "site.date_locales.fr: the site has no 'fr' interface"),
        ('[site]\ndate_locales = { ar = "en_US" }\n', "site.date_locales.ar: 'en_US' is a locale of 'en'"),
        # Babel reads a part it does not know as nothing: 'ar_Syria' was Modern Standard Arabic's months, unsaid.
        ('[site]\ndate_locales = { ar = "ar_Syria" }\n', "site.date_locales.ar: 'ar_Syria' is not a CLDR locale"),
        ("[site]\ndate_locales = { en = 'en_GB\"><b>' }\n", "site.date_locales.en: 'en_GB\"><b>' is not a CLDR"),
        (
            'source_language = "zh"\n[site]\ndate_locales = { zh = "zh_TW" }\n',
            "site.date_locales.zh: the site has no 'zh' interface; its interfaces are en",
        ),
        ("[clean.lines]\nrun_join_share = 1.5\n", "lines.run_join_share is a share of a whole"),
        ("[clean.html]\nmin_script_share = 2.0\n", "html.min_script_share is a share of a whole"),
        ("[clean.lines]\ncjk_chars_per_word = 0\n", "lines.cjk_chars_per_word must be a whole number >= 1"),
        ("[clean.lines]\ntitle_min_words = 40\n", "lines.title_min_words (40) is above lines.title_max_words"),
        ("[clean.dates]\nmin_year = 2200\n", "dates.min_year (2200) is above dates.max_year"),
        ("[clean.lines]\nbogus = 1\n", "unknown cleaner setting [clean.lines] bogus"),
        ('[site]\nbase_url = "https://example.org/news/?lang=en"\n', "site.base_url is the address the site's pages"),
        ('[site]\nbase_url = "https://example.org/#news"\n', "no query (?) or fragment (#)"),
        ('[cluster]\naddress = "head-node"\n', "cluster.address must be a Ray address (host:port, ray://host:port"),
        ('[cluster]\naddress = "ray://head:0"\n', "cluster.address must be a Ray address"),
    ],
)
def test_a_bad_or_meaningless_setting_is_one_line_naming_toolkit_toml_for_every_command(
    tmp_path: Path, content: str, expected: str
):
    config_file = tmp_path / "toolkit.toml"
    config_file.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert expected in str(raised.value)
    assert str(raised.value).startswith(f"{config_file}: ")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "status"])
    assert result.exit_code == EXIT_USAGE
    assert result.stderr == f"toolkit: {raised.value}\n"


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("[site]\ntittle = 'x'\n", "site.tittle (did you mean site.title?)"),
        ("[sites]\ntitle = 'x'\n", "[sites] (did you mean [site]?)"),
        ("beamsize = 3\n", "beamsize (did you mean beam_size?)"),
        (
            "[site]\ntitle = 'x'\nsource_language = 'zh'\n",
            "site.source_language (did you mean source_language? It goes above the first [table]: every line after"
            " [site] belongs to it.)",
        ),
        ("title = 'x'\n", "title (did you mean site.title? It goes under [site].)"),
        ("[site]\nlow_confidence = 0.3\n", "(did you mean translate.low_confidence? It goes under [translate].)"),
        ('colour = "blue"\n', "unknown setting(s): colour\n"),
    ],
)
def test_an_unknown_setting_names_the_one_it_most_likely_is(tmp_path: Path, content: str, said: str):
    # "unknown setting(s): site.source_language" for a line added at the end of the file, under [site], left the
    # user looking at a name spelt right.
    (tmp_path / "toolkit.toml").write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "status"])
    assert result.exit_code == EXIT_USAGE
    assert said in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("arguments", "options"),
    [
        (["init", "p", "--title", "a\x7fb"], "--title"),
        (["init", "p", "--from", "english"], "--from"),
        (["init", "p", "--from", "en", "--to", "en"], "--from, --to"),
        (["translate-text", "--from", "zh", "--to", "en", "--beam-size", "0"], "--beam-size"),
    ],
)
def test_a_wrong_value_on_the_command_line_names_the_option_that_gave_it(
    tmp_path: Path, arguments: list[str], options: str
):
    # "site.title holds the control character U+007F (given on the command line: --from, --to, --title)" named
    # options the user had not typed (init's defaults), as if one of them were wrong.
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), *arguments], input="x\n")
    assert result.exit_code == EXIT_USAGE, result.output
    assert result.stderr.rstrip("\n").endswith(f"(given on the command line: {options})"), result.stderr


def test_missing_project_folder(tmp_path: Path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nowhere")


@pytest.mark.parametrize("kind", ["file", "fifo"])
def test_a_project_path_that_is_not_a_folder_is_named_as_such(tmp_path: Path, kind: str):
    project = tmp_path / "project"
    project.write_text("", encoding="utf-8") if kind == "file" else os.mkfifo(project)
    with pytest.raises(ConfigError, match="is not a folder") as raised:
        load_config(project)
    assert raised.value.path == project


def test_clean_table_is_kept_for_the_cleaner(tmp_path: Path):
    (tmp_path / "toolkit.toml").write_text("[clean.language]\nmax_persian_urdu_share = 0.5\n", encoding="utf-8")
    assert load_config(tmp_path).extra == {"clean": {"language": {"max_persian_urdu_share": 0.5}}}


def test_a_project_translated_into_its_own_language_is_refused(tmp_path: Path) -> None:
    (tmp_path / "toolkit.toml").write_text('source_language = "ar"\ntarget_language = "ar"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="source_language and target_language are both 'ar'"):
        load_config(tmp_path)


@pytest.mark.parametrize(
    "base_url",
    ["javascript:alert(1)", "//evil.example/", 'https://x.org/"><script>', "https://x.org/a b", "https://x.org/{x}"],
)
def test_a_base_url_that_is_no_plain_http_address_is_refused(tmp_path: Path, base_url: str) -> None:
    (tmp_path / "toolkit.toml").write_text(f"[site]\nbase_url = {base_url!r}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"site\.base_url must be an absolute http:// or https:// address"):
        load_config(tmp_path)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ('source_language = "iw"\n', "source_language 'iw' is another code of Hebrew: use 'he'"),
        ('target_language = "iw"\n', "target_language 'iw' is another code of Hebrew: use 'he'"),
        ('source_language = "ji"\n', "source_language 'ji' is another code of Yiddish: use 'yi'"),
        ('target_language = "in"\n', "target_language 'in' is another code of Indonesian: use 'id'"),
        ('target_language = "jw"\n', "target_language 'jw' is another code of Javanese: use 'jv'"),
        ('source_language = "ara"\n', "source_language 'ara' is another code of Arabic: use 'ar'"),
    ],
)
def test_a_retired_language_code_babel_renames_is_told_its_current_one(tmp_path: Path, content: str, said: str):
    # 'iw' as source_language was "not a language the cleaner knows the script of" beside a list holding 'he';
    # as target_language it was taken, then met no Argos package and marked every page lang="iw".
    (tmp_path / "toolkit.toml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(tmp_path)
    assert said in str(raised.value), str(raised.value)


@pytest.mark.parametrize(
    ("language", "locale"),
    [("en", "en_UK"), ("en", "en_GB"), ("ar", "ar_SY"), ("ar", "ar_SY.UTF-8"), ("en", "en_US_POSIX")],
)
def test_a_date_locale_babel_reads_through_its_aliases_is_taken(tmp_path: Path, language: str, locale: str):
    # Babel reads 'en_UK' as en_GB (its territory aliases), as it reads 'iw_IL' as he_IL: refused as "not a CLDR
    # locale" though Babel takes it whole.
    (tmp_path / "toolkit.toml").write_text(f'[site]\ndate_locales = {{ {language} = "{locale}" }}\n', encoding="utf-8")
    assert dict(load_config(tmp_path).site_date_locales) == {language: locale}
