"""The checks for what MT really breaks, each named and each silenced per entry by `#, ignore-<name>`."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from toolkit.catalog.checks import (
    CHECK_NAMES,
    Pair,
    check_artifacts,
    check_catalog,
    check_dropped_span,
    check_latin_words,
    check_numbers,
    check_same,
    check_sentence_count,
    check_translation,
)
from toolkit.catalog.store import parse_catalog


@pytest.mark.parametrize(
    "target",
    [
        "the city ' s new park",
        "the city' s new park",
        "a ▁new park",
        "the <unk> said",
        "the mayor ⁇ said",
        "the park , he said",
        "the park .",
        "the  new park",
        "he said &quot;no&quot;",
    ],
)
def test_tokenizer_artifacts_are_found(target: str) -> None:
    assert check_artifacts(target) is not None


def test_tokenizer_debris_is_shown_with_the_word_it_follows() -> None:
    # A real zh->en draft: the warning quoted "r ' s", which no translator can search the catalog for.
    found = check_artifacts("According to the committee, this year ' s audience will be larger .")
    assert found == "tokenizer or markup debris: \"year ' s\", 'larger .'"


@pytest.mark.parametrize(
    "target",
    ["the city's new park", "the cities' new parks", "It is 3.5 km away.", "He said: “no”.", "Q&A", "1 , 2"[:1]],
)
def test_clean_english_has_no_artifacts(target: str) -> None:
    assert check_artifacts(target) is None


def test_a_dropped_dateline_or_parenthetical_is_named() -> None:
    source = "موسكو (رويترز) - قال الكرملين إن المحادثات ستستمر."
    assert check_dropped_span(source, "MOSCOW - The Kremlin said talks would continue.") is not None
    assert check_dropped_span(source, "MOSCOW (Reuters) - The Kremlin said talks would continue.") is None
    assert check_dropped_span("（新华社）国家统计局公布数据。", "The statistics bureau released data.") is not None
    assert check_dropped_span("قال «لن نتراجع»", 'He said "we will not retreat"') is None


def test_sentence_count_far_off_is_named_but_one_more_or_less_is_not() -> None:
    source = "قال الوزير. وأضاف أن المحادثات مستمرة. ولم يذكر تفاصيل. وانتهى الاجتماع."
    assert check_sentence_count(source, "The minister said talks continue.", "ar", "en") is not None
    assert check_sentence_count(source, "The minister spoke. Talks go on. No details. It ended.", "ar", "en") is None
    assert check_sentence_count("قال الوزير. وأضاف.", "The minister said, adding.", "ar", "en") is None


def test_a_draft_identical_to_its_source_is_named_unless_the_source_is_not_in_its_script() -> None:
    assert check_same("بوتين", " بوتين ", "ar") is not None
    assert check_same("北京是中国的首都。", "北京是中国的首都。", "zh") is not None
    assert check_same("Reuters", "Reuters", "ar") is None  # already in the target's letters
    assert check_same("2022", "2022", "ar") is None
    assert check_same("بوتين", "Putin", "ar") is None


def test_latin_script_names_must_survive_translation() -> None:
    source = "قالت وكالة Bloomberg إن طائرات F-16 وصلت"
    assert "Bloomberg" in (check_latin_words(source, "The agency said F-16 jets arrived", "ar") or "")
    assert check_latin_words(source, "Bloomberg said F-16 jets arrived", "ar") is None
    assert check_latin_words("据CNN报道", "According to CNN", "zh") is None
    assert check_latin_words("Reuters said", "Reuters a dit", "en") is None


def test_every_check_has_a_unique_name_usable_as_a_flag() -> None:
    assert len(set(CHECK_NAMES)) == len(CHECK_NAMES)
    assert all(name.replace("-", "").isalpha() and name.islower() for name in CHECK_NAMES)


def test_findings_name_their_check_and_a_flag_silences_only_that_check() -> None:
    pair = Pair("قال Bloomberg (رويترز) إن 26 شخصا قتلوا", "Bloomberg ' s 25 people", "ar", "en")
    names = {finding.check for finding in check_translation(pair)}
    assert {"numbers", "artifacts", "dropped-span"} <= names
    silenced = {finding.check for finding in check_translation(pair, {"numbers", "artifacts"})}
    assert silenced == names - {"numbers", "artifacts"}


def test_a_translator_flag_on_the_entry_silences_the_check_there_only() -> None:
    text = """msgid ""
msgstr "Language: en\\n"

#, ignore-dropped-span
msgctxt "b-1"
msgid "موسكو (رويترز) - قال الكرملين"
msgstr "MOSCOW - The Kremlin said"

