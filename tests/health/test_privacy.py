"""Owner-only: everyone else — visitor, member, mentor, moderator, administrator — gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from carecommons.audit.models import AuditEntry
from carecommons.health.models import LabRecord

OUTSIDERS = ["anonymous", "other_member", "mentor", "moderator", "admin"]


def _login(client, who, other_member, staff):
    if who == "anonymous":
        return
    user = other_member if who == "other_member" else staff[who]
    client.force_login(user)


def _urls(husband, record):
    return [
        reverse("health:person", args=[husband.pk]),
        reverse("health:record", args=[record.pk]),
        reverse("health:share_record", args=[record.pk]),
        reverse("health:export_csv", args=[husband.pk]),
        reverse("health:export_fhir", args=[husband.pk]),
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_get_404_on_every_page_and_export(
    client, who, other_member, staff, husband, record
):
    _login(client, who, other_member, staff)
    entries_before = AuditEntry.objects.count()
    for url in _urls(husband, record):
        response = client.get(url)
        assert response.status_code == 404, (who, url)
        assert b"Lymphocytes" not in response.content
        assert b"Karim" not in response.content
    assert AuditEntry.objects.count() == entries_before  # nothing read, nothing to audit


@pytest.mark.parametrize("who", OUTSIDERS)
def test_outsiders_cannot_delete_or_share(client, who, other_member, staff, husband, record):
    _login(client, who, other_member, staff)
    assert client.post(reverse("health:delete_record", args=[record.pk])).status_code == 404
    response = client.post(
        reverse("health:share_record", args=[record.pk]), {"where": "g1", "body": "x"}
    )
    assert response.status_code == 404
    assert LabRecord.objects.filter(pk=record.pk).exists()


def test_the_owner_sees_everything(client, member, husband, record):
    client.force_login(member)
    for url in _urls(husband, record):
        assert client.get(url).status_code == 200, url


def test_another_members_own_tracker_never_lists_the_owners_people(
    client, other_member, husband, record
):
    client.force_login(other_member)
    response = client.get(reverse("health:home"))
    assert response.status_code == 200
    assert b"Karim" not in response.content and b"Husband" not in response.content
    response = client.get(reverse("health:person", args=["me"]))
    assert b"5.1" not in response.content


def test_anonymous_home_asks_to_sign_in(client):
    response = client.get(reverse("health:home"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_forged_person_on_a_form_is_not_found(client, other_member, husband):
    client.force_login(other_member)
    response = client.post(
        reverse("health:add_temperature"),
        {"subject": str(husband.pk), "taken_at": "2024-03-01T10:00", "value": "38", "scale": "C"},
    )
    assert response.status_code == 400  # not one of her choices
    assert not husband.temperature_readings.exists()
