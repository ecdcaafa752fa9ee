"""The interpretation engine: one case in (clinical-rules.json ``input_format``), facts out.

``interpret(case)`` derives the ANC by the rules' precedence (§1.1), the other absolute counts
(§1.2), the age- and Duffy-specific lower limit (§3.1, §4), the severity band (§2.1), the
CTCAE v5.0 grade (§2.2), the fever criterion (§5.1), the febrile-neutropenia alert (§5.1) and
the young-infant fever flag (§5.2). Anything that cannot be computed is None with a reason;
impossible input gives an :class:`InputError`. The wording is education, never a diagnosis.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from carecommons.labs.analytes import InputKey, input_key_for
from carecommons.labs.bounds import Bound
from carecommons.labs.fever import (
    SUSTAINED_FEVER_C,
    FeverAssessment,
    assess_fever,
    celsius_to_fahrenheit_text,
)
from carecommons.labs.lymphocytes import explain_lymphocytes, implied_other_cells
from carecommons.labs.thresholds import (
    CTCAE_VERSION,
    FEBRILE_NEUTROPENIA_ANC_BELOW,
    Severity,
    anc_lower_limit,
    ctcae_grade,
    is_young_infant,
    severity,
)
from carecommons.labs.values import (
    CellCount,
    ErrorCode,
    Percentage,
    ValueProblem,
    parse_reference_range,
    read_cell_count,
    read_percentage,
    read_quantity,
)

DISCLAIMER = (
    "This is education, not a diagnosis. Numbers mean most alongside how the person is and "
    "their history: talk to your care team about these results."
)

MAXIMUM_PLAUSIBLE_AGE = Decimal(130)
_PERCENT_CEILING = Decimal(100)


@dataclass(frozen=True, slots=True)
class InputError:
    """Impossible or incomplete input for the ANC (rules anc_derivation.rule_5)."""

    code: ErrorCode
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One plain-language explanation, naming its clinical-reference.md section."""

    code: str
    section: str
    text: str


@dataclass(frozen=True, slots=True)
class Case:
    """A case in the rules' input_format, after reading the JSON shape."""

    age_years: object = None
    values: Mapping[str, object] | None = None
    ref_ranges: Mapping[str, object] | None = None
    temperatures: list[object] | None = None
    duffy_null: object = None
    sex: object = None
    context: object = None

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Case:
        """Build a case from a decoded JSON object; wrong shapes become "not given"."""
        values = data.get("values")
        ref_ranges = data.get("ref_ranges")
        temperatures = data.get("temperatures")
        return cls(
            age_years=data.get("age"),
            values=values if isinstance(values, Mapping) else None,
            ref_ranges=ref_ranges if isinstance(ref_ranges, Mapping) else None,
            temperatures=list(temperatures) if isinstance(temperatures, list) else None,
            duffy_null=data.get("duffy_null"),
            sex=data.get("sex"),
            context=data.get("context"),
        )


@dataclass(frozen=True, slots=True)
class AncResult:
    """The ANC as an interval (exact, censored or unknown) and how it was obtained."""

    bound: Bound | None
    source: str | None
    explanation: str | None
    error: InputError | None
    unavailable_reason: str | None

    @property
    def exact_per_uL(self) -> Decimal | None:
        if self.bound is not None and self.bound.is_exact:
            return self.bound.low
        return None


