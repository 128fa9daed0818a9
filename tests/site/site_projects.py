"""Small projects of generated PO catalogs in the layout toolkit/catalog documents, for the site tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from toolkit.catalog.entries import DRAFT_HASH_NOTE, MACHINE_NOTE, draft_hash
from toolkit.config import load_config
from toolkit.site.build import build_site

TOML = """source_language = "ar"
target_language = "en"

[site]
title = "Test site"
description = "Generated catalogs"
base_url = "https://example.org/news/"
"""


@dataclass(frozen=True)
class BlockSpec:
    block_id: str
    source: str
    target: str = ""
    state: str = (
        "reviewed"  # reviewed | draft (untouched machine output) | needs-review (fuzzy, not a machine's) | untranslated
    )
    kind: str = "paragraph"


def catalog_text(
    article_id: str,
    title: tuple[str, str],
    blocks: list[BlockSpec],
    date: str = "2022-01-28",
    outlet: str = "وطن",
    byline: str = "",
    attribution: str = "",
    title_state: str = "reviewed",
    source_language: str = "ar",
    target_language: str = "en",
) -> str:
    catalog = polib.POFile(wrapwidth=0)
    catalog.metadata = {
        "Project-Id-Version": "Test site",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Language": target_language,
        "X-Source-Language": source_language,
        "X-Article-Id": article_id,
        "X-Article-Title": title[0],
        "X-Article-Date": date,
        "X-Article-Byline": byline,
        "X-Article-Outlet": outlet,
        "X-Article-Source": f"source/{article_id}.txt",
        "X-Article-Attribution": attribution,
    }
    units = [BlockSpec("title", title[0], title[1], title_state, "title"), *blocks]
    for unit in units:
        notes = [f"kind: {unit.kind}"]
        if unit.state == "draft":
            notes += [f"{MACHINE_NOTE}test engine", f"{DRAFT_HASH_NOTE}{draft_hash(unit.target)}"]
        entry = polib.POEntry(
            msgctxt=unit.block_id,
            msgid=unit.source,
            msgstr="" if unit.state == "untranslated" else unit.target,
            comment="\n".join(notes),
        )
        if unit.state in ("draft", "needs-review"):
            entry.flags.append("fuzzy")
        catalog.append(entry)
    return str(catalog)


def sample_blocks(article: int, count: int = 4) -> list[BlockSpec]:
    states = ["reviewed", "draft", "untranslated", "needs-review"]
    blocks = [BlockSpec("b-0000head", f"عنوان فرعي {article}", f"Subheading {article}", "reviewed", "heading")]
    for number in range(1, count):
        blocks.append(
            BlockSpec(
                f"b-{article:04x}{number:04x}",
                f"قال الرئيس فلاديمير بوتين (Vladimir Putin) في 26 يناير إن الناتو رقم {number} في المقال {article}.",
                f"President Vladimir Putin (فلاديمير بوتين) said on 26 January that NATO, item {number} of {article}.",
                states[number % len(states)],
            )
        )
    return blocks


def write_project(root: Path, catalogs: dict[str, str], toml: str = TOML) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "toolkit.toml").write_text(toml, encoding="utf-8")
    translations = root / "translations"
    translations.mkdir(exist_ok=True)
    for name, text in catalogs.items():
        (translations / f"{name}.po").write_text(text, encoding="utf-8")
    return root


def sample_project(root: Path, articles: int = 3) -> Path:
    catalogs = {
        f"{number:03d}_sample": catalog_text(
            f"{number:03d}_sample",
            (f"عنوان المقال {number}", f"Article title {number}"),
            sample_blocks(number),
            date=f"2022-01-{1 + number % 28:02d}",
            title_state=("reviewed", "draft", "needs-review")[number % 3],
        )
        for number in range(articles)
    }
    return write_project(root, catalogs)


def built_bundled_project(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Twelve sample articles, a search bundle each, built once."""
    # Catalogs written within a timestamp tick of a build are read again whatever their status says: these are
    # vouched for by it, as an archive's catalogs are.
    monkeypatch.setattr("toolkit.site.fingerprints.is_racy", lambda identity, looked_at_ns: False)
    project = sample_project(root, articles=12)
    toml = project / "toolkit.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "search_bundle_articles = 1\n", encoding="utf-8")
    build_site(load_config(project))
    return project


