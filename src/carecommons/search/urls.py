from django.urls import path

from carecommons.search import views

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/similar/", views.similar_draft, name="similar_draft"),
    path("search/similar/<int:pk>/", views.similar_discussion, name="similar_discussion"),
    path("search/status/", views.status, name="status"),
]
