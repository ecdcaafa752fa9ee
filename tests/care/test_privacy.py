"""Every private care page as anonymous, another member and each staff role.

Only the requester and care coordinators see a request; coordinators' reads are audit-logged.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carecommons.audit.models import AuditEntry
from carecommons.care import services
from carecommons.care.models import Status
from tests.care.conftest import PDF
from tests.factories import ROLE_USERNAMES

NOT_COORDINATOR = [r for r in ROLE_USERNAMES if r != "coordinator"]


@pytest.fixture
def with_file(care_request, warda):
    services.post_message(
        care_request, warda, "The lab report.", [services.Upload(name="report.pdf", data=PDF)]
    )
    return care_request


def _pages(care_request):
    attachment = care_request.attachments.first()
    return [
        reverse("care:detail", args=[care_request.pk]),
        reverse("care:attachment", args=[attachment.pk]),
    ]


def test_anonymous_is_sent_to_sign_in(client, with_file):
    for url in [*_pages(with_file), reverse("care:mine"), reverse("care:queue")]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_another_member_gets_404(client, other_member, with_file):
    client.force_login(other_member)
    for url in [*_pages(with_file), reverse("care:queue")]:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", NOT_COORDINATOR)
def test_staff_without_the_coordinator_role_get_404(client, staff, with_file, role):
    client.force_login(staff[role])
    for url in [*_pages(with_file), reverse("care:queue")]:
        assert client.get(url).status_code == 404, (role, url)
    for action in ["review", "ask", "decline"]:
        url = reverse("care:act", args=[with_file.pk, action])
        assert client.post(url, {"question": "x" * 20, "reason": "y" * 20}).status_code == 404
    with_file.refresh_from_db()
    assert with_file.status == Status.NEW


def test_coordinator_reads_are_audit_logged(client, staff, with_file):
    coordinator = staff["coordinator"]
    client.force_login(coordinator)
    detail, attachment = _pages(with_file)
    assert client.get(detail).status_code == 200
    response = client.get(attachment)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    logged = AuditEntry.objects.filter(actor=coordinator, action__startswith="care.").values_list(
        "action", flat=True
    )
    assert set(logged) == {"care.request_viewed", "care.attachment_viewed"}
    assert client.get(reverse("care:queue")).status_code == 200


def test_requester_reads_are_not_audited_and_files_live_outside_static(client, warda, with_file):
    client.force_login(warda)
    detail, attachment = _pages(with_file)
    assert client.get(detail).status_code == 200
    assert client.get(attachment).status_code == 200
    assert not AuditEntry.objects.filter(action__startswith="care.").filter(actor=warda).exists()
    stored = with_file.attachments.first()
    assert "private-files" in stored.file.path
    assert "report" not in stored.file.name  # the member's file name is never on disk


def test_requester_cannot_take_coordinator_steps(client, warda, care_request):
    client.force_login(warda)
    response = client.post(reverse("care:act", args=[care_request.pk, "review"]))
    assert response.status_code == 404


def test_only_the_requester_withdraws_or_accepts(
    client, intl_coordinator, other_member, care_request
):
    for user in (intl_coordinator, other_member):
        client.force_login(user)
        assert client.post(reverse("care:withdraw", args=[care_request.pk])).status_code == 404
        assert client.post(reverse("care:accept", args=[care_request.pk])).status_code == 404


def test_upload_field_on_message_refuses_renamed_program(client, warda, care_request):
    client.force_login(warda)
    bad = SimpleUploadedFile("labs.pdf", b"MZ" + b"\x00" * 200, content_type="application/pdf")
    response = client.post(
        reverse("care:message", args=[care_request.pk]),
        {"body": "Here is the report I promised.", "attachments": [bad]},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "not a PDF, JPEG or PNG" in content
    assert "Here is the report I promised." in content
    assert care_request.messages.count() == 0