# Chinese news text with its English drafts, set so that a name's letters also stand in a row elsewhere, across
# two words (海南 in 上海南部, "southern Shanghai"), and one place is named in two articles.
CHINESE_ARTICLES = {
    "000_beijing": (
        ("北京的春天", "Spring in Beijing"),
        [
            (
                "王明是新华社记者。他在北京工作了十年。",
                "Wang Ming, a Xinhua reporter, has worked in Beijing for ten years.",
            ),
            ("北京是中国的首都，人口很多。", "Beijing is the capital of China, with a large population."),
        ],
    ),
    "001_shanghai": (
        ("上海南部的港口", "The port in southern Shanghai"),
        [
            (
                "上海南部的洋山港是世界上最繁忙的港口之一。",
                "Yangshan, in southern Shanghai, is among the busiest ports.",
            ),
            ("李华说，南京的工厂也在扩大生产。", "Li Hua said that factories in Nanjing are also expanding."),
        ],
    ),
    "002_hainan": (
        ("海南岛的旅游业", "Tourism on Hainan Island"),
        [
            (
                "海南岛每年吸引数百万游客，其中许多来自上海。",
                "Hainan Island draws millions a year, many from Shanghai.",
            ),
            ("习近平在博鳌亚洲论坛上发表讲话。", "Xi Jinping spoke at the Boao Forum for Asia."),
        ],
    ),
}


# Japanese news text as the wires write it (kanji, hiragana, katakana; Latin letters and digits full-width, one
# name in half-width katakana) with its English drafts, set so that a name's letters also stand in a row
# elsewhere, across two words (京都 in 東京都, "Tokyo Metropolis").
JAPANESE_ARTICLES = {
    "000_tokyo": (
        ("東京都知事選、小池氏が３選", "Koike wins a third term as Tokyo governor"),
        [
            (
                "東京都の小池百合子知事は７日、都知事選で３選を果たした。",
                "Tokyo Governor Yuriko Koike won a third term on the 7th.",
            ),
            ("投票率は６０．６２％だった。", "Turnout was 60.62%."),
        ],
    ),
    "001_kyoto": (
        ("京都で祇園祭、３年ぶりに山鉾巡行", "The Gion Festival parade returns to Kyoto"),
        [
            (
                "京都市中心部で１７日、祇園祭の山鉾巡行が行われ、多くの観光客が訪れた。",
                "The Gion Festival parade was held in central Kyoto on the 17th, drawing many tourists.",
            ),
            (
                "ＪＲ京都駅周辺は朝から混雑し、駅前のｺﾝﾋﾞﾆには行列ができた。",
                "The area around JR Kyoto Station was crowded from the morning, with a queue at its convenience store.",
            ),
        ],
    ),
    "002_hiroshima": (
        ("Ｇ７広島サミット開幕", "The G7 Hiroshima summit opens"),
        [
            (
                "岸田文雄首相は１９日、広島市で主要７カ国首脳会議（Ｇ７サミット）を開いた。",
                "Prime Minister Fumio Kishida opened the G7 summit in Hiroshima on the 19th.",
            ),
            (
                "バイデン米大統領やゼレンスキー大統領も参加し、コンピューターの安全も議題となった。",
                "President Biden and President Zelensky attended; computer security was on the agenda too.",
            ),
        ],
    ),
}
# Source language -> its articles and their outlet.
CJK_SOURCE_ARTICLES = {
    "zh": (CHINESE_ARTICLES, "新华网"),
    "zt": (CHINESE_ARTICLES, "新华网"),  # Argos's Traditional Chinese
    "ja": (JAPANESE_ARTICLES, "共同通信"),
}


def cjk_source_project(root: Path, source_language: str = "zh") -> Path:
    """A zh -> en project (or zt, Argos's Traditional Chinese, or ja): Chinese and Japanese have no interface
    catalog, so its site has the English interface alone. Each article's paragraphs are a reviewed
    translation and an untouched machine draft."""
    articles, outlet = CJK_SOURCE_ARTICLES[source_language]
    return _source_project(root, articles, outlet, source_language)


