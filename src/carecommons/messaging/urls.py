from django.urls import path

from carecommons.messaging import views

app_name = "messaging"

urlpatterns = [
    path("messages/", views.inbox, name="inbox"),
    path("messages/new/", views.new_conversation, name="new"),
    path("messages/blocked/", views.blocked, name="blocked"),
    path("messages/block/<str:username>/", views.block_member, name="block"),
    path("messages/unblock/<str:username>/", views.unblock_member, name="unblock"),
    path("messages/reports/", views.reports, name="reports"),
    path("messages/reports/<int:pk>/", views.report_detail, name="report"),
    path("messages/<int:pk>/", views.conversation, name="conversation"),
    path("messages/<int:pk>/leave/", views.leave, name="leave"),
    path("messages/<int:pk>/report/", views.report, name="report_conversation"),
]
