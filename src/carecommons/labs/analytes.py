"""Analyte names and abbreviations as lab reports and members write them.

Two vocabularies live here:

* the value keys of the engine's input (clinical-rules.json ``analyte_keys``), matched ignoring
  case and spaces, each naming an analyte *and* whether it is a percentage or an absolute count;
* the wider set of row names printed on reports ("Neutrophils, Absolute", "ABS NEUT", "Segs",
  "HGB" …), some of which only say which analyte, leaving percent-or-absolute to the unit.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

Kind = Literal["absolute", "percent"]


class Analyte(StrEnum):
    """Blood count analytes the companion understands."""

    ANC = "ANC"  # absolute neutrophil count
    WBC = "WBC"
    NEUTROPHILS = "neutrophils"
    SEGS = "segs"
    BANDS = "bands"
    LYMPHOCYTES = "lymphocytes"
    MONOCYTES = "monocytes"
    EOSINOPHILS = "eosinophils"
    BASOPHILS = "basophils"
    HEMOGLOBIN = "hemoglobin"
    PLATELETS = "platelets"
    IMMATURE_GRANULOCYTES = "immature_granulocytes"
    METAMYELOCYTES = "metamyelocytes"
    MYELOCYTES = "myelocytes"
    PROMYELOCYTES = "promyelocytes"
    BLASTS = "blasts"


# Analytes that are white cells and so can be a percentage of the WBC.
DIFFERENTIAL_ANALYTES = frozenset(
    {
        Analyte.NEUTROPHILS,
        Analyte.SEGS,
        Analyte.BANDS,
        Analyte.LYMPHOCYTES,
        Analyte.MONOCYTES,
        Analyte.EOSINOPHILS,
        Analyte.BASOPHILS,
        Analyte.IMMATURE_GRANULOCYTES,
        Analyte.METAMYELOCYTES,
        Analyte.MYELOCYTES,
        Analyte.PROMYELOCYTES,
        Analyte.BLASTS,
    }
)


class InputKey(StrEnum):
    """The canonical value keys of the engine input (clinical-rules.json analyte_keys)."""

    ANC = "ANC"
    WBC = "WBC"
    NEUTROPHILS_PERCENT = "Neutrophils %"
    SEGS_PERCENT = "Segs %"
    SEGS_ABSOLUTE = "Segs #"
    BANDS_PERCENT = "Bands %"
    BANDS_ABSOLUTE = "Bands #"
    LYMPHOCYTES_PERCENT = "Lymphocytes %"
    LYMPHOCYTES_ABSOLUTE = "Lymphocytes #"
    MONOCYTES_PERCENT = "Monocytes %"
    MONOCYTES_ABSOLUTE = "Monocytes #"
    EOSINOPHILS_PERCENT = "Eosinophils %"
    EOSINOPHILS_ABSOLUTE = "Eosinophils #"
    BASOPHILS_PERCENT = "Basophils %"
    BASOPHILS_ABSOLUTE = "Basophils #"
    HEMOGLOBIN = "Hemoglobin"
    PLATELETS = "Platelets"


def squeeze_key(name: str) -> str:
    """Lower-case and drop spaces: the matching rule for value keys (analyte_keys)."""
    return "".join(name.split()).lower()


# Spellings from clinical-rules.json analyte_keys; the monocyte, eosinophil, basophil,
# hemoglobin and platelet keys are ours (they never affect the ANC or cause input_error).
_INPUT_KEY_SPELLINGS: dict[InputKey, tuple[str, ...]] = {
    InputKey.ANC: ("ANC", "ABS NEUT", "Neutrophils #", "NEUT#", "Absolute neutrophil count"),
    InputKey.WBC: ("WBC", "White blood cells", "Leukocytes"),
    InputKey.NEUTROPHILS_PERCENT: ("Neutrophils %", "NEUT%", "Neut %", "Polys %", "PMN %"),
    InputKey.SEGS_PERCENT: ("Segs %",),
    InputKey.SEGS_ABSOLUTE: ("Segs #",),
    InputKey.BANDS_PERCENT: ("Bands %",),
    InputKey.BANDS_ABSOLUTE: ("Bands #",),
    InputKey.LYMPHOCYTES_PERCENT: ("Lymphocytes %", "LYM%", "Lymph %"),
    InputKey.LYMPHOCYTES_ABSOLUTE: ("Lymphocytes #", "LYM#", "ALC", "Absolute lymphocyte count"),
    InputKey.MONOCYTES_PERCENT: ("Monocytes %", "MONO%"),
    InputKey.MONOCYTES_ABSOLUTE: ("Monocytes #", "MONO#", "AMC"),
    InputKey.EOSINOPHILS_PERCENT: ("Eosinophils %", "EOS%"),
    InputKey.EOSINOPHILS_ABSOLUTE: ("Eosinophils #", "EOS#", "AEC"),
    InputKey.BASOPHILS_PERCENT: ("Basophils %", "BASO%"),
    InputKey.BASOPHILS_ABSOLUTE: ("Basophils #", "BASO#"),
    InputKey.HEMOGLOBIN: ("Hemoglobin", "Haemoglobin", "HGB", "Hb"),
    InputKey.PLATELETS: ("Platelets", "PLT", "Platelet count"),
}

_INPUT_KEY_BY_SQUEEZED: dict[str, InputKey] = {
    squeeze_key(spelling): key
    for key, spellings in _INPUT_KEY_SPELLINGS.items()
    for spelling in spellings
}


def input_key_for(name: str) -> InputKey | None:
    """The engine value key a name stands for, ignoring case and spaces; None if unknown."""
    return _INPUT_KEY_BY_SQUEEZED.get(squeeze_key(name))


_INPUT_KEY_BY_ANALYTE: dict[tuple[Analyte, Kind], InputKey] = {
    (Analyte.ANC, "absolute"): InputKey.ANC,
    (Analyte.NEUTROPHILS, "absolute"): InputKey.ANC,
    (Analyte.WBC, "absolute"): InputKey.WBC,
    (Analyte.NEUTROPHILS, "percent"): InputKey.NEUTROPHILS_PERCENT,
    (Analyte.SEGS, "percent"): InputKey.SEGS_PERCENT,
    (Analyte.SEGS, "absolute"): InputKey.SEGS_ABSOLUTE,
    (Analyte.BANDS, "percent"): InputKey.BANDS_PERCENT,
    (Analyte.BANDS, "absolute"): InputKey.BANDS_ABSOLUTE,
    (Analyte.LYMPHOCYTES, "percent"): InputKey.LYMPHOCYTES_PERCENT,
    (Analyte.LYMPHOCYTES, "absolute"): InputKey.LYMPHOCYTES_ABSOLUTE,
    (Analyte.MONOCYTES, "percent"): InputKey.MONOCYTES_PERCENT,
    (Analyte.MONOCYTES, "absolute"): InputKey.MONOCYTES_ABSOLUTE,
    (Analyte.EOSINOPHILS, "percent"): InputKey.EOSINOPHILS_PERCENT,
    (Analyte.EOSINOPHILS, "absolute"): InputKey.EOSINOPHILS_ABSOLUTE,
    (Analyte.BASOPHILS, "percent"): InputKey.BASOPHILS_PERCENT,
    (Analyte.BASOPHILS, "absolute"): InputKey.BASOPHILS_ABSOLUTE,
    (Analyte.HEMOGLOBIN, "absolute"): InputKey.HEMOGLOBIN,
    (Analyte.PLATELETS, "absolute"): InputKey.PLATELETS,
}


def input_key_for_analyte(analyte: Analyte, kind: Kind) -> InputKey | None:
    """The engine value key for an analyte read from a report (None for immature forms)."""
    return _INPUT_KEY_BY_ANALYTE.get((analyte, kind))


# Report row names. Each base spelling may carry a percent marker ("%", "percent") or an
# absolute marker ("#", "abs", "absolute", "count" …); a bare base leaves the kind to the unit.
_REPORT_BASES: dict[Analyte, tuple[str, ...]] = {
    Analyte.NEUTROPHILS: ("neutrophils", "neutrophil", "neut", "neuts", "neutro", "polys", "pmn"),
    Analyte.SEGS: ("segs", "seg", "segmented", "segmentedneutrophils", "segmentedneutrophil"),
    Analyte.BANDS: ("bands", "band", "bandneutrophils", "bandforms", "bandneutrophil"),
    Analyte.LYMPHOCYTES: ("lymphocytes", "lymphocyte", "lymphs", "lymph", "lym", "lymphos"),
    Analyte.MONOCYTES: ("monocytes", "monocyte", "monos", "mono", "mon"),
    Analyte.EOSINOPHILS: ("eosinophils", "eosinophil", "eos", "eosin", "eo"),
    Analyte.BASOPHILS: ("basophils", "basophil", "basos", "baso", "ba"),
    Analyte.IMMATURE_GRANULOCYTES: ("immaturegranulocytes", "immaturegrans", "ig"),
    Analyte.METAMYELOCYTES: ("metamyelocytes", "metamyelocyte", "metas", "meta"),
    Analyte.MYELOCYTES: ("myelocytes", "myelocyte", "myelos", "myelo"),
    Analyte.PROMYELOCYTES: ("promyelocytes", "promyelocyte", "promyelos"),
    Analyte.BLASTS: ("blasts", "blast"),
}

_FIXED_REPORT_NAMES: dict[str, tuple[Analyte, Kind]] = {
    "anc": (Analyte.ANC, "absolute"),
    "absoluteneutrophilcount": (Analyte.ANC, "absolute"),
    "alc": (Analyte.LYMPHOCYTES, "absolute"),
    "absolutelymphocytecount": (Analyte.LYMPHOCYTES, "absolute"),
    "amc": (Analyte.MONOCYTES, "absolute"),
    "absolutemonocytecount": (Analyte.MONOCYTES, "absolute"),
    "aec": (Analyte.EOSINOPHILS, "absolute"),
    "absoluteeosinophilcount": (Analyte.EOSINOPHILS, "absolute"),
    "wbc": (Analyte.WBC, "absolute"),
    "wbccount": (Analyte.WBC, "absolute"),
    "whitebloodcells": (Analyte.WBC, "absolute"),
    "whitebloodcell": (Analyte.WBC, "absolute"),
    "whitebloodcellcount": (Analyte.WBC, "absolute"),
    "whitecellcount": (Analyte.WBC, "absolute"),
    "leukocytes": (Analyte.WBC, "absolute"),
    "leucocytes": (Analyte.WBC, "absolute"),
    "leukocytecount": (Analyte.WBC, "absolute"),
    "totalleukocytecount": (Analyte.WBC, "absolute"),
    "totalwbccount": (Analyte.WBC, "absolute"),
    "hemoglobin": (Analyte.HEMOGLOBIN, "absolute"),
    "haemoglobin": (Analyte.HEMOGLOBIN, "absolute"),
    "hgb": (Analyte.HEMOGLOBIN, "absolute"),
    "hb": (Analyte.HEMOGLOBIN, "absolute"),
    "platelets": (Analyte.PLATELETS, "absolute"),
    "platelet": (Analyte.PLATELETS, "absolute"),
    "plateletcount": (Analyte.PLATELETS, "absolute"),
    "plt": (Analyte.PLATELETS, "absolute"),
    "plts": (Analyte.PLATELETS, "absolute"),
}

_PERCENT_MARKERS = ("%", "percent", "pct", "relative")
_ABSOLUTE_SUFFIXES = ("#", "abs", "absolute", "absolutecount", "count", "abscount")
_ABSOLUTE_PREFIXES = ("abs", "absolute")


def _build_report_names() -> dict[str, tuple[Analyte, Kind | None]]:
    names: dict[str, tuple[Analyte, Kind | None]] = dict(_FIXED_REPORT_NAMES)
    for analyte, bases in _REPORT_BASES.items():
        for base in bases:
            names.setdefault(base, (analyte, None))
            for marker in _PERCENT_MARKERS:
                names.setdefault(base + marker, (analyte, "percent"))
            for suffix in _ABSOLUTE_SUFFIXES:
                names.setdefault(base + suffix, (analyte, "absolute"))
            for prefix in _ABSOLUTE_PREFIXES:
                names.setdefault(prefix + base, (analyte, "absolute"))
    # An absolute neutrophil row is the ANC itself.
    for name, (analyte, kind) in list(names.items()):
        if analyte is Analyte.NEUTROPHILS and kind == "absolute":
            names[name] = (Analyte.ANC, "absolute")
    return names


_REPORT_NAMES = _build_report_names()
_REPORT_NAME_NOISE = re.compile(r"[\s,.()\[\]:_\-/]+")


def squeeze_report_name(name: str) -> str:
    """Lower-case and drop spaces and punctuation, keeping the markers '%' and '#'."""
    return _REPORT_NAME_NOISE.sub("", name).lower()


def report_name_lookup(name: str) -> tuple[Analyte, Kind | None] | None:
    """The analyte (and kind, when the name says) of a report row name; None if unknown."""
    return _REPORT_NAMES.get(squeeze_report_name(name))
