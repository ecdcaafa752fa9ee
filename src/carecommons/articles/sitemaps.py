from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from carecommons.articles import selectors
from carecommons.articles.models import Article


class ArticleSitemap(Sitemap[Article]):
    """Published articles only: never a question, a draft or a scheduled article."""

    limit = 5000

    def items(self) -> QuerySet[Article]:
        return selectors.published_articles()

    def lastmod(self, item: Article) -> datetime:
        return item.updated_at or item.published_at