# Chinese news text whose names and terms stand inside longer words (熊猫 in 大熊猫, 人民 in 中华人民共和国
# and 人民币), at their start or end (北京 in 北京市, 大学 in 清华大学), beside Latin letters and digits (19号线,
# Mate60系列, G20峰会) and where a word segmenter cuts them apart (王明和龚正在北京: 王|明和|龚|正在 to ICU's).
CHINESE_TERM_ARTICLES = {
    "000_panda": (
        ("大熊猫双胞胎在成都诞生", "Twin giant pandas born in Chengdu"),
        [
            (
                "成都大熊猫繁育研究基地5日宣布，大熊猫“和花”产下一对双胞胎。",
                "The Chengdu panda base said on the 5th that the giant panda He Hua had twins.",
            ),
            ("基地工作人员表示，两只幼崽体重均超过150克。", "Staff at the base said both cubs weigh over 150 grams."),
        ],
    ),
    "001_beijing": (
        ("北京市地铁19号线年底开通", "Beijing Subway Line 19 opens at the end of the year"),
        [
            (
                "北京市交通委员会10日表示，地铁19号线将于2024年底全线开通。",
                "Beijing's transport commission said on the 10th that Subway Line 19 opens at the end of 2024.",
            ),
            (
                "王明和龚正在北京见面，讨论了5G网络建设。",
                "Wang Ming and Gong Zheng met in Beijing to discuss 5G networks.",
            ),
            ("清华大学的研究人员参与了线路设计。", "Researchers from Tsinghua University helped design the line."),
        ],
    ),
    "002_pudong": (
        ("上海浦东新区建设国际航运中心", "Shanghai's Pudong New Area builds a shipping centre"),
        [
            (
                "上海浦东新区的洋山深水港是全球最大的自动化码头之一。",
                "Yangshan Deep-Water Port in Pudong is one of the largest automated terminals.",
            ),
            (
                "上海南部的金山区也在发展高科技产业。",
                "Jinshan District in southern Shanghai is developing high-tech industry too.",
            ),
        ],
    ),
    "003_hainan": (
        ("海南岛旅游业持续增长", "Tourism on Hainan Island keeps growing"),
        [
            (
                "海南岛每年吸引数百万游客，三亚市的酒店入住率超过80%。",
                "Hainan Island draws millions of tourists a year; hotel occupancy in Sanya is above 80%.",
            ),
            (
                "习近平在博鳌亚洲论坛上说，中华人民共和国将继续扩大开放。",
                "Xi Jinping told the Boao Forum for Asia that the People's Republic of China will open further.",
            ),
        ],
    ),
    "004_huawei": (
        ("华为发布Mate60手机", "Huawei launches the Mate60 phone"),
        [
            (
                "华为公司在深圳总部发布了Mate60系列手机，搭载麒麟9000S芯片。",
                "Huawei launched the Mate60 series at its Shenzhen headquarters, with the Kirin 9000S chip.",
            ),
            (
                "苹果公司的iPhone15也在同月上市，售价5999元人民币。",
                "Apple's iPhone15 went on sale the same month at 5,999 yuan.",
            ),
        ],
    ),
    "005_volleyball": (
        ("中国女排夺得世界杯冠军", "China's women's volleyball team wins the World Cup"),
        [
            (
                "朱婷带领中国女排在日本大阪夺冠，这是球队第十次获得世界冠军。",
                "Zhu Ting led China's women's volleyball team to victory in Osaka, its tenth world title.",
            ),
            ("G20峰会期间，李华接受了新华社记者的采访。", "During the G20 summit, Li Hua spoke to a Xinhua reporter."),
        ],
    ),
}


def chinese_terms_project(root: Path) -> Path:
    """A zh -> en project of CHINESE_TERM_ARTICLES."""
    return _source_project(root, CHINESE_TERM_ARTICLES, "央视新闻", "zh")


def _source_project(root: Path, articles: dict, outlet: str, source_language: str) -> Path:
    catalogs = {
        name: catalog_text(
            name,
            title,
            [
                BlockSpec(f"b-{number:08x}", source, target, ("reviewed", "draft")[number % 2])
                for number, (source, target) in enumerate(blocks)
            ],
            outlet=outlet,
            source_language=source_language,
        )
        for name, (title, blocks) in articles.items()
    }
    toml = TOML.replace('source_language = "ar"', f'source_language = "{source_language}"')
    return write_project(root, catalogs, toml)


# Two-word names in Arabic and English, each article's title holding longer words the names' words start
# (Huawei, lists, lines, Linyi; المحمودية, بالعباسيين), one paragraph holding the name's words apart or the other
# way round, and one the name itself: the pair a search for the name must open at.
NAME_ARTICLES = {
    "000_li_hua": (
        ("هواوي تطرح خطوطا جديدة في مدينة لينيي", "Huawei lists new lines in Linyi"),
        [
            ("التقى لي وي مع تشن هوا في بكين.", "Li Wei met Chen Hua in Beijing."),
            ("وقال لي هوا، رئيس البلدية، إن المصنع سيفتح.", "Li Hua, the mayor, said the factory would open."),
            ("ويعمل هوا لي في ميناء آخر.", "Hua Li works at another port."),
        ],
    ),
    "001_abbas": (
        ("المحمودية تحتفل بالعباسيين", "Mahmoudiya celebrates the Abbasids"),
        [
            ("كتب محمود درويش عن عباس بن فرناس.", "Mahmoud Darwish wrote about Abbas ibn Firnas."),
            ("وقال الرئيس محمود عباس إن المفاوضات ستستأنف.", "President Mahmoud Abbas said the talks would resume."),
        ],
    ),
    # A paragraph ending in one word of a name (الفيروس: the article's, so a word of its own) and the next
    # starting with the other, before the paragraph that holds the name, its first word only begun (فيروسات).
    "002_corona": (
        ("علم الأحياء", "Biology"),
        [
            ("درس العلماء الفيروس.", "Scientists studied the virus."),
            ("كورونا اسم لاتيني.", "Corona is a Latin name."),
            ("فيروسات كورونا كبيرة.", "Coronaviruses are large."),
        ],
    ),
    # An English translation quoting the Arabic (as a draft that left words untranslated would).
    "003_saying": (
        ("مثل", "A saying"),
        [("يقول المثل: العالم قرية صغيرة.", "The saying goes: العالم قرية صغيرة (the world is a small village).")],
    ),
    # Words joined by a hyphen: a name with its article (al-Kharabsheh) and two countries (Jordan-Iraq).
    "004_hyphens": (
        ("الطاقة", "Energy"),
        [
            (
                "وقال وزير الطاقة صالح الخرابشة إن مشروع الأردن-العراق دخل مرحلته الثانية.",
                "Energy Minister Saleh al-Kharabsheh said the Jordan-Iraq grid project had entered its second phase.",
            )
        ],
    ),
}


