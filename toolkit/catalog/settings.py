"""Every threshold and list of the catalog stage, each with the reason it has its value."""

from __future__ import annotations

# --- Merge ---------------------------------------------------------------------------------------------

# translate-toolkit's pot2po and msgmerge both treat a source this similar as "the same text, edited":
# below it a carried-over translation would more often mislead the translator than help.
SIMILAR_SOURCE_RATIO = 0.75
# How many similarity scores a merge computes at once (8 bytes each): the changed paragraphs of a big article
# against its old ones, a block of the old ones at a time.
SIMILARITY_SCORES_AT_ONCE = 1_000_000
# Up to this many pairs of changed paragraphs and old entries, every pair is scored (3.5 s of CPU for a
# thousand paragraphs of 400 characters against a thousand); past it, each changed paragraph only against the
# old entries within NEARBY_PARAGRAPHS of three places on the page and those sharing one of its rarer words
# (the RARE_WORDS_LOOKED_UP words that fewest old entries hold, each held by RARE_WORD_PARAGRAPHS at most):
# 3,000 such paragraphs all edited, 29 s -> 0.6 s (merge._likely_similar_pairs).
SIMILARITY_PAIRS_SCORED = 1_000_000
NEARBY_PARAGRAPHS = 20
RARE_WORDS_LOOKED_UP = 3
RARE_WORD_PARAGRAPHS = 20

# A new block that is most of a line of a paragraph gone with its human translation (the paragraph split in two,
# each half a new block too unlike the whole to be it, edited), or that holds such paragraphs (two joined into
# one), takes their translation to check, as msgmerge gives a split paragraph's halves the whole's: each
# piece found in the other text at least this alike (rapidfuzz's partial_ratio: the best-aligned window), and
# at least PIECE_MIN_CHARACTERS long, so that a short line ("他说。") is no piece of every paragraph.
PIECE_OF_BLOCK_RATIO = 0.8
PIECE_MIN_CHARACTERS = 8
# Only pairs sharing at least this share of the smaller text's character trigrams are compared so: a piece split
# off with a word added ("铁路全长1956公里。" of "...拉萨，全长1956公里。") shares 7 of its 9.
PIECE_SHARED_GRAMS = 0.5
# A new block is made of gone paragraphs only when they are most of it (joined: two paragraphs are all of it; an old
# line quoted in a new paragraph, or a headline inside a list of related links, is not), and a piece of one only
# when it is a fair part of it (a split in up to five; a short line that repeats a phrase of it is not).
JOINED_PIECES_COVER = 0.6
SPLIT_PIECE_SHARE = 0.2

# --- Renamed sources (toolkit/catalog/renames.py) ------------------------------------------------------

# A new article of the same title as a catalog whose source is gone is that catalog's article renamed when at
# least this share of its blocks are word for word in the catalog: a retitled article's title alone says
# nothing, a same-titled one needs half its text to be the old one.
RENAMED_SHARED_BLOCKS = 0.5
# Renamed and retitled at once, only the text tells: most paragraphs word for word on both sides (of the
# longer of the two, so an excerpt of a long article, or a long article grown from a short one, is another
# article), and enough paragraphs that sharing them is no accident of boilerplate.
RETITLED_SHARED_BLOCKS = 0.8
RETITLED_MIN_BLOCKS = 3
# A catalog copied by hand to the new name (its paragraphs edited since, its old title deleted) is known by the
# old one's reviewed translations, source and translation word for word in it: at least RETITLED_MIN_BLOCKS of
# them, this share of the longer article's text by length (a few boilerplate lines translated alike in every
# article are a small part of it).
COPIED_SHARED_TEXT = 0.8

# --- Translation memory --------------------------------------------------------------------------------