msgctxt "b-2"
msgid "موسكو (رويترز) - قال الكرملين"
msgstr "MOSCOW - The Kremlin said"
"""
    path = Path("translations/a.po")
    warnings = check_catalog(parse_catalog(text, path), path, "ar", "en")
    assert [(warning.context, warning.check) for warning in warnings] == [("b-2", "dropped-span")]
    assert str(warnings[0]).startswith("translations/a.po:9: [b-2] the source has 1 bracketed")
    assert str(warnings[0]).endswith("[dropped-span]")


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("这位著名作家昨天去世，享年八十六岁。", "The famous writer died yesterday at the age of 86."),
        ("这次展览展出了两百多件珍贵文物。", "The exhibition featured more than 200 valuable items."),
        ("这场比赛吸引了五万多名观众。", "The match drew more than 50,000 spectators."),
        ("出口额增长了百分之七点五。", "Exports grew by 7.5 per cent."),
        (
            "政府计划在未来五年内新建一百所幼儿园。",
            "The government plans 100 new kindergartens in the next five years.",
        ),
        ("新的法律将于明年一月一日起施行。", "The new law takes effect on 1 January next year."),
        ("全市人口达到3.5万人。", "The town's population reached 35,000."),
        ("二〇二二年", "2022"),
        ("全国人口达到一亿五千万。", "The population reached 150 million."),
        ("债务超过一万亿元。", "The debt passed 1 trillion yuan."),
        ("五一假期期间，鼓浪屿每日接待游客上限为5万人。", "Over the May Day holiday, 50,000 visitors a day at most."),
        ("三四个人在事故中受伤。", "Three or four people were hurt in the accident."),
        ("他在这里工作了七八年。", "He has worked here for seven or eight years."),
    ],
)
def test_chinese_numerals_agree_with_digits_and_number_words(source: str, target: str) -> None:
    assert check_numbers(source, target, "zh") is None


def test_a_chinese_numeral_mistranslated_is_named() -> None:
    # A real draft of the zh->en package: 0.25 percentage points became 225.
    problem = check_numbers(
        "该国央行宣布将基准利率下调零点二五个百分点。", "The bank cut the rate by 225 percentage points.", "zh"
    )
    assert problem == "numbers differ (missing from the translation: 0.25; not in the source: 225)"
    assert check_numbers("这座大桥全长十二公里。", "The bridge is 21 kilometres long.", "zh") is not None
    assert check_numbers("五十一人在事故中受伤。", "People were hurt in the accident.", "zh") is not None


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("7月24日15时50分，警方接到报警。", "On 24 July, at 1550 hours, the police received a call."),
        ("北京市气象台26日11时发布称", "The Beijing observatory said at 11 a.m. on the 26th"),
        ("下达中央救灾资金6000万元和2亿元。", "issued relief funds of 60 million and 200 million yuan."),
        ("要让14亿人民", "for 1.4 billion people"),
        ("有1.34亿用户", "134 million users"),
    ],
)
def test_chinese_times_and_english_millions_are_the_same_numbers(source: str, target: str) -> None:
    assert check_numbers(source, target, "zh") is None


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # A real draft of the zh->en package: the 26th festival as words.
        (
            "第二十六届上海国际电影节于6月14日开幕。",
            "The twenty-sixth Shanghai International Film Festival opened on 14 June.",
        ),
        ("第三十一次会议", "The thirty-first meeting"),
        ("二十六人受伤", "Twenty six people were injured"),
        ("第十二届全国人大", "the Twelfth National People's Congress"),
    ],
)
def test_an_english_number_in_words_is_read_with_its_tens_and_as_an_ordinal(source: str, target: str) -> None:
    assert check_numbers(source, target, "zh") is None


def test_a_number_in_words_that_differs_is_still_named() -> None:
    problem = check_numbers("第二十六届电影节", "The twenty-seventh festival", "zh")
    assert problem == "numbers differ (missing from the translation: 26; not in the source: 27)"


def test_latin_names_match_without_accents_and_in_plurals_but_not_when_gone() -> None:
    assert check_latin_words("冈萨雷斯（Arancha Gonzalez Laya）强调", "Arancha González Laya stressed", "zh") is None
    assert check_latin_words("准备IPO的中国公司", "Chinese companies preparing IPOs", "zh") is None
    assert check_latin_words("赴美IPO的中国企业", "the first Chinese enterprise to go to the US", "zh") is not None
    assert check_latin_words("知名up主发布视频", "A well-known blogger posted a video", "zh") is None  # no capital


def test_check_help_names_every_check_a_translator_can_silence() -> None:
    from click.testing import CliRunner

    from toolkit.catalog.checks import EMPTY_CHECK, ENGINE_CHECK
    from toolkit.cli import cli

    shown = " ".join(CliRunner().invoke(cli, ["check", "--help"]).output.split())
    for name in (*CHECK_NAMES, EMPTY_CHECK, ENGINE_CHECK):
        assert f" {name}," in shown or f" {name} " in shown, name
    assert "#, ignore-<name>" in shown


def test_a_translator_comment_of_ignore_words_silences_its_checks_and_survives_gettext_s_tools(tmp_path) -> None:
    """msgcat and msgmerge drop a flag they do not know (`#, ignore-numbers` comes out `#, fuzzy`) but keep a
    translator comment: a check silenced there stays silenced once a translator passes the file through them."""
    silenced = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: en\\n"

# ignore-numbers, ignore-dropped-span
#, fuzzy, ignore-numbers
msgctxt "b-1"
msgid "قال الكرملين (رويترز) إن 3 جنود قتلوا"
msgstr "The Kremlin said soldiers were killed"

# ignore-numbers would hide this one: keep it shown
msgctxt "b-2"
msgid "قال الكرملين (رويترز) إن 3 جنود قتلوا"
msgstr "The Kremlin said soldiers were killed"
"""
    written = tmp_path / "a.po"
    written.write_text(silenced, encoding="utf-8")
    through_msgcat = subprocess.run(
        ["msgcat", str(written)], capture_output=True, text=True, check=True, encoding="utf-8"
    ).stdout
    assert "# ignore-numbers, ignore-dropped-span\n#, fuzzy\n" in through_msgcat

    path = Path("translations/a.po")
    warnings = check_catalog(parse_catalog(through_msgcat, path), path, "ar", "en")
    assert {(warning.context, warning.check) for warning in warnings} == {("b-2", "numbers"), ("b-2", "dropped-span")}


def test_digits_of_any_decimal_system_agree_with_ascii_ones() -> None:
    # Only the Arabic-Indic, Persian and full-width digits were read as digits: "५०" (Devanagari) was a number of
    # its own, and 50 in the translation "missing" it.
    assert check_numbers("कम से कम ५० लोग मारे गए।", "At least 50 people were killed.", "hi") is None
    assert check_numbers("৩৫ জন আহত হয়েছেন।", "35 people were injured.", "bn") is None