@dataclass(slots=True)
class Interpretation:
    """Everything the engine concluded about one case."""

    anc_per_uL: Decimal | None
    anc_bound: Bound | None
    anc_source: str | None
    alc_per_uL: Decimal | None
    lymphocytes_given: bool
    other_absolute_counts: dict[str, Decimal | None]
    neutropenia: Severity | None
    ctcae_grade: int | None
    febrile_neutropenia_alert: bool
    fever_criterion_met: bool | None
    anc_lln_per_uL: Decimal | None
    young_infant_fever_flag: bool
    input_error: InputError | None
    fever: FeverAssessment
    findings: list[Finding] = field(default_factory=list)
    unavailable: dict[str, str] = field(default_factory=dict)

    @property
    def anc_upper_bound_per_uL(self) -> Decimal | None:
        bound = self.anc_bound
        if bound is None or bound.is_exact or bound.high is None:
            return None
        return bound.high

    @property
    def anc_lower_bound_per_uL(self) -> Decimal | None:
        bound = self.anc_bound
        if bound is None or bound.is_exact or bound.high is not None:
            return None
        return bound.low

    def as_json(self) -> dict[str, object]:
        """The CLI's JSON: every key of the rules' ``comparison`` plus findings and reasons."""
        result: dict[str, object] = {
            "anc_per_uL": _json_number(self.anc_per_uL),
            "anc_source": self.anc_source,
            "neutropenia": None if self.neutropenia is None else self.neutropenia.value,
            "ctcae_grade": self.ctcae_grade,
            "ctcae_version": CTCAE_VERSION,
            "febrile_neutropenia_alert": self.febrile_neutropenia_alert,
            "fever_criterion_met": self.fever_criterion_met,
            "anc_lln_per_uL": _json_number(self.anc_lln_per_uL),
            "young_infant_fever_flag": self.young_infant_fever_flag,
        }
        if self.anc_upper_bound_per_uL is not None:
            result["anc_upper_bound_per_uL"] = _json_number(self.anc_upper_bound_per_uL)
        if self.anc_lower_bound_per_uL is not None:
            result["anc_lower_bound_per_uL"] = _json_number(self.anc_lower_bound_per_uL)
        if self.lymphocytes_given:
            result["alc_per_uL"] = _json_number(self.alc_per_uL)
        if self.other_absolute_counts:
            result["other_absolute_counts_per_uL"] = {
                name: _json_number(value) for name, value in self.other_absolute_counts.items()
            }
        if self.input_error is not None:
            result["input_error"] = self.input_error.code.value
            result["input_error_detail"] = {
                "code": self.input_error.code.value,
                "field": self.input_error.field,
                "message": self.input_error.message,
            }
        result["fever"] = {
            "single_reading_met": self.fever.single_reading_met,
            "sustained_met": self.fever.sustained_met,
            "highest_celsius": _json_number(self.fever.highest_celsius),
            "readings_used": len(self.fever.readings),
            "readings_set_aside": [
                {"index": rejected.index, "reason": rejected.reason}
                for rejected in self.fever.rejected
            ],
        }
        result["unavailable"] = dict(self.unavailable)
        result["findings"] = [
            {"code": finding.code, "section": finding.section, "text": finding.text}
            for finding in self.findings
        ]
        result["disclaimer"] = DISCLAIMER
        return result


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def format_count(value: Decimal) -> str:
    """1085 → '1,085'; 987.5 → '987.5' (for messages)."""
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.1f}"


# --- reading the values ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _GivenValue:
    field: str
    text: str | None  # None when the raw value has a type that cannot hold a count


def _collect_values(values: Mapping[str, object]) -> dict[InputKey, _GivenValue]:
    """Map raw keys to rule keys; empty values count as not given (rule_5)."""
    given: dict[InputKey, _GivenValue] = {}
    for raw_key, raw_value in values.items():
        key = input_key_for(raw_key) if isinstance(raw_key, str) else None
        if key is None or key in given:
            continue
        if raw_value is None:
            continue
        if isinstance(raw_value, str):
            if raw_value.strip():
                given[key] = _GivenValue(raw_key, raw_value)
        elif isinstance(raw_value, int | float | Decimal) and not isinstance(raw_value, bool):
            given[key] = _GivenValue(raw_key, str(raw_value))
        else:
            given[key] = _GivenValue(raw_key, None)
    return given


def _problem(given: _GivenValue, problem: ValueProblem) -> InputError:
    return InputError(problem.code, given.field, problem.message)


def _unreadable(given: _GivenValue) -> InputError:
    return InputError(
        ErrorCode.UNPARSEABLE_NUMBER, given.field, "This value is not a number with a unit."
    )


