from django.urls import path

from carecommons.articles import views
from carecommons.articles.feeds import ArticleFeed

app_name = "articles"

urlpatterns = [
    path("ask/", views.ask, name="ask"),
    path("ask/thanks/", views.ask_thanks, name="ask_thanks"),
    path("ask/confirm/<str:token>/", views.confirm, name="confirm"),
    path("ask/status/<str:token>/", views.status, name="status"),
    path("ask/status/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("articles/", views.article_list, name="list"),
    path("articles/feed/", ArticleFeed(), name="feed"),
    path("articles/desk/", views.desk, name="desk"),
    path("articles/desk/<int:pk>/", views.desk_question, name="desk_question"),
    path("articles/desk/<int:pk>/<str:action>/", views.desk_action, name="desk_action"),
    path("articles/<int:pk>/<str:slug>/", views.article_detail, name="detail"),
    path("experts/<str:username>/", views.expert_profile, name="expert"),
]