# Names and terms that start the same way or share a stem, in Arabic and English (محمد, محمدي and محمود; بخارى and
# بوخارست; الناتو, ناتو and بالناتو; Tokyo and Tokyo's; Libya and Liberia; Niger and Nigeria; Austria and Australia;
# Iraq, Iraq's and Iraqi), each pair's words in different articles.
SHARED_START_ARTICLES = {
    "000_riyadh": (
        ("لقاء في الرياض", "A meeting in Riyadh"),
        [
            (
                "التقى ولي العهد محمد بن سلمان وزير الخارجية في الرياض.",
                "Crown Prince Mohammed bin Salman met the foreign minister in Riyadh.",
            ),
            ("وقال المتحدث إن الاتفاق سيوقع في طوكيو.", "The spokesman said the deal would be signed in Tokyo."),
        ],
    ),
    "001_abbas": (
        ("عباس يتحدث عن حلف ناتو", "Abbas speaks of NATO"),
        [
            (
                "قال محمود عباس إن حلف ناتو لا يتدخل في المنطقة.",
                "Mahmoud Abbas said NATO does not intervene in the region.",
            ),
            ("وصل الوفد إلى بخارى ثم إلى سمرقند.", "The delegation reached Bukhara, then Samarkand."),
        ],
    ),
    "002_bucharest": (
        ("قمة في بوخارست", "A summit in Bucharest"),
        [
            ("عقد الناتو قمته في بوخارست العام الماضي.", "NATO held its summit in Bucharest last year."),
            ("وارتفعت أسواق طوكيو بعد القمة.", "Tokyo's markets rose after the summit."),
        ],
    ),
    "003_mohammadi": (
        ("تصريح لمحمدي", "A statement by Mohammadi"),
        [
            ("وقال نائب الوزير محمدي إن ليبيا ستشارك.", "Deputy minister Mohammadi said Libya would take part."),
            ("ورحبت الحكومة بالناتو.", "The government welcomed NATO's role."),
        ],
    ),
    "004_liberia": (
        ("ليبيريا تستقبل وفدا", "Liberia receives a delegation"),
        [
            ("زار الوفد ليبيريا ثم النيجر.", "The delegation visited Liberia and then Niger."),
            ("وقالت النمسا إنها ستساعد.", "Austria said it would help."),
        ],
    ),
    "005_nigeria": (
        ("نيجيريا وأستراليا", "Nigeria and Australia"),
        [
            ("وقعت نيجيريا وأستراليا اتفاقا تجاريا.", "Nigeria and Australia signed a trade deal."),
            ("وقال مسؤول عراقي إن إيران رحبت بالاتفاق.", "An Iraqi official said Iran welcomed the deal."),
        ],
    ),
    "006_iraq": (
        ("العراق ومالي", "Iraq and Mali"),
        [
            ("قال وزير العراق إن الإيرانيين وافقوا.", "Iraq's minister said the Iranians agreed."),
            ("وانسحبت القوات من مالي إلى ملاوي.", "Troops withdrew from Mali to Malawi."),
        ],
    ),
}