def _count_bound(given: _GivenValue) -> Bound | InputError:
    if given.text is None:
        return _unreadable(given)
    count = read_cell_count(given.text)
    if isinstance(count, ValueProblem):
        return _problem(given, count)
    return _bound_of_count(count)


def _bound_of_count(count: CellCount) -> Bound:
    return Bound.from_comparator(count.per_uL, count.comparator)


def _percent_bound(given: _GivenValue) -> tuple[Bound, Decimal] | InputError:
    if given.text is None:
        return _unreadable(given)
    percentage = read_percentage(given.text)
    if isinstance(percentage, ValueProblem):
        return _problem(given, percentage)
    return _bound_of_percentage(percentage), percentage.percent


def _bound_of_percentage(percentage: Percentage) -> Bound:
    return Bound.from_comparator(percentage.percent, percentage.comparator, _PERCENT_CEILING)


def _exceeds(anc: Bound, wbc: Bound) -> bool:
    """True when the ANC is certainly above the WBC (rule_5 inconsistent_anc_exceeds_wbc)."""
    if wbc.high is None:
        return False
    if anc.low > wbc.high:
        return True
    return anc.low == wbc.high and not (anc.low_inclusive and wbc.high_inclusive)


def _describe(bound: Bound) -> str:
    if bound.is_exact:
        return f"{format_count(bound.low)} cells/µL"
    if bound.high is not None:
        sign = "at most" if bound.high_inclusive else "below"
        return f"{sign} {format_count(bound.high)} cells/µL"
    sign = "at least" if bound.low_inclusive else "above"
    return f"{sign} {format_count(bound.low)} cells/µL"


def _missing(field_name: str, message: str) -> AncResult:
    error = InputError(ErrorCode.MISSING_NEUTROPHILS, field_name, message)
    return AncResult(None, None, None, error, message)


def _failed(error: InputError) -> AncResult:
    return AncResult(None, None, None, error, error.message)


def derive_anc(values: Mapping[str, object] | None) -> AncResult:
    """The ANC by the rules' precedence (anc_derivation; §1.1).

    1) a lab ANC; 2) Segs # (+ Bands #); 3) WBC × (Neutrophils % or Segs %, + Bands %) / 100.
    A lab ANC that is given but invalid gives its error, with no fallback. Errors are reported
    in the order ANC, WBC, Neutrophils %/Segs %, Bands % (rule_5). Metamyelocytes and younger
    forms are never added (rule_3).
    """
    if not values:
        message = "No blood count values were given."
        return AncResult(
            None, None, None, InputError(ErrorCode.MISSING_COUNTS, "values", message), message
        )
    given = _collect_values(values)
    wbc_given = given.get(InputKey.WBC)
    wbc_bound = _count_bound(wbc_given) if wbc_given is not None else None

    lab_anc = given.get(InputKey.ANC)
    if lab_anc is not None:
        anc = _count_bound(lab_anc)
        if isinstance(anc, InputError):
            return _failed(anc)
        if isinstance(wbc_bound, Bound) and _exceeds(anc, wbc_bound):
            return _failed(_exceeds_error(lab_anc.field))
        return AncResult(
            anc,
            "lab_anc",
            f"The lab's own absolute neutrophil count is used ({_describe(anc)}): when a "
            "report prints the ANC, that is the number the care team acts on (§1.1).",
            None,
            None,
        )

    segs_absolute = given.get(InputKey.SEGS_ABSOLUTE)
    if segs_absolute is not None:
        return _anc_from_absolutes(segs_absolute, given.get(InputKey.BANDS_ABSOLUTE), wbc_bound)
    return _anc_from_percentages(given, wbc_given, wbc_bound)


def _exceeds_error(field_name: str) -> InputError:
    return InputError(
        ErrorCode.INCONSISTENT_ANC_EXCEEDS_WBC,
        field_name,
        "The neutrophil count is higher than the total white cell count, which cannot be; "
        "please check both values and their units.",
    )