# Below this a suggestion costs the translator more reading than it saves typing (pot2po offers from 0.75;
# sentences from other reports of the same story differ in names and numbers, so a little lower).
NEAR_MATCH_RATIO = 0.7
# More suggestions than this bury the entry under notes.
NEAR_MATCH_LIMIT = 3
# Near matches are looked up in an index of character trigrams (3 letters: long enough to be rare in Arabic,
# short enough that a changed word still leaves most of its neighbours' trigrams). Only entries sharing at
# least this Dice coefficient of trigrams with the new block, the best few dozen, are scored exactly: the
# matches within NEAR_MATCH_RATIO share at least 0.5 of their trigrams and rank in the first ten on
# bench/memory.py's corpus.
NEAR_MATCH_GRAM = 3
NEAR_MATCH_MIN_SHARED = 0.3
NEAR_MATCH_CANDIDATES = 40

# --- Saving drafts ------------------------------------------------------------------------------------

# Source characters per translate call between saves: big enough that the engine still fills its
# token-budget batches (a few dozen sentences), small enough that a kill loses under a minute of work.
CHUNK_SOURCE_CHARS = 6000
# Catalog writes are put on disk together at most this often (one flush of the disk for all of them): two
# fsyncs a file cost more than drafting the file on a Ray cluster (bench/cluster.py). One machine drafts a
# chunk in seconds, so its chunks are still written one by one; a kill loses at most this much more work.
WRITE_BACK_SECONDS = 1.0
# ... or, after a write-back that took longer than a tenth of that, ten times as long as it took: a catalog's
# save writes it whole, and the catalog of one big article (a live blog of 50,000 paragraphs: half a second a
# save) saved every second had the driver spend most of its time rewriting it while the engine waited.
WRITE_BACK_MAX_SHARE = 0.1
# ... and as soon as this many catalogs are due: a due catalog is held parsed until its write, and an engine
# that drafts faster than the disk is flushed (bench/scale.py's fake one, a big cluster) had every catalog of
# a second held at once (at 100,000 articles the catalog stage grew from 52 to 153 MB).
WRITE_BACK_CATALOGS = 100
# Objects made and not yet freed between two passes of Python's cycle collector while drafting (its default
# is 700): a pass walks what is in flight, whatever the threshold, so fewer passes cost less (bench/cluster.py:
# 61 -> 14 ms of the driver's CPU for 5,200 sentences at 5,000, 6 ms at 20,000); cycles wait that much longer.
DRAFTING_GC_THRESHOLD = 10_000

# --- Quality checks ------------------------------------------------------------------------------------

# Target length / source length in characters. English runs about 1.1-1.4x Arabic (Arabic omits short
# vowels and joins articles and prepositions) and 2-4x Chinese (one character is about a word); outside
# these bounds a sentence was most likely dropped, cut short or repeated.
LENGTH_RATIO_BOUNDS: dict[tuple[str, str], tuple[float, float]] = {
    ("ar", "en"): (0.5, 3.0),
    ("zh", "en"): (1.0, 9.0),
}
DEFAULT_LENGTH_RATIO_BOUNDS = (0.3, 4.0)
# Short texts (a dateline, a two-word heading) vary too much in length to judge.
MIN_SOURCE_CHARS_FOR_RATIO = 25
# Repetition loops are found with the engine's own rule and thresholds (toolkit.translate.checks), so a
# human translation and a machine draft are judged alike.

# A sentence count this far off in both ways (at least this many more, and this many times as many) means
# sentences were dropped, run together or looped ("... . . . ."). A long Chinese sentence of comma-joined
# clauses often becomes two or three English ones: on 1,948 WMT21 drafts a limit of 2 flagged 11, mostly such.
SENTENCE_COUNT_MIN_DIFFERENCE = 3
SENTENCE_COUNT_RATIO = 3
# Latin-script words shorter than this in an Arabic or Chinese source are units and letters ("km", "a"),
# not names a translation must keep; so are words without a capital ("up主", internet slang).
MIN_LATIN_WORD_LETTERS = 2

# --- Quality checks: persons' names in Chinese (checks.check_han_names) --------------------------------