# More names and terms that start alike, share a stem or differ by a mark, written apart from the search code (the
# acceptance run of issue 12): Ali, Alina and Aliyev; علي, عليّ (with its shadda) and علييف; Oman, Omani and Omanis;
# universe and university, library and libraries (one English stem each); Gdańsk, José, Martínez and Erdoğan with
# their accents beside Erdogan without; Łódź, Søren Weiß, Đoković and Wrocław, whose letters Unicode does not take
# apart into a letter and an accent; أردوغان and إردوغان (two hamzas on the alef); عُمان with its damma; a soft
# hyphen in neigh&shy;bours, inter&shy;national and والمجر&shy;ات, a zero-width non-joiner in the Persian name حسن‌زاده.
LOOKALIKE_ARTICLES = {
    "000_ali": (
        ("علي يلتقي ألينا", "Ali meets Alina"),
        [
            ("التقى علي حسن بالمدربة ألينا في أوسلو.", "Ali Hassan met the coach Alina in Oslo."),
            ("وقال عليّ إن الفريق سيسافر إلى غدانسك ولودز.", "Ali said the team would travel to Gdańsk and Łódź."),
        ],
    ),
    "001_aliyev": (
        ("علييف في باكو", "Aliyev in Baku"),
        [
            ("استقبل الرئيس إلهام علييف الوفد في باكو.", "President Ilham Aliyev received the delegation in Baku."),
            ("وتحدث عن أردوغان وعن العلاقات مع عُمان.", "He spoke of Erdoğan and of relations with Oman."),
        ],
    ),
    "002_omani": (
        ("وزير عماني في الدوحة", "An Omani minister in Doha"),
        [
            (
                "زار وزير الخارجية العماني الدوحة أمس مع حسن\u200cزاده.",
                "The Omani foreign minister visited Doha yesterday with Hassanzadeh.",
            ),
            ("وقال إن القطريين والعمانيين جيران.", "He said Qataris and Omanis are neigh\u00adbours."),
        ],
    ),
    "003_jose": (
        ("خوسيه في مدريد", "José in Madrid"),
        [
            (
                "قال خوسيه مارتينيز إن الجامعة ستفتح فرعا في الكويت.",
                "José Martínez said the university would open a branch in Kuwait.",
            ),
            (
                "وأضاف أن المكتبات العامة والمدرسة الدولية مغلقة.",
                "He added that the public libraries and the inter\u00adnational school are closed.",
            ),
        ],
    ),
    "004_universe": (
        ("كتاب عن الكون", "A book about the universe"),
        [
            (
                "نشرت المكتبة كتابا عن الكون والمجر\u00adات.",
                "The library published a book about the universe and galaxies.",
            ),
            (
                "وقال الكاتب الكويتي سورين فايس إن الكتاب سيترجم.",
                "The Kuwaiti writer Søren Weiß said the book would be translated.",
            ),
        ],
    ),
    "005_erdogan": (
        ("إردوغان في أنقرة", "Erdogan in Ankara"),
        [
            (
                "قال الرئيس رجب طيب إردوغان إن تركيا تدعم قطر.",
                "President Recep Tayyip Erdogan said Turkey supports Qatar.",
            ),
            ("والتقى لاعب التنس نوفاك ديوكوفيتش في فروتسواف.", "He met the tennis player Novak Đoković in Wrocław."),
        ],
    ),
}


def names_project(root: Path, articles: dict = NAME_ARTICLES) -> Path:
    """An ar -> en project of `articles` (NAME_ARTICLES unless given), reviewed throughout."""
    catalogs = {
        name: catalog_text(
            name, title, [BlockSpec(f"b-{number:08x}", *paragraph) for number, paragraph in enumerate(paragraphs)]
        )
        for name, (title, paragraphs) in articles.items()
    }
    return write_project(root, catalogs)


# Many articles whose words share a stem with a query's but do not start with it ("peoples" for "people's"),
# often, or hold its words apart ("the day was long" for "long day"), and one that holds it once: Pagefind ranks
# the many first.
CROWDED_ARTICLES = 45
# A crowded archive: more pages for the start of a word ("peo") than a search reads before it is asked to read on.
CROWDED_ARCHIVE_ARTICLES = 130


def crowded_project(root: Path, articles: int = CROWDED_ARTICLES) -> Path:
    """An ar -> en project of `articles` articles saying "peoples" three times, "day" four and "long" twice,
    never as "long day", and one saying "people's" and "long day" once (045_people of 45); and one saying "after"
    and "day" three times each, never as "day after day" (046_days of 45)."""
    catalogs = {
        f"{number:03d}_peoples": catalog_text(
            f"{number:03d}_peoples",
            (f"الشعوب {number}", f"Peoples {number}"),
            [
                BlockSpec(
                    "b-00000000",
                    "الشعوب والشعوب والشعوب.",
                    "Peoples and peoples, peoples everywhere; day after day, the day was long, the day was long.",
                )
            ],
        )
        for number in range(articles)
    }
    name = f"{articles:03d}_people"
    paragraph = BlockSpec("b-00000000", "كان يوم الناس.", "It was a long day, and in the end the people's day.")
    catalogs[name] = catalog_text(name, ("قصة", "A story"), [paragraph])
    name = f"{articles + 1:03d}_days"
    paragraph = BlockSpec("b-00000000", "يوما بعد يوم.", "After a day, after a day, after a day, it rained.")
    catalogs[name] = catalog_text(name, ("أيام", "Rain"), [paragraph])
    return write_project(root, catalogs)


# An archive whose many short pages say longer words starting with a short word, often, and whose few long
# pages say the word itself once ("warnings", "warehouse", "warm" and "war"; المصرف "the bank" and مصر "Egypt"):
# Pagefind ranks the short pages first, and the long ones past the pages a search reads before it is asked to
# read on. The longer words have stems of their own (warn, warehous, warm; مصرف).
PREFIX_CROWDED_ARTICLES = 220
PREFIX_HOLDERS = 3
PREFIX_CROWDED_PARAGRAPH = (
    "حذر المصرف من التضخم، وقال المصرف إن المصرف باق.",
    "Warnings and more warnings: the warehouse warned of a warm winter.",
)
LONG_PAGE_PARAGRAPHS = (
    (
        "اجتمع المجلس البلدي صباح الأحد لمناقشة ميزانية العام المقبل وخطط النقل العام في المدينة.",
        "The city council met on Sunday morning to discuss next year's budget and the plans for public transport.",
    ),
    (
        "وقال رئيس المجلس إن الحافلات الجديدة ستصل قبل الصيف وإن الطرق الرئيسية ستفتح من جديد.",
        "The head of the council said the new buses would arrive before the summer and the main roads would reopen.",
    ),
    (
        "وطالب السكان بحدائق أكثر ومدارس أقرب إلى الأحياء الشمالية التي نمت بسرعة في السنوات الأخيرة.",
        "Residents asked for more parks and for schools closer to the northern districts that grew fast lately.",
    ),
)
HOLDER_PARAGRAPH = (
    "وتذكر كبار السن سنوات الحرب حين زار الوفد مصر لأول مرة.",
    "The oldest residents remembered the years after the war, when the delegation first visited Egypt.",
)