def _anc_from_absolutes(
    segs_given: _GivenValue, bands_given: _GivenValue | None, wbc_bound: Bound | InputError | None
) -> AncResult:
    segs = _count_bound(segs_given)
    if isinstance(segs, InputError):
        return _failed(segs)
    anc = segs
    described = f"segmented neutrophils {_describe(segs)}"
    if bands_given is not None:
        bands = _count_bound(bands_given)
        if isinstance(bands, InputError):
            return _failed(bands)
        anc = segs.plus(bands)
        described += f" + band neutrophils {_describe(bands)}"
    if isinstance(wbc_bound, Bound) and _exceeds(anc, wbc_bound):
        return _failed(_exceeds_error(segs_given.field))
    return AncResult(
        anc,
        "segs_plus_bands_absolute",
        f"ANC = {described} = {_describe(anc)} (§1.1).",
        None,
        None,
    )


def _anc_from_percentages(
    given: Mapping[InputKey, _GivenValue],
    wbc_given: _GivenValue | None,
    wbc_bound: Bound | InputError | None,
) -> AncResult:
    no_neutrophils = (
        "An ANC needs the lab's absolute neutrophil count, or the WBC together with the "
        "neutrophil (or segs) percentage."
    )
    if wbc_given is None or wbc_bound is None:
        return _missing("WBC", no_neutrophils)
    if isinstance(wbc_bound, InputError):
        return _failed(wbc_bound)
    neutrophils_given = given.get(InputKey.NEUTROPHILS_PERCENT) or given.get(InputKey.SEGS_PERCENT)
    if neutrophils_given is None:
        return _missing("Neutrophils %", no_neutrophils)
    neutrophils = _percent_bound(neutrophils_given)
    if isinstance(neutrophils, InputError):
        return _failed(neutrophils)
    neutrophil_bound, neutrophil_percent = neutrophils
    total_bound = neutrophil_bound
    described = f"{neutrophils_given.text} neutrophils"
    bands_given = given.get(InputKey.BANDS_PERCENT)
    if bands_given is not None:
        bands = _percent_bound(bands_given)
        if isinstance(bands, InputError):
            return _failed(bands)
        bands_bound, bands_percent = bands
        if neutrophil_percent + bands_percent > 100:
            return _failed(
                InputError(
                    ErrorCode.PERCENT_SUM_OVER_100,
                    bands_given.field,
                    "Neutrophils % and Bands % together come to more than 100 %.",
                )
            )
        total_bound = neutrophil_bound.plus(bands_bound)
        described += f" + {bands_given.text} bands"
    anc = wbc_bound.times(total_bound).scaled(Decimal("0.01"))
    return AncResult(
        anc,
        "wbc_times_percent",
        f"ANC = WBC {_describe(wbc_bound)} × ({described}) / 100 = {_describe(anc)} (§1.1). "
        "Metamyelocytes, myelocytes and other immature forms are never added (§1.1).",
        None,
        None,
    )


# --- the other absolute counts -----------------------------------------------------------

_OTHER_CELLS: dict[str, tuple[InputKey, InputKey]] = {
    "monocytes": (InputKey.MONOCYTES_ABSOLUTE, InputKey.MONOCYTES_PERCENT),
    "eosinophils": (InputKey.EOSINOPHILS_ABSOLUTE, InputKey.EOSINOPHILS_PERCENT),
    "basophils": (InputKey.BASOPHILS_ABSOLUTE, InputKey.BASOPHILS_PERCENT),
}


@dataclass(frozen=True, slots=True)
class _AbsoluteCount:
    per_uL: Decimal | None
    percent: Decimal | None
    reason: str | None


