# ruff: noqa: E501  (one analyte per line reads as a table)
"""What the tracker records: analytes, their kinds, LOINC codes and UCUM units.

LOINC codes are the "method unspecified" column of clinical-reference.md §9, because a member
rarely knows whether their lab counted by machine or by hand (hemoglobin has one code). The
automated-count codes of the same table are read back on import too. UCUM units follow §1.3
(``10*3/uL`` for factor-1000 counts, ``/uL`` for counts per microlitre) and §9 (``%``,
``g/dL``; temperatures ``Cel`` and ``[degF]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ValueKind = Literal["count", "percent", "hemoglobin"]


@dataclass(frozen=True, slots=True)
class Analyte:
    key: str  # the engine's value key (carecommons.labs.analytes.InputKey)
    label: str  # what the member reads
    kind: ValueKind
    loinc: str  # method unspecified (§9)
    loinc_display: str
    also_loinc: tuple[str, ...] = ()  # other codes accepted on import (automated, §9)
    # The highest amount a living person's blood can hold, in cells/µL or g/dL: beyond it a
    # value is a typing or unit slip (chosen generously; never shown as a clinical limit).
    ceiling: int = 0


ANALYTES: tuple[Analyte, ...] = (
    Analyte("WBC", "White blood cells (WBC)", "count", "26464-8", "Leukocytes [#/volume] in Blood", ("6690-2",), 1_000_000),
    Analyte("ANC", "Neutrophils, absolute (ANC)", "count", "26499-4", "Neutrophils [#/volume] in Blood", ("751-8",), 1_000_000),
    Analyte("Neutrophils %", "Neutrophils %", "percent", "26511-6", "Neutrophils/100 leukocytes in Blood", ("770-8",)),
    Analyte("Segs %", "Segmented neutrophils %", "percent", "26505-8", "Neutrophils.segmented/100 leukocytes in Blood"),
    Analyte("Segs #", "Segmented neutrophils, absolute", "count", "30451-9", "Neutrophils.segmented [#/volume] in Blood", (), 1_000_000),
    Analyte("Bands %", "Band neutrophils %", "percent", "26508-2", "Neutrophils.band form/100 leukocytes in Blood", ("35332-6", "764-1")),
    Analyte("Bands #", "Band neutrophils, absolute", "count", "26507-4", "Neutrophils.band form [#/volume] in Blood", ("30229-9",), 1_000_000),
    Analyte("Lymphocytes %", "Lymphocytes %", "percent", "26478-8", "Lymphocytes/100 leukocytes in Blood", ("736-9",)),
    Analyte("Lymphocytes #", "Lymphocytes, absolute (ALC)", "count", "26474-7", "Lymphocytes [#/volume] in Blood", ("731-0",), 1_000_000),
    Analyte("Monocytes %", "Monocytes %", "percent", "26485-3", "Monocytes/100 leukocytes in Blood", ("5905-5",)),
    Analyte("Monocytes #", "Monocytes, absolute", "count", "26484-6", "Monocytes [#/volume] in Blood", ("742-7",), 1_000_000),
    Analyte("Eosinophils %", "Eosinophils %", "percent", "26450-7", "Eosinophils/100 leukocytes in Blood", ("713-8",)),
    Analyte("Eosinophils #", "Eosinophils, absolute", "count", "26449-9", "Eosinophils [#/volume] in Blood", ("711-2",), 1_000_000),
    Analyte("Basophils %", "Basophils %", "percent", "30180-4", "Basophils/100 leukocytes in Blood", ("706-2",)),
    Analyte("Basophils #", "Basophils, absolute", "count", "26444-0", "Basophils [#/volume] in Blood", ("704-7",), 1_000_000),
    Analyte("Hemoglobin", "Hemoglobin", "hemoglobin", "718-7", "Hemoglobin [Mass/volume] in Blood", (), 30),
    Analyte("Platelets", "Platelets", "count", "26515-7", "Platelets [#/volume] in Blood", ("777-3",), 5_000_000),
)  # fmt: skip

BY_KEY = {analyte.key: analyte for analyte in ANALYTES}
BY_LOINC = {code: analyte for analyte in ANALYTES for code in (analyte.loinc, *analyte.also_loinc)}

# The panel a record is exported as: CBC with differential, method unspecified (§9).
PANEL_LOINC = "69742-5"
PANEL_DISPLAY = "CBC W Differential panel - Blood"
BODY_TEMPERATURE_LOINC = "8310-5"
UCUM = "http://unitsofmeasure.org"
LOINC = "http://loinc.org"

# Units offered as suggestions on the form (any unit of the rules' table is accepted).
COUNT_UNITS = ("K/uL", "x10^9/L", "cells/uL", "/mm3", "G/L", "x10^3/uL")
HEMOGLOBIN_UNITS = ("g/dL", "g/L")

# The analytes the chart can show: counts (in cells/µL) and hemoglobin.
CHARTABLE = tuple(a for a in ANALYTES if a.kind != "percent")
