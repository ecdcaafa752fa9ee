from django.urls import URLPattern, URLResolver, path

from carecommons.health import views

app_name = "health"

urlpatterns: list[URLPattern | URLResolver] = [
    path("health/", views.home, name="home"),
    path("health/delete-everything/", views.delete_everything, name="delete_everything"),
    path("health/p/<str:key>/", views.person, name="person"),
    path("health/p/<str:key>/export.csv", views.export_csv, name="export_csv"),
    path("health/p/<str:key>/export.fhir.json", views.export_fhir, name="export_fhir"),
    path("health/add/", views.add_record, name="add_record"),
    path("health/paste/", views.paste_report, name="paste_report"),
    path("health/temperature/", views.add_temperature, name="add_temperature"),
    path("health/event/", views.add_event, name="add_event"),
    path("health/import/", views.import_fhir, name="import_fhir"),
    path("health/records/<int:pk>/", views.record_detail, name="record"),
    path("health/records/<int:pk>/delete/", views.delete_record, name="delete_record"),
    path("health/records/<int:pk>/share/", views.share_record, name="share_record"),
    path(
        "health/temperature/<int:pk>/delete/", views.delete_temperature, name="delete_temperature"
    ),
    path("health/event/<int:pk>/delete/", views.delete_event, name="delete_event"),
]
