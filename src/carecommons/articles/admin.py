from django.contrib import admin
from django.http import HttpRequest

from carecommons.articles.models import Article, Tag
from carecommons.core.admin import AdministratorsOnly


@admin.register(Tag)
class TagAdmin(AdministratorsOnly):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(AdministratorsOnly):
    """Articles change through the editorial desk; the admin only lists them."""

    list_display = ["title", "expert", "published_at", "updated_at"]
    readonly_fields = [field.name for field in Article._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