def _absolute_count(
    given: Mapping[InputKey, _GivenValue], absolute_key: InputKey, percent_key: InputKey
) -> _AbsoluteCount:
    """Printed absolute if given, else WBC × % / 100 (§1.2). Never raises input_error."""
    percent: Decimal | None = None
    percent_given = given.get(percent_key)
    if percent_given is not None and percent_given.text is not None:
        percentage = read_percentage(percent_given.text)
        if isinstance(percentage, Percentage) and percentage.comparator is None:
            percent = percentage.percent
    absolute_given = given.get(absolute_key)
    if absolute_given is not None:
        bound = _count_bound(absolute_given)
        if isinstance(bound, InputError):
            return _AbsoluteCount(None, percent, f"{absolute_given.field}: {bound.message}")
        if not bound.is_exact:
            return _AbsoluteCount(
                None, percent, f"{absolute_given.field} is only given as a bound."
            )
        return _AbsoluteCount(bound.low, percent, None)
    wbc_given = given.get(InputKey.WBC)
    if percent is None or wbc_given is None:
        return _AbsoluteCount(None, percent, "Needs the printed absolute count, or WBC and %.")
    wbc = _count_bound(wbc_given)
    if isinstance(wbc, InputError) or not wbc.is_exact:
        return _AbsoluteCount(None, percent, "The WBC is not an exact, readable count.")
    return _AbsoluteCount(wbc.low * percent / 100, percent, None)


# --- the case ----------------------------------------------------------------------------


def _read_age(raw_age: object) -> tuple[Decimal | None, str | None]:
    if isinstance(raw_age, bool) or raw_age is None:
        return None, "No age was given; the lower limit depends on age (§3.1)."
    text = str(raw_age).strip() if isinstance(raw_age, int | float | Decimal | str) else ""
    try:
        age = Decimal(text)
    except InvalidOperation:
        return None, "The age is not a number of years (§3.1)."
    if not age.is_finite() or age < 0 or age > MAXIMUM_PLAUSIBLE_AGE:
        return None, "The age is not a possible age in years (§3.1)."
    return age, None


