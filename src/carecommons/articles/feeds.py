"""The column as an Atom feed, for syndication (django.contrib.syndication)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from carecommons.articles import selectors
from carecommons.articles.models import Article

FEED_SIZE = 20


class ArticleFeed(Feed[Article, None]):
    feed_type = Atom1Feed
    title = "Ask the expert"
    subtitle = "Readers' questions answered by the community's experts."
    link = "/articles/"

    def items(self) -> list[Article]:
        return list(selectors.published_articles()[:FEED_SIZE])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return f"<h2>Question</h2>{item.question_html}<h2>Answer</h2>{item.answer_html}"

    def item_link(self, item: Article) -> str:
        return item.get_absolute_url()

    def item_author_name(self, item: Article) -> str:
        return item.expert.name

    def item_pubdate(self, item: Article) -> datetime:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime:
        return item.updated_at or item.published_at

    def item_categories(self, item: Article) -> list[str]:
        return [tag.name for tag in item.tags.all()]
