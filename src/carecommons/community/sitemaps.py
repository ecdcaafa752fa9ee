from __future__ import annotations

from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from carecommons.community.models import Discussion, Group


class GroupSitemap(Sitemap[Group]):
    def items(self) -> QuerySet[Group]:
        return Group.objects.filter(visibility=Group.Visibility.PUBLIC)


class DiscussionSitemap(Sitemap[Discussion]):
    """Only what search engines may index: public groups, not members-only, not deleted."""

    limit = 5000

    def items(self) -> QuerySet[Discussion]:
        return Discussion.objects.filter(
            group__visibility=Group.Visibility.PUBLIC,
            members_only=False,
            deleted_at__isnull=True,
        ).order_by("-last_activity_at")

    def lastmod(self, item: Discussion) -> datetime:
        return item.last_activity_at
