from django.urls import path

from carecommons.community import views

app_name = "community"

urlpatterns = [
    path("groups/", views.group_list, name="group_list"),
    path("groups/<slug:slug>/", views.group_detail, name="group"),
    path("groups/<slug:slug>/join/", views.join_group, name="join"),
    path("groups/<slug:slug>/leave/", views.leave_group, name="leave"),
    path("groups/<slug:slug>/new/", views.start_discussion, name="start_discussion"),
    path("discussions/<int:pk>/reply/", views.post_reply, name="reply"),
    path("discussions/<int:pk>/edit/", views.edit_discussion, name="edit_discussion"),
    path("discussions/<int:pk>/delete/", views.delete_post, name="delete_discussion"),
    path("discussions/<int:pk>/history/", views.post_history, name="discussion_history"),
    path("discussions/<int:pk>/reveal/", views.reveal_author, name="reveal_discussion_author"),
    path("discussions/<int:pk>/r/<int:number>/", views.reply_permalink, name="reply_permalink"),
    path("discussions/<int:pk>/r/<int:number>/edit/", views.edit_reply, name="edit_reply"),
    path("discussions/<int:pk>/r/<int:number>/delete/", views.delete_post, name="delete_reply"),
    path("discussions/<int:pk>/r/<int:number>/history/", views.post_history, name="reply_history"),
    path(
        "discussions/<int:pk>/r/<int:number>/reveal/",
        views.reveal_author,
        name="reveal_reply_author",
    ),
    path("discussions/<int:pk>/<str:slug>/", views.discussion_detail, name="discussion"),
]
