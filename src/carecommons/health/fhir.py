"""FHIR R4 export and import of a person's tracker: a Bundle of Observations.

Export: each record is a panel Observation (LOINC 69742-5, CBC with differential, method
unspecified, §9) whose ``hasMember`` points at one Observation per value (LOINC and UCUM from
``catalogue``); each temperature is a vital-signs Observation (8310-5, ``Cel`` / ``[degF]``).
The value as the lab wrote it ("0,45 /nl", "<0.1 K/uL") travels in an extension, so importing
the Bundle gives back exactly what was exported. Import reads only what it understands and
refuses the whole Bundle, with the reason, when something in it is not right: nothing is half
imported and nothing is guessed.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from carecommons.health.catalogue import (
    BODY_TEMPERATURE_LOINC,
    BY_KEY,
    BY_LOINC,
    LOINC,
    PANEL_DISPLAY,
    PANEL_LOINC,
    UCUM,
)
from carecommons.health.entries import EnteredValue, ValueRefused, read_temperature, read_value
from carecommons.health.models import LabRecord, TemperatureReading
from carecommons.labs.values import UnitKind, ValueProblem, parse_unit, read_quantity

AS_WRITTEN = "https://carecommons.org/fhir/StructureDefinition/value-as-written"
SOURCE_LAB = "https://carecommons.org/fhir/StructureDefinition/source-lab"
MAX_IMPORT_BYTES = 2_000_000
MAX_OBSERVATIONS = 20_000


class BundleRefused(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def ucum_code(value: EnteredValue | Any) -> str:
    if value.unit_text == "%":
        return "%"
    if value.unit_text.replace(" ", "") in ("g/dL", "g/L"):
        return value.unit_text.replace(" ", "")
    unit = parse_unit(value.unit_text)
    if unit is not None and unit.kind is UnitKind.COUNT:
        return "10*3/uL" if unit.factor == 1000 else "/uL"
    return value.unit_text


def _number(written: str) -> float | int:
    quantity = read_quantity(written)
    if isinstance(quantity, ValueProblem):  # stored values were read before saving
        raise BundleRefused(quantity.message)
    number = quantity.number
    return int(number) if number == number.to_integral_value() else float(number)


def export_bundle(
    records: list[LabRecord], temperatures: list[TemperatureReading]
) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    for record in records:
        members: list[dict[str, str]] = []
        panel_url = f"urn:uuid:{uuid.uuid4()}"
        for value in record.values.all():
            analyte = BY_KEY[value.key]
            url = f"urn:uuid:{uuid.uuid4()}"
            members.append({"reference": url})
            quantity: dict[str, Any] = {
                "value": _number(value.written),
                "unit": value.unit_text,
                "system": UCUM,
                "code": ucum_code(value),
                "extension": [{"url": AS_WRITTEN, "valueString": value.written}],
            }
            if value.comparator:
                quantity["comparator"] = value.comparator
            observation: dict[str, Any] = {
                "resourceType": "Observation",
                "status": "final",
                "category": [_category("laboratory")],
                "code": {
                    "coding": [
                        {"system": LOINC, "code": analyte.loinc, "display": analyte.loinc_display}
                    ],
                    "text": analyte.label,
                },
                "effectiveDateTime": record.taken_at.isoformat(),
                "valueQuantity": quantity,
            }
            if value.reference_range_text:
                observation["referenceRange"] = [{"text": value.reference_range_text}]
            entries.append({"fullUrl": url, "resource": observation})
        panel: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "category": [_category("laboratory")],
            "code": {"coding": [{"system": LOINC, "code": PANEL_LOINC, "display": PANEL_DISPLAY}]},
            "effectiveDateTime": record.taken_at.isoformat(),
            "hasMember": members,
        }
        if record.source_lab:
            panel["extension"] = [{"url": SOURCE_LAB, "valueString": record.source_lab}]
        entries.append({"fullUrl": panel_url, "resource": panel})
    for reading in temperatures:
        entries.append(
            {
                "fullUrl": f"urn:uuid:{uuid.uuid4()}",
                "resource": {
                    "resourceType": "Observation",
                    "status": "final",
                    "category": [_category("vital-signs")],
                    "code": {
                        "coding": [
                            {
                                "system": LOINC,
                                "code": BODY_TEMPERATURE_LOINC,
                                "display": "Body temperature",
                            }
                        ]
                    },
                    "effectiveDateTime": reading.taken_at.isoformat(),
                    "valueQuantity": {
                        "value": float(reading.value),
                        "unit": "°C" if reading.scale == "C" else "°F",
                        "system": UCUM,
                        "code": "Cel" if reading.scale == "C" else "[degF]",
                    },
                    **({"note": [{"text": reading.note}]} if reading.note else {}),
                },
            }
        )
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def _category(code: str) -> dict[str, Any]:
    return {
        "coding": [
            {
                "system": "http://terminology.hl7.org/CodeSystem/observation-category",
                "code": code,
            }
        ]
    }


@dataclass
class ImportedRecord:
    taken_at: datetime
    source_lab: str
    values: list[EnteredValue] = field(default_factory=list)


@dataclass
class ImportedTemperature:
    taken_at: datetime
    value: Decimal
    scale: str
    note: str


@dataclass
class ImportResult:
    records: list[ImportedRecord]
    temperatures: list[ImportedTemperature]


def _time(resource: dict[str, Any], where: str) -> datetime:
    raw = resource.get("effectiveDateTime")
    try:
        moment = datetime.fromisoformat(str(raw))
    except ValueError:
        raise BundleRefused(f"{where} has no readable effectiveDateTime ({raw!r}).") from None
    if moment.tzinfo is None:
        raise BundleRefused(f"{where}: effectiveDateTime {raw!r} needs a time zone offset.")
    return moment


def _codes(resource: dict[str, Any]) -> list[str]:
    coding = (resource.get("code") or {}).get("coding") or []
    return [str(c.get("code")) for c in coding if isinstance(c, dict) and c.get("system") == LOINC]


def _written(quantity: dict[str, Any]) -> tuple[str, str]:
    for extension in quantity.get("extension") or []:
        if isinstance(extension, dict) and extension.get("url") == AS_WRITTEN:
            text = str(extension.get("valueString", "")).strip()
            value_text, _, unit_text = text.partition(" ")
            return value_text, unit_text.strip()
    value = quantity.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BundleRefused("An Observation's valueQuantity has no number.")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise BundleRefused(f"{value!r} is not a number.") from None
    comparator = str(quantity.get("comparator", ""))
    unit = str(quantity.get("unit") or quantity.get("code") or "")
    return f"{comparator}{number}", unit


def parse_bundle(raw: bytes | str) -> ImportResult:
    """Read an exported Bundle back; raises :class:`BundleRefused` with what is wrong."""
    if len(raw) > MAX_IMPORT_BYTES:
        raise BundleRefused("The file is larger than 2 MB; export a shorter period.")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise BundleRefused(f"This is not readable JSON ({error}).") from None
    if not isinstance(data, dict) or data.get("resourceType") != "Bundle":
        raise BundleRefused("This JSON is not a FHIR Bundle (resourceType must be 'Bundle').")
    entries = data.get("entry") or []
    if not isinstance(entries, list) or len(entries) > MAX_OBSERVATIONS:
        raise BundleRefused("The Bundle's entry list is missing or too long.")
    by_url: dict[str, dict[str, Any]] = {}
    for index, entry in enumerate(entries):
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or resource.get("resourceType") != "Observation":
            raise BundleRefused(f"Entry {index + 1} is not an Observation.")
        by_url[str(entry.get("fullUrl") or f"#{index}")] = resource
    records: list[ImportedRecord] = []
    temperatures: list[ImportedTemperature] = []
    used: set[str] = set()
    for url, resource in by_url.items():
        if PANEL_LOINC not in _codes(resource):
            continue
        lab = ""
        for extension in resource.get("extension") or []:
            if isinstance(extension, dict) and extension.get("url") == SOURCE_LAB:
                lab = str(extension.get("valueString", ""))[:120]
        record = ImportedRecord(taken_at=_time(resource, "A panel"), source_lab=lab)
        for member in resource.get("hasMember") or []:
            reference = str(member.get("reference", "")) if isinstance(member, dict) else ""
            child = by_url.get(reference)
            if child is None:
                raise BundleRefused(
                    f"The panel refers to {reference!r}, which is not in the Bundle."
                )
            used.add(reference)
            record.values.append(_lab_value(child))
        used.add(url)
        records.append(record)
    for url, resource in by_url.items():
        if url in used:
            continue
        codes = _codes(resource)
        if BODY_TEMPERATURE_LOINC in codes:
            temperatures.append(_temperature(resource))
        elif any(code in BY_LOINC for code in codes):
            # A lone lab Observation (another system's export) becomes a record of its own.
            records.append(
                ImportedRecord(
                    taken_at=_time(resource, "An Observation"),
                    source_lab="",
                    values=[_lab_value(resource)],
                )
            )
        else:
            raise BundleRefused(
                f"An Observation has a code we do not know ({', '.join(codes) or 'none'}); "
                "nothing was imported."
            )
    return ImportResult(records, temperatures)


def _lab_value(resource: dict[str, Any]) -> EnteredValue:
    analyte = next((BY_LOINC[c] for c in _codes(resource) if c in BY_LOINC), None)
    if analyte is None:
        raise BundleRefused(f"An Observation has a code we do not know: {_codes(resource)}.")
    quantity = resource.get("valueQuantity")
    if not isinstance(quantity, dict):
        raise BundleRefused(f"The {analyte.label} Observation has no valueQuantity.")
    value_text, unit_text = _written(quantity)
    ranges = resource.get("referenceRange") or []
    reference = ""
    if ranges and isinstance(ranges[0], dict):
        reference = str(ranges[0].get("text", ""))
    try:
        return read_value(analyte.key, value_text, unit_text, reference)
    except ValueRefused as refused:
        raise BundleRefused(f"{analyte.label}: {refused.message}") from None


def _temperature(resource: dict[str, Any]) -> ImportedTemperature:
    quantity = resource.get("valueQuantity")
    if not isinstance(quantity, dict):
        raise BundleRefused("A temperature Observation has no valueQuantity.")
    code = str(quantity.get("code", ""))
    scale = {"Cel": "C", "[degF]": "F"}.get(code)
    if scale is None:
        raise BundleRefused(f"A temperature's unit must be Cel or [degF], not {code!r}.")
    try:
        value, _ = read_temperature(str(quantity.get("value", "")), scale)
    except ValueRefused as refused:
        raise BundleRefused(refused.message) from None
    notes = resource.get("note") or []
    note = str(notes[0].get("text", ""))[:200] if notes and isinstance(notes[0], dict) else ""
    return ImportedTemperature(_time(resource, "A temperature"), value, scale, note)
