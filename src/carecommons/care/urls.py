from django.urls import URLPattern, URLResolver, path

from carecommons.care import views

app_name = "care"

urlpatterns: list[URLPattern | URLResolver] = [
    path("care/request/", views.request_page, name="request"),
    path("care/requests/", views.my_requests, name="mine"),
    path("care/requests/<int:pk>/", views.detail, name="detail"),
    path("care/requests/<int:pk>/message/", views.post_message, name="message"),
    path("care/requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("care/requests/<int:pk>/accept/", views.accept, name="accept"),
    path("care/requests/<int:pk>/do/<slug:action>/", views.act, name="act"),
    path("care/files/<int:pk>/", views.attachment, name="attachment"),
    path("care/queue/", views.queue, name="queue"),
]
