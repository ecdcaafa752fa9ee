"""The blood count companion in a real browser, as a caregiver would use it.

Warda adds her husband → pastes his report → sees what was understood line by line and the
lymphocyte explanation → saves → logs two temperatures that meet the fever criterion and sees
the febrile-neutropenia alert → shares a snapshot into a discussion (the card and the
explanation show under her post) → downloads the FHIR export.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import inspect_page, sign_in
from tests.factories import DiscussionFactory, GroupFactory, UserFactory

pytestmark = [pytest.mark.browser]

REPORT = """WBC 5.1 x10^9/L 4.0-11.0
Neutrophils # 0.6 x10^9/L (2.0-7.5) L
Lymphocytes 82 % H
Lymphocytes # 4.2 x10^9/L 1.0-4.8
Hemoglobin 13.4 g/dL
Please see the doctor with this result
"""


def _local(minutes_ago: int) -> str:
    return (timezone.localtime() - timedelta(minutes=minutes_ago)).strftime("%Y-%m-%dT%H:%M")


def test_caregiver_tracks_her_husbands_counts_and_shares_a_snapshot(person, axe, tmp_path):
    group = GroupFactory(slug="blood-disorders", name="Blood disorders")
    discussion = DiscussionFactory(
        author=UserFactory(username="dana_r"),
        group=group,
        title="Reading lymphocyte results",
        body="Share how you learned to read your reports.",
    )
    UserFactory(username="warda_writes")
    warda = person()
    sign_in(warda, "warda_writes")

    # She adds her husband to her people.
    warda.goto("/accounts/people/add/")
    warda.get_by_label("Who is it?").select_option("husband")
    warda.get_by_label("Nickname").fill("Karim")
    warda.get_by_label("Date of birth").fill("1978-05-04")
    warda.get_by_role("button", name="Save").click()
    expect(warda.get_by_text("My husband (Karim) is added")).to_be_visible()

    # My health → paste a report.
    warda.get_by_role("navigation", name="Main").get_by_role("link", name="My health").click()
    expect(warda.get_by_role("heading", name="My health: blood count companion")).to_be_visible()
    inspect_page(warda, "health-01-home", axe=axe)
    warda.get_by_role("link", name="Paste a lab report").first.click()
    warda.get_by_label("Whose record is it?").select_option(label="My husband (Karim)")
    warda.get_by_label("Date and time the blood was taken").fill(_local(120))
    warda.get_by_label("Lab (optional)").fill("Al-Kindi lab")
    warda.get_by_label("Report text").fill(REPORT)
    warda.get_by_role("button", name="Check what you understood").click()

    preview = warda.get_by_role("region", name="What we understood")
    expect(preview).to_be_visible()
    expect(preview.get_by_text("Lymphocytes #: 4.2 x10^9/L = 4,200 cells/µL")).to_be_visible()
    expect(
        preview.get_by_text("No value on this line.").or_(preview.get_by_text("Not saved")).first
    ).to_be_visible()
    expect(preview.get_by_text("relative lymphocytosis")).to_be_visible()
    inspect_page(warda, "health-02-paste-preview", axe=axe)
    warda.get_by_role("button", name="Save 5 values").click()
    expect(warda.get_by_text("Saved 5 values from the report")).to_be_visible()
    inspect_page(warda, "health-03-record", axe=axe)
    record_url = warda.url

    # Two temperatures, 101.5 °F then 38.4 °C: fever with an ANC of 600.
    warda.get_by_role("link", name="My husband (Karim)").click()
    for minutes_ago, value, scale in ((40, "101.5", "°F"), (10, "38.4", "°C")):
        warda.get_by_role("link", name="Log a temperature").click()
        warda.get_by_label("Date and time measured").fill(_local(minutes_ago))
        warda.get_by_role("textbox", name="Temperature").fill(value)
        warda.get_by_label(scale, exact=True).check()
        warda.get_by_role("button", name="Save temperature").click()
        expect(warda.get_by_text("Temperature saved")).to_be_visible()
    alert = warda.get_by_role("alert")
    expect(
        alert.get_by_role(
            "heading", name="Fever with a low neutrophil count: call your care team now"
        )
    ).to_be_visible()
    expect(alert.get_by_text("38.3 °C (101 °F) once")).to_be_visible()
    expect(
        warda.get_by_role("img", name="Neutrophils, absolute (ANC) over time, My husband (Karim)")
    ).to_be_visible()
    inspect_page(warda, "health-04-person-alert", axe=axe)

    # Share a snapshot into the discussion.
    warda.goto(record_url)
    warda.get_by_role("link", name="Share a snapshot").click()
    expect(warda.get_by_role("region", name="Shared blood count snapshot")).to_be_visible()
    expect(warda.get_by_text("in their 40s")).to_be_visible()
    inspect_page(warda, "health-05-share", axe=axe)
    warda.get_by_label("Where to share it").select_option(
        label=f"Reply in “{discussion.title}” (Blood disorders)"
    )
    warda.get_by_label("Your message").fill(
        "My husband is 47. His LYM 4.2 but 82 %. What does it mean?"
    )
    warda.get_by_role("button", name="Post with the snapshot").click()
    expect(warda.get_by_text("Your post is shared with the snapshot card")).to_be_visible()
    card = warda.get_by_role("region", name="Shared blood count snapshot")
    expect(card.get_by_text("0.6 x10^9/L")).to_be_visible()
    expect(warda.get_by_text("Al-Kindi")).to_have_count(0)
    warda.get_by_text("About the lab values in this post").click()
    expect(warda.get_by_text("relative lymphocytosis").first).to_be_visible()
    inspect_page(warda, "health-06-discussion-with-snapshot", axe=axe)

    # Export FHIR.
    warda.get_by_role("navigation", name="Main").get_by_role("link", name="My health").click()
    warda.get_by_role("link", name="My husband (Karim)").click()
    with warda.expect_download() as download:
        warda.get_by_role("link", name="Download as FHIR R4 (for health apps)").click()
    path = tmp_path / "export.json"
    download.value.save_as(path)
    bundle = json.loads(path.read_text())
    assert bundle["resourceType"] == "Bundle"
    codes = {c["code"] for e in bundle["entry"] for c in e["resource"]["code"]["coding"]}
    assert {"26499-4", "26474-7", "8310-5"} <= codes
    warda.watch.assert_clean()