def interpret(case: Case) -> Interpretation:
    """Interpret one case by clinical-rules.json (see the module docstring)."""
    findings: list[Finding] = []
    unavailable: dict[str, str] = {}
    age, age_problem = _read_age(case.age_years)
    duffy_null = case.duffy_null is True

    anc_result = derive_anc(case.values)
    anc_bound = anc_result.bound
    anc_exact = anc_result.exact_per_uL
    if anc_result.explanation:
        findings.append(Finding("anc_derivation", "§1.1", anc_result.explanation))
    if anc_result.error is not None:
        section = "§1.3" if anc_result.error.code in _UNIT_ERRORS else "§1.1"
        findings.append(
            Finding(
                f"input_error.{anc_result.error.code.value}",
                section,
                f"We could not work out the ANC from '{anc_result.error.field}': "
                f"{anc_result.error.message} ({section})",
            )
        )
    if anc_exact is None:
        unavailable["anc_per_uL"] = anc_result.unavailable_reason or (
            "The report gives only a bound, not an exact count (§1.3)."
        )

    lln: Decimal | None = None
    if age is None:
        unavailable["anc_lln_per_uL"] = age_problem or "No age was given (§3.1)."
    else:
        lln = anc_lower_limit(age, duffy_null)
        findings.extend(_lln_findings(age, lln, duffy_null))
        if lln is None:
            unavailable["anc_lln_per_uL"] = "Not graded under 14 days of age (§3.1)."

    neutropenia: Severity | None = None
    if anc_bound is not None and lln is not None:
        limit = lln
        neutropenia = anc_bound.fixed_category(lambda anc: severity(anc, limit))
    if neutropenia is not None and anc_bound is not None:
        findings.append(_severity_finding(neutropenia, anc_bound, lln))
    else:
        unavailable["neutropenia"] = _why_no_label(anc_bound, age, lln, age_problem)

    lab_lln, lab_lln_note = _lab_lower_limit(case.ref_ranges, case.values)
    grade: int | None = None
    if anc_bound is not None:
        grade = anc_bound.fixed_category(lambda anc: ctcae_grade(anc, lab_lln))
    findings.append(_ctcae_finding(grade, anc_bound, lab_lln, lab_lln_note))
    if grade is None:
        unavailable["ctcae_grade"] = (
            "No ANC could be worked out."
            if anc_bound is None
            else "At 1,500/µL and above, CTCAE grade 1 needs the lab's own lower limit (§2.2)."
        )

    fever = assess_fever(case.temperatures)
    alert = bool(fever.criterion_met) and _anc_below_alert_threshold(anc_bound)
    young_infant_flag = (
        age is not None
        and is_young_infant(age)
        and any(reading.celsius >= SUSTAINED_FEVER_C for reading in fever.readings)
    )
    findings.extend(_fever_findings(fever, alert, anc_bound, young_infant_flag))
    if fever.criterion_met is None:
        unavailable["fever_criterion_met"] = "No usable temperature readings were given (§5.1)."

    given = _collect_values(case.values or {})
    lymphocytes_given = (
        InputKey.LYMPHOCYTES_ABSOLUTE in given or InputKey.LYMPHOCYTES_PERCENT in given
    )
    alc: Decimal | None = None
    if lymphocytes_given:
        lymphocytes = _absolute_count(
            given, InputKey.LYMPHOCYTES_ABSOLUTE, InputKey.LYMPHOCYTES_PERCENT
        )
        alc = lymphocytes.per_uL
        if lymphocytes.reason is not None:
            unavailable["alc_per_uL"] = lymphocytes.reason
        findings.extend(_lymphocyte_findings(age, alc, lymphocytes.percent, given))

    other_counts: dict[str, Decimal | None] = {}
    for name, (absolute_key, percent_key) in _OTHER_CELLS.items():
        if absolute_key in given or percent_key in given:
            count = _absolute_count(given, absolute_key, percent_key)
            other_counts[name] = count.per_uL
            if count.reason is not None:
                unavailable[f"{name}_per_uL"] = count.reason

    return Interpretation(
        anc_per_uL=anc_exact,
        anc_bound=anc_bound,
        anc_source=anc_result.source,
        alc_per_uL=alc,
        lymphocytes_given=lymphocytes_given,
        other_absolute_counts=other_counts,
        neutropenia=neutropenia,
        ctcae_grade=grade,
        febrile_neutropenia_alert=alert,
        fever_criterion_met=fever.criterion_met,
        anc_lln_per_uL=lln,
        young_infant_fever_flag=young_infant_flag,
        input_error=anc_result.error,
        fever=fever,
        findings=findings,
        unavailable=unavailable,
    )


def interpret_json(data: Mapping[str, object]) -> dict[str, object]:
    """Interpret a decoded JSON object and return the CLI's JSON shape."""
    return interpret(Case.from_json(data)).as_json()


_UNIT_ERRORS = frozenset({ErrorCode.MISSING_UNIT, ErrorCode.INCOMPATIBLE_UNIT})


def _anc_below_alert_threshold(anc: Bound | None) -> bool:
    """ANC known and < 1,000, or censored with an upper bound ≤ 1,000 (rules
    febrile_neutropenia_alert). An unknown ANC never raises the alert."""
    if anc is None:
        return False
    if anc.is_exact:
        return anc.low < FEBRILE_NEUTROPENIA_ANC_BELOW
    return anc.high is not None and anc.high <= FEBRILE_NEUTROPENIA_ANC_BELOW


def _why_no_label(
    anc: Bound | None, age: Decimal | None, lln: Decimal | None, age_problem: str | None
) -> str:
    if anc is None:
        return "No ANC could be worked out."
    if age is None:
        return age_problem or "No age was given (§3.1)."
    if lln is None:
        return "Not labelled under 14 days of age (§3.1)."
    return "The report gives only a bound that spans more than one band (§1.3)."


