from django.urls import path

from carecommons.notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.centre, name="centre"),
    path("notifications/count/", views.unread_badge, name="badge"),
    path("notifications/read/", views.mark_read, name="mark_read"),
    path("notifications/read-all/", views.mark_all_read, name="mark_all_read"),
    path("notifications/<int:pk>/", views.go, name="go"),
    path("notifications/mentions/", views.mention_options, name="mention_options"),
    path(
        "notifications/follow/<str:kind>/<str:key>/",
        views.follow,
        name="follow",
    ),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("settings/notifications/", views.notification_settings, name="settings"),
    path(
        "settings/notifications/follows/<int:pk>/remove/",
        views.remove_follow,
        name="remove_follow",
    ),
]