def prefix_crowded_project(root: Path) -> Path:
    """An ar -> en project of PREFIX_CROWDED_ARTICLES short articles (000-219) saying PREFIX_CROWDED_PARAGRAPH, and
    PREFIX_HOLDERS long ones (220-222) saying HOLDER_PARAGRAPH once among twelve paragraphs of other news."""
    catalogs = {
        f"{number:03d}_warnings": catalog_text(
            f"{number:03d}_warnings",
            (f"المصرف {number}", f"Warnings {number}"),
            [BlockSpec("b-00000000", *PREFIX_CROWDED_PARAGRAPH)],
        )
        for number in range(PREFIX_CROWDED_ARTICLES)
    }
    paragraphs = [*LONG_PAGE_PARAGRAPHS * 2, HOLDER_PARAGRAPH, *LONG_PAGE_PARAGRAPHS * 2]
    for number in range(PREFIX_CROWDED_ARTICLES, PREFIX_CROWDED_ARTICLES + PREFIX_HOLDERS):
        name = f"{number:03d}_war"
        blocks = [BlockSpec(f"b-{index:08x}", *paragraph) for index, paragraph in enumerate(paragraphs)]
        catalogs[name] = catalog_text(name, ("أخبار المدينة", "City news"), blocks)
    return write_project(root, catalogs)


# Target languages written without spaces between words, each with two articles (000, 001) of real text: a
# title (English, the language's) and paragraphs (English, the language's). Japanese mixes kanji, hiragana and
# katakana; Thai, Lao, Khmer and Myanmar put vowel marks (and Khmer's and Myanmar's stacked consonants) on
# their letters, Thai and Lao once their vowel AM in two pieces; Myanmar puts a space between phrases, Khmer
# (once) a zero-width one between words; an English sentence quotes Lao words.
UNSPACED_ARTICLES: dict[str, dict[str, tuple[tuple[str, str], ...]]] = {
    "th": {
        "000_chiang_mai": (
            ("Bangkok news", "ข่าวกรุงเทพ"),
            ("The prime minister visited Chiang Mai yesterday.", "นายกรัฐมนตรีเดินทางไปเชียงใหม่เมื่อวานนี้"),
            # its vowel AM (ำ) written as some keyboards do, as a mark and a letter (ํ + า)
            ("The water of the Chao Phraya rose.", "น\u0e49\u0e4d\u0e32ในแม่น\u0e49\u0e4d\u0e32เจ้าพระยาขึ้นสูง"),
        ),
        "001_phuket": (
            ("Phuket", "ภูเก็ต"),
            ("Tourists came back to Phuket this year.", "นักท่องเที่ยวกลับมาที่ภูเก็ตในปีนี้"),
        ),
    },
    "ja": {
        "000_osaka": (
            ("News from Tokyo", "東京のニュース"),
            ("The prime minister visited Osaka yesterday.", "首相は昨日大阪を訪問しました。"),
            ("The reporter Tanaka Taro wrote this article.", "この記事は記者の田中太郎が書きました。"),
        ),
        "001_kyoto": (
            ("Kyoto", "京都"),
            ("Tourists came back to Kyoto this year.", "今年は観光客が京都に戻ってきました。"),
            ("Kinkaku-ji is very popular.", "金閣寺はとても人気があります。"),
        ),
    },
    "lo": {
        "000_luang_prabang": (
            ("Vientiane news", "ຂ່າວວຽງຈັນ"),
            ("The prime minister visited Luang Prabang yesterday.", "ນາຍົກລັດຖະມົນຕີໄດ້ໄປຢ້ຽມຢາມຫຼວງພະບາງມື້ວານນີ້"),
            # its vowel AM (ຳ) written as some keyboards do, as a mark and a letter (ໍ + າ)
            ("The Mekong rose.", "ແມ່ນ\u0ec9\u0ecd\u0eb2ຂອງຂຶ້ນສູງ"),
        ),
        "001_pakse": (
            ("Pakse", "ປາກເຊ"),
            ("Tourists came back to Pakse this year.", "ນັກທ່ອງທ່ຽວກັບມາປາກເຊໃນປີນີ້"),
            ("The sign says ວັດ ພູ, Wat Phou.", "ປ້າຍຂຽນວ່າວັດພູ"),
        ),
    },
    "km": {
        "000_siem_reap": (
            ("Phnom Penh news", "ព័ត៌មានភ្នំពេញ"),
            ("The prime minister visited Siem Reap yesterday.", "នាយករដ្ឋមន្ត្រីបានទៅលេងសៀមរាបកាលពីម្សិលមិញ"),
        ),
        "001_battambang": (
            ("Battambang", "បាត់ដំបង"),
            ("Tourists came back to Battambang this year.", "ភ្ញៀវទេសចរបានត្រឡប់មកបាត់ដំបងវិញនៅឆ្នាំនេះ"),
            # as Khmer is written on the web: a zero-width space between words
            ("Battambang province has the Banan temple.", "ខេត្ត\u200bបាត់ដំបង\u200bមាន\u200bប្រាសាទ\u200bបាណន់"),
        ),
    },
    "my": {
        "000_mandalay": (
            ("Yangon news", "ရန်ကုန်သတင်း"),
            ("The president visited Mandalay yesterday.", "သမ္မတသည် မနေ့က မန္တလေးသို့ သွားရောက်ခဲ့သည်။"),
        ),
        "001_bagan": (
            ("Bagan", "ပုဂံ"),
            ("Tourists came back to Bagan this year.", "ခရီးသွားများသည်ယခုနှစ်တွင်ပုဂံသို့ပြန်လာကြသည်။"),
        ),
    },
}


