from django.urls import URLPattern, URLResolver

app_name = "health"

urlpatterns: list[URLPattern | URLResolver] = []