def _lln_findings(age: Decimal, lln: Decimal | None, duffy_null: bool) -> list[Finding]:
    if lln is None:
        return [
            Finding(
                "neonatal_not_graded",
                "§3.1",
                "In the first two weeks of life the normal neutrophil count changes by the hour "
                "and the published charts disagree, so we do not label it. The number is shown "
                "as it is: ask your baby's care team what it means (§3.1).",
            )
        ]
    if duffy_null and age >= 18:
        return [
            Finding(
                "lower_limit",
                "§4",
                "Because a Duffy-null status was entered, the lower limit used is 1,210/µL, the "
                "reference interval for healthy Duffy-null adults (others range from 820 to "
                "1,185). Duffy status never changes the CTCAE grade or the fever alert (§4).",
            )
        ]
    findings: list[Finding] = []
    if duffy_null:
        findings.append(
            Finding(
                "duffy_null_child",
                "§4",
                "There is no established Duffy-null range for children yet, so the usual limit "
                "for the age is used (§4).",
            )
        )
    if lln == 1000:
        text = (
            "For a baby between 2 weeks and 1 year old, an ANC of 1,000/µL or more is "
            "usually normal (§3.1)."
        )
    else:
        text = (
            "From 1 year of age, including adults, an ANC below 1,500/µL is called "
            "neutropenia. A lab may flag values below its own, higher limit (often 2,000) "
            "without that being neutropenia by the usual definition (§3.1)."
        )
    findings.append(Finding("lower_limit", "§3.1", text))
    return findings


_SEVERITY_TEXT = {
    Severity.NONE: "at or above the lower limit for the age: not neutropenia",
    Severity.MILD: "mild neutropenia (1,000 to under the lower limit)",
    Severity.MODERATE: (
        "moderate neutropenia (500 to under 1,000); the risk of infection starts to rise "
        "below 1,000"
    ),
    Severity.SEVERE: (
        "severe neutropenia (100 to under 500); infection risk is markedly higher below 500"
    ),
    Severity.PROFOUND: "profound neutropenia (under 100)",
}


def _severity_finding(label: Severity, anc: Bound, lln: Decimal | None) -> Finding:
    limit = f" (lower limit used: {format_count(lln)}/µL)" if lln is not None else ""
    return Finding(
        f"neutropenia.{label.value}",
        "§2.1",
        f"An ANC of {_describe(anc)} is {_SEVERITY_TEXT[label]}{limit} (§2.1). How much this "
        "matters also depends on the cause and how long it lasts: talk to your care team.",
    )


def _lab_lower_limit(
    ref_ranges: Mapping[str, object] | None, values: Mapping[str, object] | None
) -> tuple[Decimal | None, str | None]:
    """The lab's own ANC LLN from ``ref_ranges`` (rules input_format.ref_ranges; §2.2)."""
    if not ref_ranges:
        return None, None
    for key, raw_range in ref_ranges.items():
        if not isinstance(key, str) or input_key_for(key) is not InputKey.ANC:
            continue
        if not isinstance(raw_range, str):
            return None, "The lab's ANC reference range could not be read."
        reference = parse_reference_range(raw_range)
        if reference is None:
            return None, f"The lab's ANC reference range '{raw_range}' could not be read."
        fallback = None
        if reference.unit is None and values:
            # A range printed without a unit shares the unit of the ANC on the same row.
            lab_anc = _collect_values(values).get(InputKey.ANC)
            if lab_anc is not None and lab_anc.text is not None:
                quantity = read_quantity(lab_anc.text)
                if not isinstance(quantity, ValueProblem):
                    fallback = quantity.unit
        low = reference.low_per_uL(fallback)
        if low is None:
            return None, f"The lab's ANC range '{raw_range}' has no readable lower limit and unit."
        return low, None
    return None, None


