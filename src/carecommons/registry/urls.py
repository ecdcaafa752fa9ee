from django.urls import URLPattern, URLResolver, path

from carecommons.registry import views

app_name = "registry"

urlpatterns: list[URLPattern | URLResolver] = [
    path("registries/", views.registry_list, name="list"),
    path("registries/staff/", views.staff_queue, name="staff_queue"),
    path("registries/enrolments/<int:pk>/", views.enrolment_detail, name="enrolment"),
    path("registries/enrolments/<int:pk>/review/<slug:step>/", views.review, name="review"),
    path("registries/enrolments/<int:pk>/answer/", views.add_information, name="add_information"),
    path("registries/enrolments/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("registries/<slug:slug>/", views.registry_detail, name="detail"),
    path("registries/<slug:slug>/enrol/", views.enrol, name="enrol"),
    path("registries/<slug:slug>/export/", views.export, name="export"),
]
