from django.urls import URLPattern, URLResolver

app_name = "articles"

urlpatterns: list[URLPattern | URLResolver] = []
