"""A parent enrols a toddler in the neutropenia registry, in a real browser.

Kel enrols Toby with his serial counts (a first try without consent is refused and keeps what
she typed) → registry staff mark him eligible and enrol him → the de-identified CSV export holds
the enrolment under a pseudonym and no identifier.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from carecommons.accounts.models import CaredPerson
from carecommons.registry.demo_content import ensure_registry
from carecommons.registry.export import pseudonym
from carecommons.registry.models import Enrolment
from tests.browser.conftest import inspect_page, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser


def test_parent_enrols_toddler_and_export_is_de_identified(person, live_server, axe):
    registry, _ = ensure_registry()
    kel_user = UserFactory(username="kel_parent", here_as="caregiver")
    toby = CaredPerson.objects.create(
        owner=kel_user,
        relationship="son",
        nickname="Toby",
        date_of_birth=timezone.localdate() - timedelta(days=400),
    )
    UserFactory(username="liane_r", roles=["registry_staff"])
    today = timezone.localdate()
    counts = "\n".join(
        f"{(today - timedelta(days=days)).isoformat()} {anc}"
        for days, anc in [(70, 420), (40, 0.31), (12, 390)]
    )

    kel = person()
    sign_in(kel, "kel_parent")
    kel.get_by_role("contentinfo").get_by_role("link", name="Registries").click()
    inspect_page(kel, "registry-01-list", axe=axe)
    kel.get_by_role("link", name=registry.name).click()
    expect(kel.get_by_text("three separate blood counts")).to_be_visible()
    inspect_page(kel, "registry-02-detail", axe=axe)
    kel.get_by_role("link", name="Start an enrolment").click()
    kel.get_by_label("Who is being enrolled?").select_option(label="My son (Toby)")
    for question in registry.questions.all():
        answer = "no" if question.code == "q_other_cause" else "yes"
        kel.locator(f"input[name='q_{question.pk}'][value='{answer}']").check()
    kel.get_by_label("Blood count evidence: serial ANC values").fill(counts)
    kel.get_by_label("Your full name, typed as your signature").fill("Kelly Parent")
    kel.get_by_label("Your relationship to the person").fill("mother")
    kel.get_by_role("button", name="Sign and send").click()
    expect(kel.get_by_text("tick the box to agree")).to_be_visible()
    expect(kel.get_by_label("Blood count evidence: serial ANC values")).to_have_value(counts)
    expect(kel.get_by_label("Your relationship to the person")).to_have_value("mother")
    inspect_page(kel, "registry-03-enrol-rejected", axe=axe)
    kel.get_by_label("I have read the consent text above and agree to it").check()
    kel.get_by_role("button", name="Sign and send").click()
    expect(kel.get_by_text("Your enrolment was sent to the registry team")).to_be_visible()
    expect(kel.locator(".evidence-summary")).to_contain_text("3 counts")
    expect(kel.locator(".evidence-summary")).to_contain_text("3 below 500")
    inspect_page(kel, "registry-04-enrolment-sent", axe=axe)
    enrolment = Enrolment.objects.get()

    liane = person()
    sign_in(liane, "liane_r")
    liane.get_by_role("navigation", name="Staff").get_by_role(
        "link", name="Registry review"
    ).click()
    inspect_page(liane, "registry-05-staff-queue", axe=axe)
    liane.get_by_role("link", name=f"Enrolment {enrolment.pk}: {registry.name}").click()
    liane.get_by_role("button", name="Eligible", exact=True).click()
    expect(liane.get_by_text("Saved: Eligible.")).to_be_visible()
    liane.get_by_role("button", name="Enrol", exact=True).click()
    expect(liane.get_by_text("Saved: Enrol.")).to_be_visible()
    inspect_page(liane, "registry-06-enrolled", axe=axe)

    liane.goto(f"/registries/{registry.slug}/export/")
    inspect_page(liane, "registry-07-export", axe=axe)
    liane.get_by_label("CSV (spreadsheet)").check()
    liane.get_by_label("Why is this export needed?").fill("Quarterly outcomes report")
    with liane.expect_download() as download_info:
        liane.get_by_role("button", name="Download the export").click()
    csv_text = download_info.value.path().read_text(encoding="utf-8")
    # A download ends the navigation the browser started: Chromium reports it as aborted.
    liane.watch.problems = [
        problem
        for problem in liane.watch.problems
        if not (problem.startswith("request failed:") and "/export/ (net::ERR_ABORTED)" in problem)
    ]
    assert pseudonym(enrolment.pk) in csv_text
    for identifier in ["kel_parent", kel_user.email, "Toby", "Kelly Parent", "mother",
                       toby.date_of_birth.isoformat()]:  # fmt: skip
        assert identifier not in csv_text

    kel.reload()
    expect(kel.get_by_text("Enrolled").first).to_be_visible()