# Chinese family names (simplified and traditional forms) and how a Latin-script text writes them: pinyin, and
# the Wade-Giles, Cantonese, Hokkien and Korean spellings of the same name (陈 Chan, 李 Lee, 金 Kim).
# The common ones only: a name is looked for only where its family name is one of these.
HAN_FAMILY_NAMES: dict[str, tuple[str, ...]] = {
    "王": ("Wang", "Wong", "Ong"), "李": ("Li", "Lee", "Lei", "Yi", "Rhee"), "张": ("Zhang", "Chang", "Cheung"),
    "張": ("Zhang", "Chang", "Cheung"), "刘": ("Liu", "Lau", "Lao", "Lew"), "劉": ("Liu", "Lau", "Lao", "Lew"),
    "陈": ("Chen", "Chan", "Tan", "Chin"), "陳": ("Chen", "Chan", "Tan", "Chin"), "杨": ("Yang", "Yeung", "Young"),
    "楊": ("Yang", "Yeung", "Young"), "黄": ("Huang", "Wong", "Hwang", "Ng", "Ooi"),
    "黃": ("Huang", "Wong", "Hwang", "Ng", "Ooi"), "赵": ("Zhao", "Chao", "Chiu"), "趙": ("Zhao", "Chao", "Chiu"),
    "吴": ("Wu", "Ng", "Woo", "Goh"), "吳": ("Wu", "Ng", "Woo", "Goh"), "周": ("Zhou", "Chou", "Chow", "Chau"),
    "徐": ("Xu", "Hsu", "Tsui", "Chui"), "孙": ("Sun", "Suen"), "孫": ("Sun", "Suen"), "马": ("Ma",), "馬": ("Ma",),
    "朱": ("Zhu", "Chu", "Choo"), "胡": ("Hu", "Woo", "Wu", "Oh"), "郭": ("Guo", "Kuo", "Kwok"),
    "何": ("He", "Ho", "Hoh"), "高": ("Gao", "Kao", "Ko"), "林": ("Lin", "Lam", "Lim"), "罗": ("Luo", "Lo", "Law"),
    "羅": ("Luo", "Lo", "Law"), "郑": ("Zheng", "Cheng", "Cheang", "Tay"),
    "鄭": ("Zheng", "Cheng", "Cheang", "Tay"), "梁": ("Liang", "Leung", "Neo"),
    "谢": ("Xie", "Hsieh", "Tse", "Chia"), "謝": ("Xie", "Hsieh", "Tse", "Chia"), "宋": ("Song", "Sung"),
    "唐": ("Tang", "Tong"), "许": ("Xu", "Hsu", "Hui", "Koh"), "許": ("Xu", "Hsu", "Hui", "Koh"),
    "韩": ("Han", "Hon"), "韓": ("Han", "Hon"), "冯": ("Feng", "Fung", "Fong"), "馮": ("Feng", "Fung", "Fong"),
    "邓": ("Deng", "Teng", "Tang"), "鄧": ("Deng", "Teng", "Tang"), "曹": ("Cao", "Tsao", "Tso", "Cho"),
    "彭": ("Peng", "Pang"), "曾": ("Zeng", "Tseng", "Tsang", "Chan"), "肖": ("Xiao", "Hsiao", "Siu"),
    "萧": ("Xiao", "Hsiao", "Siu"), "蕭": ("Xiao", "Hsiao", "Siu"), "田": ("Tian", "Tien"), "董": ("Dong", "Tung"),
    "袁": ("Yuan", "Yuen"), "潘": ("Pan", "Poon", "Phua"), "蔡": ("Cai", "Tsai", "Choi", "Chua"),
    "蒋": ("Jiang", "Chiang", "Tseung"), "蔣": ("Jiang", "Chiang", "Tseung"), "余": ("Yu", "Yue", "Yee"),
    "杜": ("Du", "Tu", "To"), "叶": ("Ye", "Yeh", "Yip"), "葉": ("Ye", "Yeh", "Yip"), "程": ("Cheng", "Ching"),
    "魏": ("Wei", "Ngai"), "苏": ("Su", "So"), "蘇": ("Su", "So"), "吕": ("Lu", "Lui", "Lyu"),
    "呂": ("Lu", "Lui", "Lyu"), "丁": ("Ding", "Ting"), "任": ("Ren", "Jen", "Yam"), "沈": ("Shen", "Shum", "Sim"),
    "姚": ("Yao", "Yiu"), "卢": ("Lu", "Lo", "Lou"), "盧": ("Lu", "Lo", "Lou"), "姜": ("Jiang", "Chiang", "Kang"),
    "崔": ("Cui", "Tsui", "Choi"), "钟": ("Zhong", "Chung"), "鍾": ("Zhong", "Chung"), "谭": ("Tan", "Tam"),
    "譚": ("Tan", "Tam"), "陆": ("Lu", "Luk"), "陸": ("Lu", "Luk"), "汪": ("Wang", "Wong"), "范": ("Fan",),
    "金": ("Jin", "Kim", "Chin", "Kam"), "石": ("Shi", "Shih", "Shek"), "廖": ("Liao", "Liu"),
    "贾": ("Jia", "Chia"), "賈": ("Jia", "Chia"), "夏": ("Xia", "Hsia", "Ha"), "韦": ("Wei",), "韋": ("Wei",),
    "付": ("Fu",), "傅": ("Fu", "Foo"), "方": ("Fang", "Fong"), "白": ("Bai", "Pai", "Pak"),
    "邹": ("Zou", "Tsou", "Chau"), "鄒": ("Zou", "Tsou", "Chau"), "孟": ("Meng", "Mang"),
    "熊": ("Xiong", "Hsiung", "Hung"), "秦": ("Qin", "Chin"), "邱": ("Qiu", "Chiu", "Yau", "Khoo"),
    "江": ("Jiang", "Chiang", "Kong"), "尹": ("Yin", "Wan", "Yoon"), "薛": ("Xue", "Hsueh", "Sit"), "闫": ("Yan",),
    "閻": ("Yan",), "段": ("Duan", "Tuan"), "雷": ("Lei", "Lui"), "侯": ("Hou", "Hau"), "龙": ("Long", "Lung"),
    "龍": ("Long", "Lung"), "史": ("Shi", "Shih", "Sze"), "陶": ("Tao", "To"), "黎": ("Li", "Lai"),
    "贺": ("He", "Ho"), "賀": ("He", "Ho"), "顾": ("Gu", "Ku", "Koo"), "顧": ("Gu", "Ku", "Koo"),
    "毛": ("Mao", "Mo"), "郝": ("Hao",), "龚": ("Gong", "Kung"), "龔": ("Gong", "Kung"), "邵": ("Shao", "Shiu"),
    "钱": ("Qian", "Chien", "Chin"), "錢": ("Qian", "Chien", "Chin"), "严": ("Yan", "Yim"), "嚴": ("Yan", "Yim"),
    "赖": ("Lai",), "賴": ("Lai",), "覃": ("Qin", "Tam"), "洪": ("Hong", "Hung", "Ang"), "武": ("Wu",),
    "戴": ("Dai", "Tai"), "莫": ("Mo", "Mok"), "孔": ("Kong", "Hung"), "习": ("Xi",), "習": ("Xi",),
    "温": ("Wen", "Wan"), "溫": ("Wen", "Wan"), "欧阳": ("Ouyang", "Au-Yeung", "Auyeung"),
    "歐陽": ("Ouyang", "Au-Yeung", "Auyeung"), "司马": ("Sima", "Szeto"), "司馬": ("Sima", "Szeto"), "诸葛": ("Zhuge",),
    "諸葛": ("Zhuge",), "上官": ("Shangguan",),
}  # fmt: skip
# What stands just before a person's name in news text (a title or role: 外交部发言人汪文斌, 记者王明) or just after it
# (a title, or what a person does: 李强总理, 王明说, 王明表示), simplified and traditional.
WORDS_BEFORE_A_NAME = (
    "记者", "記者", "通讯员", "通訊員", "总理", "總理", "主席", "总统", "總統", "总书记", "總書記", "书记", "書記",
    "部长", "部長", "外长", "外長", "市长", "市長", "省长", "省長", "州长", "州長", "发言人", "發言人", "大使",
    "教授", "博士", "院长", "院長", "校长", "校長", "局长", "局長", "主任", "委员", "委員", "议员", "議員", "经理",
    "經理", "总裁", "總裁", "董事长", "董事長", "主编", "主編", "作者", "导演", "導演", "教练", "教練", "队长",
    "隊長", "医生", "醫生", "律师", "律師", "法官", "将军", "將軍", "司令", "名叫",
)  # fmt: skip
WORDS_AFTER_A_NAME = (
    "先生", "女士", "小姐", "教授", "博士", "总理", "總理", "主席", "总统", "總統", "部长", "部長", "外长", "外長",
    "市长", "市長", "大使", "同志", "夫妇", "夫婦", "等人", "说", "說", "表示", "指出", "称", "稱", "认为", "認為",
    "强调", "強調", "介绍", "介紹", "告诉", "告訴", "透露", "报道", "報導", "報道", "回答", "宣布", "會見", "会见",
    "昨天", "今天", "明天", "前天", "昨日", "今日", "日前", "近日", "当天", "當天",
)  # fmt: skip
# What follows a family name's character where it is not a name: "韩国", "韩方" (the Korean side), "马政府".
NOT_A_GIVEN_NAME = "国國方媒军軍官人们們的等都也还還则則将將已在是不对對和与與向被把从從政府部省市区區县縣党黨队隊"
# Common words that begin with a family name's character and stand where a name may ("黄金今天上涨", "白宫表示").
NOT_NAMES = frozenset(
    {
        "黄金", "黃金", "石油", "金融", "金价", "金價", "马上", "馬上", "周末", "週末", "周年", "方面", "方案",
        "高度", "高层", "高層", "王国", "王國", "王朝", "温度", "溫度", "白天", "白宫", "白宮", "程度", "范围",
        "範圍", "任何", "任务", "任務", "史上", "夏天", "夏季", "孔子", "高兴", "高興", "高速", "高铁", "高鐵",
        "江苏", "江蘇", "江西", "龙头", "龍頭", "余下", "林业", "林業",
    }
)  # fmt: skip
# Characters Chinese spells foreign names with (Xinhua's transliteration tables) that are rare in Chinese given
# names: after a family name's character they make a foreign name, which its translation need not spell as the
# family name (史密斯 Smith, 罗伯特 Robert, 唐纳德 Donald, 金斯伯格 Ginsburg), where every character after the
# family name is one of them. A given name of one character is foreign only when it is one of
# TRANSLITERATION_ONLY_CHARACTERS, none of them a Chinese given name of its own (彭斯 Pence, 韦伯 Weber, 何塞 José;
# but 朱德 and 赵克 are Chinese names).
TRANSLITERATION_CHARACTERS = (
    "斯特尔爾姆普伯塞密纳納德卡坦里森克肯夫基蒂奥奧弗格赫库庫莱萊"
    "朗勒洛麦麥曼诺諾帕萨薩索塔托瓦沃耶约約扎詹茨兹茲申科恩丁顿頓逊遜"
)
TRANSLITERATION_ONLY_CHARACTERS = "斯特尔爾姆普伯塞"

# --- Summaries -----------------------------------------------------------------------------------------

# The rows of a closing table (`publish`): a screenful of an archive is all anyone reads there, and a row an
# article held until the table is printed grew the run with the archive; `toolkit status` lists every one.
SUMMARY_ROWS = 50
