"""Each damage check of `toolkit check` on a real draft of the Argos zh->en package (TOOLKIT_TEST_MODEL) that
shows it, and the engine's confidence on real drafts."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.catalog.checks import Pair, check_translation
from toolkit.catalog.glossary import parse_glossary
from toolkit.config import Config
from toolkit.translate.confidence import draft_confidence
from toolkit.translate.engine import Draft
from toolkit.translate.packages import load_translator

GLOSSARY = parse_glossary("source,target\n国家统计局,National Bureau of Statistics\n", Path("glossary.csv"))
# A source, the check its real draft from translate-zh_en 1.9 (beam 4) trips, and what the draft says. A
# source given as a tuple of near-alternatives is one whose draft differs with the CPU CTranslate2 runs on
# (its int8 kernels round differently on Intel and AMD): the check must catch the damage wherever a draft
# shows it, and at least one of them shows it on every machine this has run on.
DAMAGED = [
    ("这家公司第三季度净利润比去年同期下降了百分之十二。", "artifacts", "The company ' s net profit"),
    ("人民日报", "artifacts", "People ' s Daily"),
    ("该国央行宣布将基准利率下调零点二五个百分点。", "numbers", "by 225 percentage points"),
    ("（路透社）美国总统周三签署了新法案。", "dropped-span", "signed a new bill"),
    (("TikTok母公司字节跳动发布声明。", "TikTok母公司字节跳动发布公告。"), "repetition", "by-by-by-by"),
    # "National Statistics Office" on one CPU, "National Statistical Office" on another: never the glossary's.
    ("北京（新华社）——国家统计局周一公布的数据显示，经济增长百分之五。", "glossary", "National Statisti"),
    # From WMT21's news test set (newstest2021 zh-en):
    ("累计追踪到密切接触者779000人，尚在医学观察的密切接触者11762人。", "numbers", "and 1,762 persons"),
    (
        "今年5月9日，金山云正式在美国纳斯达克上市，成为疫情后第一家赴美IPO的中国企业。",
        "latin-words",
        "the first Chinese enterprise to travel",
    ),
    (
        "飞鸟、绿树、栈道、碧水……范仲淹笔下“沙鸥翔集”的美景在宁夏银川的黄河湿地公园成为了现实。",
        "sentences",
        "Waters... . . . . .",
    ),
    (
        "新华社香港7月25日电 香港特区政府财经事务及库务局局长许正宇表示，香港的金融市场仍保持活跃、运作有序。",
        "length",
        "Hong Kong, Xinhua News Agency, 25 July",
    ),
]
CLEAN = [
    "据CNN报道，该国总统将访问北京。",
    "据彭博社（Bloomberg）报道，该公司将裁员。",
    "他说：“我们不会让步。”",
    "政府计划在未来五年内新建一百所幼儿园。",
    "这次展览展出了两百多件珍贵文物。",
    "北京是中国的首都。北京有很多人。上海也很大。广州很热。深圳很新。",
]


TWO_LINES = "双方就地区安全局势交换了意见。\n会谈在友好的气氛中进行。"
DAMAGED_SOURCES = [
    source for sources, _, _ in DAMAGED for source in (sources if isinstance(sources, tuple) else (sources,))
]
SOURCES = DAMAGED_SOURCES + CLEAN + [TWO_LINES]


@pytest.fixture(scope="module")
def drafts(zh_packages_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Draft]:
    """Every source drafted once by the real model, for both tests (loading it is most of their time)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ARGOS_PACKAGES_DIR", str(zh_packages_dir))
        translator = load_translator(Config(project_dir=tmp_path_factory.mktemp("zh"), source_language="zh"))
        return translator.translate(SOURCES)


def _checks(source: str, draft: Draft) -> set[str]:
    return {finding.check for finding in check_translation(Pair(source, draft.text, "zh", "en", GLOSSARY))}


def test_each_damage_check_catches_a_real_draft_and_passes_clean_ones(drafts: list[Draft]):
    drafted = dict(zip(SOURCES, drafts, strict=True))
    for sources, check, says in DAMAGED:
        alternatives = sources if isinstance(sources, tuple) else (sources,)
        showing = [source for source in alternatives if says in drafted[source].text]
        assert showing, [(source, drafted[source].text) for source in alternatives]
        for source in showing:
            assert check in _checks(source, drafted[source]), (source, drafted[source].text, check)
    for source in CLEAN:
        assert _checks(source, drafted[source]) == set(), (source, drafted[source].text)


def test_real_drafts_have_a_confidence_from_0_to_1_and_the_loop_is_below_every_clean_one(drafts: list[Draft]):
    confidences = dict(zip(SOURCES, (draft_confidence(draft.sentence_scores) for draft in drafts), strict=True))
    assert all(confidence is not None and 0.0 <= confidence <= 1.0 for confidence in confidences.values())
    assert [len(draft.sentence_scores) for draft in drafts[-1:]] == [2]
    loops = [source for source, draft in zip(SOURCES, drafts, strict=True) if "repetition" in _checks(source, draft)]
    clean = [confidences[source] for source in CLEAN]
    assert loops and all(confidences[loop] < min(clean) for loop in loops), (loops, confidences)
