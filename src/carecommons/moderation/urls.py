from django.urls import URLPattern, URLResolver, path

from carecommons.moderation import views

app_name = "moderation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("guidelines/", views.guidelines, name="guidelines"),
    path("guidelines/edit/", views.guidelines_edit, name="guidelines_edit"),
    path("guidelines/read/", views.guidelines_read, name="guidelines_read"),
    path("moderation/", views.queue, name="queue"),
    path("moderation/audit/", views.moderation_log, name="log"),
    path("moderation/flag/<str:kind>/<int:pk>/", views.flag, name="flag"),
    path("moderation/post/<str:kind>/<int:pk>/", views.post_detail, name="post"),
    path(
        "moderation/post/<str:kind>/<int:pk>/<str:action>/",
        views.post_action,
        name="post_action",
    ),
    path("moderation/members/<str:username>/", views.member, name="member"),
    path("mentors/waiting/", views.waiting, name="waiting"),
    path("mentors/saved-replies/", views.saved_replies, name="saved_replies"),
    path("mentors/saved-replies/new/", views.saved_reply_form, name="saved_reply_new"),
    path("mentors/saved-replies/<int:pk>/", views.saved_reply_form, name="saved_reply_edit"),
    path(
        "mentors/saved-replies/<int:pk>/delete/",
        views.saved_reply_delete,
        name="saved_reply_delete",
    ),
    path(
        "mentors/saved-replies/insert/",
        views.composer_saved_replies,
        name="composer_saved_replies",
    ),
    path("mentors/related/", views.related, name="related"),
    path("mentors/helpful/<int:pk>/", views.helpful, name="helpful"),
    path("mentors/helpful-marks/<int:pk>/", views.helpful_marks, name="helpful_marks"),
    path("safety/preview/", views.safety_preview, name="safety_preview"),
]