def _ctcae_finding(
    grade: int | None, anc: Bound | None, lab_lln: Decimal | None, note: str | None
) -> Finding:
    scale = f"CTCAE v{CTCAE_VERSION} 'Neutrophil count decreased'"
    if grade is not None:
        text = (
            f"What an oncology team may call this: {scale} grade {grade} (§2.2). CTCAE is an "
            "oncology scale with fixed cut-offs, not adjusted for age or Duffy status, so it "
            "can look alarming for a healthy infant."
        )
    elif anc is None:
        text = f"No {scale} grade without an ANC (§2.2)."
    else:
        text = (
            f"{scale}: at 1,500/µL and above the grade (0 or 1) depends on the reporting "
            "lab's own lower limit, which was not given (§2.2)."
        )
    if note and lab_lln is None:
        text += " " + note
    return Finding("ctcae", "§2.2", text)


def _fever_findings(
    fever: FeverAssessment, alert: bool, anc: Bound | None, young_infant_flag: bool
) -> list[Finding]:
    findings = [
        Finding(
            "temperature_set_aside",
            "§5.1",
            f"Temperature reading {rejected.index + 1} was set aside: {rejected.reason} (§5.1)",
        )
        for rejected in fever.rejected
    ]
    if alert:
        findings.append(
            Finding(
                "febrile_neutropenia_alert",
                "§5.2",
                "Fever with a neutrophil count below 1,000 can be a medical emergency. Call your "
                "care team's urgent number now, even in the middle of the night, or go to the "
                "emergency department and say that your neutrophils are low. Fever means "
                "38.3 °C (101 °F) once, or 38.0 °C (100.4 °F) or higher for an hour. Do not "
                "take fever medicine before measuring: it can hide a fever (§5.1, §5.2).",
            )
        )
    elif fever.criterion_met and anc is None:
        findings.append(
            Finding(
                "fever_without_known_anc",
                "§5.1",
                "The temperatures meet the fever criterion (38.3 °C / 101 °F once, or 38.0 °C / "
                "100.4 °F for an hour). The neutrophil count is not known here: if counts may "
                "be low, for example during chemotherapy, call your care team now (§5.1).",
            )
        )
    elif fever.criterion_met:
        findings.append(
            Finding(
                "fever",
                "§5.1",
                "The temperatures meet the fever criterion (38.3 °C / 101 °F once, or 38.0 °C / "
                "100.4 °F for an hour). Follow your care team's fever plan (§5.1).",
            )
        )
    elif fever.highest_celsius is not None and fever.highest_celsius >= SUSTAINED_FEVER_C:
        fahrenheit = celsius_to_fahrenheit_text(fever.highest_celsius)
        findings.append(
            Finding(
                "temperature_raised",
                "§5.2",
                f"The highest reading, {fever.highest_celsius} °C ({fahrenheit} °F), does not "
                "yet meet the fever criterion. Recheck within the hour and follow your care "
                "team's fever plan; if in doubt, call now (§5.2).",
            )
        )
    if young_infant_flag:
        findings.append(
            Finding(
                "young_infant_fever",
                "§5.2",
                "A baby 8 to 60 days old with a temperature of 38.0 °C (100.4 °F) or higher "
                "needs to be seen by a doctor promptly, whatever the blood count: call your "
                "baby's doctor or go to urgent care now (§5.2, AAP 2021).",
            )
        )
    return findings


def _lymphocyte_findings(
    age: Decimal | None,
    alc: Decimal | None,
    percent: Decimal | None,
    given: Mapping[InputKey, _GivenValue],
) -> list[Finding]:
    findings: list[Finding] = []
    explanation = explain_lymphocytes(age, alc, percent)
    if explanation is not None:
        findings.append(Finding("lymphocytes", explanation.section, explanation.text))
    if alc is not None and percent is not None and InputKey.WBC not in given:
        implied = implied_other_cells(alc, percent)
        if implied is not None:
            wbc, others = implied
            findings.append(
                Finding(
                    "lymphocytes_implied_wbc",
                    "§1.2",
                    f"An absolute lymphocyte count of {format_count(alc)}/µL that is {percent} % "
                    f"of the white cells implies a WBC of about {format_count(wbc.quantize(1))}"
                    f"/µL, so all the other white cells together, neutrophils included, come to "
                    f"at most about {format_count(others.quantize(1))}/µL (§1.2).",
                )
            )
    return findings
