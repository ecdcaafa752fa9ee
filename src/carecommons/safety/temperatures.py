"""Body temperatures written in post text ("38.6 °C", "temp 101.2", "fever of 39").

Readings are converted to °C and rounded half-up to 0.1 °C with exact decimal arithmetic,
as clinical reference §5.1 and clinical-rules.json ("fever.conversion") require: 100.4 °F is
exactly 38.0 °C.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# Clinical reference §5.3: for posts, a current temperature of 38.0 °C / 100.4 °F or higher.
FEVER_THRESHOLD_C = Decimal("38.0")
FEVER_THRESHOLD_F = Decimal("100.4")

_NUMBER = r"(?P<number>\d{2,3}(?:[.,]\d{1,2})?)"
_EXPLICIT_UNIT = re.compile(
    _NUMBER + r"\s*(?:°|º|˚|degrees?|deg\.?)?\s*(?P<unit>c|f|celsius|centigrade|fahrenheit)\b",
    re.IGNORECASE,
)
_DEGREES_ONLY = re.compile(_NUMBER + r"\s*(?:°|º|˚|degrees?\b)", re.IGNORECASE)
_BARE_NUMBER = re.compile(r"(?<![\d.,])" + _NUMBER + r"(?![\d.,]*\d)", re.IGNORECASE)
_TEMPERATURE_CUE = re.compile(
    r"\b(?:temp|temps|temperatures?|fevers?|febrile|thermometer|spik(?:ed|ing)|running|"
    r"reads?|reading|readings|hit|hitting|measured)\b",
    re.IGNORECASE,
)
_COUNT_CUE_BEFORE = re.compile(
    r"(?:anc|neutrophils?|neuts?|wbc|white|count|counts|platelets?|hgb|hemoglobin|"
    r"lymphocytes?|lym|monocytes?|day|cycle|round|age|aged|number|#)\W{0,3}(?:\w+\W+){0,1}$",
    re.IGNORECASE,
)
_NOT_A_TEMPERATURE_AFTER = re.compile(
    r"^\s*(?:-|–)?\s*(?:%|years?|yrs?|y/?o|months?|weeks?|days?|hours?|hrs?|mins?|minutes?|"
    r"mg|mcg|ml|kg|lbs?|pounds|/|x|k\b|cells?|times?)",
    re.IGNORECASE,
)
_CUE_WINDOW = 60


@dataclass(frozen=True)
class TemperatureReading:
    start: int
    end: int
    celsius: Decimal

    @property
    def is_fever(self) -> bool:
        return self.celsius >= FEVER_THRESHOLD_C


def to_celsius(value: Decimal, unit: str) -> Decimal:
    celsius = (value - 32) * 5 / 9 if unit == "F" else value
    return celsius.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _unit_from_range(value: Decimal) -> str | None:
    """Guess the scale of a number written without °C/°F from its plausible body range."""
    if Decimal(34) <= value <= Decimal(43):
        return "C"
    if Decimal(93) <= value <= Decimal(110):
        return "F"
    return None


def _decimal(number_text: str) -> Decimal:
    return Decimal(number_text.replace(",", "."))


def find_temperatures(text: str) -> list[TemperatureReading]:
    readings: list[TemperatureReading] = []
    covered: set[int] = set()

    def keep(reading: TemperatureReading) -> None:
        readings.append(reading)
        covered.update(range(reading.start, reading.end))

    for match in _EXPLICIT_UNIT.finditer(text):
        unit = "F" if match.group("unit").lower().startswith("f") else "C"
        value = _decimal(match.group("number"))
        if _unit_from_range(value) == unit:
            keep(TemperatureReading(match.start(), match.end(), to_celsius(value, unit)))
    for pattern in (_DEGREES_ONLY, _BARE_NUMBER):
        for match in pattern.finditer(text):
            if match.start() in covered:
                continue
            reading = _cued_reading(text, match)
            if reading is not None:
                keep(reading)
    return sorted(readings, key=lambda reading: reading.start)


def _cued_reading(text: str, match: re.Match[str]) -> TemperatureReading | None:
    value = _decimal(match.group("number"))
    unit = _unit_from_range(value)
    if unit is None:
        return None
    before = text[max(0, match.start() - _CUE_WINDOW) : match.start()]
    sentence_before = re.split(r"[.!?\n]\s", before)[-1]
    if not _TEMPERATURE_CUE.search(sentence_before):
        return None
    if _COUNT_CUE_BEFORE.search(before):
        return None
    if _NOT_A_TEMPERATURE_AFTER.match(text[match.end() :]):
        return None
    return TemperatureReading(match.start(), match.end(), to_celsius(value, unit))


_FEVER_WORD = re.compile(
    r"\b(?:(?P<qualifier>low[- ]grade|slight|slightly|mild|little|small|tiny|borderline)\s+)?"
    r"(?:fevers?|feverish|febrile|temperature spike|spiked a temp\w*|spiking a temp\w*|"
    r"running a temp\w*|high temp\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FeverWord:
    start: int
    end: int
    # "Low-grade" or "slight" says the temperature was under the fever line.
    below_threshold: bool


def find_fever_words(text: str) -> list[FeverWord]:
    return [
        FeverWord(match.start(), match.end(), match.group("qualifier") is not None)
        for match in _FEVER_WORD.finditer(text)
    ]
