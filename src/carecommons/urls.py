from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from carecommons.articles.sitemaps import ArticleSitemap
from carecommons.audit.views import audit_log
from carecommons.community.sitemaps import DiscussionSitemap, GroupSitemap
from carecommons.community.views import home
from carecommons.core import views as core

sitemaps = {"groups": GroupSitemap, "discussions": DiscussionSitemap, "articles": ArticleSitemap}

urlpatterns = [
    path("", home, name="home"),
    path("robots.txt", core.robots_txt, name="robots_txt"),
    path("healthz", core.healthz, name="healthz"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path("audit/", audit_log, name="audit_log"),
    path("admin/", admin.site.urls),
    path("", include("carecommons.accounts.urls")),
    path("", include("carecommons.community.urls")),
    path("", include("carecommons.notifications.urls")),
    path("", include("carecommons.messaging.urls")),
    path("", include("carecommons.moderation.urls")),
    path("", include("carecommons.search.urls")),
    path("", include("carecommons.health.urls")),
    path("", include("carecommons.articles.urls")),
    path("", include("carecommons.care.urls")),
    path("", include("carecommons.registry.urls")),
]

handler404 = "carecommons.core.views.not_found"
handler500 = "carecommons.core.views.server_error"
