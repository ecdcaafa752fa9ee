from __future__ import annotations

from decimal import Decimal

from carecommons.health import demo_content
from carecommons.health.insight import anc_series
from carecommons.health.models import HealthEvent, LabRecord, TemperatureReading
from carecommons.health.selectors import subject_for
from tests.factories import UserFactory


def test_demo_records_are_loaded_once(client):
    users = {name: UserFactory(username=name) for name in ("oldoak_ray", "warda_writes")}
    assert demo_content.load(users)
    assert demo_content.load(users) is None  # idempotent
    ray = users["oldoak_ray"]
    subject = subject_for(ray, "me")
    ancs = [r.anc_per_uL for _, r in anc_series(subject, list(LabRecord.objects.filter(owner=ray)))]
    assert Decimal(800) in ancs and min(ancs) <= 210
    temps = TemperatureReading.objects.filter(owner=ray)
    assert {str(t.value) for t in temps} >= {"95.70", "99.80"}
    assert HealthEvent.objects.filter(owner=ray, title="Marrow biopsy").count() == 3
    warda = LabRecord.objects.get(owner=users["warda_writes"])
    assert {v.written for v in warda.values.all()} >= {"82 %", "4.2 x10^9/L"}
    client.force_login(ray)
    body = client.get("/health/p/me/").content.decode()
    assert "health-flags" not in body  # 95.7-99.8 °F is no fever
    assert "Marrow biopsy" in body
