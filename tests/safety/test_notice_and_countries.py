"""Country table and the notice the author sees."""

import pytest

from carecommons.safety import EmergencyKind, UnknownCountryError, check, contacts_for
from carecommons.safety.countries import contacts_table, iso_country_codes
from carecommons.safety.notice import ADVICE_NUDGE, compose_notice
from carecommons.safety.personal_data import PersonalDataKind

FEVER_POST = "My son's ANC is 310 and he has a fever of 38.7 tonight."


def test_the_table_covers_at_least_30_countries_including_iraq() -> None:
    table = contacts_table()
    assert len(table) >= 30
    assert table["IQ"].emergency_number == "911"
    assert set(table) <= iso_country_codes()
    assert all(entry.emergency_number.replace(" ", "").isdigit() for entry in table.values())


def test_codes_are_case_insensitive_and_uncovered_codes_get_the_general_notice() -> None:
    assert contacts_for("gb") == contacts_for("GB")
    assert contacts_for("TV") is None
    assert contacts_for(None) is None


def test_an_invalid_code_is_refused() -> None:
    with pytest.raises(UnknownCountryError, match="ZZ"):
        contacts_for("ZZ")


def test_the_fever_notice_gives_both_scales_and_the_country_number() -> None:
    notice = check(FEVER_POST, "IQ").notice
    assert "38.0 °C" in notice
    assert "100.4 °F" in notice
    assert "call 911" in notice
    assert "not a diagnosis" in notice


def test_without_a_country_the_notice_is_general() -> None:
    notice = check(FEVER_POST).notice
    assert "your local emergency number" in notice
    assert "911" not in notice


def test_the_self_harm_notice_names_the_crisis_line_where_one_is_known() -> None:
    assert "116 123" in check("I want to end my life.", "GB").notice
    assert "988" in check("I want to end my life.", "US").notice
    assert "crisis line" in check("I want to end my life.", "IQ").notice


@pytest.mark.parametrize("kind", list(EmergencyKind))
def test_every_kind_tells_what_to_do_now(kind: EmergencyKind) -> None:
    notice = compose_notice([kind], False, [], contacts_for("FR"))
    assert "call 15 (or 112)" in notice


def test_nudge_and_privacy_paragraphs() -> None:
    notice = compose_notice(
        [], True, [PersonalDataKind.PHONE, PersonalDataKind.EMAIL], contacts_for("US")
    )
    assert ADVICE_NUDGE in notice
    assert "a phone number and an email address" in notice


def test_nothing_fired_means_no_notice() -> None:
    assert compose_notice([], False, [], None) == ""
    assert check("Thanks everyone, his ANC is 1,900 now.").notice == ""
