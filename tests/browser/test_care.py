"""A caregiver abroad asks for a video second opinion for her husband, in a real browser.

Warda (Iraq) requests → her first try is refused and keeps what she typed → the international
coordinator asks for more information → she answers → he offers two times, typed on her clock
→ she sees them in her own time zone and accepts one.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from carecommons.accounts.models import CaredPerson
from carecommons.care.models import CareRequest, CoordinatorDesk, Desk, Specialty, Status
from tests.browser.conftest import inspect_page, sign_in
from tests.care.conftest import PDF
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

REASON = (
    "My husband has low neutrophils since spring. Lymphocytes are 82 % but the lab also writes "
    "4.2. We wait for the bone marrow result and would like a second opinion by video."
)


def test_caregiver_abroad_gets_a_video_second_opinion(person, live_server, axe, tmp_path):
    Specialty.objects.create(name="Hematology second opinion by video")
    warda_user = UserFactory(username="warda_w", country="IQ", here_as="caregiver")
    CaredPerson.objects.create(
        owner=warda_user, relationship="husband", nickname="Karim", date_of_birth=date(1984, 5, 1)
    )
    samir_user = UserFactory(username="samir_c", roles=["coordinator"])
    CoordinatorDesk.objects.create(coordinator=samir_user, desk=Desk.INTERNATIONAL)
    report = tmp_path / "cbc-report.pdf"
    report.write_bytes(PDF)

    warda = person()
    sign_in(warda, "warda_w")
    warda.get_by_role("contentinfo").get_by_role("link", name="Request an appointment").click()
    expect(
        warda.get_by_role("heading", name="International patients (living outside United States)")
    ).to_be_visible()
    inspect_page(warda, "care-01-request-form", axe=axe)

    warda.get_by_label("Who is the appointment for?").select_option(label="My husband (Karim)")
    warda.get_by_label("Specialty").select_option(label="Hematology second opinion by video")
    warda.get_by_label("Reason for the appointment").fill("Low counts")  # too short at first
    warda.get_by_label("Video call").check()
    warda.get_by_label("Country where the patient lives").select_option("IQ")
    warda.get_by_label("Time zone").select_option("Asia/Baghdad")
    warda.get_by_label("Preferred language").fill("Arabic")
    warda.get_by_label("An interpreter is needed").check()
    warda.get_by_label("This is a second opinion").check()
    warda.get_by_label("Weekday afternoons").check()
    warda.get_by_role("button", name="Send my request").click()
    expect(warda.get_by_text("Your request was not sent yet.")).to_be_visible()
    expect(warda.get_by_text("needs at least 20 characters")).to_be_visible()
    expect(warda.get_by_label("Preferred language")).to_have_value("Arabic")
    expect(warda.get_by_label("Time zone")).to_have_value("Asia/Baghdad")
    expect(warda.get_by_label("This is a second opinion")).to_be_checked()
    inspect_page(warda, "care-02-request-rejected", axe=axe)
    warda.get_by_label("Reason for the appointment").fill(REASON)
    warda.get_by_label("Lab reports or letters (optional)").set_input_files(str(report))
    warda.get_by_role("button", name="Send my request").click()
    expect(warda.get_by_text("Your request was sent.")).to_be_visible()
    expect(warda.get_by_role("link", name="cbc-report.pdf")).to_be_visible()
    inspect_page(warda, "care-03-request-sent", axe=axe)
    care_request = CareRequest.objects.get()
    assert care_request.desk == Desk.INTERNATIONAL

    samir = person()
    sign_in(samir, "samir_c")
    samir.get_by_role("navigation", name="Staff").get_by_role("link", name="Care queue").click()
    expect(samir.get_by_text("You work the international desk.")).to_be_visible()
    inspect_page(samir, "care-04-queue", axe=axe)
    samir.get_by_role("link", name=re.compile(r"Request \d+: Hematology second opinion")).click()
    expect(samir.get_by_text("The patient lives outside the home country")).to_be_visible()
    samir.get_by_label("What do you need to know?").fill(
        "Could you send the latest blood count with the differential, and the marrow date?"
    )
    samir.get_by_role("button", name="Ask the member").click()
    expect(samir.get_by_text("Your question was sent")).to_be_visible()
    inspect_page(samir, "care-05-coordinator-request", axe=axe)

    warda.reload()
    expect(warda.get_by_text("More information needed").first).to_be_visible()
    warda.get_by_role("textbox", name="Message").fill(
        "The count from last week is attached. Marrow is 3 December."
    )
    warda.get_by_role("button", name="Send message").click()
    expect(warda.get_by_text("Your message was sent.")).to_be_visible()

    day = (timezone.localdate() + timedelta(days=7)).isoformat()
    samir.reload()
    expect(samir.get_by_text("The count from last week is attached.")).to_be_visible()
    samir.get_by_label("Kind of visit").select_option("video")
    samir.get_by_label("First date and time").fill(f"{day}T10:00")
    samir.get_by_label("Second date and time (optional)").fill(f"{day}T16:30")
    samir.get_by_role("button", name="Offer these times").click()
    expect(samir.get_by_text("The times were offered to the member.")).to_be_visible()

    warda.reload()
    expect(warda.get_by_role("heading", name="Offered times")).to_be_visible()
    expect(warda.get_by_text("your time zone (Asia/Baghdad)")).to_be_visible()
    expect(warda.get_by_label(re.compile(r"10:00 \(\+03\)"))).to_be_visible()
    inspect_page(warda, "care-06-offer-in-her-time-zone", axe=axe)
    warda.get_by_label(re.compile(r"16:30 \(\+03\)")).check()
    warda.get_by_role("button", name="Accept this time").click()
    expect(warda.get_by_text("your appointment is scheduled")).to_be_visible()
    # The chosen slot, not a timestamp that happens to read 16:30 at the moment the test runs.
    expect(warda.locator("strong", has_text=re.compile(r"\d{4}, 16:30"))).to_be_visible()
    inspect_page(warda, "care-07-scheduled", axe=axe)

    care_request.refresh_from_db()
    assert care_request.status == Status.SCHEDULED
    assert care_request.scheduled_at.hour == 13  # 16:30 in Baghdad is 13:30 UTC
