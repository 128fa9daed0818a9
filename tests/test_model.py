from __future__ import annotations

import json

from toolkit.model import Article, Block, RemovedLine


def test_article_round_trips_through_json_with_every_field():
    article = Article(
        id="004_x",
        source="source/004_x.txt",
        title='بوتين يريد مفاوضات "فورية"',
        date="2021-12-21",
        byline="يورونيوز",
        outlet="Euronews",
        attribution=["المصادر الإضافية • أ ف ب"],
        blocks=[Block("lead", "دعا الرئيس", 16), Block("heading", 'العقوبات على "فاغنر"', 38)],
        removed=[RemovedLine(4, "اعلان", "ad_marker")],
        language="ar",
        provenance={"title": "headline line 6"},
        warnings=["something to check"],
    )
    text = article.to_json()
    assert "\\u" not in text  # Arabic stays readable in the JSON
    assert Article.from_json(text) == article


def test_json_carries_the_documented_keys():
    article = Article(id="a", source="source/a.txt", title="t", blocks=[Block("paragraph", "p")])
    data = json.loads(article.to_json())
    assert {"id", "source", "title", "date", "byline", "attribution", "blocks", "removed"} <= set(data)
    assert {"kind", "text"} <= set(data["blocks"][0])