def unspaced_project(root: Path, language: str) -> Path:
    """An en -> `language` project (UNSPACED_ARTICLES): the target language, written without spaces between
    words, has no interface catalog, so its site has the English interface alone."""
    catalogs = {
        name: catalog_text(
            name,
            title,
            [BlockSpec(f"b-{number:08x}", *paragraph) for number, paragraph in enumerate(paragraphs)],
            outlet="",
            source_language="en",
            target_language=language,
        )
        for name, (title, *paragraphs) in UNSPACED_ARTICLES[language].items()
    }
    toml = TOML.replace('source_language = "ar"', 'source_language = "en"')
    return write_project(root, catalogs, toml.replace('"en"\n\n', f'"{language}"\n\n', 1))


# Each payload sets window.__xss (or opens a dialog) if any of it ever runs in a browser.
XSS_PAYLOADS = (
    "<script>window.__xss = 1</script>",
    '<img src="x" onerror="window.__xss = 2">',
    "[click me](javascript:window.__xss=3)",
    '<a href="javascript:window.__xss=4">raw link</a>',
    '<svg onload="window.__xss = 5"><circle r="1"></circle></svg>',
    "<svg><script>window.__xss = 6</script></svg>",
    "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="jav&#x61;script:window.__xss=8">entity link</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:window.__xss=9">decimal entities</a>',
    '<iframe src="javascript:window.__xss=10"></iframe>',
    '<details open ontoggle="window.__xss = 11"><summary>s</summary></details>',
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=12></style></mglyph></table></mtext></math>",
    '"><script>window.__xss = 13</script>',
    "</title><script>window.__xss = 14</script>",
    '<body onload="window.__xss = 15">',
    "[mixed case](JaVaScRiPt:window.__xss=16)",
    '<object data="javascript:window.__xss=17"></object>',
    '<a href="java\nscript:window.__xss=18">newline scheme</a>',
    '<form action="javascript:window.__xss=19"><button>go</button></form>',
    "<style>body { background: url(javascript:window.__xss=20) }</style>",
    '<img src="x" onerror="alert(1)">',
    "![image](javascript:window.__xss=21)",
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=22">',
    # Mutation XSS: markup a sanitizer parses one way and a browser, re-parsing its output, another.
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=40>">mxss</p></noscript>',
    '<svg></p><style><a id="</style><img src=1 onerror=window.__xss=41>">mxss',
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=window.__xss=42>",
    '<svg><a xlink:href="javascript:window.__xss=43"><text>svg link</text></a></svg>',
    "<![CDATA[<script>window.__xss=44</script>]]>",
    # Entities that decode to markup are text; links that leave the site's schemes or load something lose it.
    "&amp;lt;script&amp;gt; &#60;script&#62;window.__xss=45&#60;/script&#62;",
    "<a href='//evil.example/46'>protocol relative</a> <javascript:window.__xss=46>",
    '<img srcset="https://evil.example/47.png 1x"><picture><source srcset="https://evil.example/47b.png"></picture>',
    '<video poster="https://evil.example/48.png"></video><link rel="stylesheet" href="https://evil.example/48.css">',
    '<b style="background:url(https://evil.example/49.png)">styled</b>',
    '<a href="https://example.org/">outer <a href="javascript:window.__xss=50">inner</a></a>',
    '<a href="&#x0a;javascript:window.__xss=51">newline</a> <a href="ja&Tab;vascript:window.__xss=51">tab</a>',
    "<textarea><img src=x onerror=window.__xss=52></textarea> <plaintext> unclosed",
    '</div></div><div class="pair" data-pair="evil" id="p-evil"><script>window.__xss=53</script>forged</div>',
    '<a href="mailto:x@y" href="javascript:window.__xss=54">duplicate href</a> [x](java\u200bscript:window.__xss=54)',
    # The twenty-first sweep's (tests/site/test_reader_sweep_21.py): schemes spelt by entities and angle brackets,
    # reference links and autolinks, attributes that load or submit, more parser-differential markup.
    "[a](javascript&colon;window.__xss=60) [b](jav&#x09;ascript:window.__xss=60) [c](<javascript:window.__xss=60>)",
    "[a][r] [b]\n\n[r]: //evil.example/61\n[b]: https://evil.example/61.png",
    "<javascript:window.__xss=62> <JAVASCRIPT:window.__xss=62> <vbscript:msgbox(62)> <x@y.z?subject=<b>x</b>>",
    "[a](https://example.org/ \"t\\\" onmouseover=\\\"window.__xss=63\") [b](https://example.org/ 'x' onclick='y')",
    '<a href="https://example.org/" onclick="window.__xss=64" style="color:red" target="_top" ping="https://evil.example/">t</a>',
    '<button formaction="javascript:window.__xss=65">b</button><input type="image" src="x" formaction="javascript:">',
    '<img srcset="x 1x, javascript:window.__xss=66 2x"> <audio src="x" onerror="window.__xss=66"></audio>',
    "<svg><style><img src=x onerror=window.__xss=67></style></svg> <math><style><img src=x onerror=x></style></math>",
    "<template><img src=x onerror=window.__xss=68></template> <noscript><img src=x onerror=window.__xss=68></noscript>",
    "<!--><img src=x onerror=window.__xss=69>--> <!--!><img src=x onerror=window.__xss=69>-->",
    '<?xml-stylesheet href="javascript:window.__xss=70"?> <x:script xmlns:x="http://www.w3.org/1999/xhtml">x</x:script>',
    '<a href="https://example.org/" xlink:href="javascript:window.__xss=71">xl</a> <bdi onmouseover="x">b</bdi>',
    '<b id="p-b-0001" name="state">clobber</b> <a id="pagefind" name="search" href="https://example.org/">c</a>',
    "<style>@import url(https://evil.example/72.css)</style><link rel=stylesheet href=https://evil.example/72.css>",
    '<base href="https://evil.example/73/"> <table background="https://evil.example/73.png"><tr><td>t</td></tr></table>',
    '<embed src="https://evil.example/74.swf"> <iframe srcdoc="&lt;script&gt;window.__xss=74&lt;/script&gt;"></iframe>',
    '<a href="https://example.org/' + "A" * 5_000 + '">a long address</a>',
    '*<img src="x" onerror="window.__xss=75">* [<img src="x" onerror="window.__xss=75">](https://example.org/)',
    '[x](https://example.org/<script>window.__xss=76</script>) <a href="/\\evil.example/76">backslash</a>',
    "<svg><a><animate attributeName=href values=javascript:window.__xss=77 /><text>x</text></a></svg>",
    "<select><template><style><img src=x onerror=window.__xss=78></style></template></select>",
    "<table><caption><svg><style><img src=x onerror=window.__xss=79></style></svg></caption></table>",
    "<scr<script>ipt>window.__xss=80</scr</script>ipt> <<script>script>window.__xss=80<</script>/script>",
    "<a/href=javascript:window.__xss=81>slash</a> <svg/onload=window.__xss=81> <details/open/ontoggle=x>",
    "<a href='https://example.org/'\nonclick='window.__xss=82'>newline attribute</a> <keygen autofocus onfocus=x>",
    "<!--searched--> <!--/searched--> <!--article-links--> <!--/article-links--> \u2063 data-pagefind-ignore>",
    '</div></article><div data-pagefind-body data-pagefind-meta="title:forged">forged index</div>',
)
SAFE_LINK = "[a safe link](https://example.org/story)"


def hostile_project(root: Path) -> Path:
    """One article whose Arabic source, English msgstr and header metadata all carry every payload."""
    blocks = [
        BlockSpec(f"b-bad{number:05d}", f"نص عربي {payload}", f"English text {payload}", state)
        for number, payload in enumerate(XSS_PAYLOADS)
        for state in ("reviewed",)
    ]
    blocks.append(BlockSpec("b-safelink", f"رابط {SAFE_LINK}", f"Link {SAFE_LINK}", "draft"))
    blocks.append(BlockSpec("b-carried", f"نقل {SAFE_LINK}", f"Carried over {SAFE_LINK}", "needs-review"))
    text = catalog_text(
        "../../etc/<script>x</script>",
        ("عنوان <script>window.__xss = 30</script>", 'Title "><script>window.__xss = 31</script>'),
        blocks,
        date='2022-01-01"><script>window.__xss=32</script>',
        outlet="<img src=x onerror=window.__xss=33>",
        byline="[by](javascript:window.__xss=34)",
        attribution="<svg onload=window.__xss=35> | AFP",
        title_state="draft",
    )
    return write_project(root, {"hostile": text})
