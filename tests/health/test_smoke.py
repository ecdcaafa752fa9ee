from __future__ import annotations

from django.urls import reverse


def test_every_page_renders_for_the_owner(client, member, husband, record):
    client.force_login(member)
    for url in (
        reverse("health:home"),
        reverse("health:person", args=["me"]),
        reverse("health:person", args=[husband.pk]),
        reverse("health:person", args=[husband.pk]) + "?show=Lymphocytes %23",
        reverse("health:add_record"),
        reverse("health:paste_report"),
        reverse("health:add_temperature"),
        reverse("health:add_event"),
        reverse("health:import_fhir"),
        reverse("health:record", args=[record.pk]),
        reverse("health:share_record", args=[record.pk]),
        reverse("health:delete_everything"),
        reverse("health:export_csv", args=[husband.pk]),
        reverse("health:export_fhir", args=[husband.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
